/**
 * The iptables rules a node's own agents write before kube-proxy (whose rules are in ../kube-proxy):
 * - kubelet (pkg/kubelet/kubelet_network_linux.go): the KUBE-IPTABLES-HINT and
 *   KUBE-KUBELET-CANARY chains, and KUBE-FIREWALL dropping martian localnet traffic, jumped
 *   to first from INPUT and OUTPUT;
 * - flanneld (pkg/trafficmngr/iptables): FLANNEL-POSTRTG (masquerade pod traffic leaving
 *   the cluster network, --random-fully, never for traffic kube-proxy marked) and
 *   FLANNEL-FWD (accept forwarding to and from the pod network).
 * Both load through iptables-restore --noflush, as the agents do; the reference lab's
 * golden iptables-save shows the result.
 */
import type { World } from '../../fabric/world.ts';
import { iptablesRestore } from '../../net/netfilter/restore.ts';
import type { Netns } from '../../net/types.ts';

/** kubelet's chains and rules. */
export const KUBELET_RULES = `*mangle
:KUBE-IPTABLES-HINT - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
COMMIT
*nat
:KUBE-KUBELET-CANARY - [0:0]
COMMIT
*filter
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-FIREWALL - [0:0]
-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-I OUTPUT -j KUBE-FIREWALL
-I INPUT -j KUBE-FIREWALL
COMMIT
`;

/** flanneld's masquerade and forward rules for a node whose subnet is `subnet`. */
export const flannelRules = (network: string, subnet: string): string => `*nat
:FLANNEL-POSTRTG - [0:0]
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s ${subnet} -d ${network} -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s ${network} -d ${subnet} -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG ! -s ${network} -d ${subnet} -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s ${network} ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
-A FLANNEL-POSTRTG ! -s ${network} -d ${network} -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
COMMIT
*filter
:FLANNEL-FWD - [0:0]
-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
-A FLANNEL-FWD -s ${network} -m comment --comment "flanneld forward" -j ACCEPT
-A FLANNEL-FWD -d ${network} -m comment --comment "flanneld forward" -j ACCEPT
COMMIT
`;

/** Whether `chain` exists in `table` of `ns`. */
export const hasChain = (ns: Netns, table: 'filter' | 'nat' | 'mangle', chain: string): boolean =>
  ns.netfilter.tables.get(table)?.chains.has(chain) ?? false;

/** Loads `text` with --noflush; a failure is a simulator bug (the payloads are fixed). */
export function restoreNoflush(world: World, ns: Netns, text: string): void {
  const r = iptablesRestore(world, ns, text, { noflush: true });
  if (!r.ok) throw new Error(`node rules failed to load in ${ns.name}: ${r.stderr}`);
}
