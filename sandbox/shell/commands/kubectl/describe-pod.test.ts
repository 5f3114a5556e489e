// `kubectl describe pod` for a pod with an init container, as pkg/describe's describePod lays
// it out: "Init Containers:" before "Containers:", and describeContainerState's Terminated
// block (Reason, Exit Code, Started, Finished) for istio-init, which ran to completion.
import { expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';
import { getObject } from '../../../cluster/index.ts';

it('shows the completed istio-init under Init Containers, before the containers', async () => {
  const r = bootScenario(scenarioText('mesh')!, 1);
  if (typeof r === 'string') throw new Error(r);
  let out = '';
  await createShell(r.world, 'node-1').exec('kubectl describe pod api', (c) => { if (c.stream === 'stdout') out += c.text; });
  const status = getObject(r.world.cluster!, 'Pod', 'default', 'api')!.status as { initContainerStatuses: { state: { terminated: { startedAt: string } } }[] };
  const started = new Date(status.initContainerStatuses[0]!.state.terminated.startedAt).toUTCString().replace('GMT', '+0000');
  const init = out.slice(out.indexOf('Init Containers:\n'), out.indexOf('Containers:\n  whoami:'));
  expect(out.indexOf('Init Containers:\n  istio-init:\n')).toBeGreaterThan(0);
  expect(init).toContain(`    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n      Started:      ${started}\n      Finished:     ${started}\n    Ready:          True\n`);
  expect(out.indexOf('Init Containers:')).toBeLessThan(out.indexOf('\nContainers:'));
});
