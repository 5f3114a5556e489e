// The site boots from the scenario parsed at build time and shipped as JSON
// (src/components/LessonContent.astro); Node tools boot from the file's text. Both must give
// the same cluster, so a learner's page and `npm run sim` print the same.
import { describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.ts';
import { readScenario } from '../scenarios/load.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';

async function transcript(scenario: Parameters<ReturnType<typeof createSandbox>['boot']>[0]['scenario']): Promise<string> {
  const sb = createSandbox();
  const boot = sb.boot({ scenario, on: 'node-1' });
  let out = `${boot.scenario} ${boot.prompt} ${boot.machines.join(',')}\n`;
  for (const line of ['ip route', 'kubectl get pods -o wide', 'ip -d link show flannel.1', 'iptables-save -t nat | grep -c KUBE']) {
    const r = await sb.exec(line, (c) => { out += c.text; });
    out += `[${r.status}]\n`;
  }
  return out;
}

describe('boot from a parsed scenario', () => {
  it('builds the same cluster as from the file text, after a JSON round trip', async () => {
    const text = scenarioText('pod-ip-model')!;
    const parsed = readScenario(text, 'content/scenarios/pod-ip-model.yaml');
    if (!parsed.ok) throw new Error(parsed.error);
    const spec = JSON.parse(JSON.stringify(parsed.spec)) as typeof parsed.spec;
    const fromText = await transcript(text);
    expect(fromText).toContain('10.244.2.0/24');
    expect(await transcript(spec)).toBe(fromText);
  });
});
