import { describe, expect, it } from 'vitest';
import { machineEnv, type Machine } from './world.ts';

const machine = (env: [string, string][], sharedEnv?: Machine['sharedEnv']): Machine =>
  ({ name: 'm', hostname: 'm', kind: 'pod', netns: 1, namedNetns: new Map(), files: new Map(), env: new Map(env), ...(sharedEnv ? { sharedEnv } : {}) });

describe('machineEnv: a machine environment with shared variables spliced in', () => {
  it('puts the shared variables after the first `at` entries and lets the rest of env override them in place', () => {
    const m = machine([['PATH', '/bin'], ['HOSTNAME', 'a'], ['HOME', '/root'], ['WEB_SERVICE_PORT', '8080'], ['MINE', '1']],
      { vars: ['WEB_SERVICE_HOST', '10.96.0.20', 'WEB_SERVICE_PORT', '80', 'WEB_PORT', 'tcp://10.96.0.20:80'], at: 3 });
    expect([...machineEnv(m)]).toEqual([
      ['PATH', '/bin'], ['HOSTNAME', 'a'], ['HOME', '/root'],
      ['WEB_SERVICE_HOST', '10.96.0.20'], ['WEB_SERVICE_PORT', '8080'], ['WEB_PORT', 'tcp://10.96.0.20:80'], ['MINE', '1'],
    ]);
  });

  it('returns a copy: changing it changes neither the machine nor the shared list', () => {
    const vars = ['A_SERVICE_HOST', '10.96.0.9'];
    const m = machine([['PATH', '/bin']], { vars, at: 1 });
    const env = machineEnv(m);
    env.set('A_SERVICE_HOST', 'x');
    env.delete('PATH');
    expect(vars).toEqual(['A_SERVICE_HOST', '10.96.0.9']);
    expect([...machineEnv(m)]).toEqual([['PATH', '/bin'], ['A_SERVICE_HOST', '10.96.0.9']]);
    expect([...machineEnv(machine([['X', '1']]))]).toEqual([['X', '1']]);
  });
});
