// Booting from a world image (written at build time, src/pages/worlds/) must give exactly the
// world that building gives, for every scenario: the same values, Map orders, seeded state and
// sharing between objects, so the learner's first command cannot tell the two apart.
import { describe, expect, it } from 'vitest';
import { encodeGraph } from '../core/index.ts';
import { buildWorld } from '../scenarios/build.ts';
import { readScenario } from '../scenarios/load.ts';
import { scenarioNames, scenarioText } from '../../scripts/lesson-files.ts';
import { createSandbox } from './sandbox.ts';
import { worldFromImage, worldImage } from './world-image.ts';
import type { ScenarioSpec } from '../scenarios/schema.ts';

function specOf(name: string): ScenarioSpec {
  const r = readScenario(scenarioText(name)!, `content/scenarios/${name}.yaml`);
  if (!r.ok) throw new Error(r.error);
  return r.spec;
}

/** What a learner sees: the first prompt, a few commands' output and statuses, and a Check. */
async function transcript(spec: ScenarioSpec, image?: string): Promise<string> {
  const sb = createSandbox();
  const boot = sb.boot({ scenario: spec, ...(image === undefined ? {} : { image }) });
  expect(boot.from).toBe(image === undefined ? 'scenario' : 'image');
  let out = `${boot.prompt} ${boot.machines.join(',')}\n`;
  for (const line of ['ip route', 'ip -br addr', 'iptables-save | grep -c -- -A', 'kubectl get pods -A -o wide', 'echo $RANDOM']) {
    const r = await sb.exec(line, (c) => { out += c.text; });
    out += `[${r.status}] ${r.entry?.changed === true}\n`;
  }
  const check = sb.check({ id: 'x', title: 't', hints: [], checks: [{ reach: { from: boot.machines[0], to: '10.244.1.2', proto: 'icmp' }, expect: true }] });
  return `${out}${JSON.stringify(check)}\n${encodeGraph(sb.snapshot().data)}`;
}

describe('world images', () => {
  const names = scenarioNames();

  it('cover the scenario files', () => {
    expect(names).toContain('pod-ip-model');
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of names) {
    it(`restore exactly the world that building ${name} gives`, () => {
      const spec = specOf(name);
      const built = buildWorld(spec, 1);
      const restored = worldFromImage(worldImage(spec, 1), spec, 1);
      expect(restored).toStrictEqual(built);
      // Sharing too: one object reached by two paths in the built world is one object restored.
      expect(encodeGraph(restored)).toBe(encodeGraph(built));
    }, 30_000);
  }

  it('boot from an image as from the scenario: same prompt, output, check and world after', async () => {
    for (const name of ['pod-ip-model', 'services', 'network-policy', 'bare-host']) {
      const spec = specOf(name);
      expect(await transcript(spec, worldImage(spec))).toBe(await transcript(spec));
    }
  }, 60_000);

  it('are not taken for another scenario or seed (boot builds instead)', () => {
    const spec = specOf('pod-ip-model');
    const image = worldImage(spec, 1);
    expect(worldFromImage(image, spec, 2)).toBeUndefined();
    expect(worldFromImage(image, specOf('services'), 1)).toBeUndefined();
    const other = worldImage(specOf('services'), 1);
    const sb = createSandbox();
    const boot = sb.boot({ scenario: spec, image: other });
    expect(boot).toMatchObject({ scenario: spec.name, from: 'scenario' });
    expect(encodeGraph(sb.snapshot().data)).toBe(encodeGraph(bootedWorld(spec)));
  }, 30_000);
});

function bootedWorld(spec: ScenarioSpec): unknown {
  const sb = createSandbox();
  sb.boot({ scenario: spec });
  return sb.snapshot().data;
}
