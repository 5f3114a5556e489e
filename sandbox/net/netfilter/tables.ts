/**
 * The xtables tables, their built-in chains, and where they hook into the packet path.
 *
 * Hook order: at each hook the kernel runs the registered functions by ascending priority
 * (include/uapi/linux/netfilter_ipv4.h, `enum nf_ip_hook_priorities`):
 *   NF_IP_PRI_RAW -300, NF_IP_PRI_CONNTRACK -200, NF_IP_PRI_MANGLE -150,
 *   NF_IP_PRI_NAT_DST -100, NF_IP_PRI_FILTER 0, NF_IP_PRI_NAT_SRC 100,
 *   NF_IP_PRI_CONNTRACK_CONFIRM INT_MAX.
 * Conntrack runs at PREROUTING and OUTPUT (nf_conntrack_in) and confirms at POSTROUTING and
 * INPUT; the nat table translates the destination at PREROUTING/OUTPUT and the source at
 * POSTROUTING/INPUT (net/netfilter/nf_nat_proto.c, nf_nat_ipv4_ops).
 */
import type { Chain, Hook, NetfilterState, Rule, Table, TableName } from './types.ts';

/** Built-in chains of each table, in the order iptables lists them. */
export const BUILTIN_CHAINS: Record<TableName, Hook[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

/** Table names iptables accepts for `-t`. */
export const TABLE_NAMES: TableName[] = ['raw', 'mangle', 'filter', 'nat'];

/** Order iptables-save (nf_tables) prints tables in: the backend's table list order. */
export const SAVE_ORDER: TableName[] = ['mangle', 'raw', 'filter', 'nat'];

/** One step of a hook: a table's chain, or conntrack's own work, in priority order. */
/**
 * One step of a hook. `ipvs` is where IPVS's own hook functions sit (ip_vs_ops4: LOCAL_IN at
 * NF_IP_PRI_NAT_SRC - 2/-1, before nat's source binding; LOCAL_OUT at NF_IP_PRI_NAT_DST + 1/+2,
 * after nat and before filter); the datapath passes the function (net/datapath/ipvs.ts).
 */
export type HookStep = { kind: 'table'; table: TableName } | { kind: 'conntrack-in' } | { kind: 'conntrack-confirm' } | { kind: 'ipvs' };

/** What runs at each hook, sorted by priority (see the header comment). */
export const HOOK_STEPS: Record<Hook, HookStep[]> = {
  PREROUTING: [{ kind: 'table', table: 'raw' }, { kind: 'conntrack-in' }, { kind: 'table', table: 'mangle' }, { kind: 'table', table: 'nat' }],
  INPUT: [{ kind: 'table', table: 'mangle' }, { kind: 'table', table: 'filter' }, { kind: 'ipvs' }, { kind: 'table', table: 'nat' }, { kind: 'conntrack-confirm' }],
  FORWARD: [{ kind: 'table', table: 'mangle' }, { kind: 'table', table: 'filter' }],
  OUTPUT: [{ kind: 'table', table: 'raw' }, { kind: 'conntrack-in' }, { kind: 'table', table: 'mangle' }, { kind: 'table', table: 'nat' }, { kind: 'ipvs' }, { kind: 'table', table: 'filter' }],
  POSTROUTING: [{ kind: 'table', table: 'mangle' }, { kind: 'table', table: 'nat' }, { kind: 'conntrack-confirm' }],
};

/** Which address the nat table rewrites at a hook. */
export const NAT_MANIP: Partial<Record<Hook, 'dst' | 'src'>> = { PREROUTING: 'dst', OUTPUT: 'dst', POSTROUTING: 'src', INPUT: 'src' };

/** Empty netfilter state: no table exists until a command touches one (nf_tables). */
export const createNetfilter = (): NetfilterState => ({ tables: new Map() });

const newChain = (name: string, builtin: boolean): Chain => ({
  name,
  ...(builtin ? { policy: 'ACCEPT' as const } : {}),
  counters: { packets: 0, bytes: 0 },
  rules: [],
});

/** The table, created with its built-in chains (ACCEPT policies) on first use. */
export function ensureTable(nf: NetfilterState, name: TableName): Table {
  let t = nf.tables.get(name);
  if (!t) {
    t = { chains: new Map(BUILTIN_CHAINS[name].map((c) => [c, newChain(c, true)])) };
    nf.tables.set(name, t);
  }
  return t;
}

/** A new user-defined chain (no policy). */
export const newUserChain = (name: string): Chain => newChain(name, false);

/** Whether a chain name is one of the table's built-ins. */
export const isBuiltin = (table: TableName, chain: string): boolean =>
  (BUILTIN_CHAINS[table] as string[]).includes(chain);

/** User chains of a table sorted by name, as iptables 1.8.9 lists and saves them. */
export function userChains(t: Table, table: TableName): Chain[] {
  return [...t.chains.values()].filter((c) => !isBuiltin(table, c.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Built-in chains in hook order, then user chains sorted. */
export function listChains(t: Table, table: TableName): Chain[] {
  const builtins = BUILTIN_CHAINS[table].map((n) => t.chains.get(n)).filter((c): c is Chain => c !== undefined);
  return [...builtins, ...userChains(t, table)];
}

/** How many rules of the table jump or go to `chain` (the `(N references)` of -L). */
export function references(t: Table, chain: string): number {
  let n = 0;
  for (const c of t.chains.values()) for (const r of c.rules) if (r.target?.kind === 'jump' && r.target.chain === chain) n++;
  return n;
}

/**
 * Whether conntrack is active in the namespace: the kernel registers its hooks in a netns
 * only when something needs it (nf_ct_netns_get, called by the conntrack/state matches and
 * the NAT and CT targets as they are loaded). Namespaces without such rules (a pod, the LAN)
 * track nothing: the lab's `conntrack -L` in a pod shows 0 flow entries, and a namespace with
 * only `-t nat -A OUTPUT -j ACCEPT` tracks nothing either (checked on 6.18). The answer is
 * cached in `nf.ctNeeded`; every change clears it (`netfilterChanged`).
 */
export function conntrackNeeded(nf: NetfilterState): boolean {
  if (nf.ctNeeded !== undefined) return nf.ctNeeded;
  let needed = false;
  for (const t of nf.tables.values())
    for (const c of t.chains.values())
      for (const r of c.rules) {
        if (r.matches.some((m) => m.module === 'conntrack' || m.module === 'state')) needed = true;
        const k = r.target?.kind;
        if (k === 'DNAT' || k === 'SNAT' || k === 'MASQUERADE' || k === 'REDIRECT' || k === 'NOTRACK') needed = true;
      }
  nf.ctNeeded = needed;
  return needed;
}

/** Marks derived facts (conntrackNeeded) stale after rules changed. */
export function netfilterChanged(nf: NetfilterState): void {
  delete nf.ctNeeded;
}

/** A deep copy of a rule (rules hold only plain objects, arrays and scalars). */
export const cloneRule = (r: Rule): Rule => JSON.parse(JSON.stringify(r)) as Rule;
