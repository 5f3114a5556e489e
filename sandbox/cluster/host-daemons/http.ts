/**
 * HTTP answers as Go's net/http writes them for a handler that set its own headers: the
 * handler's headers in sorted order, then the server's Date and Content-Length
 * (net/http server.go chunkWriter.writeHeader, extraHeader.Write).
 */
import { byteLength, httpDate, readRequest, type HttpRequest } from '../apps/http.ts';
import type { AppContext, TcpApp, TcpAppReply } from '../../net/apps/index.ts';

/** A response: status line text (`200 OK`), the handler's headers, the body. */
export interface GoAnswer { status: string; headers: [string, string][]; body: string }

/** The bytes of `a` for `req` (no body for HEAD). */
export function goAnswer(now: Date, req: HttpRequest | undefined, a: GoAnswer): string {
  const head = [...a.headers].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `HTTP/1.1 ${a.status}\r\n${head}Date: ${httpDate(now)}\r\nContent-Length: ${byteLength(a.body)}\r\n\r\n${req?.method === 'HEAD' ? '' : a.body}`;
}

/** A Go HTTP server app from a handler: one request, one answer, the connection kept open. */
export function goServer(handle: (ctx: AppContext, req: HttpRequest) => GoAnswer): TcpApp {
  return {
    proto: 'tcp',
    respond(ctx, buffered): TcpAppReply | undefined {
      const req = readRequest(buffered);
      if (req === undefined) return undefined;
      if (req === 'bad') return { writes: ['HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request'], close: true, consumed: buffered.length };
      return { writes: [goAnswer(ctx.now, req, handle(ctx, req))], close: false, consumed: req.consumed };
    },
  };
}

/** Go's ServeMux answer for a path it has no handler for. */
export const NOT_FOUND: GoAnswer = {
  status: '404 Not Found', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']], body: '404 page not found\n',
};
