// kubectl explain, laid out as kubectl 1.31's OpenAPI v3 plaintext template lays it out
// (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl): the header, FIELD with
// typeGuess and the long ENUM list, DESCRIPTION wrapped at 76 and indented 4 ending in a
// 4-space line, FIELDS sorted with `-required-` and the short `enum:` line, two newlines at
// the end; the template's errors. The descriptions are the sandbox's own (explain-schema.ts).
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { clusterScenario } from '../../../scenarios/fixtures.ts';
import { createShell } from '../../session.ts';
import { TYPES } from './explain-schema.ts';

async function run(line: string) {
  const r = bootScenario(clusterScenario({ nodes: 1 }), 1);
  if (typeof r === 'string') throw new Error(r);
  let out = '';
  let err = '';
  const { status } = await createShell(r.world, 'node-1').exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
  return { out, err, status };
}

const C = TYPES.ContainerPort!.fields;

describe('kubectl explain', () => {
  it('pod.spec.containers.ports: KIND/VERSION, FIELD, DESCRIPTION (field, then its type), FIELDS', async () => {
    const r = await run('kubectl explain pod.spec.containers.ports');
    expect(r.status).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 7)).toEqual(['KIND:       Pod', 'VERSION:    v1', '', 'FIELD: ports <[]ContainerPort>', '', '', 'DESCRIPTION:']);
    const fields = lines.indexOf('FIELDS:');
    expect(lines[fields - 1]).toBe('    ');
    expect(lines.slice(7, fields - 1).every((l) => l.startsWith('    ') && l.length <= 80)).toBe(true);
    expect(lines.slice(7, fields - 1).join(' ').replace(/ +/g, ' ').trim()).toBe(`${TYPES.Container!.fields.ports!.description} ${TYPES.ContainerPort!.description}`);
    expect(lines.slice(fields + 1, fields + 4)).toEqual(['  containerPort\t<integer> -required-', `    ${C.containerPort!.description}`, '']);
    expect(lines.filter((l) => /^ {2}\w/.test(l))).toEqual(['  containerPort\t<integer> -required-', '  hostIP\t<string>', '  hostPort\t<integer>', '  name\t<string>', '  protocol\t<string>', '  enum: SCTP, TCP, UDP']);
    expect(r.out.endsWith('\n\n\n')).toBe(true);
  });

  it('a leaf field with an enum: the long ENUM list and no FIELDS', async () => {
    const r = await run('kubectl explain po.spec.containers.ports.protocol');
    expect(r.out).toBe(`KIND:       Pod\nVERSION:    v1\n\nFIELD: protocol <string>\nENUM:\n    SCTP\n    TCP\n    UDP\n\nDESCRIPTION:\n    ${C.protocol!.description}\n    \n\n`);
  });

  it('a kind of a named group prints GROUP; maps and IntOrString are typed as typeGuess does', async () => {
    const r = await run('kubectl explain networkpolicies.spec.egress.ports');
    expect(r.out.startsWith('GROUP:      networking.k8s.io\nKIND:       NetworkPolicy\nVERSION:    v1\n\nFIELD: ports <[]NetworkPolicyPort>\n')).toBe(true);
    expect(r.out).toContain('\n  port\t<IntOrString>\n');
    expect((await run('kubectl explain svc.spec')).out).toContain('\n  selector\t<map[string]string>\n');
  });

  it('--recursive lists the field tree without descriptions', async () => {
    const r = await run('kubectl explain deployment.spec.template.spec --recursive');
    expect(r.out).toContain('FIELDS:\n  containers\t<[]Container> -required-\n    args\t<[]string>\n');
    expect(r.out).toContain('\n    ports\t<[]ContainerPort>\n      containerPort\t<integer> -required-\n');
  });

  it('fails as kubectl does: no resource, an unknown resource, an unknown field (named by the path\'s last element)', async () => {
    expect(await run('kubectl explain')).toMatchObject({ status: 1, err: 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n\nSee \'kubectl explain -h\' for help and examples\n' });
    expect(await run('kubectl explain foo')).toMatchObject({ status: 1, err: 'error: the server doesn\'t have a resource type "foo"\n' });
    expect(await run('kubectl explain pod.spec.foo.bar')).toMatchObject({ status: 1, err: 'error: field "bar" does not exist\n' });
    expect(await run('kubectl explain pod.spec.hostNetwork.x')).toMatchObject({ status: 1, err: 'error: field "x" does not exist\n' });
  });
});
