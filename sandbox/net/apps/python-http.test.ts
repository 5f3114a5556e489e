// The reference lab's Python server: its exact answer to GET (headers and body seen in
// golden/lab-n1-pa.curl-i-pod-c) and BaseHTTPRequestHandler's 501 for HEAD (checked against
// Python 3.11 over a socketpair: Content-Length 357, no body for HEAD).
import { describe, expect, it } from 'vitest';
import { appByName } from './index.ts';
import type { TcpApp } from './app.ts';
import { parseIpv4 } from '../../wire/index.ts';

const ctx = {
  params: { name: 'lab-n2-pc' }, local: { addr: parseIpv4('10.244.2.2')!, port: 8080 },
  remote: { addr: parseIpv4('10.244.1.2')!, port: 55576 }, now: new Date(Date.UTC(2026, 10, 23, 16, 49, 17)),
};
const app = appByName('python-http') as TcpApp;

describe('python-http', () => {
  it('waits for a whole request', () => {
    expect(app.respond(ctx, 'GET / HTTP/1.1\r\nHost: x\r\n')).toBeUndefined();
  });

  it('answers GET in two writes with BaseHTTP headers and the hello line', () => {
    const r = app.respond(ctx, 'GET / HTTP/1.1\r\nHost: 10.244.2.2:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n')!;
    expect(r.close).toBe(true);
    expect(r.writes).toEqual([
      'HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nDate: Mon, 23 Nov 2026 16:49:17 GMT\r\nContent-Type: text/plain\r\nContent-Length: 64\r\n\r\n',
      'lab-n2-pc: hello from 10.244.2.2:8080, you are 10.244.1.2:55576\n',
    ]);
    expect(r.writes[0]!.length).toBe(138);
  });

  it('refuses HEAD with 501 and no body, as send_error does', () => {
    const r = app.respond(ctx, 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n')!;
    expect(r.writes).toEqual([
      "HTTP/1.0 501 Unsupported method ('HEAD')\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nDate: Mon, 23 Nov 2026 16:49:17 GMT\r\nConnection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: 357\r\n\r\n",
    ]);
  });
});
