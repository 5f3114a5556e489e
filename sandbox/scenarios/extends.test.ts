// `extends:` in scenario files: the merge rules the schema documents, the errors an author
// meets, and the five lesson scenarios rewritten over default.yaml building exactly the worlds
// they built when each repeated default.yaml in full.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { extendScenario } from './extends.ts';
import { readScenario } from './load.ts';
import { buildWorld } from './build.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';

const BASE = `name: base
description: the base
start: a
machines:
  - { name: a, sysctl: { x: 1, y: 2 }, addresses: [{ dev: lo, cidr: 10.0.0.1/8 }] }
  - { name: b, iptables: "*nat\\nCOMMIT\\n" }
  - { name: c }
cluster: { network: vxlan, networkPolicy: true, nodes: [{ name: a }], loadBalancer: { machine: b, pool: 10.1.0.0/28 } }
`;
const merged = (child: string): Record<string, unknown> => {
  const r = extendScenario(child, 'child.yaml', (n) => (n === 'base' ? BASE : undefined));
  if (!r.ok) throw new Error(r.error);
  return parse(r.text) as Record<string, unknown>;
};
const names = (d: Record<string, unknown>) => (d.machines as { name: string }[]).map((m) => m.name);

describe('extends', () => {
  it('replaces fields, merges objects field by field and removes what is null', () => {
    const d = merged('name: child\nextends: base\ncluster: { networkPolicy: false, loadBalancer: null }\n');
    expect(d).toMatchObject({ name: 'child', description: 'the base', start: 'a', cluster: { network: 'vxlan', networkPolicy: false, nodes: [{ name: 'a' }] } });
    expect(d).not.toHaveProperty('extends');
    expect(d.cluster).not.toHaveProperty('loadBalancer');
  });

  it('merges machines by name, keeping places, and inserts new ones after the one listed before', () => {
    const d = merged('name: child\nextends: base\nmachines:\n  - { name: a, sysctl: { x: 0 }, addresses: [] }\n  - { name: n }\n  - { name: b, iptables: null }\n  - { name: c, remove: true }\n');
    expect(names(d)).toEqual(['a', 'n', 'b']);
    const [a, , b] = d.machines as Record<string, unknown>[];
    expect(a).toEqual({ name: 'a', sysctl: { x: 0, y: 2 }, addresses: [] });
    expect(b).toEqual({ name: 'b' });
    expect(names(merged('name: child\nextends: base\nmachines:\n  - { name: first }\n'))).toEqual(['first', 'a', 'b', 'c']);
  });

  it('leaves a file without extends as it is', () => {
    expect(extendScenario(BASE, 'base.yaml', () => undefined)).toEqual({ ok: true, text: BASE });
  });

  it('names the file and the problem when the base is missing, circular or a machine is unknown', () => {
    const read = (n: string) => ({ loop: 'name: loop\nextends: loop\n', base: BASE })[n];
    expect(extendScenario('name: x\nextends: nope\n', 'x.yaml', read)).toEqual({ ok: false, error: 'x.yaml: extends: no scenario "nope" (content/scenarios/nope.yaml)' });
    expect(extendScenario('name: x\nextends: loop\n', 'x.yaml', read)).toMatchObject({ ok: false, error: expect.stringContaining('extends itself (loop -> loop)') });
    expect(extendScenario('name: x\nextends: base\nmachines:\n  - { name: z, remove: true }\n', 'x.yaml', read))
      .toEqual({ ok: false, error: 'x.yaml: machines: "z" is not in the base scenario, so it cannot be removed' });
  });

  it('is an error when a file with extends reaches the schema unresolved', () => {
    const r = readScenario('name: x\nextends: default\nmachines: [{ name: a }]\n', 'x.yaml');
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('x.yaml: extends:') });
  });
});

/** The commit before the lesson scenarios extended default.yaml. */
const BEFORE = '3722870';
/** Each rewritten file as the rewrite left it (git hash-object): a later edit changes its world on purpose. */
const REWRITTEN: Readonly<Record<string, string>> = {
  dns: '7077f54620b72c4d8958fb93710585e617a8b8b9',
  'network-policy': '2cf29f2b7486c4b8269da3c758b0ca2a3061acb0',
  egress: '3752479fb7254e02a3619e90acc91b30741fedb0',
  'pod-ip-model': 'accc2d3d8377f28c549072675701ab4ff086e27a',
  services: '83fcb8ef982259402e2c9c9c219eaf54b8426326',
};
const git = (...args: string[]): string | undefined => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // Outside a git checkout (or a shallow one) the history is not there to compare with.
    return undefined;
  }
};
/** A world as text: Maps and Sets spelled out, so two worlds compare field by field. */
const dump = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? { map: [...x] } : x instanceof Set ? { set: [...x] } : x));
const world = (text: string, file: string): string => {
  const r = readScenario(text, file);
  if (!r.ok) throw new Error(r.error);
  return dump(buildWorld(r.spec, 1));
};

describe('the lesson scenarios that extend default.yaml', () => {
  for (const [name, hash] of Object.entries(REWRITTEN)) {
    const file = `content/scenarios/${name}.yaml`;
    const before = git('show', `${BEFORE}:${file}`);
    const unchanged = git('hash-object', file)?.trim() === hash;
    it.skipIf(before === undefined || !unchanged)(`${name} builds the world it built before`, () => {
      expect(scenarioText(name)).not.toBe(before);
      expect(world(scenarioText(name)!, file)).toBe(world(before!, file));
    });
  }
});
