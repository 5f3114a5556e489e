/**
 * kube-proxy against the reference lab, through the real netfilter model: the lab's node1 gets
 * kubelet's chains, kube-proxy's jump rules, flannel's rules and then kube-proxy's sync, in
 * the order the real components ran; every rule of the nat and filter tables must then print
 * (sandbox/net/netfilter's iptables-save form) exactly as golden/lab-node1.iptables-save.txt.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createWorld } from '../../fabric/world.ts';
import { createNetns } from '../../net/netns.ts';
import { iptablesRestore, saveRule, BUILTIN_CHAINS } from '../../net/netfilter/index.ts';
import type { Netns } from '../../net/types.ts';
import type { TableName } from '../../net/netfilter/types.ts';
import { ensureJumps, syncNode, restoreErrors } from './controller.ts';
import { svcPort } from './fixtures.test-helper.ts';
import { serviceChains } from './chain-names.ts';
import type { ProxyEntry } from './types.ts';

const golden = readFileSync(new URL('../../../../shared/reference-lab/golden/lab-node1.iptables-save.txt', import.meta.url), 'utf8');

const KUBELET = `*mangle
-N KUBE-IPTABLES-HINT
-N KUBE-KUBELET-CANARY
COMMIT
*nat
-N KUBE-KUBELET-CANARY
COMMIT
*filter
-N KUBE-KUBELET-CANARY
-N KUBE-FIREWALL
-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-I OUTPUT -j KUBE-FIREWALL
-I INPUT -j KUBE-FIREWALL
COMMIT
`;
const FLANNEL = `*nat
:FLANNEL-POSTRTG - [0:0]
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
COMMIT
*filter
:FLANNEL-FWD - [0:0]
-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT
-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT
COMMIT
`;

const web: ProxyEntry = {
  svc: svcPort({ nodePort: 30080 }),
  endpoints: [
    { ip: '10.244.1.2', port: 8080, nodeName: 'node1', ready: true, serving: true, terminating: false },
    { ip: '10.244.2.2', port: 8080, nodeName: 'node2', ready: true, serving: true, terminating: false },
  ],
};
const node1 = { nodeName: 'node1', nodeIP: '10.0.16.11', clusterCIDR: '10.244.0.0/16' };

/** A table as iptables-save lists it: chain lines sorted after the built-ins, then every rule. */
function saved(ns: Netns, table: TableName): string[] {
  const t = ns.netfilter.tables.get(table)!;
  const builtins = BUILTIN_CHAINS[table];
  const users = [...t.chains.keys()].filter((c) => !builtins.includes(c as never)).sort();
  return [...builtins, ...users].flatMap((c) => t.chains.get(c)!.rules.map((r) => saveRule(c, r)));
}
function goldenTable(table: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const l of golden.split('\n')) {
    if (l.startsWith('*')) cur = l.slice(1);
    else if (cur === table && l.startsWith('-A ')) out.push(l);
  }
  return out;
}

function labNode1() {
  const world = createWorld(1);
  const ns = createNetns(world, 'lab-node1');
  const ok = (r: ReturnType<typeof iptablesRestore>) => expect(r).toEqual({ ok: true });
  ok(iptablesRestore(world, ns, KUBELET, { noflush: true }));
  ensureJumps(ns);
  ok(iptablesRestore(world, ns, FLANNEL, { noflush: true }));
  return { world, ns };
}

describe('kube-proxy sync on the lab node', () => {
  it('leaves nat and filter exactly as the real node has them', () => {
    const { world, ns } = labNode1();
    expect(syncNode(world, ns, [web], node1)).toBe(true);
    expect(restoreErrors(world).get('node1')).toBeUndefined();
    expect(saved(ns, 'nat')).toEqual(goldenTable('nat'));
    expect(saved(ns, 'filter')).toEqual(goldenTable('filter'));
    const mangle = [...ns.netfilter.tables.get('mangle')!.chains.keys()].sort();
    expect(mangle).toEqual(['FORWARD', 'INPUT', 'KUBE-IPTABLES-HINT', 'KUBE-KUBELET-CANARY', 'KUBE-PROXY-CANARY', 'OUTPUT', 'POSTROUTING', 'PREROUTING']);
  });

  it('does nothing on a second sync with nothing changed and no period elapsed', () => {
    const { world, ns } = labNode1();
    syncNode(world, ns, [web], node1);
    expect(syncNode(world, ns, [web], node1)).toBe(false);
  });

  // Upstream: periodic syncs are partial (top-level chains and jumps only); a Service's own
  // chains are rewritten when it changes or at the hourly full sync (proxyutil.FullSyncPeriod).
  it('puts back a KUBE-SERVICES rule deleted by hand at the next periodic sync', () => {
    const { world, ns } = labNode1();
    syncNode(world, ns, [web], node1);
    ns.netfilter.tables.get('nat')!.chains.get('KUBE-SERVICES')!.rules.splice(0, 1);
    world.clock.ms += 29_000;
    expect(syncNode(world, ns, [web], node1)).toBe(false);
    world.clock.ms += 1_000;
    expect(syncNode(world, ns, [web], node1)).toBe(true);
    expect(saved(ns, 'nat')).toEqual(goldenTable('nat'));
  });

  it('leaves a rule deleted inside a KUBE-SVC chain gone until the hourly full sync', () => {
    const { world, ns } = labNode1();
    syncNode(world, ns, [web], node1);
    ns.netfilter.tables.get('nat')!.chains.get('KUBE-SVC-CDGGSHYLG3RE2FKL')!.rules.splice(1, 1);
    world.clock.ms += 30_000;
    expect(syncNode(world, ns, [web], node1)).toBe(true);
    expect(saved(ns, 'nat')).not.toEqual(goldenTable('nat'));
    world.clock.ms = 3_600_000;
    expect(syncNode(world, ns, [web], node1)).toBe(true);
    expect(saved(ns, 'nat')).toEqual(goldenTable('nat'));
  });

  it('does a full sync at once when a canary chain disappears (the iptables Monitor)', () => {
    const { world, ns } = labNode1();
    syncNode(world, ns, [web], node1);
    const nat = ns.netfilter.tables.get('nat')!;
    nat.chains.get('KUBE-SVC-CDGGSHYLG3RE2FKL')!.rules.splice(1, 1);
    nat.chains.delete('KUBE-PROXY-CANARY');
    expect(syncNode(world, ns, [web], node1)).toBe(true);
    expect(saved(ns, 'nat')).toEqual(goldenTable('nat'));
  });

  it('removes the chains of a deleted Service and REJECTs one without endpoints', () => {
    const { world, ns } = labNode1();
    syncNode(world, ns, [web], node1);
    syncNode(world, ns, [{ svc: web.svc, endpoints: [] }], node1);
    const nat = ns.netfilter.tables.get('nat')!;
    expect([...nat.chains.keys()].filter((c) => /^KUBE-(SVC|SEP|EXT)-/.test(c))).toEqual([]);
    expect(saved(ns, 'filter')).toContain('-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable');
  });

  it('a partial sync (one Service added, one changed) leaves the same rules as a full sync', () => {
    const { world, ns } = labNode1();
    const other: ProxyEntry = { svc: svcPort({ name: 'api', clusterIP: '10.96.0.77', portName: '' }), endpoints: [{ ip: '10.244.1.9', port: 9090, nodeName: 'node1', ready: true, serving: true, terminating: false }] };
    const web3: ProxyEntry = { ...web, endpoints: [...web.endpoints, { ip: '10.244.2.5', port: 8080, nodeName: 'node2', ready: true, serving: true, terminating: false }] };
    syncNode(world, ns, [web, other], node1);
    // Mark the unchanged Service's chain: a partial sync must leave it alone (not rewrite it).
    const apiSvc = ns.netfilter.tables.get('nat')!.chains.get(serviceChains('default/api', 'tcp').svc)!;
    apiSvc.rules[0]!.counters.packets = 5; // a rewritten (flushed) chain would start again from 0
    expect(syncNode(world, ns, [web3, other], node1)).toBe(true);
    expect(ns.netfilter.tables.get('nat')!.chains.get(apiSvc.name)!.rules[0]!.counters.packets).toBe(5);
    expect(ns.netfilter.tables.get('nat')!.chains.get('KUBE-SVC-CDGGSHYLG3RE2FKL')!.rules).toHaveLength(4);
    const fresh = labNode1();
    syncNode(fresh.world, fresh.ns, [web3, other], node1);
    expect(saved(ns, 'nat')).toEqual(saved(fresh.ns, 'nat'));
    expect(saved(ns, 'filter')).toEqual(saved(fresh.ns, 'filter'));
    expect(ns.netfilter.tables.get('nat')!.chains.get('KUBE-SEP-UIQK3OSOSTRHRPBX')).toBeDefined();
  });

  // iptables-restore (nft) applies its input as one transaction: when a rule the learner added
  // still jumps to a chain the sync deletes, the kernel refuses the `-X` (EBUSY) and nothing of
  // the sync is applied; kube-proxy logs "Failed to execute iptables-restore" and retries
  // (pkg/proxy/iptables/proxier.go syncProxyRules).
  it('a sync that iptables-restore refuses leaves every rule as it was and records the error', () => {
    const { world, ns } = labNode1();
    syncNode(world, ns, [web], node1);
    const svcChain = [...ns.netfilter.tables.get('nat')!.chains.keys()].find((c) => c.startsWith('KUBE-SVC-'))!;
    expect(iptablesRestore(world, ns, `*nat\n:MINE - [0:0]\n-A MINE -j ${svcChain}\nCOMMIT\n`, { noflush: true })).toEqual({ ok: true });
    const before = saved(ns, 'nat');
    syncNode(world, ns, [], node1);
    expect(saved(ns, 'nat')).toEqual(before);
    expect(restoreErrors(world).get('node1')).toMatch(/\S/);
  });
});
