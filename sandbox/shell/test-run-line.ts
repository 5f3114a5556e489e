/**
 * Runs a line in a test shell; a line still running after a virtual minute gets Ctrl-C, as a
 * learner would give it (kubectl port-forward, ping, conntrack -E run until then). Tests only.
 */
import type { World } from '../fabric/world.ts';
import type { Shell } from './session.ts';

/** The line's stdout, stderr and status. */
export async function runLine(world: World, sh: Shell, line: string): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  const until = world.clock.ms + 60_000;
  let running = true;
  // Real-time polling: the sandbox has no DOM or Node typings (tsconfig), so the timer comes from globalThis.
  const timer = (globalThis as unknown as { setTimeout: (cb: () => void, ms: number) => unknown }).setTimeout;
  const poll = (): void => {
    if (!running) return;
    if (world.clock.ms >= until) sh.interrupt();
    timer(poll, 1);
  };
  poll();
  const r = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
  running = false;
  return { out, err, status: r.status };
}
