/**
 * Route text as iproute2 prints it (ip/iproute.c print_route): `[TYPE ]PREFIX [via GW ]
 * [dev D ][table T ][proto P ][scope S ][src A ][metric M ][onlink ][linkdown ]`, each word
 * followed by a space; `unicast`, `proto boot`, `scope global` and `table main` only with -d.
 * Words a show filter pinned (`dev`, `via`, `table`) are left out, as the real tool does.
 */
import { formatIpv4, parseIpv4, type Ipv4 } from '../../../wire/index.ts';
import type { Netns, Route, RouteProto, Scope } from '../../../net/types.ts';
import { hasCarrier } from '../../../net/link-state.ts';
import type { IpRun } from './common.ts';

/** Table names from /etc/iproute2/rt_tables. */
export const tableName = (t: number): string => (t === 255 ? 'local' : t === 254 ? 'main' : t === 253 ? 'default' : String(t));

/** Parses a table name or number; undefined when invalid. */
export function parseTable(text: string): number | undefined {
  if (text === 'local') return 255;
  if (text === 'main') return 254;
  if (text === 'default') return 253;
  if (text === 'all' || text === 'unspec') return 0;
  return /^\d+$/.test(text) && Number(text) < 2 ** 32 ? Number(text) : undefined;
}

/** Protocol names from /etc/iproute2/rt_protos. */
const PROTOS: Record<string, RouteProto> = { kernel: 'kernel', boot: 'boot', static: 'static', dhcp: 'dhcp' };
const PROTO_NUM: Record<string, number> = { redirect: 1, ra: 9, mrt: 10, zebra: 11, bird: 12, bgp: 186, ospf: 188, rip: 189 };

/** Parses `proto X`; undefined when invalid. */
export function parseProto(text: string): RouteProto | undefined {
  if (PROTOS[text]) return PROTOS[text];
  if (PROTO_NUM[text] !== undefined) return PROTO_NUM[text];
  if (!/^\d+$/.test(text) || Number(text) > 255) return undefined;
  const n = Number(text);
  return n === 2 ? 'kernel' : n === 3 ? 'boot' : n === 4 ? 'static' : n === 16 ? 'dhcp' : n;
}

const protoName = (p: RouteProto): string => {
  if (typeof p === 'string') return p;
  return Object.entries(PROTO_NUM).find(([, n]) => n === p)?.[0] ?? String(p);
};

/** Parses `scope X`; undefined when invalid. */
export function parseScope(text: string): Scope | undefined {
  return ({ global: 'global', universe: 'global', link: 'link', host: 'host', '0': 'global', '253': 'link', '254': 'host' } as Record<string, Scope>)[text];
}

/** `default`, `10.244.1.0/24`, or a bare address for a /32. */
export function prefixText(addr: Ipv4, len: number): string {
  if (len === 0 && addr === 0) return 'default';
  return len === 32 ? formatIpv4(addr) : `${formatIpv4(addr)}/${len}`;
}

/** Parses `default`/`any`/`A[/L]`; undefined when invalid. */
export function parsePrefix(text: string): { addr: Ipv4; len: number } | undefined {
  if (text === 'default' || text === 'any' || text === 'all') return { addr: 0, len: 0 };
  const [a, l, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const addr = parseIpv4(a ?? '');
  if (addr === undefined) {
    // iproute2 accepts shortened forms such as `10/8` and `0/0`.
    const parts = (a ?? '').split('.');
    if (l === undefined || parts.length > 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return undefined;
    const n = parts.reduce((acc, p, i) => acc + Number(p) * 256 ** (3 - i), 0);
    const len = /^\d+$/.test(l) ? Number(l) : NaN;
    return len >= 0 && len <= 32 ? { addr: n >>> 0, len } : undefined;
  }
  if (l === undefined) return { addr, len: 32 };
  const len = /^\d+$/.test(l) ? Number(l) : NaN;
  return len >= 0 && len <= 32 ? { addr, len } : undefined;
}

/** Which words a show filter pinned, so they are not printed. */
export interface PrintPins {
  table?: boolean;
  dev?: boolean;
  via?: boolean;
  proto?: boolean;
  scope?: boolean;
}

/** One route line, with trailing space and no newline. */
export function formatRoute(run: IpRun, ns: Netns, r: Route, pins: PrintPins = {}): string {
  const d = run.opts.details;
  let s = '';
  if (r.type !== 'unicast' || d) s += `${r.type} `;
  s += `${prefixText(r.dst.addr, r.dst.len)} `;
  const special = r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit';
  if (r.via !== undefined && !pins.via) s += `via ${formatIpv4(r.via)} `;
  const dev = r.dev === undefined ? undefined : ns.links.get(r.dev);
  if (dev && !pins.dev) s += `dev ${dev.name} `;
  if ((r.table !== 254 || d) && !pins.table) s += `table ${tableName(r.table)} `;
  if ((r.proto !== 'boot' || d) && !pins.proto) s += `proto ${protoName(r.proto)} `;
  if ((r.scope !== 'global' || d) && !pins.scope) s += `scope ${r.scope} `;
  if (r.src !== undefined) s += `src ${formatIpv4(r.src)} `;
  if (r.metric) s += `metric ${r.metric} `;
  if (r.onlink) s += 'onlink ';
  if (dev && !special && r.type !== 'local' && !hasCarrier(run.ctx.world, ns, dev)) s += 'linkdown ';
  return s;
}
