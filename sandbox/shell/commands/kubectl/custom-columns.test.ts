// `kubectl get -o custom-columns` as kubectl v1.31 prints it: tabwriter columns (widest cell
// plus three, minimum six), `<none>` for a path that finds nothing, --no-headers, a header
// alone for an empty list, and kubectl's errors for a malformed spec.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { clusterScenario } from '../../../scenarios/fixtures.ts';
import { createShell } from '../../session.ts';
import { listObjects } from '../../../cluster/index.ts';
import { parseCustomColumns } from './custom-columns.ts';

const POD = (name: string, node: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: x}}
spec:
  nodeName: ${node}
  containers:
  - {name: c, image: nicolaka/netshoot, command: [sleep, infinity]}
`;

async function session() {
  const r = bootScenario(clusterScenario({ nodes: 2, manifests: `${POD('a', 'node-1')}---\n${POD('long-pod-name', 'node-2')}` }), 2);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
  const ip = (name: string) => (listObjects(r.world.cluster!, 'Pod', 'default').find((p) => p.metadata.name === name)!.status as { podIP: string }).podIP;
  return { run, ip };
}

describe('kubectl get -o custom-columns', () => {
  it('prints one padded row per object, from the objects\' state', async () => {
    const { run, ip } = await session();
    const r = await run('kubectl get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP');
    expect(r.status).toBe(0);
    expect(r.out).toBe(`NAME            IP\na               ${ip('a')}\nlong-pod-name   ${ip('long-pod-name')}\n`);
    const nh = await run('kubectl get pods --no-headers -o custom-columns=NAME:.metadata.name,IP:.status.podIP');
    expect(nh.out).toBe(`a               ${ip('a')}\nlong-pod-name   ${ip('long-pod-name')}\n`);
  });

  it('prints <none> for missing values, joins several with commas, relaxes the path', async () => {
    const { run } = await session();
    const r = await run('kubectl get pod a -o custom-columns=N:metadata.name,X:.status.nothing,C:{.spec.containers[*].name},L:.metadata.labels');
    expect(r.out).toBe('N     X        C     L\na     <none>   c     map[app:x]\n');
  });

  it('prints the header alone for no objects, and kubectl\'s errors for bad specs', async () => {
    const { run } = await session();
    expect(await run('kubectl get svc -n kube-public -o custom-columns=NAME:.metadata.name')).toEqual({ out: 'NAME\n', err: '', status: 0 });
    expect(await run('kubectl get pods -o custom-columns=NAME')).toEqual({
      out: '', err: 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n', status: 1,
    });
    expect(parseCustomColumns('')).toBe('custom-columns format specified but no custom columns given');
  });
});
