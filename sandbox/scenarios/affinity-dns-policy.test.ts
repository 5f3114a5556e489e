// Two kube-proxy/kubelet behaviours on the default scenario:
// - sessionAffinity: ClientIP loads (kube-proxy's `-m recent` rules restore on every node)
//   and pins one client to one endpoint;
// - a pod's /etc/resolv.conf follows dnsPolicy and dnsConfig as the kubelet writes it.
import { describe, expect, it } from 'vitest';
import { bootScenario } from './index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';
import { restoreErrors } from '../cluster/kube-proxy/index.ts';

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    const { status } = await sh.exec(line, (c) => { out += c.text; });
    return { out, status };
  };
  return { run, world: r.world };
}

const AFFINITY = `apiVersion: v1
kind: Service
metadata:
  name: sticky
spec:
  selector: { app: echo }
  sessionAffinity: ClientIP
  ports:
    - port: 80
      targetPort: 8080
`;

describe('sessionAffinity: ClientIP (default scenario)', () => {
  it('loads on every node and sends one client to the same endpoint every time', async () => {
    const { run, world } = await setup();
    expect((await run(`kubectl apply -f - <<'EOF'\n${AFFINITY}EOF`)).status).toBe(0);
    expect([...restoreErrors(world).values()]).toEqual([]);
    const save = (await run('iptables-save -t nat')).out;
    expect(save).toMatch(/-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-\w{16} --mask 255\.255\.255\.255 --rsource -j KUBE-SEP-/);
    expect(save).toMatch(/-m recent --set --name KUBE-SEP-\w{16} --mask 255\.255\.255\.255 --rsource -m tcp -j DNAT/);
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const r = await run('kubectl exec toolbox -c netshoot -- curl -s http://sticky/hostname');
      expect(r.status).toBe(0);
      seen.add(r.out);
    }
    expect(seen.size).toBe(1);
    expect([...seen][0]).toMatch(/^echo-/);
  });
});

const pod = (name: string, extra: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${extra}  containers:
    - name: c
      image: busybox
      command: ["sleep", "infinity"]
`;

describe('pod resolv.conf follows dnsPolicy and dnsConfig', () => {
  it('ClusterFirst, Default, None with dnsConfig, ClusterFirstWithHostNet', async () => {
    const { run } = await setup();
    const apply = async (y: string) => expect((await run(`kubectl apply -f - <<'EOF'\n${y}EOF`)).status).toBe(0);
    await apply(pod('p-first', ''));
    await apply(pod('p-default', '  dnsPolicy: Default\n'));
    await apply(pod('p-none', '  dnsPolicy: None\n  dnsConfig:\n    nameservers: ["1.1.1.1"]\n    searches: ["corp.example"]\n    options:\n      - name: ndots\n        value: "2"\n'));
    await apply(pod('p-host', '  hostNetwork: true\n  dnsPolicy: ClusterFirstWithHostNet\n'));
    await apply(pod('p-host-default', '  hostNetwork: true\n'));
    const rc = async (p: string) => (await run(`kubectl exec ${p} -- cat /etc/resolv.conf`)).out;
    expect(await rc('p-first')).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(await rc('p-default')).toBe('nameserver 10.0.16.1\n');
    expect(await rc('p-none')).toBe('search corp.example\nnameserver 1.1.1.1\noptions ndots:2\n');
    expect(await rc('p-host')).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(await rc('p-host-default')).toBe('nameserver 10.0.16.1\n');
  });
});
