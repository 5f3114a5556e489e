/**
 * TLS, reduced to what a learner can observe: a handshake in which the server presents a
 * certificate (its subject and names), then records that carry the application's bytes.
 * Nothing is encrypted; what is modelled is who speaks TLS: curl against a TLS port without
 * -k fails certificate verification (exit 60), curl `https://` against a plain HTTP port gets
 * an answer that is no TLS record (exit 35, "wrong version number"), and a plain HTTP request
 * to a Go TLS server gets Go's own 400 answer (crypto/tls + net/http server.go: "Client sent
 * an HTTP request to an HTTPS server."). The record bytes start as TLS records do (content
 * type 0x16 handshake / 0x17 application data, version 3.x), so a capture shows them as such.
 * May import: ./app.ts.
 */
import type { App, AppContext, TcpApp, TcpAppReply } from './app.ts';

const HANDSHAKE = '\x16\x03\x01';
const SERVER_HELLO = '\x16\x03\x03';
const APPDATA = '\x17\x03\x03';

/** The client's first flight: a ClientHello naming the server it wants (SNI). */
export const clientHello = (sni: string): string => `${HANDSHAKE}${record(`hello ${sni}`)}`;

/** One record body: its length (5 digits) and the bytes. */
const record = (body: string): string => `${String(body.length).padStart(5, '0')}${body}`;

/** Application data bytes wrapped in records. */
export const seal = (plain: string): string => `${APPDATA}${record(plain)}`;

/** The complete records at the start of `bytes`: their plaintext and how many bytes they used. */
export function open(bytes: string): { plain: string; used: number } {
  let plain = '';
  let at = 0;
  while (bytes.startsWith(APPDATA, at) && bytes.length >= at + 8) {
    const n = Number(bytes.slice(at + 3, at + 8));
    if (!Number.isInteger(n) || bytes.length < at + 8 + n) break;
    plain += bytes.slice(at + 8, at + 8 + n);
    at += 8 + n;
  }
  return { plain, used: at };
}

/** What the server's first flight says: its certificate subject, or why it is no TLS server. */
export function readServerHello(bytes: string): { subject: string; used: number } | 'incomplete' | 'not-tls' {
  if (bytes.length < 3) return SERVER_HELLO.startsWith(bytes) ? 'incomplete' : 'not-tls';
  if (!bytes.startsWith(SERVER_HELLO)) return 'not-tls';
  if (bytes.length < 8) return 'incomplete';
  const n = Number(bytes.slice(3, 8));
  if (bytes.length < 8 + n) return 'incomplete';
  return { subject: bytes.slice(8, 8 + n), used: 8 + n };
}

/** Go's answer to plain HTTP on a TLS listener (net/http server.go, tls.RecordHeaderError). */
const PLAIN_HTTP_ANSWER = 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n';

/** Wraps a TCP app in TLS with a certificate for `subject` (`CN=kube-apiserver`). */
export function tlsServer(subject: (ctx: AppContext) => string, inner: TcpApp): App {
  return {
    proto: 'tcp',
    respond(ctx, buffered): TcpAppReply | undefined {
      if (buffered.startsWith(HANDSHAKE)) {
        if (buffered.length < 8) return undefined;
        const n = Number(buffered.slice(3, 8));
        if (buffered.length < 8 + n) return undefined;
        return { writes: [`${SERVER_HELLO}${record(subject(ctx))}`], close: false, consumed: 8 + n };
      }
      if (buffered.startsWith(APPDATA)) {
        const { plain, used } = open(buffered);
        if (!used) return undefined;
        const r = inner.respond(ctx, plain);
        if (!r) return undefined;
        return { writes: r.writes.map(seal), close: r.close, consumed: used };
      }
      if (/^[A-Z]+ /.test(buffered)) return { writes: [PLAIN_HTTP_ANSWER], close: true, consumed: buffered.length };
      return buffered.length >= 5 ? { writes: [], close: true, consumed: buffered.length } : undefined;
    },
  };
}
