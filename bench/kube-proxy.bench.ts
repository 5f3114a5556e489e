/**
 * The network control plane's figures, on a synthetic cluster of 100
 * nodes x 30 pods and 1,000 Services of 5 endpoints each:
 *  - kube-proxy: generating one node's iptables-restore payload (pure), and the whole path
 *    "1,000 Services stored -> EndpointSlices -> every node's rules loaded by
 *    iptables-restore into its netfilter";
 *  - DNS: `dig +short` in a pod of the default scenario, end to end (UDP through kube-proxy's
 *    DNAT to a CoreDNS pod and back), median of 50;
 *  - NetworkPolicy: evaluation cost per packet with 100 policies (compiled once).
 */
import { performance } from 'node:perf_hooks';
import '../sandbox/cluster/index.ts';
import { createWorld, type World } from '../sandbox/fabric/world.ts';
import { createNetns } from '../sandbox/net/netns.ts';
import { createCluster, createObject, deleteObject, type KubeObject } from '../sandbox/cluster/index.ts';
import { reconcileEndpoints } from '../sandbox/cluster/endpoints/controller.ts';
import { reconcileKubeProxy, restoreErrors } from '../sandbox/cluster/kube-proxy/controller.ts';
import { generateProxyRules } from '../sandbox/cluster/kube-proxy/rules.ts';
import { proxyEntriesOf } from '../sandbox/cluster/kube-proxy/from-api.ts';
import { compilePolicyCluster, policyAllows } from '../sandbox/cluster/network-policy/evaluate.ts';
import type { PolicyCluster } from '../sandbox/cluster/network-policy/types.ts';
import { bootScenario } from '../sandbox/scenarios/index.ts';
import { scenarioText } from '../scripts/lesson-files.ts';
import { createShell } from '../sandbox/shell/session.ts';

const NODES = Number(process.env.NODES ?? 100);
const PODS_PER_NODE = 30;
const SERVICES = 1000;
const EPS = 5;

const meta = (name: string, namespace?: string, labels?: Record<string, string>) =>
  ({ name, ...(namespace ? { namespace } : {}), uid: '', resourceVersion: '', creationTimestamp: '', ...(labels ? { labels } : {}) });
const ms = (t: number) => `${t.toFixed(1)} ms`;

function syntheticCluster(): World {
  const world = createWorld(1);
  world.cluster = createCluster();
  const c = world.cluster;
  createObject(world, { apiVersion: 'v1', kind: 'Namespace', metadata: meta('default') });
  for (let n = 0; n < NODES; n++) {
    const name = `node-${n + 1}`;
    const ns = createNetns(world, name);
    world.machines.set(name, { name, hostname: name, kind: 'node', netns: ns.id, namedNetns: new Map(), files: new Map(), env: new Map() });
    c.nodes.set(name, { machine: name, ip: `10.0.${16 + (n >> 8)}.${(n & 255) + 11}`, nic: 'eth0', flannelPeers: new Map() });
    c.podCidrs.set(`10.244.${n}.0/24`, name);
  }
  // 3,000 running, ready pods; Service i selects the 5 pods labelled svc=s<i>.
  for (let i = 0; i < NODES * PODS_PER_NODE; i++) {
    const node = i % NODES;
    const ip = `10.244.${node}.${Math.floor(i / NODES) + 2}`;
    const p = {
      apiVersion: 'v1', kind: 'Pod', metadata: meta(`p${i}`, 'default', { svc: `s${Math.floor(i / EPS)}` }),
      spec: { nodeName: `node-${node + 1}`, containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] },
      status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '', lastProbeTime: null }] },
    } as KubeObject;
    createObject(world, p);
  }
  return world;
}

function addServices(world: World): void {
  for (let i = 0; i < SERVICES; i++) {
    createObject(world, {
      apiVersion: 'v1', kind: 'Service', metadata: meta(`s${i}`, 'default'),
      spec: { clusterIP: `10.96.${4 + (i >> 8)}.${i & 255}`, selector: { svc: `s${i % 600}` }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
  }
}

// --- kube-proxy -------------------------------------------------------------------------
{
  const world = syntheticCluster();
  addServices(world);
  let t = performance.now();
  reconcileEndpoints(world.cluster!, world);
  const tEndpoints = performance.now() - t;
  const entries = proxyEntriesOf(world.cluster!);
  const eps = entries.reduce((s, e) => s + e.endpoints.length, 0);
  t = performance.now();
  const one = generateProxyRules(entries, { nodeName: 'node-1', nodeIP: '10.0.16.11', clusterCIDR: '10.244.0.0/16' });
  const tOne = performance.now() - t;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  reconcileKubeProxy(world.cluster!, world);
  const tAll = performance.now() - t;
  const cpuAll = process.cpuUsage(cpu0);
  t = performance.now();
  const again = reconcileKubeProxy(world.cluster!, world);
  const tNoop = performance.now() - t;
  const natRules = [...world.netns.values()][0]!.netfilter.tables.get('nat')!;
  let rules = 0;
  for (const ch of natRules.chains.values()) rules += ch.rules.length;
  console.log(`kube-proxy: ${entries.length} Service ports, ${eps} endpoints, ${NODES} nodes (large cluster mode: ${one.largeClusterMode})`);
  console.log(`  EndpointSlice controller, 1,000 Services from 3,000 pods: ${ms(tEndpoints)}`);
  console.log(`  payload for one node (pure): ${ms(tOne)}, ${one.payload.split('\n').length} lines, ${(one.payload.length / 1024).toFixed(0)} KiB`);
  console.log(`  every node's rules in place (generate + iptables-restore x ${NODES}): ${ms(tAll)} (${ms(tAll / NODES)} per node; CPU ${ms((cpuAll.user + cpuAll.system) / 1000)}, which a loaded machine does not inflate), nat rules per node: ${rules}`);
  console.log(`  re-sync with nothing changed: ${ms(tNoop)} (changed: ${again})`);
  t = performance.now();
  deleteObject(world, 'Pod', 'default', 'p7');
  reconcileEndpoints(world.cluster!, world);
  reconcileKubeProxy(world.cluster!, world);
  const tOne1 = performance.now() - t;
  console.log(`  one pod deleted -> EndpointSlice updated -> partial sync on every node: ${ms(tOne1)}`);
  console.log(`  heap in use after the sync: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  if (restoreErrors(world).size) console.log(`  !! restore errors: ${[...restoreErrors(world).values()][0]}`);
}

// --- DNS end to end ---------------------------------------------------------------------
{
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const place = [...r.world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'));
  if (!place) throw new Error('no toolbox pod in the default scenario');
  const sh = createShell(r.world, place);
  const times: number[] = [];
  let out = '';
  for (let i = 0; i < 50; i++) {
    out = '';
    const t = performance.now();
    await sh.exec('dig +short kube-dns.kube-system.svc.cluster.local', (c) => { out += c.text; });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`DNS: dig +short from a pod, end to end: median ${ms(times[25]!)}, p90 ${ms(times[45]!)} (answer: ${out.trim()})`);
}

// --- NetworkPolicy evaluation ------------------------------------------------------------
{
  const pods = Array.from({ length: NODES * PODS_PER_NODE }, (_, i) => ({
    namespace: `ns${i % 10}`, name: `p${i}`, labels: { app: `a${i % 50}`, tier: i % 2 ? 'web' : 'db' }, ip: `10.244.${i % NODES}.${Math.floor(i / NODES) + 2}`,
    node: `node-${(i % NODES) + 1}`, ports: [{ name: 'http', containerPort: 80 }],
  }));
  const policies = Array.from({ length: 100 }, (_, i) => ({
    metadata: { name: `pol${i}`, namespace: `ns${i % 10}` },
    spec: {
      podSelector: { matchLabels: { app: `a${i % 50}` } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: `t${i % 3}` } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['web'] }] } }, { ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.1.0/24'] } }], ports: [{ port: 'http' }, { port: 8000, endPort: 8100 }] }],
    },
  }));
  const cluster: PolicyCluster = {
    namespaces: Array.from({ length: 10 }, (_, i) => ({ name: `ns${i}`, labels: { team: `t${i % 3}` } })),
    pods, nodeAddresses: new Map(), policies,
  };
  let t = performance.now();
  const compiled = compilePolicyCluster(cluster);
  const tCompile = performance.now() - t;
  const N = 200_000;
  let allowed = 0;
  t = performance.now();
  for (let i = 0; i < N; i++) {
    const a = pods[(i * 7919) % pods.length]!;
    const b = pods[(i * 104729) % pods.length]!;
    if (policyAllows(compiled, a.ip, b.ip, 80, 'TCP')) allowed++;
  }
  const tEval = performance.now() - t;
  console.log(`NetworkPolicy: 100 policies, ${pods.length} pods: compile ${ms(tCompile)}; ${((tEval * 1000) / N).toFixed(2)} us per packet (${N} packets, ${allowed} allowed)`);
}
