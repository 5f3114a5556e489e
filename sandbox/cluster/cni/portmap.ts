/**
 * The CNI portmap plugin (containernetworking/plugins plugins/meta/portmap, iptables backend),
 * chained after the main plugin in flannel's 10-flannel.conflist: it turns the runtime's
 * `portMappings` (a container's `hostPort`s) into nat rules on the node.
 *
 * Shared chains, created once and kept (portmap_iptables.go):
 * - CNI-HOSTPORT-DNAT, appended to PREROUTING and OUTPUT for `--dst-type LOCAL`;
 * - CNI-HOSTPORT-SETMARK sets mark bit 13 (DefaultMarkBit, 0x2000; Kubernetes uses 14 and 15);
 * - CNI-HOSTPORT-MASQ, inserted first in POSTROUTING, masquerades what carries that bit.
 * Per container, CNI-DN- + sha512(network + container ID) (pkg/utils
 * MustFormatChainNameWithPrefix): per mapping a hairpin mark (`-s` the pod's network), a
 * localhost mark, then the DNAT, entered from CNI-HOSTPORT-DNAT by a rule inserted at the top
 * (newest container wins) that matches the host ports with multiport. Rules go in with
 * InsertUnique's semantics: a rule already present is not added twice. DEL removes the
 * container's chain and its entry rule; the shared chains stay.
 */
import type { World } from '../../fabric/world.ts';
import { deleteChain, deleteRule, flushChain, iptablesRestore, netfilterChanged, saveRuleSpec } from '../../net/netfilter/index.ts';
import type { Netns } from '../../net/types.ts';
import { parseIpv4 } from '../../wire/index.ts';
import { cniChainName } from './sha512.ts';

/** One entry of the runtime's `portMappings` capability (portmap's PortMapEntry). */
export interface PortMapping {
  hostPort: number;
  containerPort: number;
  /** Lower case, as the runtime passes it (`tcp`, `udp`, `sctp`). */
  protocol: string;
  /** Empty: every local address. */
  hostIP?: string;
}

const DNAT_CHAIN = 'CNI-HOSTPORT-DNAT';
const SETMARK_CHAIN = 'CNI-HOSTPORT-SETMARK';
const MASQ_CHAIN = 'CNI-HOSTPORT-MASQ';
/** 1 << DefaultMarkBit (13), as `%#x/%#x`. */
const MARK = '0x2000/0x2000';

/** iptables-save's quoting of a comment with double quotes in it. */
const quoted = (s: string): string => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** The per-container chain's name. */
export const dnatChainName = (network: string, containerId: string): string => cniChainName(network, containerId, 'DN-');

/** Mappings grouped per protocol, protocols sorted, at most 15 ports per multiport match (utils.go splitPortList). */
function entryRules(network: string, containerId: string, maps: readonly PortMapping[]): string[] {
  const comment = quoted(`dnat name: "${network}" id: "${containerId}"`);
  const byProto = new Map<string, number[]>();
  for (const m of maps) byProto.set(m.protocol, [...(byProto.get(m.protocol) ?? []), m.hostPort]);
  const out: string[] = [];
  for (const proto of [...byProto.keys()].sort()) {
    const ports = byProto.get(proto)!;
    for (let i = 0; i < ports.length; i += 15)
      out.push(`-p ${proto} -m comment --comment ${comment} -m multiport --dports ${ports.slice(i, i + 15).join(',')}`);
  }
  return out;
}

/** Three rules per mapping, marks first (fillDnatRules): the order matters. */
function dnatRules(maps: readonly PortMapping[], podIp: string, podNet: string): string[] {
  return maps.flatMap((m) => {
    const dst = m.hostIP && m.hostIP !== '0.0.0.0' ? `-d ${m.hostIP}/32 ` : '';
    const base = `-p ${m.protocol} -m ${m.protocol} --dport ${m.hostPort}`;
    return [
      `-s ${podNet} ${dst}${base} -j ${SETMARK_CHAIN}`,
      `-s 127.0.0.1/32 ${dst}${base} -j ${SETMARK_CHAIN}`,
      `${dst}${base} -j DNAT --to-destination ${podIp}:${m.containerPort}`,
    ];
  });
}

/** What already is in `chain` of the nat table, in saved form (`-p tcp ...`, no `-A CHAIN`). */
function present(ns: Netns, chain: string): Set<string> | undefined {
  const c = ns.netfilter.tables.get('nat')?.chains.get(chain);
  return c ? new Set(c.rules.map((r) => saveRuleSpec(r).trimStart())) : undefined;
}

/** Builds iptables-restore --noflush input that ensures chains and rules as InsertUnique would. */
class NatBatch {
  private readonly lines: string[] = [];
  private readonly ns: Netns;
  constructor(ns: Netns) { this.ns = ns; }
  chain(name: string, rules: readonly string[], entries: readonly { from: string; rule: string; prepend: boolean }[] = []): void {
    const have = present(this.ns, name);
    if (!have) this.lines.push(`:${name} - [0:0]`);
    for (const r of rules) if (!have?.has(r)) this.lines.push(`-A ${name} ${r}`);
    for (const e of entries) {
      const spec = `${e.rule} -j ${name}`;
      if (!present(this.ns, e.from)?.has(spec)) this.lines.push(`${e.prepend ? '-I' : '-A'} ${e.from} ${spec}`);
    }
  }
  apply(world: World): void {
    if (this.lines.length === 0) return;
    const r = iptablesRestore(world, this.ns, `*nat\n${this.lines.join('\n')}\nCOMMIT\n`, { noflush: true });
    // The payload is built here from validated numbers and addresses: a failure is our bug.
    if (!r.ok) throw new Error(`portmap rules failed to load in ${this.ns.name}: ${r.stderr}`);
  }
}

const isPort = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;

/**
 * The mappings this plugin writes rules for: a hostIP of another family than the pod's is
 * skipped as the plugin skips it (an IPv6 hostIP for an IPv4 pod). TCP, UDP and SCTP get
 * rules (the sctp match, libxt_sctp, exists as tcp's and udp's do).
 */
const writable = (maps: readonly PortMapping[]): PortMapping[] => maps.filter((m) =>
  (m.protocol === 'tcp' || m.protocol === 'udp' || m.protocol === 'sctp') && isPort(m.hostPort) && isPort(m.containerPort) &&
  (!m.hostIP || parseIpv4(m.hostIP) !== undefined));

/** portmap ADD: nothing without mappings (cmdAdd returns the previous result unchanged). */
export function portmapAdd(world: World, nodeNs: Netns, network: string, containerId: string,
  pod: { ip: string; network: string }, all: readonly PortMapping[]): void {
  const maps = writable(all);
  if (maps.length === 0) return;
  const b = new NatBatch(nodeNs);
  b.chain(SETMARK_CHAIN, [`-m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark ${MARK}`]);
  b.chain(MASQ_CHAIN, [`-m mark --mark ${MARK} -j MASQUERADE`],
    [{ from: 'POSTROUTING', rule: '-m comment --comment "CNI portfwd requiring masquerade"', prepend: true }]);
  b.chain(DNAT_CHAIN, [], ['PREROUTING', 'OUTPUT'].map((from) => ({ from, rule: '-m addrtype --dst-type LOCAL', prepend: false })));
  b.apply(world);
  const c = new NatBatch(nodeNs);
  c.chain(dnatChainName(network, containerId), dnatRules(maps, pod.ip, pod.network),
    entryRules(network, containerId, maps).map((rule) => ({ from: DNAT_CHAIN, rule, prepend: true })));
  c.apply(world);
}

/** portmap DEL: flush and delete the container's chain after removing the jumps to it (chain.go teardown). */
export function portmapDel(nodeNs: Netns, network: string, containerId: string): void {
  const nat = nodeNs.netfilter.tables.get('nat');
  const name = dnatChainName(network, containerId);
  if (!nat?.chains.has(name)) return;
  const top = nat.chains.get(DNAT_CHAIN);
  for (let i = (top?.rules.length ?? 0); i >= 1; i--) {
    const t = top!.rules[i - 1]!.target;
    if (t?.kind === 'jump' && t.chain === name) deleteRule(nat, DNAT_CHAIN, i);
  }
  // Jumps from elsewhere (a learner's own rule) keep the chain, as -X would refuse it.
  flushChain(nat, name);
  deleteChain('nat', nat, name);
  netfilterChanged(nodeNs.netfilter);
}
