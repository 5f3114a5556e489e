/**
 * The sandbox's journal: what the page records for every completed command line, and the
 * replay that rebuilds a session from the scenario plus those records (a reload restores the
 * learner's cluster).
 *
 * - `configParts` is the world's configuration in a canonical form, taken after every line:
 *   a line after which it differs from the one taken after the previous line `changed` the
 *   configuration, and the page commits it. It covers what a learner configures (API objects
 *   without status and bookkeeping, links, addresses, routes, neighbours and FDB entries set
 *   by hand, sysctls, netfilter rules, machines' files and environment, the shell's variables,
 *   working directory and place) and leaves out what traffic and time change by themselves
 *   (clock, randomness, packets in flight, conntrack, learned neighbours and FDB entries,
 *   counters, traces, listening sockets, the kubelet's runtime state and logs).
 *   The walk yields a list of strings; what never changes in place (parsed netfilter rules,
 *   stored API objects, files' contents) is serialised once and then compared as a pointer,
 *   a chain's rules by their parts' identities, the API objects not at all while the store's
 *   resourceVersion stands still. Measured with Node 24 (`exec('ip route')` p50 of 500, with
 *   and without the journal, on a loaded 2-core machine): default 0.01 -> 0.13 ms, services
 *   and dns 0.01 -> 0.12 ms, network-policy 0.01 -> 0.14-0.19 ms. Hashing the whole text per
 *   line instead cost ~0.45 ms; `configDigest` hashes it only to compare two sessions (tests).
 *   Worlds far beyond a lesson's size skip the walk (`walkable`).
 * - Replay (replay.ts) runs the records again in instant virtual time.
 * - `homeBaseline` / `changedHomeFiles`: the learner's files under /root and /home/*.
 *
 * Imports the shell session and the world (layer rule: api sits on top).
 */
import type { World } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';
import type { KubeObject } from '../cluster/types.ts';
import type { ShellState } from '../shell/session.ts';

/**
 * The canonical serialisation: a list of strings, in a fixed walk order. Two lists are
 * compared element by element, so the parts cached by identity (below) compare as pointers
 * and only what is rebuilt per call is compared character by character.
 */
interface Sink {
  str(s: string): void;
  num(n: number): void;
}

function createSink(parts: string[]): Sink {
  return {
    str: (s) => void parts.push(s),
    num: (n) => void parts.push(String(n)),
  };
}

/**
 * JSON of an immutable part, cached by identity: a netfilter rule's header match, matches
 * and target (never changed once parsed, shared between namespaces: net/netfilter/types.ts
 * `Rule`) and a shared environment (fabric/world.ts `SharedEnv`, never changed once made).
 */
const partTexts = new WeakMap<object, string>();
function partText(part: object): string {
  let t = partTexts.get(part);
  if (t === undefined) partTexts.set(part, (t = JSON.stringify(part)));
  return t;
}

/**
 * An API object without status and bookkeeping, cached by identity and resourceVersion: the
 * store replaces an object on every write (store.ts updateObject stores a copy) and stamps a
 * new resourceVersion, and only status is changed in place, which this text leaves out.
 */
const objectTexts = new WeakMap<object, { rv: string; text: string }>();
function objectText(o: KubeObject): string {
  const hit = objectTexts.get(o);
  if (hit && hit.rv === o.metadata.resourceVersion) return hit.text;
  const { status: _status, metadata, ...rest } = o;
  const { resourceVersion: _rv, creationTimestamp: _ct, generation: _gen, ...meta } = metadata as typeof metadata & Record<string, unknown>;
  delete meta.deletionTimestamp;
  delete meta.managedFields;
  const text = JSON.stringify([meta, rest]);
  objectTexts.set(o, { rv: o.metadata.resourceVersion, text });
  return text;
}

/**
 * A chain's rules, summarised once per change: the identities of each rule's parts (the
 * rules array is changed in place by -A/-I/-D/-R, the parts never are) and a hash of their
 * text. A line that left the chain alone costs three pointer comparisons per rule.
 */
const chainSums = new WeakMap<object, { refs: unknown[]; hash: string }>();
function chainHash(chain: { rules: { ip: object; matches: object; target?: object }[] }): string {
  const rules = chain.rules;
  const hit = chainSums.get(chain);
  if (hit && hit.refs.length === rules.length * 3) {
    const refs = hit.refs;
    let same = true;
    for (let i = 0, j = 0; i < rules.length; i++, j += 3) {
      const r = rules[i]!;
      if (r.ip !== refs[j] || r.matches !== refs[j + 1] || r.target !== refs[j + 2]) {
        same = false;
        break;
      }
    }
    if (same) return hit.hash;
  }
  const refs: unknown[] = [];
  const texts: string[] = [];
  for (const r of rules) {
    refs.push(r.ip, r.matches, r.target);
    texts.push(partText(r.ip), partText(r.matches), r.target ? partText(r.target) : '-');
  }
  const hash = hashParts(texts);
  chainSums.set(chain, { refs, hash });
  return hash;
}

/** Neighbour states set by hand (`ip neigh add ... permanent`, `noarp`), not learned by ARP. */
const CONFIGURED_NEIGH = new Set(['PERMANENT', 'NOARP']);

function feedNetns(h: Sink, ns: Netns): void {
  h.num(ns.id);
  h.str(ns.name);
  for (const link of ns.links.values()) {
    // Counters and learned forwarding entries are traffic's, not configuration.
    const { stats: _stats, ...rest } = link;
    const fdb = 'fdb' in rest ? rest.fdb : undefined;
    h.str(JSON.stringify(fdb ? { ...rest, fdb: undefined } : rest));
    for (const e of fdb ?? []) {
      if (e.state === 'dynamic') continue;
      h.str(`${e.mac} ${e.port} ${e.dst ?? '-'} ${e.state}`);
    }
  }
  h.str(JSON.stringify(ns.addrs));
  h.str(JSON.stringify(ns.routes));
  for (const n of ns.neigh) {
    if (CONFIGURED_NEIGH.has(n.state)) h.str(`${n.ifindex} ${n.ip} ${n.lladdr ?? '-'} ${n.state}`);
  }
  for (const [k, v] of ns.sysctl) h.str(`${k}=${v}`);
  for (const [name, table] of ns.netfilter.tables) {
    h.str(name);
    for (const chain of table.chains.values()) {
      h.str(`${chain.name} ${chain.policy ?? '-'} ${chain.rules.length}`);
      h.str(chainHash(chain));
    }
  }
  h.str(ns.kernelModules.join(','));
}

function feedMachines(h: Sink, world: World): void {
  for (const m of world.machines.values()) {
    h.str(`${m.name} ${m.hostname} ${m.kind} ${m.netns}`);
    for (const [k, v] of m.namedNetns) h.str(`${k}=${v}`);
    h.str(m.binaries ? m.binaries.join(',') : '*');
    for (const [k, v] of m.env) h.str(`${k}=${v}`);
    if (m.sharedEnv) {
      h.num(m.sharedEnv.at);
      h.str(partText(m.sharedEnv.vars));
    }
    // Paths and contents are strings the world already holds: pushed, not copied.
    for (const [path, content] of m.files) {
      h.str(path);
      h.str(content);
    }
  }
}

/**
 * API objects without status and the bookkeeping the API server and controllers stamp. Every
 * write goes through the store and bumps the cluster's resourceVersion, so while it stands
 * still the parts of the last walk are reused.
 */
const clusterParts = new WeakMap<object, { rv: number; parts: string[] }>();
function feedCluster(h: Sink, world: World): void {
  const c = world.cluster;
  if (!c) return;
  let hit = clusterParts.get(c);
  if (!hit || hit.rv !== c.resourceVersion) {
    const parts: string[] = [JSON.stringify(c.config)];
    for (const [kind, bucket] of c.objects) {
      parts.push(kind);
      for (const [key, o] of bucket) parts.push(key, objectText(o));
    }
    clusterParts.set(c, (hit = { rv: c.resourceVersion, parts }));
  }
  for (const p of hit.parts) h.str(p);
}

function feedShell(h: Sink, shell: ShellState): void {
  for (const f of shell.frames) {
    h.str(`${f.machine} ${f.netns} ${f.user} ${f.flavour}`);
    h.str(f.cwd);
    for (const [k, v] of f.vars) h.str(`${k}=${v}`);
    h.str(f.exported.join('\u0000'));
    h.str(f.args.join('\u0000'));
  }
}

/**
 * The configuration of a world and the shells standing in it (the first terminal's, then
 * the others'), as a canonical list of strings:
 * equal (`sameConfig`) for two sessions configured alike, whatever traffic and time did.
 */
export function configParts(world: World, shell: ShellState, others: readonly ShellState[] = []): string[] {
  const parts: string[] = [];
  const h = createSink(parts);
  for (const ns of world.netns.values()) feedNetns(h, ns);
  feedMachines(h, world);
  feedCluster(h, world);
  feedShell(h, shell);
  // The other terminals' shells (api sessions "2", "3" ...), in session order.
  for (const o of others) {
    h.str('session');
    feedShell(h, o);
  }
  return parts;
}

/** Beyond these sizes a world is no lesson (the benchmarks: 100 nodes, 1,000 Services). */
const WALK_LIMITS = { netns: 64, rules: 20_000 };

/**
 * Whether the configuration is cheap enough to walk after every line (about 1 ms at the
 * limits, measured on a bench cluster of 2 nodes and 65 namespaces; lessons have about 15). A bigger world reports every line that ran something as changed instead: a
 * needless commit is harmless, a walk of 100 nodes' kube-proxy rules per line is not.
 */
export function walkable(world: World): boolean {
  if (world.netns.size > WALK_LIMITS.netns) return false;
  let rules = 0;
  for (const ns of world.netns.values()) {
    for (const table of ns.netfilter.tables.values()) for (const chain of table.chains.values()) rules += chain.rules.length;
  }
  return rules <= WALK_LIMITS.rules;
}

/** Whether two configurations (`configParts`) are the same. */
export function sameConfig(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A digest of the configuration (16 hex digits): cyrb53's mixing (public domain, bryc) in
 * two 32-bit lanes over the parts, each followed by a separator no UTF-16 unit equals.
 */
export function configDigest(world: World, shell: ShellState): string {
  return hashParts(configParts(world, shell));
}

function hashParts(parts: readonly string[]): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (c: number): void => {
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  };
  for (const s of parts) {
    for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
    mix(0x10000);
  }
  let a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const b = (Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909)) >>> 0;
  a >>>= 0;
  return b.toString(16).padStart(8, '0') + a.toString(16).padStart(8, '0');
}

/** The files under a home directory (`/root/...`, `/home/USER/...`): the learner's workspace. */
const inHome = (path: string): boolean => path.startsWith('/root/') || /^\/home\/[^/]+\/./.test(path);

/** Machines whose home directories are mirrored: nodes and bare hosts (not pods, not the outside). */
const mirrored = (kind: string): boolean => kind === 'node' || kind === 'host';

/** What the scenario built under the homes: machine -> path -> content (strings are shared, not copied). */
export type HomeBaseline = Map<string, Map<string, string>>;

/** Records the home files as the scenario built them (taken at boot). */
export function homeBaseline(world: World): HomeBaseline {
  const out: HomeBaseline = new Map();
  for (const m of world.machines.values()) {
    if (!mirrored(m.kind)) continue;
    const files = new Map<string, string>();
    for (const [path, content] of m.files) if (inHome(path)) files.set(path, content);
    out.set(m.name, files);
  }
  return out;
}

/** Home files created or changed since the baseline, sorted by machine then path. */
export function changedHomeFiles(world: World, baseline: HomeBaseline): { machine: string; path: string; content: string }[] {
  const out: { machine: string; path: string; content: string }[] = [];
  for (const m of world.machines.values()) {
    if (!mirrored(m.kind)) continue;
    const before = baseline.get(m.name);
    for (const [path, content] of m.files) {
      if (inHome(path) && before?.get(path) !== content) out.push({ machine: m.name, path, content });
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => cmp(a.machine, b.machine) || cmp(a.path, b.path));
}
