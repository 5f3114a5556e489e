// The node daemons as a learner reaches them with curl. Sources:
// kube-apiserver's anonymous access under kubeadm's RBAC (system:public-info-viewer: /healthz,
// /livez, /readyz, /version) and its Status bodies; /version's fields for v1.31.2
// (k8s.io/apimachinery pkg/version.Info, build facts of the released binary); Go's answer to
// plain HTTP on a TLS port (net/http server.go); curl 7.88's exit 60 text; kube-proxy's
// pkg/proxy/healthcheck proxy_health.go (/healthz body) and service_health.go (per-Service
// body, 200 with local endpoints, 503 without).
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { clusterScenario } from '../../scenarios/fixtures.ts';
import { createShell } from '../../shell/session.ts';
import { getObject } from '../store.ts';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {kubernetes.io/hostname: node-2}
      containers: [{name: c, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: tb}
spec:
  nodeName: node-1
  containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]`;

async function session() {
  const r = bootScenario(clusterScenario({ nodes: 2, manifests: MANIFESTS }), 2);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
  return { world: r.world, run };
}

describe('kube-apiserver', () => {
  it('answers /version through the kubernetes Service from a pod, with -k', async () => {
    const s = await session();
    const r = await s.run('kubectl exec tb -- curl -s -k https://kubernetes.default/version');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ major: '1', minor: '31', gitVersion: 'v1.31.2', gitCommit: '5864a4677267e6adeae276ad85882a8714d69d9d',
      gitTreeState: 'clean', buildDate: '2024-10-22T20:28:14Z', goVersion: 'go1.22.8', compiler: 'gc', platform: 'linux/amd64' });
    expect((await s.run('curl -sk https://10.96.0.1/healthz')).out).toBe('ok');
  });

  it('without -k curl fails verification (60); plain HTTP gets Go\'s 400', async () => {
    const s = await session();
    const r = await s.run('curl https://10.0.16.11:6443/version');
    expect(r.status).toBe(60);
    expect(r.err.split('\n')[0]).toBe('curl: (60) SSL certificate problem: unable to get local issuer certificate');
    expect((await s.run('curl -s http://10.0.16.11:6443/')).out).toBe('Client sent an HTTP request to an HTTPS server.\n');
  });

  it('refuses anonymous reads of resources with 403 and unknown tokens with 401', async () => {
    const s = await session();
    const f = JSON.parse((await s.run('curl -sk https://10.0.16.11:6443/api/v1/namespaces/default/pods')).out) as { code: number; message: string };
    expect(f.code).toBe(403);
    expect(f.message).toBe('pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"');
    const p = JSON.parse((await s.run('curl -sk https://10.0.16.11:6443/')).out) as { message: string };
    expect(p.message).toBe('forbidden: User "system:anonymous" cannot get path "/"');
    const u = await s.run("curl -sk -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer nope' https://10.0.16.11:6443/api");
    expect(u.out).toBe('401');
  });

  it('runs only on the control-plane node; the kubelet answers 401 on every node', async () => {
    const s = await session();
    expect((await s.run('curl -sk https://10.0.16.12:6443/version')).status).toBe(7);
    expect((await s.run('curl -sk https://10.0.16.12:10250/pods')).out).toBe('Unauthorized');
  });
});

describe('kube-proxy', () => {
  it('serves /healthz on 10256 and the proxy mode on 127.0.0.1:10249', async () => {
    const s = await session();
    const h = await s.run('curl -s -i http://10.0.16.12:10256/healthz');
    expect(h.out).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\nX-Content-Type-Options: nosniff\r\n/);
    expect(h.out).toMatch(/\{"lastUpdated": "2026-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 UTC m=\+\d+\.\d{9}","currentTime": "[^"]+", "nodeEligible": true\}$/);
    expect((await s.run('curl -s 127.0.0.1:10249/proxyMode')).out).toBe('iptables');
    // The metrics port is bound to loopback only.
    expect((await s.run('curl -s -m 1 http://10.0.16.11:10249/proxyMode')).status).toBe(7);
  });

  it('answers a Local Service\'s healthCheckNodePort per node: 200 with the local count, 503 without', async () => {
    const s = await session();
    const port = (getObject(s.world.cluster!, 'Service', 'default', 'web')!.spec as { healthCheckNodePort: number }).healthCheckNodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    const on2 = await s.run(`curl -s -i http://10.0.16.12:${port}/`);
    expect(on2.out.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(on2.out.split('\r\n\r\n')[1]).toBe('{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "web"\n\t},\n\t"localEndpoints": 1,\n\t"serviceProxyHealthy": true\n}');
    const on1 = await s.run(`curl -s -i http://10.0.16.11:${port}/`);
    expect(on1.out.split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');
    expect(on1.out).toContain('"localEndpoints": 0');
    await s.run('kubectl scale deployment web --replicas=0');
    expect((await s.run(`curl -s -o /dev/null -w '%{http_code}' http://10.0.16.12:${port}/`)).out).toBe('503');
  });
});
