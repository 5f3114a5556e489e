/**
 * A pod whose image cannot be pulled, as a real cluster shows it: STATUS ErrImagePull, then
 * ImagePullBackOff, READY 0/1, RESTARTS 0; describe `Status: Pending` (kubelet getPhase: a
 * container waiting that never ran), `State: Waiting / Reason: ImagePullBackOff`, no
 * Container ID (no container was created).
 */
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import { getObject } from '../index.ts';
import { pullWaiting } from './image-pull.ts';
import { podPhase } from './container-exit.ts';

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); return out; };
  return { world: r.world, run };
}

describe('image pull failure', () => {
  it('shows ErrImagePull, then ImagePullBackOff, never a restart, and a Pending pod', async () => {
    const { world, run } = await setup();
    expect(await run('kubectl run bad --image=ngnix')).toBe('pod/bad created\n');
    expect(await run('kubectl get pod bad')).toMatch(/^bad\s+0\/1\s+ErrImagePull\s+0\s+0s$/m);
    await run('sleep 40');
    expect(await run('kubectl get pod bad')).toMatch(/^bad\s+0\/1\s+ImagePullBackOff\s+0\s+40s$/m);
    const d = await run('kubectl describe pod bad');
    expect(d).toMatch(/^Status:\s+Pending$/m);
    expect(d).toMatch(/^ {4}State:\s+Waiting\n {6}Reason:\s+ImagePullBackOff\n {4}Ready:\s+False\n {4}Restart Count:\s+0$/m);
    expect(d).not.toContain('Container ID:');
    const p = getObject(world.cluster!, 'Pod', 'default', 'bad')!;
    const st = p.status as { phase: string; containerStatuses: { state: { waiting: { message: string } }; containerID?: string }[] };
    expect(st.phase).toBe('Pending');
    expect(st.containerStatuses[0]!.state.waiting.message).toBe('Back-off pulling image "ngnix"');
    expect(st.containerStatuses[0]!.containerID).toBeUndefined();
  });

  it('keeps a pod with a running container and one that restarts Running (getPhase)', () => {
    expect(podPhase('Always', [{ state: { running: {} } }])).toBe('Running');
    expect(podPhase('Always', [{ state: { running: {} } }, { state: { waiting: {} } }])).toBe('Pending');
    expect(podPhase('Always', [{ state: { waiting: {} }, lastState: { terminated: {} } }])).toBe('Running');
    expect(pullWaiting('x', 'docker.io/library/x:latest', 5, 5).reason).toBe('ErrImagePull');
    expect(pullWaiting('x', 'docker.io/library/x:latest', 5, 6).reason).toBe('ImagePullBackOff');
  });
});
