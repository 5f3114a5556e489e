/**
 * The policy agent: NetworkPolicy enforced in each node's filter table, modelled on
 * kube-router's network policy controller (pkg/controllers/netpol): jumps from INPUT, FORWARD
 * and OUTPUT to KUBE-ROUTER-INPUT/-FORWARD/-OUTPUT; one KUBE-POD-FW-<hash> chain per policed
 * pod of the node (stateful accept, INVALID drop, traffic from the pod's own node accepted,
 * then each selecting policy's KUBE-NWPLCY-<hash> chain, which marks allowed packets with
 * 0x10000; unmarked packets of an isolated direction are REJECTed). Chain names are
 * kube-router v2's (pkg/controllers/netpol): KUBE-POD-FW- + base32(sha256(namespace + pod +
 * version))[:16] and KUBE-NWPLCY- + base32(sha256(namespace + policy + version + "IPv4"))[:16],
 * where version is the full sync's start in Unix nanoseconds (fullPolicySync's syncVersion), so
 * every full sync writes chains under new names and deletes the old ones.
 *
 * Simplification (documented for learners): kube-router matches peers and targets with
 * ipsets (`-m set --match-set KUBE-SRC-... src`); the sandbox has no ipset, so it writes one
 * rule per peer address (and per target pod), and an ipBlock with `except` becomes the
 * prefixes that remain. The packets allowed are the same. The FORWARD hook runs after
 * PREROUTING, so Service traffic is judged after kube-proxy's DNAT, as on a real node.
 */
import { base32, sha256 } from '../kube-proxy/sha256.ts';
import { matches } from '../selector.ts';
import type { CompiledPeer, CompiledPolicy, CompiledPolicyCluster } from './evaluate.ts';
import { compilePolicy } from './evaluate.ts';
import type { NetworkPolicyObject, NetworkPolicyPort, PolicyCluster, PolicyPod } from './types.ts';
import { cidrText, subtractCidrs } from './cidr-subtract.ts';
import { compilePolicyCluster } from './evaluate.ts';

/** The mark a policy chain sets on packets it allows. */
export const ALLOW_MARK = '0x10000/0x10000';

/** Hashes already computed (the agent renames the same chains every round; sha256 in JS is not free). */
const hashes = new Map<string, string>();
function hash(text: string): string {
  let h = hashes.get(text);
  if (h === undefined) {
    if (hashes.size >= 100_000) hashes.clear();
    h = base32(sha256(text)).slice(0, 16);
    hashes.set(text, h);
  }
  return h;
}
/** base32(sha256(text))[:16], kube-router's chain and comment hash. */
export const hash16 = hash;
/** KUBE-POD-FW-* of a pod in the full sync `version` (podFirewallChainName). */
export const podFwChain = (ns: string, pod: string, version: string) => `KUBE-POD-FW-${hash(ns + pod + version)}`;
/** KUBE-NWPLCY-* of a policy in the full sync `version` (networkPolicyChainName, IPv4 family). */
export const policyChain = (ns: string, name: string, version: string) => `KUBE-NWPLCY-${hash(ns + name + version + 'IPv4')}`;

/** One remote end of a rule: an address or prefix, and the pod behind it if it is one. */
export type Peer = { src: string; pod?: PolicyPod };

/** The addresses a compiled rule's peers stand for (all of them: undefined). */
export function peerAddresses(c: CompiledPolicyCluster, pods: PolicyPod[], p: CompiledPolicy, peers: CompiledPeer[] | undefined): Peer[] | undefined {
  if (!peers) return undefined;
  const out: Peer[] = [];
  for (const peer of peers) {
    if (peer.block) {
      if (peer.block.cidr.len > 32) continue;
      for (const cidr of subtractCidrs(peer.block.cidr, peer.block.except)) out.push({ src: cidrText(cidr) });
      continue;
    }
    for (const pod of pods) {
      if (pod.hostNetwork || !pod.ip) continue;
      if (peer.ns ? !matches(peer.ns, c.nsLabels.get(pod.namespace)) : pod.namespace !== p.namespace) continue;
      if (peer.pod && !matches(peer.pod, pod.labels)) continue;
      out.push({ src: pod.ip, pod });
    }
  }
  return out;
}

/** `-p tcp -m tcp --dport 80[:81]` for a port entry on serving pod `server`; undefined when a named port does not resolve. */
export function portMatch(p: NetworkPolicyPort, server: PolicyPod | undefined): string | undefined {
  const proto = (p.protocol ?? 'TCP').toLowerCase();
  if (p.port === undefined) return `-p ${proto}`;
  if (typeof p.port === 'number') return `-p ${proto} -m ${proto} --dport ${p.port}${p.endPort !== undefined ? `:${p.endPort}` : ''}`;
  const cp = server?.ports.find((x) => x.name === p.port && (x.protocol ?? 'TCP').toLowerCase() === proto);
  return cp ? `-p ${proto} -m ${proto} --dport ${cp.containerPort}` : undefined;
}

/** The rules of one policy chain for the targets on this node. */
function policyRules(c: CompiledPolicyCluster, pods: PolicyPod[], p: CompiledPolicy, chain: string, targets: PolicyPod[]): string[] {
  const out: string[] = [];
  const allow = (what: string) => `-m comment --comment "rule to ACCEPT traffic ${what} selected by policy name: ${p.name} namespace ${p.namespace}" -j MARK --set-xmark ${ALLOW_MARK}`;
  for (const dir of ['ingress', 'egress'] as const) {
    for (const rule of p[dir] ?? []) {
      const peers = peerAddresses(c, pods, p, rule.peers);
      for (const t of targets) {
        const remote: (Peer | undefined)[] = peers ?? [undefined];
        for (const peer of remote) {
          const server = dir === 'ingress' ? t : peer?.pod;
          const ports: (string | undefined)[] = rule.ports ? rule.ports.map((x) => portMatch(x, server)) : [''];
          for (const pm of ports) {
            if (pm === undefined) continue;
            const addrs = dir === 'ingress' ? `${peer ? `-s ${peer.src} ` : ''}-d ${t.ip}` : `-s ${t.ip}${peer ? ` -d ${peer.src}` : ''}`;
            out.push(`-A ${chain} ${addrs}${pm ? ` ${pm}` : ''} ${allow(dir === 'ingress' ? 'from source pods to dest pods' : 'from source pods to dest addresses')}`);
          }
        }
      }
    }
  }
  out.push(`-A ${chain} -m mark --mark ${ALLOW_MARK} -j RETURN`);
  return out;
}

/**
 * The filter-table payload (iptables-restore --noflush) for `node` in the full sync `version`;
 * `existing` are the filter chains present (stale ones are deleted).
 */
export function policyPayload(cluster: PolicyCluster, node: string, existing: Iterable<string> = [], version = ''): string {
  const c = compilePolicyCluster(cluster);
  const chains = ['KUBE-ROUTER-INPUT', 'KUBE-ROUTER-FORWARD', 'KUBE-ROUTER-OUTPUT'];
  const rules: string[] = [];
  const byNs = new Map<string, { obj: NetworkPolicyObject; compiled: CompiledPolicy }[]>();
  for (const obj of cluster.policies) {
    const compiled = compilePolicy(obj);
    (byNs.get(compiled.namespace) ?? byNs.set(compiled.namespace, []).get(compiled.namespace)!).push({ obj, compiled });
  }
  const local = cluster.pods.filter((p) => p.node === node && !p.hostNetwork && p.ip).sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  const policyTargets = new Map<string, { compiled: CompiledPolicy; targets: PolicyPod[] }>();
  for (const pod of local) {
    const selecting = (byNs.get(pod.namespace) ?? []).filter((x) => matches(x.compiled.selector, pod.labels));
    if (!selecting.length) continue;
    const fw = podFwChain(pod.namespace, pod.name, version);
    const who = `POD name:${pod.name} namespace: ${pod.namespace}`;
    chains.push(fw);
    rules.push(`-A KUBE-ROUTER-FORWARD -m comment --comment "rule to jump traffic destined to ${who} to chain ${fw}" -d ${pod.ip} -j ${fw}`);
    rules.push(`-A KUBE-ROUTER-OUTPUT -m comment --comment "rule to jump traffic destined to ${who} to chain ${fw}" -d ${pod.ip} -j ${fw}`);
    rules.push(`-A KUBE-ROUTER-FORWARD -m comment --comment "rule to jump traffic from ${who} to chain ${fw}" -s ${pod.ip} -j ${fw}`);
    rules.push(`-A KUBE-ROUTER-INPUT -m comment --comment "rule to jump traffic from ${who} to chain ${fw}" -s ${pod.ip} -j ${fw}`);
    rules.push(`-A ${fw} -m comment --comment "rule for stateful firewall for pod" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
    rules.push(`-A ${fw} -m comment --comment "rule to drop invalid state for pod" -m conntrack --ctstate INVALID -j DROP`);
    rules.push(`-A ${fw} -d ${pod.ip} -m comment --comment "rule to permit the traffic traffic to pods when source is the pod's local node" -m addrtype --src-type LOCAL -j ACCEPT`);
    let isoIn = false;
    let isoOut = false;
    for (const { obj, compiled } of selecting) {
      const pc = policyChain(compiled.namespace, compiled.name, version);
      const entry = policyTargets.get(pc) ?? { compiled, targets: [] };
      entry.targets.push(pod);
      policyTargets.set(pc, entry);
      if (compiled.ingress) {
        isoIn = true;
        rules.push(`-A ${fw} -d ${pod.ip} -m comment --comment "run through nw policy ${obj.metadata.name}" -j ${pc}`);
      }
      if (compiled.egress) {
        isoOut = true;
        rules.push(`-A ${fw} -s ${pod.ip} -m comment --comment "run through nw policy ${obj.metadata.name}" -j ${pc}`);
      }
    }
    if (isoIn) rules.push(`-A ${fw} -d ${pod.ip} -m comment --comment "rule to REJECT traffic destined for ${who}" -m mark ! --mark ${ALLOW_MARK} -j REJECT`);
    if (isoOut) rules.push(`-A ${fw} -s ${pod.ip} -m comment --comment "rule to REJECT traffic from ${who}" -m mark ! --mark ${ALLOW_MARK} -j REJECT`);
    // The next pod's chain (a same-node peer) must judge the packet afresh.
    rules.push(`-A ${fw} -j MARK --set-xmark 0x0/0x10000`);
  }
  for (const [pc, { compiled, targets }] of policyTargets) {
    chains.push(pc);
    rules.push(...policyRules(c, cluster.pods, compiled, pc, targets));
  }
  const active = new Set(chains);
  const stale = [...new Set(existing)].filter((x) => /^KUBE-(POD-FW|NWPLCY)-/.test(x) && !active.has(x)).sort();
  const lines = ['*filter', ...chains.map((x) => `:${x} - [0:0]`), ...stale.map((x) => `:${x} - [0:0]`), ...rules, ...stale.map((x) => `-X ${x}`), 'COMMIT', ''];
  return lines.join('\n');
}
