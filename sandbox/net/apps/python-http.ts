/**
 * The reference lab's server: Python 3.11's http.server.BaseHTTPRequestHandler with a do_GET
 * that answers `<name>: hello from <local addr:port>, you are <client addr:port>\n`
 * (reference-lab/lab.sh SERVER_PY). BaseHTTP speaks HTTP/1.0 and closes after each
 * response; it writes the headers and the body in two writes (end_headers flushes, then
 * wfile.write), which is why tcpdump shows two data segments. A method without a do_X
 * handler gets send_error(501) with Python's error page; an unparsable request line 400.
 * Registered as `python-http` with params `name` (and optional `version`, default 3.11.2).
 */
import { formatEndpoint, httpDate, type AppContext, type TcpApp, type TcpAppReply } from './app.ts';

const ERROR_PAGE = (code: number, message: string, explain: string): string =>
  '<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n' +
  '        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n' +
  `        <p>Error code: ${code}</p>\n        <p>Message: ${message}.</p>\n` +
  `        <p>Error code explanation: ${code} - ${explain}.</p>\n    </body>\n</html>\n`;

/** html.escape(message, quote=False), as send_error applies it (quotes stay as they are). */
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function statusHead(ctx: AppContext, code: number, reason: string): string {
  const version = ctx.params['version'] ?? '3.11.2';
  return `HTTP/1.0 ${code} ${reason}\r\nServer: BaseHTTP/0.6 Python/${version}\r\nDate: ${httpDate(ctx.now)}\r\n`;
}

function sendError(ctx: AppContext, code: number, message: string, explain: string, head: boolean, consumed: number): TcpAppReply {
  const body = ERROR_PAGE(code, escapeHtml(message), explain);
  const headers = statusHead(ctx, code, message) + 'Connection: close\r\n' +
    `Content-Type: text/html;charset=utf-8\r\nContent-Length: ${utf8Length(body)}\r\n\r\n`;
  return { writes: head ? [headers] : [headers, body], close: true, consumed };
}

/** UTF-8 byte length (Content-Length counts bytes; the sandbox has no TextEncoder type). */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The server's behaviour. */
export const pythonHttp: TcpApp = {
  proto: 'tcp',
  respond(ctx, buffered) {
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const consumed = end + 4;
    const requestLine = buffered.slice(0, buffered.indexOf('\r\n'));
    const words = requestLine.split(' ');
    if (words.length !== 3 || !/^HTTP\/\d\.\d$/.test(words[2]!)) {
      return sendError(ctx, 400, `Bad request syntax ('${requestLine}')`, 'Bad request syntax or unsupported method', false, consumed);
    }
    const method = words[0]!;
    if (method !== 'GET') {
      return sendError(ctx, 501, `Unsupported method ('${method}')`, 'Server does not support this operation', method === 'HEAD', consumed);
    }
    const body = `${ctx.params['name'] ?? 'server'}: hello from ${formatEndpoint(ctx.local)}, you are ${formatEndpoint(ctx.remote)}\n`;
    const headers = statusHead(ctx, 200, 'OK') + `Content-Type: text/plain\r\nContent-Length: ${utf8Length(body)}\r\n\r\n`;
    return { writes: [headers, body], close: true, consumed };
  },
};
