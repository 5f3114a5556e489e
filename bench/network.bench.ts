/**
 * The network model's figures: a cluster of NODES nodes with 30 pods
 * each and SERVICES Services (default 1,000) of 5 endpoints each, built the way
 * a scenario is (machines on a LAN bridge, kubeadm objects, flannel VXLAN, 600 Deployments of
 * 5 agnhost pods started by the kubelet, every controller until quiescent, kube-proxy's
 * ~10,000 nat rules per node). It prints:
 *  - the time to build it and the heap it holds (after a full GC; run with --expose-gc, which
 *    this script re-executes itself with when needed; target under 500 MB);
 *  - `iptables-save` on one node: time and size;
 *  - `curl` from a node to a Service IP, end to end through the shell (median of CURLS runs;
 *    target under 20 ms), each answer checked: agnhost's /hostname must name a pod of the
 *    Service, or the figure would not be the cost of traversing the rules;
 *  - how that curl cost grows with the number of Services (10, 100, 1,000).
 * Environment: NODES (default 100, the scale), SERVICES, CURLS override the scale.
 * It fits because containers share their Service environment variables (~8,000 each with
 * 1,000 Services): one list per namespace and set of Services, referenced by every container
 * started with it (cluster/service-env, fabric SharedEnv), not a copy per container.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createSandbox } from '../sandbox/api/index.ts';

if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const gc = globalThis.gc as () => void;

const NODES = Number(process.env.NODES ?? 100);
const PODS_PER_NODE = 30;
const EPS = 5;
const DEPLOYMENTS = (NODES * PODS_PER_NODE) / EPS;
const CURLS = Number(process.env.CURLS ?? 50);
const ms = (t: number) => `${t.toFixed(1)} ms`;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const nodeName = (n: number) => `node-${n + 1}`;
const nodeIp = (n: number) => `10.0.${16 + ((n + 11) >> 8)}.${(n + 11) & 255}`;
const mac = (a: number, n: number) => `52:54:00:${a.toString(16).padStart(2, '0')}:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
const serviceIp = (i: number) => `10.96.${4 + (i >> 8)}.${i & 255}`;

/** The scenario file: a gateway bridging the nodes, the nodes, and the manifests. */
function scenario(nodes: number, services: number): string {
  const out: string[] = ['name: bench-network', 'start: node-1', 'machines:', '  - name: gateway', '    kind: external', '    links:',
    `      - { name: br0, kind: bridge, mac: "${mac(0x10, 1)}" }`];
  for (let n = 0; n < nodes; n++)
    out.push(`      - { name: sw-${n}, kind: veth, mac: "${mac(0x1f, n)}", master: br0, peer: { machine: ${nodeName(n)}, name: eth0, mac: "${mac(0x20, n)}" } }`);
  out.push('    addresses:', '      - { dev: br0, cidr: 10.0.16.1/20, brd: true }');
  for (let n = 0; n < nodes; n++) {
    out.push(`  - name: ${nodeName(n)}`, '    kind: node', '    addresses:', `      - { dev: eth0, cidr: ${nodeIp(n)}/20, brd: true }`,
      '    routes:', '      - { dst: default, via: 10.0.16.1, dev: eth0 }', '    sysctl:', '      net.ipv4.ip_forward: 1',
      '      net.bridge.bridge-nf-call-iptables: 1');
  }
  out.push('cluster:', '  clusterCidr: 10.244.0.0/16', '  serviceCidr: 10.96.0.0/12', '  network: vxlan', '  nodes:');
  for (let n = 0; n < nodes; n++) out.push(`    - { name: ${nodeName(n)} }`);
  out.push('  manifests: |');
  const docs: string[] = [];
  for (let d = 0; d < (nodes * PODS_PER_NODE) / EPS; d++) {
    docs.push([
      'apiVersion: apps/v1', 'kind: Deployment', `metadata: { name: d${d} }`, 'spec:', `  replicas: ${EPS}`, `  selector: { matchLabels: { app: d${d} } }`,
      '  template:', `    metadata: { labels: { app: d${d} } }`, '    spec:', '      containers:',
      '        - { name: agnhost, image: "registry.k8s.io/e2e-test-images/agnhost:2.52", args: ["netexec", "--http-port=8080"], ports: [{ containerPort: 8080 }] }',
    ].join('\n'));
  }
  for (let i = 0; i < services; i++) {
    docs.push([
      'apiVersion: v1', 'kind: Service', `metadata: { name: s${i} }`,
      `spec: { clusterIP: ${serviceIp(i)}, selector: { app: d${i % ((nodes * PODS_PER_NODE) / EPS)} }, ports: [{ port: 80, targetPort: 8080 }] }`,
    ].join('\n'));
  }
  out.push(...docs.join('\n---\n').split('\n').map((l) => `    ${l}`));
  return `${out.join('\n')}\n`;
}

interface Built { sb: ReturnType<typeof createSandbox>; buildMs: number }

function build(nodes: number, services: number): Built {
  const text = scenario(nodes, services);
  const t = performance.now();
  const sb = createSandbox();
  sb.boot({ scenario: text, on: 'node-1' });
  return { sb, buildMs: performance.now() - t };
}

async function run(sb: Built['sb'], line: string): Promise<{ out: string; status: number; ms: number }> {
  let out = '';
  const t = performance.now();
  const r = await sb.exec(line, (c) => { out += c.text; });
  return { out, status: r.status, ms: performance.now() - t };
}

/** Median time of `curl` to Service IPs spread over the table; each answer must be a pod of the Service. */
async function curlCost(sb: Built['sb'], services: number): Promise<{ median: number; p90: number }> {
  const times: number[] = [];
  for (let k = 0; k < CURLS; k++) {
    const i = Math.floor(((k + 0.5) * services) / CURLS);
    const r = await run(sb, `curl -s http://${serviceIp(i)}/hostname`);
    const want = new RegExp(`^d${i % DEPLOYMENTS}-[a-z0-9]+-[a-z0-9]+$`);
    if (r.status !== 0 || !want.test(r.out.trim())) throw new Error(`curl to s${i} (${serviceIp(i)}) answered ${JSON.stringify(r.out)} (status ${r.status}), not a pod of d${i % DEPLOYMENTS}`);
    times.push(r.ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: median(times), p90: sorted[Math.floor(sorted.length * 0.9)]! };
}

const SERVICES = Number(process.env.SERVICES ?? 1000);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const big = build(NODES, SERVICES);
gc();
const heapAfter = process.memoryUsage().heapUsed;
const save = await run(big.sb, 'iptables-save');
const natRules = save.out.split('\n').filter((l) => l.startsWith('-A KUBE-')).length;
console.log(`network: ${NODES} nodes x ${PODS_PER_NODE} pods, ${SERVICES} Services x ${EPS} endpoints (agnhost), flannel VXLAN`);
console.log(`  build (scenario boot: objects, pods started, every controller until quiescent): ${ms(big.buildMs)}`);
console.log(`  heap held by the cluster after GC: ${mib(heapAfter - heapBefore)} (process heap ${mib(heapAfter)}; target < 500 MB)`);
console.log(`  iptables-save on node-1: ${ms(save.ms)}, ${save.out.split('\n').length - 1} lines (${natRules} KUBE- rules), ${(save.out.length / 1024).toFixed(0)} KiB`);
const c = await curlCost(big.sb, SERVICES);
console.log(`  curl -s http://<Service IP>/hostname from node-1: median ${ms(c.median)}, p90 ${ms(c.p90)} over ${CURLS} Services (target < 20 ms; every answer named a pod of its Service)`);

// Growth with the number of Services: the same cluster size, fewer Services.
console.log('  curl cost by number of Services (same nodes and pods):');
console.log('    Services  nat rules  curl median  curl p90');
for (const n of [10, 100, SERVICES].filter((x, i, a) => x <= SERVICES && a.indexOf(x) === i)) {
  const b = n === SERVICES ? big : build(NODES, n);
  const s = await run(b.sb, 'iptables-save -t nat');
  const rules = s.out.split('\n').filter((l) => l.startsWith('-A ')).length;
  const k = await curlCost(b.sb, n);
  console.log(`    ${String(n).padStart(8)}  ${String(rules).padStart(9)}  ${ms(k.median).padStart(11)}  ${ms(k.p90).padStart(8)}`);
}
