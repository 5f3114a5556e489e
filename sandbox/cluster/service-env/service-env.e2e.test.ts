/**
 * Service variables end to end (kubelet getServiceEnvVarMap, at container start): a container
 * sees the Services of its namespace and `default/kubernetes` that existed when it started,
 * not one created later, and keeps a deleted Service's variables until the pod is recreated.
 * Containers started with the same Services share one list (fabric SharedEnv), which is what
 * lets 3,000 pods with 1,000 Services fit in memory.
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { createShell } from '../../shell/session.ts';
import { containerMachineName } from '../index.ts';

const SCENARIO = `name: service-env
start: node-1
machines:
  - name: lan
    kind: external
    links:
      - { name: br0, kind: bridge, mac: "52:54:00:10:00:01" }
      - { name: sw-0, kind: veth, mac: "52:54:00:1f:00:00", master: br0, peer: { machine: node-1, name: eth0, mac: "52:54:00:20:00:00" } }
    addresses:
      - { dev: br0, cidr: 10.0.16.1/20, brd: true }
  - name: node-1
    kind: node
    addresses:
      - { dev: eth0, cidr: 10.0.16.11/20, brd: true }
    routes:
      - { dst: default, via: 10.0.16.1, dev: eth0 }
cluster:
  clusterCidr: 10.244.0.0/16
  serviceCidr: 10.96.0.0/12
  network: vxlan
  nodes:
    - { name: node-1 }
  manifests: |
    apiVersion: v1
    kind: Service
    metadata: { name: web }
    spec: { clusterIP: 10.96.0.20, selector: { app: web }, ports: [{ name: http, port: 80 }] }
    ---
    apiVersion: v1
    kind: Pod
    metadata: { name: early }
    spec:
      containers:
        - name: main
          image: busybox
          command: ["sleep", "infinity"]
          env: [{ name: WEB_SERVICE_PORT, value: "8080" }, { name: MINE, value: "1" }]
    ---
    apiVersion: v1
    kind: Pod
    metadata: { name: twin }
    spec: { containers: [{ name: main, image: busybox, command: ["sleep", "infinity"] }] }
`;

const LATE = `kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata: { name: late }
spec: { ports: [{ port: 9000 }] }
EOF`;

async function setup() {
  const r = bootScenario(SCENARIO, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); return out; };
  return { world: r.world, run };
}

describe('Service environment variables at container start', () => {
  it('shows the Services that existed at start, in the kubelet order, the container env winning in place', async () => {
    const { run } = await setup();
    expect(await run('kubectl exec early -- env')).toBe([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root', 'HOSTNAME=early',
      'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_SERVICE_PORT_HTTPS=443',
      'KUBERNETES_PORT=tcp://10.96.0.1:443', 'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443', 'KUBERNETES_PORT_443_TCP_PROTO=tcp',
      'KUBERNETES_PORT_443_TCP_PORT=443', 'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1',
      'WEB_SERVICE_HOST=10.96.0.20', 'WEB_SERVICE_PORT=8080', 'WEB_SERVICE_PORT_HTTP=80',
      'WEB_PORT=tcp://10.96.0.20:80', 'WEB_PORT_80_TCP=tcp://10.96.0.20:80', 'WEB_PORT_80_TCP_PROTO=tcp',
      'WEB_PORT_80_TCP_PORT=80', 'WEB_PORT_80_TCP_ADDR=10.96.0.20', 'MINE=1', 'PWD=/', '',
    ].join('\n'));
  });

  it('leaves out a Service created later and keeps a deleted one until the pod is recreated', async () => {
    const { run } = await setup();
    expect(await run(LATE)).toBe('service/late created\n');
    expect(await run('kubectl exec twin -- printenv LATE_SERVICE_HOST; echo $?')).toBe('command terminated with exit code 1\n1\n');
    expect(await run('kubectl delete service web')).toBe('service "web" deleted\n');
    expect(await run('kubectl exec twin -- printenv WEB_SERVICE_HOST')).toBe('10.96.0.20\n');
    await run('kubectl delete pod twin');
    await run('kubectl run twin --image=busybox -- sleep infinity');
    const fresh = await run('kubectl exec twin -- env');
    expect(fresh).toMatch(/^LATE_SERVICE_HOST=10\.\d+\.\d+\.\d+$/m);
    expect(fresh).not.toContain('WEB_');
  });

  it('shares one list among containers started with the same Services, and makes a new one after a change', async () => {
    const { world, run } = await setup();
    const early = world.machines.get(containerMachineName('default', 'early', 'main'))!;
    const twin = world.machines.get(containerMachineName('default', 'twin', 'main'))!;
    expect(twin.sharedEnv?.vars).toBe(early.sharedEnv?.vars);
    const before = [...early.sharedEnv!.vars];
    expect(await run(LATE)).toBe('service/late created\n');
    await run('kubectl run third --image=busybox -- sleep infinity');
    const third = world.machines.get(containerMachineName('default', 'third', 'third'))!;
    expect(third.sharedEnv?.vars).not.toBe(early.sharedEnv?.vars);
    expect(early.sharedEnv!.vars).toEqual(before);
    const copy = structuredClone(world);
    expect(copy.machines.get(twin.name)!.sharedEnv!.vars).toBe(copy.machines.get(early.name)!.sharedEnv!.vars);
  });
});
