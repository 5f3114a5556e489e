// The picture model never throws, whatever state random commands leave the world in: links
// set down, moved or deleted, namespaces made by hand, pods added and deleted, rules that
// drop, NAT and REJECT, and the walks of whatever packets the commands sent.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSandbox } from '../api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { buildWorld } from '../scenarios/build.ts';
import { parseScenario } from '../api/sandbox.ts';
import { walk } from './walk.ts';

const COMMANDS = [
  'ip link set cni0 down', 'ip link set cni0 up', 'ip link set flannel.1 down', 'ip link del flannel.1', 'ip link set eth0 down',
  'ip netns add red', 'ip link add v1 type veth peer name v2', 'ip link set v2 netns red', 'ip link set v1 master cni0', 'ip link add br9 type bridge',
  'ip route del default', 'ip route add blackhole 10.244.1.0/24', 'ip route flush table main', 'ip neigh flush all', 'bridge fdb flush dev flannel.1',
  'iptables -I FORWARD -j DROP', 'iptables -I FORWARD -p icmp -j REJECT', 'iptables -t nat -I PREROUTING -p tcp -j DNAT --to-destination 10.244.1.3:80',
  'iptables -t nat -I POSTROUTING -j MASQUERADE', 'iptables -F', 'sysctl -w net.ipv4.ip_forward=0',
  'kubectl run p1 --image=nginx', 'kubectl delete pod whoami-2', 'kubectl delete pod toolbox', 'sleep 3',
  'ping -c 1 10.244.1.3', 'ping -c 1 10.244.2.3', 'ping -c 1 10.0.16.12', 'curl -s -m 1 10.96.0.1', 'curl -s -m 1 10.244.1.3',
  'kubectl exec toolbox -c netshoot -- ping -c 1 10.244.1.3', 'kubectl exec toolbox -c netshoot -- dig +short kubernetes.default.svc.cluster.local',
  'ssh node-2', 'exit', 'ip netns exec red ping -c 1 10.244.0.1', 'traceroute -n 10.244.1.3', 'nc -zv -w 1 10.244.1.3 80',
  'kubectl exec toolbox -c netshoot -- socat - SCTP:10.244.1.3:9999', 'socat - SCTP:10.96.0.1:443',
];

describe('picture model on random worlds', () => {
  it('never throws for topology or walk after random commands', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...COMMANDS), { minLength: 1, maxLength: 8 }), async (lines) => {
        const sb = createSandbox();
        sb.boot({ scenario: scenarioText('pod-ip-model')! });
        for (const line of lines) {
          await sb.exec(line, () => undefined);
          const t = sb.topology!();
          expect(t.machines.length).toBeGreaterThan(0);
          const w = sb.walk!();
          if (w) expect(w.steps.every((s, i) => s.index === i && w.packets.some((p) => p.id === s.packet))).toBe(true);
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('never throws for walks of arbitrary hop lists', () => {
    const world = buildWorld(parseScenario(scenarioText('pod-ip-model')!), 1);
    const names = [...world.netns.values()].map((n) => n.name);
    const text = fc.oneof(fc.string(), fc.constantFrom('10.244.0.3 > 10.244.1.3 icmp echo request seq 1', 'arp who-has 10.244.0.1 tell 10.244.0.3', 'arp 10.244.0.1 is-at 0a:58:0a:f4:00:01', '10.0.16.11:1 > 10.0.16.12:8472 udp vxlan vni 1', 'DNAT: was 1.2.3.4:5 > 6.7.8.9:10 tcp SYN', 'nat/PREROUTING rule 1 -j KUBE-SERVICES', 'filter/X return', 'filter/FORWARD policy DROP', 'fdb 0a:58:0a:f4:00:03 -> port veth1', 'encap vni 1 to 10.0.16.12:8472', '10.244.1.3 via 10.244.1.0 dev flannel.1 src 10.244.0.0'));
    const hop = fc.record({
      t: fc.nat(), netns: fc.oneof(fc.constantFrom(...names), fc.string()), dev: fc.option(fc.constantFrom('eth0', 'cni0', 'flannel.1', 'x'), { nil: undefined }),
      event: fc.constantFrom('ip_local_out', 'ip_output', 'ip_forward', 'neigh_resolve_output', 'veth_xmit', 'netif_receive_skb', 'br_forward', 'br_flood', 'ip_rcv', 'vxlan_xmit_one', 'vxlan_rcv', 'ip_local_deliver', 'kfree_skb', 'icmp_send', 'ipt_do_table', 'nf_conntrack_in', 'nf_nat_manip_pkt', 'arp_process', 'weird'),
      packet: text, detail: fc.option(text, { nil: undefined }), rule: fc.option(fc.string(), { nil: undefined }),
    }, { requiredKeys: ['t', 'netns', 'event', 'packet'] });
    fc.assert(fc.property(fc.array(hop, { maxLength: 40 }), (hops) => {
      const w = walk({ command: 'x', hops }, world);
      expect(w.steps.length).toBeLessThanOrEqual(hops.length);
    }), { numRuns: 300 });
  });
});
