/**
 * NetworkPolicy as Calico's Felix renders it in the filter table (projectcalico/calico
 * felix/rules: dispatch.go, endpoints.go, policy.go), for a Calico cluster: FORWARD jumps to
 * cali-FORWARD, which sends packets from a workload interface (`-i cali+`) to
 * cali-from-wl-dispatch and packets to one (`-o cali+`) to cali-to-wl-dispatch; the dispatch
 * chains go (`-g`) to the endpoint's own chain, cali-fw-<iface> (from the workload) or
 * cali-tw-<iface> (to it). An endpoint chain accepts established flows, drops invalid ones,
 * clears the mark bit 0x10000, then jumps to one chain per policy that selects the pod,
 * cali-pi-<policy> for ingress and cali-po-<policy> for egress; a policy chain sets the bit on
 * what its rules allow and returns, the endpoint chain returns on the bit (accepted by the
 * rest of the table) and drops the rest ("Drop if no policies passed packet"). An endpoint no
 * policy selects is accepted (Felix's namespace profile chains, which allow all).
 *
 * Simplified: Felix matches peers with ipsets and comments every rule with a `cali:<hash>`
 * id; here each peer is a rule with its address and there are no comments. The policy
 * chain's name keeps Felix's shape for a long id (GetLengthLimitedID: `cali-pi-_` + a hash,
 * 28 characters) with the sandbox's own hash of `<namespace>/knp.default.<name>`. Which
 * packets pass is the same as with the kube-router-style agent (agent.ts).
 */
import { base32, sha256 } from '../kube-proxy/sha256.ts';
import { matches } from '../selector.ts';
import { caliVethName } from '../cni/sha1.ts';
import { compilePolicy, compilePolicyCluster, type CompiledPolicy } from './evaluate.ts';
import { peerAddresses, portMatch, type Peer } from './agent.ts';
import type { PolicyCluster, PolicyPod } from './types.ts';

/** Felix's accept bit. */
const MARK = '0x10000/0x10000';

/** cali-pi-/cali-po- chain of a policy (28 characters, Felix's length limit). */
export const felixPolicyChain = (dir: 'pi' | 'po', ns: string, name: string): string =>
  `cali-${dir}-_${base32(sha256(`${ns}/knp.default.${name}`)).slice(0, 19)}`;

/** The rules of one direction of one policy for the targets on this node. */
function policyRules(c: ReturnType<typeof compilePolicyCluster>, pods: PolicyPod[], p: CompiledPolicy, dir: 'ingress' | 'egress', chain: string, targets: PolicyPod[]): string[] {
  const out: string[] = [];
  for (const rule of p[dir] ?? []) {
    const peers = peerAddresses(c, pods, p, rule.peers);
    for (const t of targets) {
      for (const peer of (peers ?? [undefined]) as (Peer | undefined)[]) {
        const server = dir === 'ingress' ? t : peer?.pod;
        for (const pm of rule.ports ? rule.ports.map((x) => portMatch(x, server)) : ['']) {
          if (pm === undefined) continue;
          const addrs = dir === 'ingress' ? `${peer ? `-s ${peer.src} ` : ''}-d ${t.ip}` : `-s ${t.ip}${peer ? ` -d ${peer.src}` : ''}`;
          out.push(`-A ${chain} ${addrs}${pm ? ` ${pm}` : ''} -j MARK --set-xmark ${MARK}`);
        }
      }
    }
  }
  out.push(`-A ${chain} -m mark --mark ${MARK} -j RETURN`);
  return out;
}

/** The filter-table payload (iptables-restore --noflush) Felix keeps on `node`; `existing` are the filter chains present. */
export function felixPayload(cluster: PolicyCluster, node: string, existing: Iterable<string> = []): string {
  const c = compilePolicyCluster(cluster);
  const compiled = cluster.policies.map((obj) => compilePolicy(obj));
  const chains = ['cali-FORWARD', 'cali-from-wl-dispatch', 'cali-to-wl-dispatch'];
  const rules = ['-A cali-FORWARD -i cali+ -j cali-from-wl-dispatch', '-A cali-FORWARD -o cali+ -j cali-to-wl-dispatch'];
  const local = cluster.pods.filter((p) => p.node === node && !p.hostNetwork && p.ip).sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  const policyChains = new Map<string, string[]>();
  const targets = new Map<string, { p: CompiledPolicy; dir: 'ingress' | 'egress'; pods: PolicyPod[] }>();
  for (const pod of local) {
    const iface = caliVethName(pod.namespace, pod.name);
    const tw = `cali-tw-${iface}`;
    const fw = `cali-fw-${iface}`;
    chains.push(tw, fw);
    rules.push(`-A cali-from-wl-dispatch -i ${iface} -g ${fw}`, `-A cali-to-wl-dispatch -o ${iface} -g ${tw}`);
    const selecting = compiled.filter((p) => p.namespace === pod.namespace && matches(p.selector, pod.labels));
    for (const [chain, dir, pi] of [[tw, 'ingress', 'pi'], [fw, 'egress', 'po']] as const) {
      rules.push(`-A ${chain} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, `-A ${chain} -m conntrack --ctstate INVALID -j DROP`,
        `-A ${chain} -j MARK --set-xmark 0x0/0x10000`);
      const mine = selecting.filter((p) => p[dir] !== undefined);
      if (mine.length === 0) { rules.push(`-A ${chain} -j ACCEPT`); continue; }
      for (const p of mine) {
        const pc = felixPolicyChain(pi, p.namespace, p.name);
        const t = targets.get(pc) ?? { p, dir, pods: [] };
        t.pods.push(pod);
        targets.set(pc, t);
        rules.push(`-A ${chain} -j ${pc}`, `-A ${chain} -m mark --mark ${MARK} -j RETURN`);
      }
      rules.push(`-A ${chain} -j DROP`);
    }
  }
  for (const [pc, t] of targets) policyChains.set(pc, policyRules(c, cluster.pods, t.p, t.dir, pc, t.pods));
  chains.push(...policyChains.keys());
  // Chains of pods and policies gone since the last sync are flushed and deleted.
  const active = new Set(chains);
  const stale = [...new Set(existing)].filter((x) => /^cali-(tw|fw|pi|po)-/.test(x) && !active.has(x)).sort();
  const lines = ['*filter', ...chains.map((x) => `:${x} - [0:0]`), ...stale.map((x) => `:${x} - [0:0]`), ...rules,
    ...[...policyChains.values()].flat(), ...stale.map((x) => `-X ${x}`), 'COMMIT', ''];
  return lines.join('\n');
}
