// kube-proxy's periodic resync on the default scenario: a rule deleted by hand stays deleted
// until virtual time crosses the sync period (30s), then kube-proxy puts it back; `sleep 29`
// from boot is not enough, `sleep 30` is. kubectl mutations also resync at once.
import { describe, expect, it } from 'vitest';
import { bootScenario } from './index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';
import { syncPeriodMs } from '../cluster/index.ts';

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    const { status } = await sh.exec(line, (c) => { out += c.text; });
    return { out, status };
  };
  return { run, world: r.world };
}

const JUMP = '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES';

describe('periodic resync (default scenario)', () => {
  it('puts back a hand-deleted kube-proxy rule once the sync period passes', async () => {
    const { run, world } = await setup();
    expect(syncPeriodMs(world)).toBe(30_000);
    expect((await run('iptables -t nat -S PREROUTING')).out).toContain(JUMP);
    expect((await run('iptables -t nat -D PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES')).status).toBe(0);
    const start = world.clock.ms % 30_000;
    // Just short of the next period boundary: still gone.
    await run(`sleep ${Math.max(0, 29 - Math.ceil(start / 1000))}`);
    expect((await run('iptables -t nat -S PREROUTING')).out).not.toContain(JUMP);
    await run('sleep 2');
    expect((await run('iptables -t nat -S PREROUTING')).out).toContain(JUMP);
  });

  it('restores a flushed KUBE-SERVICES chain on the next sync, so Service traffic works again', async () => {
    const { run } = await setup();
    expect((await run('iptables -t nat -F KUBE-SERVICES')).status).toBe(0);
    expect((await run('iptables -t nat -S KUBE-SERVICES')).out).toBe('-N KUBE-SERVICES\n');
    await run('sleep 30');
    expect((await run('iptables -t nat -S KUBE-SERVICES')).out).toContain('-j KUBE-SVC-');
  });
});
