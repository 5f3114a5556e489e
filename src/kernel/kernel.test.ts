import { describe, expect, it, vi } from 'vitest';
import type { BootReport, ExecReport, JournalEntry, OutputChunk } from '../../sandbox/api/types.ts';
import { createKernel, KernelFailure, type Connection, type KernelEvent, type RemoteSandbox } from './kernel.ts';

/** An in-process stand-in for the worker: a tiny shell where `wait` never answers and `block` stalls everything. */
function fakeConnection(log: string[]) {
  let host = 'node-1';
  let sessions = 1;
  const stack: string[] = [];
  let fail: ((message: string) => void) | undefined;
  let terminated = false;
  let jobListener: ((chunk: OutputChunk) => void) | undefined;
  const prompt = (): string => `root@${host}:~# `;
  /** `block` stands for a worker stuck in a loop: from then on nothing answers. */
  let blocked = false;
  const never = new Promise<never>(() => undefined);
  const api: RemoteSandbox = {
    boot: async (options): Promise<BootReport> => {
      // The fake takes a name as text; the page passes the parsed spec (BootOptions.scenario).
      const scenario = typeof options.scenario === 'string' ? options.scenario : options.scenario.name;
      log.push(`boot ${scenario}`);
      host = options.on ?? 'node-1';
      return { scenario, prompt: prompt(), machines: ['node-1', 'node-2'] };
    },
    exec: async (line: string, onOutput: (chunk: OutputChunk) => void, options = {}): Promise<ExecReport> => {
      const where = options.on ?? host;
      log.push(`${options.session ? `[${options.session}] ` : ''}${where}: ${line}`);
      if (line === 'wait') return new Promise(() => undefined);
      if (line === 'block') blocked = true;
      if (blocked) return never;
      if (line.startsWith('ssh ')) {
        const to = line.slice(4);
        if (to !== 'node-1' && to !== 'node-2') {
          onOutput({ stream: 'stderr', text: `ssh: Could not resolve hostname ${to}\n` });
          return { status: 255, prompt: prompt() };
        }
        stack.push(host);
        host = to;
      } else if (line === 'exit') {
        host = stack.pop() ?? host;
      } else {
        await new Promise((resolve) => setTimeout(resolve, line === 'sleep' ? 300 : 1));
        onOutput({ stream: 'stdout', text: `${line} on ${where}\n` });
      }
      // Lines starting with `set` stand for ones that change the cluster.
      return { status: 0, prompt: prompt(), entry: { line, at: 0, ms: 1, status: 0, ...(line.startsWith('set') ? { changed: true } : {}) } };
    },
    replay: async (entries) => {
      log.push(`replay ${entries.map((e) => e.line).join(', ')}`);
      return { replayed: entries.length, diverged: [], prompt: 'root@node-2:~# ' };
    },
    homeFiles: async () => [],
    interrupt: async () => {
      log.push('interrupt');
    },
    onOutput: async (listener) => {
      jobListener = listener;
    },
    complete: async () => ({ from: 0, candidates: [] }),
    prompt: () => (blocked ? never : Promise.resolve(prompt())),
    busy: () => (blocked ? never : Promise.resolve(undefined)),
    openSession: async (options) => {
      sessions += 1;
      log.push(`open ${sessions}`);
      return options.on === 'node-9' ? { error: 'ssh: Could not resolve hostname node-9' } : { session: String(sessions), prompt: `root@${options.on ?? 'node-1'}:~# ` };
    },
    closeSession: async (session) => {
      log.push(`close ${session}`);
      return undefined;
    },
    check: async () => ({ passed: true, results: [] }),
  };
  const connection: Connection = {
    api,
    terminate: () => {
      terminated = true;
    },
    onFailure: (listener) => {
      fail = listener;
    },
  };
  return {
    connection,
    crash: (message: string) => fail?.(message),
    terminated: () => terminated,
    /** A background job in the worker printing while no line runs. */
    jobPrints: (text: string) => jobListener?.({ stream: 'stdout', text }),
  };
}

function setup(timeoutMs = 50, journal?: () => Promise<JournalEntry[]>) {
  const log: string[] = [];
  const connections: ReturnType<typeof fakeConnection>[] = [];
  const events: KernelEvent[] = [];
  const kernel = createKernel({
    scenario: 'default',
    timeoutMs,
    ...(journal ? { journal } : {}),
    connect: () => {
      const next = fakeConnection(log);
      connections.push(next);
      return next.connection;
    },
  });
  kernel.subscribe((event) => events.push(event));
  return { kernel, log, connections, events };
}

const collect = () => {
  const chunks: string[] = [];
  return { chunks, onOutput: (chunk: OutputChunk) => chunks.push(chunk.text) };
};

describe('kernel', () => {
  it('starts lazily, boots once, and runs lines in order', async () => {
    const { kernel, log, connections } = setup();
    expect(connections).toHaveLength(0);
    const a = collect();
    const b = collect();
    await Promise.all([kernel.exec('echo a', a.onOutput), kernel.exec('echo b', b.onOutput)]);
    expect(connections).toHaveLength(1);
    expect(log).toEqual(['boot default', 'node-1: echo a', 'node-1: echo b']);
    expect(a.chunks).toEqual(['echo a on node-1\n']);
    expect(kernel.state).toBe('ready');
  });

  it('fails a silent call after the timeout and reports it', async () => {
    const { kernel, events } = setup(30);
    await kernel.start();
    await expect(kernel.exec('block', () => undefined)).rejects.toBeInstanceOf(KernelFailure);
    expect(kernel.state).toBe('failed');
    expect(events.some((e) => e.type === 'state' && e.state === 'failed' && /not answered/.test(e.message ?? ''))).toBe(true);
  });

  it('does not count a quiet command as hung while the worker answers', async () => {
    const { kernel } = setup(20);
    await kernel.start();
    const pending = kernel.exec('wait', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(kernel.state).toBe('ready');
    kernel.restart();
    await expect(pending).rejects.toBeInstanceOf(KernelFailure);
  });

  it('restarts into a new worker and works again', async () => {
    const { kernel, connections, events } = setup(30);
    await kernel.start();
    await kernel.exec('block', () => undefined).catch(() => undefined);
    await kernel.restart();
    expect(connections[0]?.terminated()).toBe(true);
    expect(connections).toHaveLength(2);
    const out = collect();
    await kernel.exec('echo again', out.onOutput);
    expect(out.chunks).toEqual(['echo again on node-1\n']);
    expect(events.filter((e) => e.type === 'state').at(-1)).toEqual({ type: 'state', state: 'ready' });
    expect(events.filter((e) => e.type === 'booted').at(-1)).toMatchObject({ type: 'booted', reason: 'restart' });
  });

  it('a crashed worker rejects the calls in flight', async () => {
    const { kernel, connections, log } = setup(10_000);
    await kernel.start();
    const pending = kernel.exec('block', () => undefined);
    await vi.waitFor(() => expect(log).toContain('node-1: block'));
    connections[0]?.crash('boom');
    await expect(pending).rejects.toThrow(/stopped: boom/);
    expect(kernel.state).toBe('failed');
  });

  it('reset boots the scenario again and restarts the execution count', async () => {
    const { kernel, log, events } = setup();
    await kernel.start();
    expect(kernel.nextCount()).toBe(1);
    expect(kernel.nextCount()).toBe(2);
    await kernel.reset();
    expect(kernel.nextCount()).toBe(1);
    expect(log.filter((l) => l.startsWith('boot'))).toHaveLength(2);
    expect(events.some((e) => e.type === 'booted' && e.reason === 'reset')).toBe(true);
  });

  it('interrupt reaches the worker only while a line runs', async () => {
    const { kernel, log } = setup(2000);
    await kernel.start();
    kernel.interrupt();
    expect(log).not.toContain('interrupt');
    const running = kernel.exec('sleep', () => undefined);
    await vi.waitFor(() => expect(log).toContain('node-1: sleep'), { interval: 5 });
    kernel.interrupt();
    await running;
    expect(log).toContain('interrupt');
  });
});

describe('saved progress', () => {
  const saved: JournalEntry[] = [{ line: 'set a', at: 0, ms: 0, status: 0, changed: true }, { line: 'ssh node-2', at: 0, ms: 0, status: 0 }];

  it('replays the journal after booting on start and restart, not on reset', async () => {
    const { kernel, log, events } = setup(50, async () => saved);
    const boot = await kernel.start();
    expect(boot.prompt).toBe('root@node-2:~# ');
    expect(events.find((e) => e.type === 'booted')).toMatchObject({ reason: 'start', replay: { replayed: 2 } });
    await kernel.reset();
    await kernel.restart();
    expect(log.filter((l) => l.startsWith('boot') || l.startsWith('replay'))).toEqual([
      'boot default', 'replay set a, ssh node-2', 'boot default', 'boot default', 'replay set a, ssh node-2',
    ]);
  });

  it('announces every completed line with where it was typed', async () => {
    const { kernel, events } = setup();
    await kernel.exec('set b', () => undefined, { origin: 'terminal' });
    await kernel.exec('ip route', () => undefined, { on: 'node-2' });
    const ran = events.flatMap((e) => (e.type === 'ran' ? [`${e.origin}: ${e.entry.line}${e.entry.changed ? ' (changed)' : ''}`] : []));
    expect(ran).toEqual(['terminal: set b (changed)', 'cell: ip route']);
  });
});

describe('background job output', () => {
  it('reaches onJobOutput listeners, and a restarted worker\'s old subscription is ignored', async () => {
    const { kernel, connections } = setup();
    const got: OutputChunk[] = [];
    kernel.onJobOutput((chunk) => got.push(chunk));
    await kernel.start();
    connections[0]!.jobPrints('64 bytes from 10.244.1.3: icmp_seq=2 ttl=64 time=0.071 ms\n');
    expect(got).toEqual([{ stream: 'stdout', text: '64 bytes from 10.244.1.3: icmp_seq=2 ttl=64 time=0.071 ms\n' }]);
    await kernel.restart();
    connections[0]!.jobPrints('late\n');
    connections[1]!.jobPrints('new\n');
    expect(got.map((c) => c.text)).toEqual([
      '64 bytes from 10.244.1.3: icmp_seq=2 ttl=64 time=0.071 ms\n',
      'new\n',
    ]);
  });
});

describe('sessions and queues', () => {
  it('runs a line on a machine through exec\'s `on`, leaving the shell where it stands', async () => {
    const { kernel, log } = setup();
    const out = collect();
    await kernel.exec('ip route', out.onOutput, { on: 'node-2' });
    expect(out.chunks).toEqual(['ip route on node-2\n']);
    expect(await kernel.prompt()).toBe('root@node-1:~# ');
    expect(log.slice(1)).toEqual(['node-2: ip route']);
  });

  it('a second session answers while the first one\'s line still runs', async () => {
    const { kernel, log } = setup(2000);
    await kernel.start();
    const first = kernel.exec('wait', () => undefined);
    const { session } = await kernel.openSession();
    const out = collect();
    await kernel.exec('echo hi', out.onOutput, { session });
    expect(out.chunks).toEqual(['echo hi on node-1\n']);
    expect(kernel.running()).toBe('wait');
    expect(kernel.running(session)).toBeUndefined();
    expect(log).toContain(`[${session}] node-1: echo hi`);
    kernel.restart();
    await expect(first).rejects.toBeInstanceOf(KernelFailure);
  });

  it('a line waiting behind a running one can be withdrawn before it runs; a running one is interrupted', async () => {
    const { kernel, log } = setup(2000);
    await kernel.start();
    const running = kernel.exec('sleep', () => undefined);
    const stop = new AbortController();
    let started = false;
    const queued = kernel.exec('echo queued', () => undefined, { signal: stop.signal, onStart: () => { started = true; } });
    await vi.waitFor(() => expect(log).toContain('node-1: sleep'), { interval: 5 });
    stop.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    await running;
    expect(started).toBe(false);
    expect(log).not.toContain('node-1: echo queued');

    const again = new AbortController();
    const slow = kernel.exec('sleep', () => undefined, { signal: again.signal });
    await vi.waitFor(() => expect(log.filter((l) => l === 'node-1: sleep')).toHaveLength(2), { interval: 5 });
    again.abort();
    await slow;
    expect(log.at(-1)).toBe('interrupt');
  });

  it('reports what runs and what waits, per session', async () => {
    const { kernel, events } = setup(2000);
    await kernel.start();
    const a = kernel.exec('sleep', () => undefined);
    const b = kernel.exec('echo b', () => undefined);
    await vi.waitFor(() => expect(events.some((e) => e.type === 'activity' && e.sessions[0]?.running === 'sleep' && e.sessions[0].waiting === 1)).toBe(true));
    await Promise.all([a, b]);
    const last = events.filter((e) => e.type === 'activity').at(-1);
    expect(last).toMatchObject({ sessions: [{ session: '1', running: undefined, waiting: 0 }] });
  });

  it('an unknown machine for a new session is an error; closing one tells the worker', async () => {
    const { kernel, log } = setup();
    await expect(kernel.openSession('node-9')).rejects.toThrow(/node-9/);
    const { session } = await kernel.openSession('node-2');
    await kernel.closeSession(session);
    expect(log).toContain(`close ${session}`);
  });

  it('reset of a failed kernel boots a new worker without the saved lines', async () => {
    const saved: JournalEntry[] = [{ line: 'set a', at: 0, ms: 0, status: 0, changed: true }];
    const { kernel, log, events } = setup(30, async () => saved);
    await kernel.start();
    await kernel.exec('block', () => undefined).catch(() => undefined);
    expect(kernel.state).toBe('failed');
    await kernel.reset();
    expect(log.filter((l) => l.startsWith('replay'))).toHaveLength(1);
    expect(events.filter((e) => e.type === 'booted').at(-1)).toMatchObject({ reason: 'reset' });
    expect(kernel.state).toBe('ready');
  });
});
