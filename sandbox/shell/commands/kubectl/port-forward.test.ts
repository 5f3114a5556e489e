// kubectl port-forward as kubectl v1.31 behaves. Sources: kubectl's
// pkg/cmd/portforward/portforward.go (Complete: the pod behind a Service/Deployment,
// translateServicePortToTargetPort, "unable to forward port because pod is not running"),
// client-go tools/portforward/portforward.go (parsePorts, parseAddresses, "Forwarding from",
// "Handling connection for", "Unable to listen on port", "lost connection to pod"), kubectl's
// pkg/util/service_port.go ("Service X does not have a service port N"), containerd's
// sandbox_portforward_linux.go (dials localhost:PORT inside the pod's netns), and the docs page
// https://kubernetes.io/docs/tasks/access-application-cluster/port-forward-access-application-cluster/.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell, type Shell } from '../../session.ts';
import { runLine } from '../../test-run-line.ts';
import { parseIpv4 } from '../../../wire/index.ts';

function session() {
  const b = bootScenario(scenarioText('default')!, 3);
  if (typeof b === 'string') throw new Error(b);
  const sh = createShell(b.world, 'node-1');
  const run = (line: string) => runLine(b.world, sh, line);
  const podNames = (label: string) => [...b.world.cluster!.objects.get('Pod')!.values()].filter((p) => p.metadata.labels?.app === label).map((p) => p.metadata.name);
  return { world: b.world, sh, run, podNames };
}

describe('kubectl port-forward', () => {
  it('listens on kubectl\'s machine, relays a curl into the pod, and goes away with Ctrl-C', async () => {
    const s = session();
    const pod = s.podNames('web')[0]!;
    const r = await s.run(`kubectl port-forward pod/${pod} 8080:80 & sleep 1; ss -tln | grep 8080; curl -s localhost:8080 | grep title; kill %1; wait`);
    expect(r.out).toContain('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    expect(r.out).toMatch(/LISTEN 0 +4096 +127\.0\.0\.1:8080 +0\.0\.0\.0:\*/);
    expect(r.out).toContain('Handling connection for 8080\n');
    expect(r.out).toContain('<title>Welcome to nginx!</title>');
    expect((await s.run('ss -tln | grep -c 8080')).out).toBe('0\n');
  });

  it('delivers to localhost inside the pod, so a deny-all NetworkPolicy does not stop it', async () => {
    const s = session();
    // The web pod on node-2: node-1's own pods stay reachable from node-1 (policy implementations allow the local host).
    const pod = s.podNames('web').find((n) => s.world.cluster!.pods.get(`default/${n}`)?.node === 'node-2')!;
    await s.run(`kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec: {podSelector: {}, policyTypes: [Ingress]}
EOF`);
    const ip = (await s.run(`kubectl get pod ${pod} -o jsonpath='{.status.podIP}'`)).out;
    expect((await s.run(`curl -s -m 2 ${ip}`)).status).not.toBe(0);
    const r = await s.run(`kubectl port-forward ${pod} 8080:80 & sleep 1; curl -s localhost:8080 | grep -c nginx; kill %1`);
    expect(r.out).toMatch(/Handling connection for 8080\n[1-9]\d*\n/);
  });

  it('resolves svc/ to one pod and the Service port to its targetPort; a missing port is kubectl\'s error', async () => {
    const s = session();
    await s.run('kubectl expose deploy/web --port=8000 --target-port=80');
    const r = await s.run('kubectl port-forward svc/web 9000:8000 & sleep 1; curl -s localhost:9000 | grep -c title; kill %1');
    expect(r.out).toContain('Forwarding from 127.0.0.1:9000 -> 80\n');
    expect(r.out).toContain('Handling connection for 9000\n1\n');
    const bad = await s.run('kubectl port-forward svc/web 9000:80');
    expect(bad.status).toBe(1);
    expect(bad.err).toContain('error: Service web does not have a service port 80\n');
    expect((await s.run('kubectl port-forward service/nope 80')).err).toBe('Error from server (NotFound): services "nope" not found\n');
  });

  it('a server bound only to the pod IP refuses the dial: containerd\'s error, then lost connection', async () => {
    const s = session();
    const rt = s.world.cluster!.pods.get('default/toolbox')!;
    // A test server bound to the pod's address only (as `python3 -m http.server --bind POD_IP` would be).
    s.world.netns.get(rt.netns)!.listeners.push({ proto: 'tcp', addr: parseIpv4(rt.ip)!, port: 7000, serve: { app: 'python-http', params: { name: 'bound' } } });
    expect((await s.run(`curl -s ${rt.ip}:7000`)).out).toContain('bound');
    const r = await s.run('kubectl port-forward toolbox 7000 & sleep 1; curl -s localhost:7000; echo "curl=$?"; sleep 1; jobs');
    expect(r.out).toContain('Handling connection for 7000\n');
    expect(r.out).toContain('curl=52\n');
    expect(r.out + r.err).toContain('Exit 1                  kubectl port-forward toolbox 7000');
    expect(r.err).toMatch(/^E\d{4} [\d:.]+ +4321 portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding 7000 -> 7000: error forwarding port 7000 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]+\\": failed to connect to localhost:7000 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:7000: connect: connection refused IPv6 dial tcp6 \[::1\]:7000: connect: connection refused "\nerror: lost connection to pod\n/m);
    expect(s.world.netns.get(s.sh.place().netns.id)!.listeners.some((l) => l.port === 7000)).toBe(false);
  });

  it('fails as kubectl does: a port in use, a pod not running, bad ports and addresses', async () => {
    const s = session();
    const pod = s.podNames('web')[0]!;
    const busy = await s.run(`kubectl port-forward ${pod} 8080:80 & sleep 1; kubectl port-forward ${pod} 8080:80; echo "status=$?"; kill %1`);
    expect(busy.err).toContain('Unable to listen on port 8080: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use unable to create listener: Error listen tcp6 [::1]:8080: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{8080 80}]\n');
    expect(busy.out).toContain('status=1\n');
    await s.run('kubectl run bad --image=ngnix:1.27');
    expect((await s.run('kubectl port-forward bad 80')).err).toBe('error: unable to forward port because pod is not running. Current status=Pending\n');
    expect((await s.run(`kubectl port-forward ${pod} 99999:80`)).err).toBe('error: error parsing local port \'99999\': strconv.ParseUint: parsing "99999": value out of range\n');
    expect((await s.run(`kubectl port-forward ${pod} 80:http`)).err).toBe(`error: Pod '${pod}' does not have a named port 'http'\n`);
    expect((await s.run(`kubectl port-forward ${pod} --address nohost 80`)).err).toBe('error: nohost is not a valid IP\n');
    expect((await s.run(`kubectl port-forward ${pod}`)).err).toBe("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n");
    const addr = await s.run(`kubectl port-forward ${pod} 8081:80 --address 10.9.9.9`);
    expect(addr.err).toBe('Unable to listen on port 8081: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 10.9.9.9:8081: bind: cannot assign requested address]\nerror: unable to listen on any of the requested ports: [{8081 80}]\n');
  });

  it('picks a random local port for :REMOTE and listens on every --address', async () => {
    const s = session();
    const pod = s.podNames('web')[0]!;
    const r = await s.run(`kubectl port-forward ${pod} :80 --address 0.0.0.0 & sleep 1; ss -tln | grep -c 0.0.0.0:; kill %1`);
    const m = /Forwarding from 0\.0\.0\.0:(\d+) -> 80\n/.exec(r.out);
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(32768);
    expect(r.out).not.toContain('[::1]');
    // From the other node, through the LAN, to node-1's 0.0.0.0 listener.
    const remote = await s.run(`kubectl port-forward ${pod} 8090:80 --address 0.0.0.0 & sleep 1; ssh node-2 curl -s 10.0.16.11:8090 | grep -c title; kill %1`);
    expect(remote.out).toContain('Handling connection for 8090\n1\n');
  });
});
