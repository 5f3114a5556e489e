/**
 * Neighbours (ARP): the per-namespace table that `ip neigh` shows and the datapath consults
 * before transmitting on a broadcast link (net/core/neighbour.c, ip-neighbour(8)).
 * Ageing is virtual-time and deterministic: a REACHABLE entry becomes STALE once
 * `REACHABLE_MS` passed without confirmation. The kernel randomises reachable_time in
 * [base/2, 3*base/2] around base_reachable_time (30 s); we use the base itself so a seed
 * replays exactly. STALE entries stay (gc only runs above gc_thresh1 = 128 entries).
 */
import { fail, ok, type Result } from '../core/index.ts';
import type { Ipv4, Mac } from '../wire/index.ts';
import type { Neigh, Netns, NudState } from './types.ts';

/** base_reachable_time_ms default (30 s). */
export const REACHABLE_MS = 30_000;

/** States the kernel never changes by itself (administrative entries). */
const ADMIN: ReadonlySet<NudState> = new Set(['PERMANENT', 'NOARP']);

/** The state an entry has at virtual time `now` (REACHABLE decays to STALE). */
export function neighState(n: Neigh, now: number): NudState {
  return n.state === 'REACHABLE' && now - n.updated >= REACHABLE_MS ? 'STALE' : n.state;
}

/** The entry for `ip` on `ifindex`, if any (its state as stored; see neighState). */
export const neighLookup = (ns: Netns, ifindex: number, ip: Ipv4): Neigh | undefined =>
  ns.neigh.find((n) => n.ifindex === ifindex && n.ip === ip);

/**
 * What the protocol learns (an ARP reply, a request seen, a failed resolution): creates or
 * updates the entry, never overriding a PERMANENT or NOARP one (neigh_update without
 * NEIGH_UPDATE_F_ADMIN). `lladdr` undefined keeps the known address (INCOMPLETE/FAILED/PROBE).
 */
export function neighUpdate(ns: Netns, spec: NeighSpec, now: number): Neigh;
export function neighUpdate(ns: Netns, ifindex: number, ip: Ipv4, lladdr: Mac | undefined, state: NudState, now: number): Neigh;
export function neighUpdate(ns: Netns, a: number | NeighSpec, b: number, c?: Mac, d?: NudState, e?: number): Neigh {
  const spec: NeighSpec = typeof a === 'number' ? { ifindex: a, ip: b, state: d ?? 'STALE', ...(c === undefined ? {} : { lladdr: c }) } : a;
  const now = typeof a === 'number' ? (e ?? 0) : b;
  return update(ns, spec.ifindex, spec.ip, spec.lladdr, spec.state, now);
}

/** What the protocol learnt about a neighbour (the object form of neighUpdate's arguments). */
export interface NeighSpec {
  ifindex: number;
  ip: Ipv4;
  lladdr?: Mac;
  state: NudState;
}

function update(ns: Netns, ifindex: number, ip: Ipv4, lladdr: Mac | undefined, state: NudState, now: number): Neigh {
  const n = neighLookup(ns, ifindex, ip);
  if (n && ADMIN.has(n.state)) return n;
  if (n) {
    if (lladdr !== undefined) n.lladdr = lladdr;
    n.state = state;
    n.updated = now;
    return n;
  }
  const created: Neigh = { ifindex, ip, state, updated: now, ...(lladdr === undefined ? {} : { lladdr }) };
  ns.neigh.push(created);
  return created;
}

/**
 * `ip neigh add|replace|change` (administrative). `add` fails EEXIST when an entry exists
 * ("RTNETLINK answers: File exists"); `change` fails ENOENT when none; `replace` does either.
 */
export function neighAdd(ns: Netns, ifindex: number, ip: Ipv4, lladdr: Mac | undefined, state: NudState, mode: 'add' | 'replace' | 'change', now: number): Result<Neigh> {
  if (!ns.links.has(ifindex)) return fail('ENODEV');
  const n = neighLookup(ns, ifindex, ip);
  if (n && mode === 'add') return fail('EEXIST');
  if (!n && mode === 'change') return fail('ENOENT');
  if (n) {
    if (lladdr !== undefined) n.lladdr = lladdr;
    n.state = state;
    n.updated = now;
    return ok(n);
  }
  const created: Neigh = { ifindex, ip, state, updated: now, ...(lladdr === undefined ? {} : { lladdr }) };
  ns.neigh.push(created);
  return ok(created);
}

/** `ip neigh del IP dev D`; ENOENT ("No such file or directory") when absent. */
export function neighDel(ns: Netns, ifindex: number, ip: Ipv4): Result {
  const i = ns.neigh.findIndex((n) => n.ifindex === ifindex && n.ip === ip);
  if (i < 0) return fail('ENOENT');
  ns.neigh.splice(i, 1);
  return ok(undefined);
}
