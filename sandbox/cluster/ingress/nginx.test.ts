// The ingress-nginx app's pure parts: nginx's error pages, request framing, and the rewrite
// of an upstream answer into the reply the client gets.
import { describe, expect, it } from 'vitest';
import { errorPage, ingressNginx, parseRequest } from './nginx.ts';

const ctx = { params: {}, local: { addr: 1, port: 80 }, remote: { addr: 2, port: 40000 }, now: new Date(Date.UTC(2026, 10, 23, 16, 49, 0)) };

describe('ingress-nginx app', () => {
  it('prints nginx\'s built-in pages (146 bytes for the 404)', () => {
    expect(errorPage(404).length).toBe(146);
    expect(errorPage(502)).toContain('<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>');
  });

  it('waits for a whole request (head and Content-Length body)', () => {
    expect(parseRequest('GET / HTTP/1.1\r\nHost: a\r\n')).toBeUndefined();
    expect(parseRequest('POST /x HTTP/1.1\r\nContent-Length: 4\r\n\r\nab')).toBeUndefined();
    const whole = 'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nabcd';
    const r = parseRequest(`${whole}GET`);
    expect(r).toMatchObject({ method: 'POST', target: '/x', length: whole.length });
    expect(r!.headers).toEqual([['Host', 'a'], ['Content-Length', '4']]);
  });

  it('rewrites the upstream answer: own Date, Content-Length, keep-alive; upstream headers kept', () => {
    const up = 'HTTP/1.1 200 OK\r\nDate: x\r\nContent-Type: text/plain\r\nX-App: 1\r\nConnection: close\r\n\r\nhello';
    const r = ingressNginx.relay(ctx, up, undefined);
    expect(r.writes).toEqual(['HTTP/1.1 200 OK\r\nDate: Mon, 23 Nov 2026 16:49:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: keep-alive\r\nX-App: 1\r\n\r\nhello']);
  });

  it('answers 502 when the upstream refuses and 504 when it times out', () => {
    expect(ingressNginx.relay(ctx, '', 'ECONNREFUSED').writes[0]).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
    expect(ingressNginx.relay(ctx, '', 'ETIMEDOUT').writes[0]).toMatch(/^HTTP\/1\.1 504 Gateway Time-out\r\n/);
  });
});
