// The CNI portmap plugin chained after bridge (containernetworking/plugins
// plugins/meta/portmap/portmap_iptables.go, chain.go, utils.go): the nat chain layout it
// writes for a pod's hostPorts, the reachability of the pod on its node's address through
// CNI-HOSTPORT-DNAT, and DEL's teardown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNetns } from '../../net/netns.ts';
import { saveRule } from '../../net/netfilter/index.ts';
import type { Netns } from '../../net/types.ts';
import { createWorld } from '../../fabric/world.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { clusterScenario } from '../../scenarios/fixtures.ts';
import { createShell } from '../../shell/session.ts';
import { deleteObject } from '../store.ts';
import { reconcileAll } from '../reconcile.ts';
import { dnatChainName, portmapAdd, portmapDel, type PortMapping } from './portmap.ts';

const nat = (ns: Netns, chain: string): string[] =>
  (ns.netfilter.tables.get('nat')?.chains.get(chain)?.rules ?? []).map((r) => saveRule(chain, r));

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

describe('portmap ADD and DEL (iptables backend)', () => {
  const fresh = () => { const w = createWorld(1); return { w, ns: createNetns(w, 'node') }; };
  const web: PortMapping[] = [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }];

  it('writes the shared chains once and a CNI-DN chain per container, newest entry first', () => {
    const { w, ns } = fresh();
    portmapAdd(w, ns, 'cbr0', ID_A, { ip: '10.244.1.5', network: '10.244.1.0/24' }, web);
    portmapAdd(w, ns, 'cbr0', ID_B, { ip: '10.244.1.6', network: '10.244.1.0/24' }, [{ hostPort: 53, containerPort: 5353, protocol: 'udp', hostIP: '10.0.16.12' }]);
    const a = dnatChainName('cbr0', ID_A), b = dnatChainName('cbr0', ID_B);
    expect(nat(ns, 'PREROUTING')).toEqual(['-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT']);
    expect(nat(ns, 'OUTPUT')).toEqual(['-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT']);
    expect(nat(ns, 'POSTROUTING')).toEqual(['-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ']);
    expect(nat(ns, 'CNI-HOSTPORT-MASQ')).toEqual(['-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE']);
    expect(nat(ns, 'CNI-HOSTPORT-SETMARK')).toEqual(['-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000']);
    expect(nat(ns, 'CNI-HOSTPORT-DNAT')).toEqual([
      `-A CNI-HOSTPORT-DNAT -p udp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${ID_B}\\"" -m multiport --dports 53 -j ${b}`,
      `-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${ID_A}\\"" -m multiport --dports 8080 -j ${a}`,
    ]);
    expect(nat(ns, a)).toEqual([
      `-A ${a} -s 10.244.1.0/24 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`,
      `-A ${a} -s 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`,
      `-A ${a} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.244.1.5:80`,
    ]);
    expect(nat(ns, b)[2]).toBe(`-A ${b} -d 10.0.16.12/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.244.1.6:5353`);
  });

  it('is idempotent (InsertUnique) and does nothing without mappings', () => {
    const { w, ns } = fresh();
    portmapAdd(w, ns, 'cbr0', ID_A, { ip: '10.244.1.5', network: '10.244.1.0/24' }, []);
    expect(ns.netfilter.tables.get('nat')?.chains.has('CNI-HOSTPORT-DNAT') ?? false).toBe(false);
    portmapAdd(w, ns, 'cbr0', ID_A, { ip: '10.244.1.5', network: '10.244.1.0/24' }, web);
    portmapAdd(w, ns, 'cbr0', ID_A, { ip: '10.244.1.5', network: '10.244.1.0/24' }, web);
    expect(nat(ns, 'PREROUTING')).toHaveLength(1);
    expect(nat(ns, 'CNI-HOSTPORT-DNAT')).toHaveLength(1);
    expect(nat(ns, dnatChainName('cbr0', ID_A))).toHaveLength(3);
  });

  it('groups ports per protocol, protocols sorted, at most 15 per multiport rule (splitPortList)', () => {
    const { w, ns } = fresh();
    const maps = Array.from({ length: 17 }, (_, i) => ({ hostPort: 9000 + i, containerPort: 80, protocol: i % 2 ? 'udp' : 'tcp' }));
    portmapAdd(w, ns, 'cbr0', ID_A, { ip: '10.244.1.5', network: '10.244.1.0/24' }, [...maps, ...Array.from({ length: 8 }, (_, i) => ({ hostPort: 9100 + i, containerPort: 80, protocol: 'tcp' }))]);
    const entries = nat(ns, 'CNI-HOSTPORT-DNAT').map((l) => l.replace(/ -m comment --comment ".*?id: \\"a+\\""/, ''));
    // Inserted one by one at the top, so they read in reverse of the order generated.
    expect(entries.map((l) => l.split(' ')[3] + ':' + l.split('--dports ')[1]!.split(' ')[0]!.split(',').length)).toEqual(['udp:8', 'tcp:2', 'tcp:15']);
  });

  it('DEL removes the container chain and its entry, keeps the shared chains; never throws', () => {
    fc.assert(fc.property(fc.array(fc.record({ hostPort: fc.integer({ min: 1, max: 65535 }), containerPort: fc.integer({ min: 1, max: 65535 }),
      protocol: fc.constantFrom('tcp', 'udp', 'sctp'), hostIP: fc.option(fc.constantFrom('0.0.0.0', '10.0.16.12'), { nil: undefined }) }), { maxLength: 20 }), (maps) => {
      const { w, ns } = fresh();
      const clean = maps.map((m) => (m.hostIP ? m : { hostPort: m.hostPort, containerPort: m.containerPort, protocol: m.protocol }));
      portmapAdd(w, ns, 'cbr0', ID_A, { ip: '10.244.1.5', network: '10.244.1.0/24' }, clean);
      portmapAdd(w, ns, 'cbr0', ID_B, { ip: '10.244.1.6', network: '10.244.1.0/24' }, web);
      portmapDel(ns, 'cbr0', ID_A);
      portmapDel(ns, 'cbr0', ID_A);
      const chains = [...ns.netfilter.tables.get('nat')!.chains.keys()];
      expect(chains).not.toContain(dnatChainName('cbr0', ID_A));
      expect(chains).toContain(dnatChainName('cbr0', ID_B));
      expect(nat(ns, 'CNI-HOSTPORT-DNAT')).toHaveLength(1);
    }), { numRuns: 40 });
  });
});

const HOSTPORT_POD = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  nodeName: node-2
  containers:
    - name: nginx
      image: "nginx:1.27"
      ports: [{ containerPort: 80, hostPort: 8080 }]`;

describe('a hostPort pod on a booted cluster', () => {
  it('answers on its node address through CNI-HOSTPORT-DNAT, from another node and from its own; not after DEL', async () => {
    const r = bootScenario(clusterScenario({ nodes: 2, manifests: HOSTPORT_POD }), 3);
    if (typeof r === 'string') throw new Error(r);
    const w = r.world;
    const run = async (on: string, line: string) => {
      let out = '';
      await createShell(w, on).exec(line, (c) => { if (c.stream === 'stdout') out += c.text; });
      return out;
    };
    const rt = w.cluster!.pods.get('default/web')!;
    const chain = dnatChainName('cbr0', rt.sandboxId);
    expect(await run('node-2', 'iptables -t nat -S CNI-HOSTPORT-DNAT')).toContain(`-j ${chain}`);
    expect(await run('node-2', `iptables -t nat -S ${chain}`)).toContain(`-j DNAT --to-destination ${rt.ip}:80`);
    const code = `curl -s -m 2 -o /dev/null -w '%{http_code}' 10.0.16.12:8080`;
    expect(await run('node-1', code)).toBe('200');
    expect(await run('node-2', code)).toBe('200');
    // Without the jump from PREROUTING, nothing on node-2 listens on 8080.
    await run('node-2', 'iptables -t nat -D PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT');
    expect(await run('node-1', code)).toBe('000');
    deleteObject(w, 'Pod', 'default', 'web');
    for (let i = 0; i < 5 && w.cluster!.pods.has('default/web'); i++) { w.clock.ms += 60_000; reconcileAll(w); }
    expect(await run('node-2', 'iptables -t nat -S')).not.toContain('CNI-DN-');
  });
});
