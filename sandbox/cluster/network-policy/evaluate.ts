/**
 * NetworkPolicy semantics (networking.k8s.io/v1, kubernetes.io/docs/concepts/services-networking/
 * network-policies): a pod selected by any policy of a direction is isolated in that direction
 * and accepts only what some rule of those policies allows; policies add up (a union, never an
 * intersection); within a rule, peers and ports must both match; within a peer, podSelector AND
 * namespaceSelector; policyTypes default to Ingress plus Egress when the policy has egress rules.
 * A pod's own node may always reach it (kubelet probes), as Calico and kube-router allow.
 *
 * `compilePolicyCluster` indexes a cluster view once; `policyAllows` then answers per packet.
 */
import { fromLabelSelector, matches, type Selector } from '../selector.ts';
import { inCidr, parseCidr, parseIpv4, type Cidr } from '../../wire/index.ts';
import type { NetworkPolicyObject, NetworkPolicyPeer, NetworkPolicyPort, PolicyCluster, PolicyPod, PolicyProtocol } from './types.ts';

/** A peer with its selectors compiled. */
export interface CompiledPeer {
  pod?: Selector;
  ns?: Selector;
  block?: { cidr: Cidr; except: Cidr[] };
}

/** A rule: peers undefined = any peer; ports undefined = any port. */
export interface CompiledRule {
  peers?: CompiledPeer[];
  ports?: NetworkPolicyPort[];
}

/** A policy ready for evaluation. */
export interface CompiledPolicy {
  name: string;
  namespace: string;
  selector: Selector;
  ingress?: CompiledRule[];
  egress?: CompiledRule[];
}

/** An indexed cluster view. */
export interface CompiledPolicyCluster {
  podByIp: Map<string, PolicyPod>;
  nsLabels: Map<string, Record<string, string>>;
  nodeAddresses: Map<string, string[]>;
  /** Namespace -> its policies. */
  policies: Map<string, CompiledPolicy[]>;
  /** Memo: the policies selecting a pod, per direction (filled on first use). */
  selecting: Map<PolicyPod, { ingress: CompiledPolicy[]; egress: CompiledPolicy[] }>;
  /** Memo: parsed addresses. */
  ipNum: Map<string, number | undefined>;
}

/** The policyTypes a policy has after API defaulting (pkg/apis/networking/v1/defaults.go). */
export function effectivePolicyTypes(p: NetworkPolicyObject): ('Ingress' | 'Egress')[] {
  if (p.spec.policyTypes && p.spec.policyTypes.length) return p.spec.policyTypes;
  return (p.spec.egress?.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function compilePeer(peer: NetworkPolicyPeer): CompiledPeer {
  if (peer.ipBlock) {
    const cidr = parseCidr(peer.ipBlock.cidr);
    const except = (peer.ipBlock.except ?? []).map(parseCidr).filter((c): c is Cidr => c !== undefined);
    return cidr ? { block: { cidr, except } } : { block: { cidr: { addr: 0, len: 33 }, except } };
  }
  const out: CompiledPeer = {};
  if (peer.podSelector) out.pod = fromLabelSelector(peer.podSelector);
  if (peer.namespaceSelector) out.ns = fromLabelSelector(peer.namespaceSelector);
  return out;
}

const compileRules = (rules: { from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[], dir: 'from' | 'to'): CompiledRule[] =>
  rules.map((r) => {
    const peers = r[dir];
    return {
      ...(peers && peers.length ? { peers: peers.map(compilePeer) } : {}),
      ...(r.ports && r.ports.length ? { ports: r.ports } : {}),
    };
  });

/** Compiles one policy. */
export function compilePolicy(p: NetworkPolicyObject): CompiledPolicy {
  const types = effectivePolicyTypes(p);
  const out: CompiledPolicy = { name: p.metadata.name, namespace: p.metadata.namespace ?? 'default', selector: fromLabelSelector(p.spec.podSelector) };
  if (types.includes('Ingress')) out.ingress = compileRules(p.spec.ingress ?? [], 'from');
  if (types.includes('Egress')) out.egress = compileRules(p.spec.egress ?? [], 'to');
  return out;
}

/** Indexes a cluster view for repeated evaluation. */
export function compilePolicyCluster(c: PolicyCluster): CompiledPolicyCluster {
  const podByIp = new Map<string, PolicyPod>();
  for (const p of c.pods) if (!p.hostNetwork && p.ip) podByIp.set(p.ip, p);
  const policies = new Map<string, CompiledPolicy[]>();
  for (const p of c.policies) {
    const cp = compilePolicy(p);
    policies.set(cp.namespace, [...(policies.get(cp.namespace) ?? []), cp]);
  }
  return { podByIp, nsLabels: new Map(c.namespaces.map((n) => [n.name, n.labels])), nodeAddresses: c.nodeAddresses, policies, selecting: new Map(), ipNum: new Map() };
}

/** Whether `peer` (of a policy in `policyNs`) matches the remote end `ip` / `pod`. */
function peerMatches(c: CompiledPolicyCluster, peer: CompiledPeer, policyNs: string, ip: number | undefined, pod: PolicyPod | undefined): boolean {
  if (peer.block) {
    if (ip === undefined || peer.block.cidr.len > 32 || !inCidr(ip, peer.block.cidr)) return false;
    return !peer.block.except.some((e) => inCidr(ip, e));
  }
  if (!pod) return false;
  if (peer.ns) {
    if (!matches(peer.ns, c.nsLabels.get(pod.namespace))) return false;
  } else if (pod.namespace !== policyNs) return false;
  return peer.pod ? matches(peer.pod, pod.labels) : true;
}

/** Whether a rule's port list admits `port`/`proto` on the serving pod `server`. */
function portMatches(ports: NetworkPolicyPort[] | undefined, port: number, proto: PolicyProtocol, server: PolicyPod | undefined): boolean {
  if (!ports) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== proto) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
    // A named port is resolved against the destination pod's containers.
    return !!server?.ports.some((cp) => cp.name === p.port && (cp.protocol ?? 'TCP') === proto && cp.containerPort === port);
  });
}

/** The verdict with its reason, for traces and grading hints. */
export interface PolicyVerdict {
  allowed: boolean;
  /** `ingress x/deny-all`, `egress ...`, `node`, or `no policy`. */
  reason: string;
}

/** Evaluates one direction: `self` is the isolated pod, `peerIp`/`peerPod` the other end. */
function direction(c: CompiledPolicyCluster, dir: 'ingress' | 'egress', self: PolicyPod, peerIp: number | undefined, peerPod: PolicyPod | undefined, port: number, proto: PolicyProtocol): PolicyVerdict {
  let memo = c.selecting.get(self);
  if (!memo) {
    const mine = (c.policies.get(self.namespace) ?? []).filter((p) => matches(p.selector, self.labels));
    memo = { ingress: mine.filter((p) => p.ingress !== undefined), egress: mine.filter((p) => p.egress !== undefined) };
    c.selecting.set(self, memo);
  }
  const selecting = memo[dir];
  if (selecting.length === 0) return { allowed: true, reason: 'no policy' };
  const server = dir === 'ingress' ? self : peerPod;
  for (const p of selecting) {
    for (const r of p[dir]!) {
      if ((!r.peers || r.peers.some((peer) => peerMatches(c, peer, p.namespace, peerIp, peerPod))) && portMatches(r.ports, port, proto, server)) {
        return { allowed: true, reason: `${dir} ${p.namespace}/${p.name}` };
      }
    }
  }
  return { allowed: false, reason: `${dir} isolated by ${selecting.map((p) => `${p.namespace}/${p.name}`).join(', ')}` };
}

/** The full verdict for a new connection from `from` to `to` (IPs after Service DNAT). */
export function policyVerdict(c: CompiledPolicyCluster, from: string, to: string, port: number, proto: PolicyProtocol): PolicyVerdict {
  // A pod talking to itself stays on its loopback path and never meets the policy hooks.
  if (from === to) return { allowed: true, reason: 'loopback' };
  const src = c.podByIp.get(from);
  const dst = c.podByIp.get(to);
  const num = (a: string) => {
    if (!c.ipNum.has(a)) c.ipNum.set(a, parseIpv4(a));
    return c.ipNum.get(a);
  };
  const fromIp = num(from);
  const toIp = num(to);
  if (src) {
    const e = direction(c, 'egress', src, toIp, dst, port, proto);
    if (!e.allowed) return e;
  }
  if (dst) {
    if ((c.nodeAddresses.get(dst.node) ?? []).includes(from)) return { allowed: true, reason: 'node' };
    return direction(c, 'ingress', dst, fromIp, src, port, proto);
  }
  return { allowed: true, reason: 'no policy' };
}

/** Whether policies allow a new connection from `from` to `to` on `port`/`proto`. */
export function policyAllows(cluster: PolicyCluster | CompiledPolicyCluster, from: string, to: string, port: number, proto: PolicyProtocol = 'TCP'): boolean {
  const c = 'podByIp' in cluster ? cluster : compilePolicyCluster(cluster);
  return policyVerdict(c, from, to, port, proto).allowed;
}
