/**
 * A Service with an SCTP port next to a TCP one (kube-proxy's proxier writes `-p sctp -m sctp`
 * rules as for any protocol): the node's restore succeeds, the SCTP port gets its chains, and
 * the TCP port keeps working. Before the iptables sctp match existed the whole restore failed
 * ("Couldn't load match `sctp'") and every Service on the node went stale.
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import type { World } from '../../fabric/world.ts';
import { createObject, reconcileAll } from '../index.ts';
import { restoreErrors } from './controller.ts';
import { walkPicture } from '../../api/pictures.ts';

async function run(world: World, place: string, line: string) {
  const sh = createShell(world, place);
  let out = '';
  let err = '';
  const rep = await sh.exec(line, (c) => { if (c.stream === 'stderr') err += c.text; else out += c.text; });
  return { out, status: rep.status, err };
}

describe('kube-proxy with an SCTP Service port', () => {
  it('writes sctp rules and keeps the TCP port of the same Service reachable', async () => {
    const r = bootScenario(scenarioText('default')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const world = r.world;
    createObject(world, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mixed', namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' },
      spec: { selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'sc', port: 9999, protocol: 'SCTP', targetPort: 9999 }] } });
    reconcileAll(world);
    expect([...restoreErrors(world).values()]).toEqual([]);
    const save = await run(world, 'node-1', 'iptables-save -t nat | grep default/mixed:sc');
    expect(save.out).toMatch(/^-A KUBE-SERVICES -d [\d.]+\/32 -p sctp -m comment --comment "default\/mixed:sc cluster IP" -m sctp --dport 9999 -j KUBE-SVC-\w{16}$/m);
    expect(save.out).toMatch(/-p sctp -m comment --comment "default\/mixed:sc" -m sctp -j DNAT --to-destination [\d.]+:9999/);
    const place = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const curl = await run(world, place, 'curl -sS -m 2 mixed/hostname');
    expect(curl.status).toBe(0);
    expect(curl.out).toMatch(/^echo-/);
  });
});

/**
 * An SCTP Service end to end: agnhost netexec's SCTP server (test/images/agnhost/netexec
 * startSCTPServer: one message, the answer, close) behind a ClusterIP, reached with
 * `socat - SCTP:svc:port` from a pod. kube-proxy's `-p sctp -m sctp` DNAT carries the INIT to
 * the pod (tcpdump on the node sees it before and after), conntrack keeps the flow's SCTP state,
 * a port nobody listens on answers ABORT (RFC 4960 8.4, sctp_sf_tabort_8_4_8) which socat
 * reports as "Connection refused", and NetworkPolicy SCTP ports decide what passes.
 */
describe('an SCTP Service, end to end', () => {
  const MANIFEST = `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata: { name: sctp-server, labels: { app: sctp } }
spec:
  containers:
    - name: agnhost
      image: registry.k8s.io/e2e-test-images/agnhost:2.52
      args: ["netexec", "--http-port=8080", "--sctp-port=9999"]
---
apiVersion: v1
kind: Service
metadata: { name: sctp-svc }
spec:
  selector: { app: sctp }
  ports: [{ name: sc, port: 9999, protocol: SCTP }, { name: http, port: 80, targetPort: 8080 }]
EOF
kubectl wait --for=condition=Ready pod/sctp-server --timeout=60s`;

  async function boot() {
    const r = bootScenario(scenarioText('default')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const world = r.world;
    expect((await run(world, 'node-1', MANIFEST)).status).toBe(0);
    const toolbox = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const jsonpath = async (what: string) => (await run(world, 'node-1', `kubectl get ${what}`)).out;
    return {
      world, toolbox,
      node: await jsonpath('pod toolbox -o jsonpath={.spec.nodeName}'),
      podIp: await jsonpath('pod sctp-server -o jsonpath={.status.podIP}'),
      clusterIp: await jsonpath('svc sctp-svc -o jsonpath={.spec.clusterIP}'),
    };
  }

  it('socat reaches the pod through the ClusterIP, DNATed by kube-proxy and tracked as SCTP', async () => {
    const { world, toolbox, node, podIp, clusterIp } = await boot();
    const sh = createShell(world, node);
    let dump = '';
    const capture = sh.exec('tcpdump -ni any -c 4 sctp', (c) => { dump += c.text; });
    // tcpdump captures from its "listening on" line on, as a learner waits for it.
    while (!dump.includes('listening on')) await new Promise((r) => setTimeout(r, 1));
    const ask = await run(world, toolbox, 'echo hostname | socat - SCTP:sctp-svc:9999');
    expect(ask).toEqual({ out: 'sctp-server', status: 0, err: '' });
    await capture;
    expect(dump).toContain(`> ${clusterIp}.9999: sctp (1) [INIT] [init tag: `);
    expect(dump).toContain(`> ${podIp}.9999: sctp (1) [INIT] [init tag: `);
    const ct = await run(world, node, 'conntrack -L -p sctp');
    // Right after the graceful shutdown: CLOSED, its reply tuple from the pod (DNAT), ASSURED.
    expect(ct.out).toMatch(new RegExp(`^sctp {5}132 \\d+ CLOSED src=[\\d.]+ dst=${clusterIp} sport=\\d+ dport=9999 src=${podIp} dst=[\\d.]+ sport=9999 dport=\\d+ \\[ASSURED\\] mark=0 use=1$`, 'm'));
    // The same Service's TCP port, and plain TCP, are untouched.
    expect((await run(world, toolbox, 'curl -sS -m 2 sctp-svc/hostname')).out).toBe('sctp-server');
    expect((await run(world, 'node-1', 'kubectl describe svc sctp-svc')).out).toMatch(/^Port: +sc +9999\/SCTP\nTargetPort: +9999\/SCTP\n/m);
    // The listener as ss shows it in the pod's namespace: Go's wildcard socket (`*:`), backlog
    // SOMAXCONN (128) as ishidawataru/sctp's ListenSCTP passes it.
    const netns = [...world.netns.values()].find((n) => n.listeners.some((l) => l.proto === 'sctp'))!;
    const podNode = (await run(world, 'node-1', 'kubectl get pod sctp-server -o jsonpath={.spec.nodeName}')).out;
    expect((await run(world, podNode, `ip netns exec ${netns.name} ss -Sln`)).out)
      .toBe('State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      128                *:9999            *:*          \n');
    // agnhost's other commands (echo, clientip: the client as the pod sees it).
    expect((await run(world, toolbox, 'echo echo Hello | socat - SCTP:sctp-svc:9999')).out).toBe('hello');
    expect((await run(world, toolbox, `echo clientip | socat - SCTP4:${podIp}:9999`)).out).toMatch(/^10\.244\.\d+\.\d+:\d+$/);
  });

  it('a port nobody serves answers ABORT: socat says "Connection refused" and the walk shows the ABORT', async () => {
    const { world, toolbox, podIp } = await boot();
    const r = await run(world, toolbox, `echo hostname | socat - SCTP:${podIp}:9998`);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(new RegExp(`^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d socat\\[\\d+\\] E connect\\(5, AF=2 ${podIp.replace(/\./g, '\\.')}:9998, 16\\): Connection refused\\n$`));
    const picture = walkPicture(world);
    expect(picture?.steps.some((s) => s.kind === 'reject' && s.what.startsWith('SCTP ABORT sent back'))).toBe(true);
  });

  it('NetworkPolicy SCTP ports: denied SCTP times out, an SCTP port (or protocol SCTP alone) lets it through, TCP keeps its own rule', async () => {
    const { world, toolbox } = await boot();
    const policy = (ports: string) => run(world, 'node-1', `kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: only }
spec:
  podSelector: { matchLabels: { app: sctp } }
  ingress: [{ ports: ${ports} }]
EOF`);
    await policy('[{ protocol: TCP, port: 8080 }]');
    const denied = await run(world, toolbox, 'echo hostname | socat - SCTP:sctp-svc:9999');
    expect([denied.status, denied.err.endsWith('Connection timed out\n')]).toEqual([1, true]);
    expect((await run(world, toolbox, 'curl -sS -m 2 sctp-svc/hostname')).out).toBe('sctp-server');
    await policy('[{ protocol: SCTP, port: 9999 }]');
    expect((await run(world, toolbox, 'echo hostname | socat - SCTP:sctp-svc:9999')).out).toBe('sctp-server');
    expect((await run(world, toolbox, 'curl -sS -m 2 sctp-svc/hostname')).status).not.toBe(0);
    await policy('[{ protocol: SCTP }]');
    expect((await run(world, toolbox, 'echo hostname | socat - SCTP:sctp-svc:9999')).out).toBe('sctp-server');
  });
});

describe('an SCTP hostPort', () => {
  it("is DNATed by the portmap plugin's -p sctp rules to the pod, from another node", async () => {
    const r = bootScenario(scenarioText('hostport')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const world = r.world;
    const applied = await run(world, 'node-1', `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata: { name: sctp-hp }
spec:
  nodeSelector: { kubernetes.io/hostname: node-2 }
  containers:
    - name: agnhost
      image: registry.k8s.io/e2e-test-images/agnhost:2.52
      args: ["netexec", "--sctp-port=9999"]
      ports: [{ containerPort: 9999, hostPort: 9999, protocol: SCTP }]
EOF
kubectl wait --for=condition=Ready pod/sctp-hp --timeout=60s`);
    expect(applied.status).toBe(0);
    expect((await run(world, 'node-2', 'iptables -t nat -S CNI-HOSTPORT-DNAT')).out).toMatch(/-p sctp -m comment --comment "dnat name: \\"cbr0\\" id: \\"\w+\\"" -m multiport --dports 9999 -j CNI-DN-\w+/);
    const nodeIp = (await run(world, 'node-1', `kubectl get node node-2 -o jsonpath='{.status.addresses[0].address}'`)).out;
    expect(await run(world, 'node-1', `echo hostname | socat - SCTP:${nodeIp}:9999`)).toEqual({ out: 'sctp-hp', status: 0, err: '' });
  });
});
