// The ingress controller on the default scenario: ingress-nginx installed as pods behind a
// LoadBalancer Service, Ingresses routing by Host and path (longest first, Exact before
// Prefix), the default backend's 404, the backend seeing the controller pod as its client
// with the internet client in X-Forwarded-For, and `kubectl get ingress` showing the address.
import { describe, expect, it } from 'vitest';
import { bootScenario } from './index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';
import { INGRESS_NGINX_MANIFEST } from '../cluster/ingress/index.ts';
import { listObjects } from '../cluster/index.ts';

const APPS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: who
spec:
  replicas: 1
  selector:
    matchLabels: { app: who }
  template:
    metadata:
      labels: { app: who }
    spec:
      containers:
        - name: whoami
          image: traefik/whoami
---
apiVersion: v1
kind: Service
metadata:
  name: who
spec:
  selector: { app: who }
  ports:
    - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - name: http
      port: 8080
      targetPort: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
spec:
  ingressClassName: nginx
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: { name: web, port: { name: http } }
          - path: /who
            pathType: Prefix
            backend:
              service: { name: who, port: { number: 80 } }
          - path: /exact
            pathType: Exact
            backend:
              service: { name: who, port: { number: 80 } }
`;

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const shell = (machine: string) => {
    const sh = createShell(r.world, machine);
    return async (line: string) => {
      let out = '';
      const { status } = await sh.exec(line, (c) => { out += c.text; });
      return { out, status };
    };
  };
  const node1 = shell('node-1');
  // The default scenario installs ingress-nginx at boot; applying the upstream manifest again changes nothing.
  expect((await node1(`kubectl apply -f - <<'EOF'\n${INGRESS_NGINX_MANIFEST}EOF`)).out).toContain('deployment.apps/ingress-nginx-controller unchanged');
  expect((await node1(`kubectl apply -f - <<'EOF'\n${APPS}EOF`)).status).toBe(0);
  return { world: r.world, node1, internet: shell('internet') };
}

describe('ingress-nginx (default scenario)', () => {
  it('publishes the controller\'s external IP on the Ingress (kubectl get ingress)', async () => {
    const { node1 } = await setup();
    const svc = (await node1('kubectl get svc -n ingress-nginx ingress-nginx-controller')).out;
    expect(svc).toMatch(/ingress-nginx-controller\s+LoadBalancer\s+\S+\s+203\.0\.113\.200\s+80:3\d{4}\/TCP/);
    expect((await node1('kubectl get ingressclass')).out).toMatch(/^NAME\s+CONTROLLER\s+PARAMETERS\s+AGE\nnginx\s+k8s\.io\/ingress-nginx\s+<none>\s+\S+\n$/);
    const r = await node1('kubectl get ingress');
    expect(r.out).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\nsite\s+nginx\s+web\.example\.com\s+203\.0\.113\.200\s+80\s+\S+\n$/);
  });

  it('routes by host and path from the internet; the backend sees the controller pod, XFF the client', async () => {
    const { internet, world } = await setup();
    const home = await internet("curl -s -H 'Host: web.example.com' http://203.0.113.200/");
    expect(home.out).toContain('<title>Welcome to nginx!</title>');
    const who = await internet("curl -s -H 'Host: web.example.com' http://203.0.113.200/who/am/i");
    expect(who.out).toMatch(/^Hostname: who-/);
    const ctl = listObjects(world.cluster!, 'Pod', 'ingress-nginx')[0]!;
    const ctlIp = (ctl.status as { podIP: string }).podIP;
    expect(who.out).toMatch(new RegExp(`RemoteAddr: ${ctlIp.replace(/\./g, '\\.')}:\\d+`));
    expect(who.out).toMatch(/X-Forwarded-For: 203\.0\.113\.254/);
    expect(who.out).toMatch(/X-Real-Ip: 203\.0\.113\.254/i);
    expect(who.out).toMatch(/GET \/who\/am\/i HTTP\/1\.1/);
    // Exact: only /exact itself; /exact/x falls to the Prefix / rule, whose nginx pod has no such
    // file (its own 404 names its version, unlike the ingress controller's).
    expect((await internet("curl -s -H 'Host: web.example.com' http://203.0.113.200/exact")).out).toMatch(/^Hostname: who-/);
    expect((await internet("curl -s -H 'Host: web.example.com' http://203.0.113.200/exact/x")).out).toMatch(/<center>nginx\/1\.\d+\.\d+<\/center>/);
    // /whoever is not under the /who path element.
    expect((await internet("curl -s -H 'Host: web.example.com' http://203.0.113.200/whoever")).out).toMatch(/<center>nginx\/1\.\d+\.\d+<\/center>/);
  });

  it('answers an unknown host with the default backend\'s 404 page', async () => {
    const { internet } = await setup();
    const r = await internet("curl -si -H 'Host: other.example.com' http://203.0.113.200/");
    expect(r.out).toMatch(/^HTTP\/1\.1 404 Not Found\r\nDate: .+ GMT\r\nContent-Type: text\/html\r\nContent-Length: 146\r\nConnection: keep-alive\r\n\r\n/);
    expect(r.out).toContain('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
  });
});
