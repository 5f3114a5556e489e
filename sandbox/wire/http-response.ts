/**
 * Reading an HTTP/1.x answer from the bytes a connection received (curl reads its answers
 * with it, and grading its HTTP probe): the head ends at the first blank line; the body is
 * complete when Content-Length bytes arrived (or, without it, when the server closes, which
 * the caller sees as FIN). A HEAD answer has no body.
 */

/** What has arrived so far. */
export interface HttpResponse {
  /** Status line and headers without the final blank line ('' until complete). */
  head: string;
  version: '1.0' | '1.1' | '';
  status: number;
  body: string;
  /** The answer is whole by its own framing (Content-Length reached, or HEAD). */
  complete: boolean;
}

/** Parses `rx` (everything received in order). */
export function parseResponse(rx: string, isHead: boolean): HttpResponse {
  const end = rx.indexOf('\r\n\r\n');
  if (end < 0) return { head: '', version: '', status: 0, body: '', complete: false };
  const head = rx.slice(0, end);
  const m = /^HTTP\/1\.([01]) (\d{3})/.exec(head);
  const body = rx.slice(end + 4);
  const len = /^content-length:\s*(\d+)/im.exec(head);
  const complete = isHead || (len !== null && body.length >= Number(len[1]));
  return { head, version: m ? (m[1] === '0' ? '1.0' : '1.1') : '', status: m ? Number(m[2]) : 0, body, complete };
}
