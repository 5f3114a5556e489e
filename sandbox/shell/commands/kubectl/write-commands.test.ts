// kubectl's writing subcommands as learners type them: patch (strategic,
// merge, json), annotate, set image, expose, create service|ingress, run --rm -i, edit.
// Messages follow kubectl v1.31 (staging/src/k8s.io/kubectl/pkg/cmd/{patch,annotate,set,
// expose,create,run}); results are read back from the API objects, not from the output.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { clusterScenario } from '../../../scenarios/fixtures.ts';
import { getObject } from '../../../cluster/index.ts';
import { createShell } from '../../session.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80}]
      - name: side
        image: busybox:1.36
        command: [sleep, infinity]`;

async function session() {
  const r = bootScenario(clusterScenario({ nodes: 2, manifests: WEB }), 2);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
  const deploy = () => getObject(r.world.cluster!, 'Deployment', 'default', 'web')!;
  const containers = () => (deploy().spec as { template: { spec: { containers: { name: string; image: string; ports?: unknown[] }[] } } }).template.spec.containers;
  return { world: r.world, run, deploy, containers };
}

describe('kubectl patch', () => {
  it('strategic merge keeps the other containers and merges on the name key', async () => {
    const s = await session();
    const r = await s.run(`kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}'`);
    expect(r).toMatchObject({ out: 'deployment.apps/web patched\n', status: 0 });
    expect(s.containers().map((c) => `${c.name}=${c.image}`)).toEqual(['nginx=nginx:1.28', 'side=busybox:1.36']);
    expect(s.containers()[0]!.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('merge patch replaces lists; the same patch again is "(no change)"', async () => {
    const s = await session();
    const p = `kubectl patch deploy web --type=merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"nginx:1.27"}]}}}}'`;
    expect((await s.run(p)).out).toBe('deployment.apps/web patched\n');
    expect(s.containers().map((c) => c.name)).toEqual(['only']);
    expect((await s.run(p)).out).toBe('deployment.apps/web patched (no change)\n');
  });

  it('json patch applies RFC 6902 operations and fails on a missing path without a change', async () => {
    const s = await session();
    expect((await s.run(`kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'`)).status).toBe(0);
    expect((s.deploy().spec as { replicas: number }).replicas).toBe(3);
    const rv = s.deploy().metadata.resourceVersion;
    const bad = await s.run(`kubectl patch deploy web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'`);
    expect(bad.status).toBe(1);
    expect(bad.err).toContain('remove operation does not apply: doc is missing path: "/spec/nope"');
    expect(s.deploy().metadata.resourceVersion).toBe(rv);
  });

  it('a patch the API server cannot decode is refused with its decoding error', async () => {
    const s = await session();
    const r = await s.run(`kubectl patch deploy web -p '{"spec":{"replicas":"three"}}'`);
    expect(r.err).toBe('Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n');
    expect((s.deploy().spec as { replicas: number }).replicas).toBe(2);
  });

  it('checks -p and --type as kubectl does, while logs keeps -p for --previous', async () => {
    const s = await session();
    expect((await s.run('kubectl patch deploy web')).err).toBe('error: must specify -p to patch\n');
    expect((await s.run(`kubectl patch deploy web --type=yaml -p '{}'`)).err).toBe('error: --type must be one of [json merge strategic], not "yaml"\n');
    expect((await s.run('kubectl logs -p nosuch')).err).toBe('Error from server (NotFound): pods "nosuch" not found\n');
  });
});

describe('kubectl annotate, set image, edit', () => {
  it('annotate refuses to overwrite without --overwrite, then overwrites', async () => {
    const s = await session();
    expect((await s.run('kubectl annotate deploy web team=blue')).out).toBe('deployment.apps/web annotated\n');
    const r = await s.run('kubectl annotate deploy web team=red');
    expect(r.err).toBe("error: --overwrite is false but found the following declared annotation(s): 'team' already has a value (blue)\n");
    await s.run('kubectl annotate deploy web team=red --overwrite');
    expect(s.deploy().metadata.annotations?.team).toBe('red');
    await s.run('kubectl annotate deploy web team-');
    expect(s.deploy().metadata.annotations?.team).toBeUndefined();
  });

  it('set image changes the named container and names a missing one', async () => {
    const s = await session();
    expect((await s.run('kubectl set image deployment/web nginx=nginx:1.29')).out).toBe('deployment.apps/web image updated\n');
    expect(s.containers()[0]!.image).toBe('nginx:1.29');
    expect((await s.run('kubectl set image deployment/web nope=x')).err).toBe('error: unable to find container named "nope"\n');
  });

  it('edit names patch and apply instead of pretending to open an editor', async () => {
    const s = await session();
    const r = await s.run('kubectl edit deployment web');
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/kubectl patch deployment web/);
    expect(r.err).toMatch(/kubectl apply -f/);
  });
});

describe('kubectl create deployment (pkg/cmd/create/create_deployment.go)', () => {
  it('labels and selects app=NAME, names containers after their images, runs the command after -- in each, gives --port to the first', async () => {
    const s = await session();
    const r = await s.run('kubectl create deployment api --image=registry.k8s.io/e2e-test-images/agnhost:2.52 --image=nginx:1.27 --replicas=2 --port=8080 -- /agnhost netexec');
    expect(r).toMatchObject({ out: 'deployment.apps/api created\n', status: 0 });
    const d = getObject(s.world.cluster!, 'Deployment', 'default', 'api')!;
    expect(d.metadata.labels).toEqual({ app: 'api' });
    const spec = d.spec as { replicas: number; selector: unknown; template: { spec: { containers: { name: string; command?: string[]; ports?: unknown[] }[] } } };
    expect([spec.replicas, spec.selector]).toEqual([2, { matchLabels: { app: 'api' } }]);
    expect(spec.template.spec.containers.map((c) => [c.name, c.command, c.ports?.length ?? 0])).toEqual([
      ['agnhost', ['/agnhost', 'netexec'], 1], ['nginx', ['/agnhost', 'netexec'], 0]]);
    expect(await s.run('kubectl create deployment x')).toMatchObject({ err: 'error: required flag(s) "image" not set\n', status: 1 });
  });
});

describe('kubectl expose and create service|ingress', () => {
  it('expose builds a Service from the workload selector and container ports', async () => {
    const s = await session();
    expect((await s.run('kubectl expose deployment web --type=NodePort')).out).toBe('service/web exposed\n');
    const svc = getObject(s.world.cluster!, 'Service', 'default', 'web')!;
    const spec = svc.spec as { selector: Record<string, string>; type: string; ports: { port: number; targetPort: number; nodePort?: number }[] };
    expect(spec.selector).toEqual({ app: 'web' });
    expect(spec.type).toBe('NodePort');
    expect(spec.ports).toMatchObject([{ port: 80, targetPort: 80 }]);
    expect(spec.ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    const eps = await s.run('kubectl get endpoints web -o jsonpath={.subsets[0].addresses[*].ip}');
    expect(eps.out.split(' ')).toHaveLength(2);
    expect((await s.run('kubectl expose node node-1 --port=80')).err).toBe('error: cannot expose a Node\n');
  });

  it('create service names ports P-T and selects app=NAME; create ingress makes Prefix paths from *', async () => {
    const s = await session();
    expect((await s.run('kubectl create service clusterip api --tcp=80:8080')).out).toBe('service/api created\n');
    const svc = getObject(s.world.cluster!, 'Service', 'default', 'api')!;
    expect(svc.spec).toMatchObject({ selector: { app: 'api' }, ports: [{ name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' }] });
    expect((await s.run('kubectl create service clusterip x')).err).toBe('error: at least one tcp port specifier must be provided\n');
    expect((await s.run(`kubectl create ingress web --class=nginx --rule='web.example/*=web:80' --rule='web.example/exact=web:80'`)).out)
      .toBe('ingress.networking.k8s.io/web created\n');
    const ing = getObject(s.world.cluster!, 'Ingress', 'default', 'web')!;
    expect((ing.spec as { rules: { http: { paths: { path: string; pathType: string }[] } }[] }).rules[0]!.http.paths.map((p) => `${p.path} ${p.pathType}`))
      .toEqual(['/ Prefix', '/exact Exact']);
  });
});

describe('kubectl run --rm -i', () => {
  it('runs the command in a new pod, prints its output and deletes the pod', async () => {
    const s = await session();
    const r = await s.run('kubectl run probe --image=busybox:1.36 --rm -i --restart=Never -- cat /etc/hostname');
    expect(r).toMatchObject({ out: 'probe\npod "probe" deleted\n', status: 0 });
    expect(getObject(s.world.cluster!, 'Pod', 'default', 'probe')).toBeUndefined();
  });

  it('a failing command ends with kubectl\'s terminated line and status 1; --rm needs -i', async () => {
    const s = await session();
    const r = await s.run('kubectl run probe --image=busybox:1.36 --rm -it --restart=Never -- false');
    expect(r.status).toBe(1);
    expect(r.err).toContain('pod default/probe terminated (Error)');
    expect((await s.run('kubectl run x --image=busybox:1.36 --rm -- true')).err).toBe('error: --rm should only be used for attached containers\n');
  });
});

describe('kubectl logs -l', () => {
  it('prints the last 10 lines of each matching pod (the selector default), prefixed with --prefix', async () => {
    const s = await session();
    const r = await s.run('kubectl logs -l app=web --prefix -c nginx');
    const lines = r.out.trim().split('\n');
    const pods = new Set(lines.map((l) => /^\[pod\/([^/]+)\/nginx\] /.exec(l)?.[1]));
    expect(pods.size).toBe(2);
    expect(pods.has(undefined)).toBe(false);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect((await s.run('kubectl logs -l app=nope')).err).toBe('No resources found in default namespace.\n');
  });
});
