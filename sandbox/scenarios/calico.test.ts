// The calico scenario (lesson 11) as built: Calico's CNI wiring in the nodes' and pods'
// routing tables (a /32 per local pod through its cali veth, a blackhole per IPAM block, `proto
// bird` routes to the other nodes' blocks; the pod's 169.254.1.1 gateway answered by proxy
// ARP), BIRD's sessions as calicoctl and birdcl print them, and the pool's ipipMode deciding
// between plain routes (recursive via the router across subnets, which loses the packets) and
// tunl0 (IP-in-IP with MTU 1480, which reaches node-3).
import { describe, expect, it } from 'vitest';
import { bootScenario } from './index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';

async function boot() {
  const b = bootScenario(scenarioText('calico')!);
  if (typeof b === 'string') throw new Error(b);
  const sh = createShell(b.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    const r = await sh.exec(line, (c) => { out += c.text; });
    return { out, status: r.status };
  };
  return { world: b.world, run };
}

describe('a Calico cluster (lesson 11)', () => {
  it('routes local pods as /32s through cali veths, holds its block as a blackhole and learns the others with proto bird', async () => {
    const { run } = await boot();
    const routes = (await run('ip route')).out.split('\n');
    expect(routes).toContain('blackhole 10.244.0.0/26 proto bird ');
    expect(routes).toContain('10.244.0.1 dev cali5e1c4d6c68c scope link ');
    expect(routes).toContain('10.244.0.64/26 via 10.0.16.12 dev eth0 proto bird ');
    // ipipMode Never, node-3 in another subnet: gateway recursive -> via the router.
    expect(routes).toContain('10.244.0.128/26 via 10.0.16.1 dev eth0 proto bird ');
    expect((await run('kubectl exec pod-a -- ip route')).out).toBe('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
    expect((await run('kubectl exec pod-a -- ip -br addr show eth0')).out).toMatch(/^eth0@if\d+\s+UP\s+10\.244\.0\.1\/32 /);
  });

  it('a pod reaches its own node\'s pods and node-2\'s through proxy ARP, not node-3\'s across the router', async () => {
    const { run } = await boot();
    expect((await run('kubectl exec pod-a -- ping -c 1 -W 1 10.244.0.65')).status).toBe(0);
    expect((await run('kubectl exec pod-a -- ip neigh')).out).toBe('169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee REACHABLE \n');
    expect((await run('kubectl exec pod-a -- ping -c 1 -W 1 10.244.0.128')).status).toBe(1);
  });

  it('calicoctl node status and birdcl show the mesh as the real tools print it', async () => {
    const { run } = await boot();
    const status = (await run('calicoctl node status')).out;
    expect(status).toContain('| PEER ADDRESS |     PEER TYPE     | STATE |  SINCE   |    INFO     |\n');
    expect(status).toMatch(/\| 10\.0\.32\.13 {3}\| node-to-node mesh \| up {4}\| \d\d:\d\d:\d\d \| Established \|\n/);
    expect(status.endsWith('IPv6 BGP status\nNo IPv6 peers found.\n\n')).toBe(true);
    const bird = (await run('birdcl show protocols')).out.split('\n');
    expect(bird[0]).toBe('BIRD v0.3.3+birdv1.6.8 ready.');
    expect(bird[1]).toBe('name     proto    table    state  since       info');
    expect(bird[2]).toMatch(/^static1  Static   master   up     \d\d:\d\d:\d\d {4}$/);
    expect(bird).toContainEqual(expect.stringMatching(/^Mesh_10_0_16_12 BGP      master   up     \d\d:\d\d:\d\d    Established   $/));
    expect((await run('ssh gateway birdcl show protocols')).status).toBe(1);
  });

  it('ipipMode CrossSubnet brings up tunl0 and routes node-3 through it; node-2 stays plain', async () => {
    const { run } = await boot();
    expect((await run('ip link show tunl0')).status).not.toBe(0);
    expect((await run(`kubectl patch ippool default-ipv4-ippool --type merge -p '{"spec":{"ipipMode":"CrossSubnet"}}'`)).status).toBe(0);
    const routes = (await run('ip route')).out.split('\n');
    expect(routes).toContain('10.244.0.128/26 via 10.0.32.13 dev tunl0 proto bird onlink ');
    expect(routes).toContain('10.244.0.64/26 via 10.0.16.12 dev eth0 proto bird ');
    expect((await run('ip link show tunl0')).out).toMatch(/^\d+: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n {4}link\/ipip 0\.0\.0\.0 brd 0\.0\.0\.0\n$/);
    expect((await run('ip -br addr show tunl0')).out).toMatch(/10\.244\.0\.\d+\/32/);
    expect((await run('ip -br link show tunl0')).out).toBe('tunl0@NONE       UNKNOWN        0.0.0.0 <NOARP,UP,LOWER_UP> \n');
    expect((await run('kubectl exec pod-a -- ping -c 1 -W 1 10.244.0.128')).status).toBe(0);
    const cap = (await run('tcpdump -nn -c 2 -i eth0 host 10.0.32.13 & kubectl exec pod-a -- ping -c 1 10.244.0.128; wait')).out;
    expect(cap).toMatch(/IP 10\.0\.16\.11 > 10\.0\.32\.13: IP 10\.244\.0\.1 > 10\.244\.0\.128: ICMP echo request, id \d+, seq 1, length 64/);
    expect(cap).toMatch(/IP 10\.0\.32\.13 > 10\.0\.16\.11: IP 10\.244\.0\.128 > 10\.244\.0\.1: ICMP echo reply, id \d+, seq 1, length 64/);
    // Back to Never: BIRD replaces the tunnel routes with recursive ones again.
    await run(`kubectl patch ippool default-ipv4-ippool --type merge -p '{"spec":{"ipipMode":"Never"}}'`);
    expect((await run('ip route')).out.split('\n')).toContain('10.244.0.128/26 via 10.0.16.1 dev eth0 proto bird ');
  });

  it('deleting a pod releases its address and its veth takes the /32 route with it', async () => {
    const { run, world } = await boot();
    const held = () => world.cluster!.calico!.blocks.flatMap((b) => [...b.allocations.values()]).filter((h) => h.startsWith('k8s-pod-network.'));
    const before = held();
    const sandbox = `k8s-pod-network.${world.cluster!.pods.get('default/pod-a')!.sandboxId}`;
    expect(before).toContain(sandbox);
    expect((await run('kubectl delete pod pod-a')).status).toBe(0);
    expect((await run('ip route')).out).not.toContain('cali5e1c4d6c68c');
    expect(held()).toEqual(before.filter((h) => h !== sandbox));
  });

  it('Felix enforces a NetworkPolicy in cali- chains: dispatch by interface, the policy chain\'s mark, drop otherwise', async () => {
    const { run } = await boot();
    await run(`kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-pod-a
spec:
  podSelector:
    matchLabels: { app: web }
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: { app: pod-a }
      ports:
        - { protocol: TCP, port: 80 }
EOF`);
    const web = (await run("kubectl get pods -l app=web --field-selector spec.nodeName=node-1 -o jsonpath='{.items[0].status.podIP}'")).out;
    const iface = (await run(`ip route get ${web}`)).out.match(/dev (cali[0-9a-f]{11})/)![1]!;
    expect((await run('iptables -S FORWARD')).out.split('\n')[1]).toBe('-A FORWARD -j cali-FORWARD');
    expect((await run('iptables -S cali-to-wl-dispatch')).out).toContain(`-A cali-to-wl-dispatch -o ${iface} -g cali-tw-${iface}\n`);
    const tw = (await run(`iptables -S cali-tw-${iface}`)).out.split('\n');
    const pi = tw.find((l) => /-j cali-pi-_[A-Z2-7]{19}$/.test(l))!.split(' -j ')[1]!;
    expect(pi).toHaveLength(28);
    expect(tw.slice(-2)).toEqual([`-A cali-tw-${iface} -j DROP`, '']);
    expect((await run(`iptables -S ${pi}`)).out).toContain(`-A ${pi} -s 10.244.0.1/32 -d ${web}/32 -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x10000/0x10000\n`);
    expect((await run(`kubectl exec pod-a -- curl -s -m 2 -o /dev/null -w '%{http_code}' ${web}`)).out).toBe('200');
    expect((await run(`kubectl exec pod-b -- curl -s -m 2 ${web}`)).status).toBe(28);
    // Without the policy the endpoint chain accepts again and its policy chain is gone.
    await run('kubectl delete networkpolicy web-from-pod-a');
    expect((await run(`iptables -S cali-tw-${iface}`)).out.split('\n').at(-2)).toBe(`-A cali-tw-${iface} -j ACCEPT`);
    expect((await run(`iptables -S ${pi}`)).status).not.toBe(0);
    expect((await run(`kubectl exec pod-b -- curl -s -m 2 -o /dev/null -w '%{http_code}' ${web}`)).out).toBe('200');
  });
});
