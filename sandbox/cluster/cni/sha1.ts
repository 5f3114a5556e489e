/**
 * SHA-1 (FIPS 180-4 section 6.1), synchronous and dependency-free (the sandbox has no Node
 * crypto and WebCrypto is async). Calico's CNI plugin names a pod's host-side veth with it:
 * `cali` + the first 11 hex digits of sha1("<namespace>.<pod>") (projectcalico/calico
 * cni-plugin, conversion.VethNameForWorkload), so the name is the same on every restart.
 */
import { hex, utf8 } from '../kube-proxy/sha256.ts';

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

/** SHA-1 digest of the UTF-8 bytes of `text`, as 20 bytes. */
export function sha1(text: string): Uint8Array {
  const msg = utf8(text);
  const len = msg.length;
  const padded = new Uint8Array(((len + 9 + 63) >> 6) << 6);
  padded.set(msg);
  padded[len] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor((len * 8) / 2 ** 32));
  view.setUint32(padded.length - 4, (len * 8) >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let off = 0; off < padded.length; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(off + t * 4);
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      const [f, k] = t < 20 ? [(b & c) | (~b & d), 0x5a827999] : t < 40 ? [b ^ c ^ d, 0x6ed9eba1]
        : t < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc] : [b ^ c ^ d, 0xca62c1d6];
      const tmp = (rotl(a, 5) + (f >>> 0) + e + k + w[t]!) >>> 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
    }
    h[0] = (h[0]! + a) >>> 0; h[1] = (h[1]! + b) >>> 0; h[2] = (h[2]! + c) >>> 0; h[3] = (h[3]! + d) >>> 0; h[4] = (h[4]! + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  h.forEach((x, i) => ov.setUint32(i * 4, x));
  return out;
}

/** The host-side veth name Calico gives the pod `namespace/pod` (`cali5e1c4d6c68c`). */
export const caliVethName = (namespace: string, pod: string): string => `cali${hex(sha1(`${namespace}.${pod}`)).slice(0, 11)}`;
