/**
 * A minimal HTTP/1.x request reader shared by the image servers: the request line, headers
 * in arrival order, and how many bytes the request used (no bodies: the modelled clients
 * send GET and HEAD).
 */

/** A parsed request. */
export interface HttpRequest {
  method: string;
  target: string;
  version: string;
  /** Header lines as received (`Host: 10.244.1.2`). */
  headerLines: string[];
  headers: Map<string, string>;
  consumed: number;
}

/** Parses a complete request head; undefined while incomplete, 'bad' when unparsable. */
export function readRequest(buffered: string): HttpRequest | 'bad' | undefined {
  const end = buffered.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buffered.slice(0, end).split('\r\n');
  const [method, target, version, extra] = lines[0]!.split(' ');
  if (!method || !target || !version || extra !== undefined || !/^HTTP\/1\.[01]$/.test(version)) return 'bad';
  const headerLines = lines.slice(1);
  const headers = new Map(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { method, target, version, headerLines, headers, consumed: end + 4 };
}

/** UTF-8 byte length. */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** RFC 7231 date, as Go's net/http and nginx print it. */
export const httpDate = (d: Date): string => d.toUTCString();

/** A Go net/http response (the servers in whoami, agnhost, http-echo are Go programs). */
export function goResponse(now: Date, status: string, body: string, extra: string[] = [], head = false): string[] {
  const headers = [...extra, `Date: ${httpDate(now)}`, `Content-Length: ${byteLength(body)}`, 'Content-Type: text/plain; charset=utf-8']
    .sort((a, b) => a.localeCompare(b));
  const h = `HTTP/1.1 ${status}\r\n${headers.join('\r\n')}\r\n\r\n`;
  return head || !body ? [h] : [h, body];
}

/** Go's 400 answer to an unparsable request (net/http server.go). */
export const GO_BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request';
