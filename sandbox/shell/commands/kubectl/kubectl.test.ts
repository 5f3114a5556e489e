// kubectl's output and error texts, checked against what kubectl v1.31 prints: table layout
// (tabwriter, ages), flag parsing, apply/create/delete messages, validation errors, label,
// wait, exec into images without the binary, logs.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { clusterScenario } from '../../../scenarios/fixtures.ts';
import { createShell } from '../../session.ts';
import { parseArgs } from './args.ts';
import { formatTable, humanDuration, tabwrite } from './table.ts';
import { execJsonPath, parseJsonPath } from './jsonpath.ts';

async function session(manifests = '') {
  const r = bootScenario(clusterScenario({ nodes: 2, manifests }), 2);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
  return { world: r.world, sh, run };
}

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
        image: nginx:1.27`;

describe('layout helpers', () => {
  it('humanDuration follows apimachinery', () => {
    expect([5e3, 119e3, 125e3, 600e3, 3 * 3600e3 + 5 * 60e3, 30 * 3600e3, 3 * 86400e3 + 2 * 3600e3, 400 * 86400e3].map(humanDuration))
      .toEqual(['5s', '119s', '2m5s', '10m', '3h5m', '30h', '3d2h', '400d']);
  });
  it('formatTable pads each column to its widest cell plus three', () => {
    expect(formatTable([['NAME', 'READY', 'AGE'], ['nginx', '1/1', '5s']])).toBe('NAME    READY   AGE\nnginx   1/1     5s\n');
  });
  it('tabwrite aligns blocks of consecutive tabbed lines only', () => {
    expect(tabwrite('Name:\tx\nLong name:\ty\nIPs:\n  IP:\t1\n', 0, 2)).toBe('Name:       x\nLong name:  y\nIPs:\n  IP:  1\n');
  });
  it('parses flags as pflag does', () => {
    expect(parseArgs(['get', 'pods', '-nkube-system', '-owide', '--show-labels'])).toMatchObject({ positional: ['get', 'pods'] });
    expect(parseArgs(['exec', '-it', 'p', '--', 'sh', '-c', 'ls'])).toMatchObject({ positional: ['exec', 'p'], rest: ['sh', '-c', 'ls'] });
    expect(parseArgs(['get', '--bogus'])).toBe('unknown flag: --bogus');
    expect(parseArgs(['get', '-x'])).toBe("unknown shorthand flag: 'x' in -x");
  });
  it('runs jsonpath ranges and filters', () => {
    const doc = { items: [{ metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { metadata: { name: 'b' } }] };
    expect(execJsonPath(parseJsonPath('{range .items[*]}{.metadata.name}{"\\n"}{end}') as never, doc)).toBe('a\nb\n');
    expect(execJsonPath(parseJsonPath('{.items[0].status.conditions[?(@.type=="Ready")].status}') as never, doc)).toBe('True');
  });
});

describe('kubectl on the default scenario', () => {
  it('describes a Service with its ports and endpoints, and lists Endpoints port by port', async () => {
    const r = bootScenario(scenarioText('default')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const sh = createShell(r.world, 'node-1');
    let out = '';
    await sh.exec('kubectl describe svc -n kube-system kube-dns', (c) => { out += c.text; });
    expect(out).toMatch(/^Name: {21}kube-dns\nNamespace: {16}kube-system\n/);
    expect(out).toMatch(/\nPort: {21}dns  53\/UDP\nTargetPort: {15}53\/UDP\nEndpoints: {16}10\.244\.\d+\.\d+:53,10\.244\.\d+\.\d+:53\n/);
    out = '';
    await sh.exec('kubectl get endpoints -n kube-system kube-dns', (c) => { out += c.text; });
    expect(out).toMatch(/kube-dns +10\.244\.\d+\.\d+:53,10\.244\.\d+\.\d+:53,10\.244\.\d+\.\d+:53 \+ 3 more\.\.\. +42m\n$/);
  });
});

describe('kubectl selectors on fields', () => {
  it('filters by --field-selector spec.nodeName and sorts by --sort-by', async () => {
    const r = bootScenario(scenarioText('default')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const sh = createShell(r.world, 'node-1');
    let out = '';
    await sh.exec('kubectl get pods -A --field-selector spec.nodeName=node-2 -o jsonpath={.items[*].spec.nodeName}', (c) => { out += c.text; });
    expect(new Set(out.split(' '))).toEqual(new Set(['node-2']));
    out = '';
    await sh.exec("kubectl get pods --sort-by=.status.podIP -o jsonpath='{.items[*].status.podIP}'", (c) => { out += c.text; });
    const ips = out.split(' ');
    expect(ips).toEqual([...ips].sort());
  });
});

describe('kubectl against the sandbox', () => {
  it('applies multi-document YAML from stdin and reports each object', async () => {
    const { run } = await session();
    const r = await run(`kubectl apply -f - <<'EOF'\n${WEB}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\nEOF`);
    expect(r).toMatchObject({ out: 'deployment.apps/web created\nconfigmap/cfg created\n', status: 0 });
    const again = await run(`kubectl apply -f - <<'EOF'\n${WEB}\nEOF`);
    expect(again.out).toBe('deployment.apps/web unchanged\n');
    const pods = await run('kubectl get pods -l app=web -o name');
    expect(pods.out.trim().split('\n')).toHaveLength(2);
    expect(pods.out).toMatch(/^pod\/web-[4-9bcdf]{6,10}-[a-z0-9]{5}\n/);
  });

  it('rejects unknown fields with the strict decoding error and stores nothing', async () => {
    const { run } = await session();
    const r = await run(`kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    imagee: nginx\nEOF`);
    expect(r.err).toBe('Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"\n');
    expect(r.status).toBe(1);
    expect((await run('kubectl get pod p')).err).toBe('Error from server (NotFound): pods "p" not found\n');
  });

  it('explains a Deployment without a selector as the API server does', async () => {
    const { run } = await session();
    const r = await run(`kubectl create -f - <<'EOF'\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers: [{name: c, image: nginx}]\nEOF`);
    expect(r.err).toBe('The Deployment "d" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"d"}: `selector` does not match template `labels`\n');
  });

  it('reports AlreadyExists for create and a missing file for apply', async () => {
    const { run } = await session();
    expect((await run('kubectl create namespace team-a')).out).toBe('namespace/team-a created\n');
    expect((await run('kubectl create namespace team-a')).err).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists\n');
    expect((await run('kubectl get ns team-a --show-labels')).out).toMatch(/kubernetes\.io\/metadata\.name=team-a\n$/);
    expect(await run('kubectl apply -f nope.yaml')).toMatchObject({ err: 'error: the path "nope.yaml" does not exist\n', status: 1 });
  });

  it('labels with --overwrite and removes with key-', async () => {
    const { run } = await session();
    await run('kubectl run a --image=nginx');
    expect((await run('kubectl label pod a tier=web')).out).toBe('pod/a labeled\n');
    expect((await run('kubectl label pod a tier=db')).err).toBe("error: 'tier' already has a value (web), and --overwrite is false\n");
    expect((await run('kubectl label pod a tier=db --overwrite')).out).toBe('pod/a labeled\n');
    expect((await run('kubectl label pod a tier-')).out).toBe('pod/a unlabeled\n');
    expect((await run('kubectl get pod a --show-labels')).out).toMatch(/ run=a\n$/);
  });

  it('labels with a prefixed key and still takes TYPE/NAME as the target', async () => {
    const { run } = await session();
    await run('kubectl run a --image=nginx');
    expect((await run('kubectl label pod/a kubernetes.io/service-name=web')).out).toBe('pod/a labeled\n');
    expect((await run('kubectl get pod a --show-labels')).out).toMatch(/ kubernetes\.io\/service-name=web,run=a\n$/);
    expect((await run('kubectl label pod/a kubernetes.io/service-name-')).out).toBe('pod/a unlabeled\n');
  });

  it('scales, waits for Ready and restarts a rollout with new pods', async () => {
    const { run, world } = await session(WEB);
    expect((await run('kubectl scale deployment web --replicas=3')).out).toBe('deployment.apps/web scaled\n');
    const wait = await run('kubectl wait --for=condition=Ready pod -l app=web');
    expect(wait.out.trim().split('\n')).toHaveLength(3);
    expect(wait.out).toMatch(/^pod\/web-\S+ condition met\n/);
    const before = new Set(Object.values(Object.fromEntries(world.cluster!.pods)).map((p) => p.ip));
    expect((await run('kubectl rollout restart deployment/web')).out).toBe('deployment.apps/web restarted\n');
    const after = [...world.cluster!.pods.entries()].filter(([k]) => k.startsWith('default/web-')).map(([, p]) => p.ip);
    expect(after).toHaveLength(3);
    for (const ip of after) expect(before.has(ip)).toBe(false);
  });

  it('exec: one command, a missing binary, and -it into the shell', async () => {
    const { run, sh } = await session();
    await run('kubectl run who --image=traefik/whoami');
    await run('kubectl run bb --image=busybox -- sleep 3600');
    expect((await run('kubectl exec bb -- hostname')).out).toBe('bb\n');
    const miss = await run('kubectl exec who -- sh');
    expect(miss.status).toBe(1);
    expect(miss.err).toMatch(/^error: Internal error occurred: .*OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in \$PATH: unknown\n$/);
    expect((await run('kubectl exec bb sh')).err).toMatch(/^error: exec \[POD\] \[COMMAND\] is not supported anymore/);
    await run('kubectl exec -it bb -- sh');
    expect(sh.prompt()).toBe('/ # ');
    expect((await run('hostname')).out).toBe('bb\n');
    await run('exit');
    expect(sh.prompt()).toBe('root@node-1:~# ');
  });

  it('times out waiting for a pod whose image cannot be pulled', async () => {
    const { run, world } = await session();
    await run('kubectl run x --image=example.invalid/nope:1');
    expect((await run('kubectl get pod x')).out).toMatch(/^x +0\/1 +ErrImagePull +/m);
    const t0 = world.clock.ms;
    const r = await run('kubectl wait --for=condition=Ready pod/x --timeout=5s');
    expect(r).toMatchObject({ status: 1, err: 'error: timed out waiting for the condition on pods/x\n' });
    expect(world.clock.ms - t0).toBeGreaterThanOrEqual(5000);
  });

  it('prints container logs and NotFound for unknown pods', async () => {
    const { run } = await session(WEB);
    const logs = await run('kubectl logs deploy/web');
    expect(logs.err).toMatch(/^Found 2 pods, using pod\/web-/);
    expect(logs.out).toMatch(/Configuration complete; ready for start up\n/);
    expect((await run('kubectl logs nope')).err).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('answers unknown subcommands and resource types like kubectl', async () => {
    const { run } = await session();
    expect(await run('kubectl gte pods')).toMatchObject({ status: 1, err: 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\nRun \'kubectl --help\' for usage.\n'.replace('\tset\n', '') });
    expect((await run('kubectl get foos')).err).toBe('error: the server doesn\'t have a resource type "foos"\n');
    expect((await run('kubectl get pods -n empty')).err).toBe('No resources found in empty namespace.\n');
  });
});
