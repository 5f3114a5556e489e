// Several terminals on one cluster: sessions with their own
// prompt, place, history and jobs on one world and one clock; a line run on another machine
// with exec's `on`; the journal naming each line's session, and replay putting each back.
import { describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { ExecOptions, JournalEntry, OutputChunk, SandboxApi } from './types.ts';

const scenario = scenarioText('default')!;
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

async function run(sb: SandboxApi, line: string, options: ExecOptions = {}, journal?: JournalEntry[]) {
  let out = '';
  const r = await sb.exec(line, (c) => { out += c.text; }, options);
  if (r.entry) journal?.push(r.entry);
  return { status: r.status, out, prompt: r.prompt, entry: r.entry };
}

/**
 * A pacing host as the worker's, faster: a virtual second takes 20 real ms, checked for a cut
 * every real millisecond; returns the virtual ms that passed.
 */
function fastPacer(ms: number, cut: () => boolean): Promise<number> {
  const real = ms / 50;
  const start = performance.now();
  return new Promise((resolve) => {
    const poll = (): void => {
      const elapsed = performance.now() - start;
      if (cut() || elapsed >= real) resolve(Math.min(ms, elapsed * 50));
      else setTimeout(poll, 1);
    };
    poll();
  });
}

function booted(options: Parameters<typeof createSandbox>[0] = {}): SandboxApi {
  const sb = createSandbox(options);
  sb.boot({ scenario });
  return sb;
}

describe('sessions', () => {
  it('gives each session its own place, variables and history on one world', async () => {
    const sb = booted();
    const two = sb.openSession();
    expect(two).toEqual({ session: '2', prompt: 'root@node-1:~# ' });
    const three = sb.openSession({ on: 'node-2' });
    expect(three).toEqual({ session: '3', prompt: 'root@node-2:~# ' });
    expect(sb.sessions()).toEqual(['1', '2', '3']);
    await run(sb, 'cd /etc; X=two', { session: '2' });
    await run(sb, 'ip link add dummy0 type dummy', { session: '2' });
    expect((await run(sb, 'pwd; echo "[$X]"')).out).toBe('/root\n[]\n');
    expect((await run(sb, 'pwd; echo "[$X]"', { session: '2' })).out).toBe('/etc\n[two]\n');
    // One world: the link made in session 2 is there for session 1.
    expect((await run(sb, 'ip -br link show dummy0')).out).toMatch(/^dummy0 /);
    await run(sb, 'ssh node-2');
    expect(sb.prompt()).toBe('root@node-2:~# ');
    expect(sb.prompt('2')).toBe('root@node-1:/etc# ');
    expect((await run(sb, 'history | tail -n 1', { session: '3' })).out).toMatch(/history \| tail -n 1\n$/);
    expect((await run(sb, 'history', { session: '3' })).out).not.toContain('dummy0');
  });

  it('keeps one clock: time one session sleeps is time for all', async () => {
    const sb = booted();
    sb.openSession();
    const a = (await run(sb, 'true')).entry!;
    const slept = (await run(sb, 'sleep 5', { session: '2' })).entry!;
    const b = (await run(sb, 'true')).entry!;
    expect(slept.ms).toBe(5000);
    expect(b.at).toBeGreaterThanOrEqual(a.at + 5000);
  });

  it('answers in a second session while the first runs ping against a pacing host', async () => {
    const sb = booted({ wait: fastPacer });
    expect(sb.openSession()).toMatchObject({ session: '2' });
    let ping = '';
    const running = sb.exec('ping 10.244.1.3', (c) => { ping += c.text; });
    for (let i = 0; i < 2000 && !ping.includes('icmp_seq=2 '); i++) await tick();
    expect(ping).toContain('icmp_seq=2 ');
    const route = await run(sb, 'ip route', { session: '2' });
    expect(route.out).toContain('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
    // The ping is still running, on the same clock, and goes on after the other answered.
    expect(sb.busy('1')).toMatchObject({ session: '1', line: 'ping 10.244.1.3' });
    expect(sb.busy('2')).toBeUndefined();
    const seen = (ping.match(/icmp_seq=/g) ?? []).length;
    for (let i = 0; i < 2000 && (ping.match(/icmp_seq=/g) ?? []).length < seen + 2; i++) await tick();
    expect((ping.match(/icmp_seq=/g) ?? []).length).toBeGreaterThanOrEqual(seen + 2);
    sb.interrupt('1');
    const r = await running;
    expect(r.status).toBe(0);
    expect(r.entry).toMatchObject({ line: 'ping 10.244.1.3', interrupted: true });
    expect(r.entry!.session).toBeUndefined();
    expect(ping).toMatch(/--- 10\.244\.1\.3 ping statistics ---\n\d+ packets transmitted, \d+ received, 0% packet loss/);
  });

  it('runs a line on another machine with `on`, leaving the session where it stands', async () => {
    const sb = booted();
    await run(sb, 'cd /etc');
    const r = await run(sb, 'hostname; pwd; cd /tmp', { on: 'node-2' });
    expect(r.out).toBe('node-2\n/root\n');
    expect(r.prompt).toBe('root@node-1:/etc# ');
    expect(r.entry).toMatchObject({ on: 'node-2', status: 0 });
    const bad = await run(sb, 'true', { on: 'node-9' });
    expect(bad).toMatchObject({ status: 255, out: 'ssh: Could not resolve hostname node-9: Name or service not known\n' });
  });

  it('names the session of background output and of journal entries', async () => {
    const sb = booted();
    sb.openSession();
    const chunks: OutputChunk[] = [];
    sb.onOutput!((c) => chunks.push(c));
    const started = await run(sb, 'sleep 1 && echo from-two &', { session: '2' });
    expect(started.entry).toMatchObject({ session: '2' });
    await run(sb, 'sleep 3');
    expect(chunks).toContainEqual({ stream: 'stdout', text: 'from-two\n', session: '2' });
  });

  it('closes a session: its jobs end, "1" and unknown ids are errors, its calls answer softly', async () => {
    const sb = booted();
    sb.openSession();
    const chunks: OutputChunk[] = [];
    sb.onOutput!((c) => chunks.push(c));
    await run(sb, 'while true; do sleep 1; echo tick; done &', { session: '2' });
    await run(sb, 'sleep 2');
    const before = chunks.filter((c) => c.session === '2').length;
    expect(before).toBeGreaterThan(0);
    expect(sb.closeSession('2')).toBeUndefined();
    await run(sb, 'sleep 5');
    expect(chunks.filter((c) => c.session === '2').length).toBe(before);
    expect(sb.sessions()).toEqual(['1']);
    expect(sb.closeSession('1')).toEqual({ error: expect.stringContaining('cannot be closed') });
    expect(sb.closeSession('2')).toEqual({ error: 'no session "2"' });
    expect(await run(sb, 'true', { session: '2' })).toMatchObject({ status: 1, prompt: '' });
    expect(sb.prompt('2')).toBe('');
    expect(sb.complete('hostn', 5, '2')).toEqual({ from: 5, candidates: [] });
    expect(sb.openSession()).toMatchObject({ session: '3' });
    expect(sb.openSession({ on: 'node-9' })).toEqual({ error: 'no machine "node-9"' });
  });

  it('replays each entry in its session in recorded order, opening sessions as needed', async () => {
    const a = booted();
    const journal: JournalEntry[] = [];
    a.openSession();
    await run(a, 'cd /etc; export Y=1', { session: '2' }, journal);
    await run(a, 'ip link add dummy0 type dummy', {}, journal);
    await run(a, 'ip link set dummy0 up', { on: 'node-1' }, journal);
    await run(a, 'ssh node-2', { session: '2' }, journal);
    await run(a, 'cd /tmp', { session: '2' }, journal);
    const b = booted();
    const report = await b.replay(journal);
    expect(report).toMatchObject({ replayed: 5, diverged: [] });
    expect(report.cut).toBeUndefined();
    expect(b.sessions()).toEqual(['1', '2']);
    expect(b.prompt('2')).toBe(a.prompt('2'));
    expect(b.prompt()).toBe(a.prompt());
    for (const sb of [a, b]) {
      expect((await run(sb, 'ip -br link show dummy0')).out).toMatch(/^dummy0\s+UNKNOWN/);
      expect((await run(sb, 'history', { session: '2' })).out).toContain('ssh node-2');
    }
    // The next session opened after replay gets a new id.
    expect(b.openSession()).toMatchObject({ session: '3' });
  });

  it('runs one line at a time per session: a line sent meanwhile waits, Ctrl-C flushes it', async () => {
    const sb = booted();
    let out = '';
    const collect = (c: OutputChunk) => { out += c.text; };
    const first = sb.exec('sleep 2; echo one', collect);
    const second = sb.exec('echo two', collect);
    expect((await first).status).toBe(0);
    expect(await second).toMatchObject({ status: 0, entry: { line: 'echo two' } });
    expect(out).toBe('one\ntwo\n');
    out = '';
    const ping = sb.exec('ping 10.244.1.3', collect);
    const queued = sb.exec('echo queued', collect);
    for (let i = 0; i < 500 && !out.includes('icmp_seq=1 '); i++) await tick();
    sb.interrupt();
    expect((await ping).entry).toMatchObject({ interrupted: true });
    expect(await queued).toEqual({ status: 0, prompt: 'root@node-1:~# ' });
    expect(out).not.toContain('queued');
  });

  it('restores every session from a snapshot', async () => {
    const a = booted();
    a.openSession({ on: 'node-2' });
    await run(a, 'cd /etc', { session: '2' });
    const b = createSandbox();
    b.boot({ scenario });
    b.restore(a.snapshot());
    expect(b.sessions()).toEqual(['1', '2']);
    expect(b.prompt('2')).toBe('root@node-2:/etc# ');
  });
});
