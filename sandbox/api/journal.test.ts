// The journal and replay (a reload rebuilds the learner's cluster from the scenario
// plus the recorded lines). Sandbox A is a learner's session in a paced host (idle time flows
// at the prompt while a job runs); B boots the same scenario and seed and replays A's records;
// then both must be configured alike and print the same state.
import { describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.ts';
import { configDigest, walkable } from './journal.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { ShellState } from '../shell/session.ts';
import type { World } from '../fabric/world.ts';
import type { JournalEntry, SandboxApi } from './types.ts';

const scenario = scenarioText('default')!;
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** A host that paces instantly (one macrotask per wait), cut short to 0 ms, as the worker's is. */
const instantPacer = (ms: number, cut: () => boolean): Promise<number> => new Promise((r) => setTimeout(() => r(cut() ? 0 : ms), 0));

/** Runs a line (or the lines of a here-document) and keeps the journal entry it reports. */
async function run(sb: SandboxApi, text: string, journal?: JournalEntry[]): Promise<{ status: number; out: string; entry?: JournalEntry }> {
  let out = '';
  let last: Awaited<ReturnType<SandboxApi['exec']>> | undefined;
  for (const line of text.split('\n')) last = await sb.exec(line, (c) => { out += c.text; });
  if (last?.entry) journal?.push(last.entry);
  return { status: last!.status, out, ...(last?.entry ? { entry: last.entry } : {}) };
}

/** The digest of a sandbox's configuration, taken on its snapshot (the same world and shell). */
function digestOf(sb: SandboxApi): string {
  const data = sb.snapshot().data as { world: World; shell: ShellState };
  return configDigest(data.world, data.shell);
}

/** Runs `line` with Ctrl-C once its output contains `until`. */
async function interruptWhen(sb: SandboxApi, line: string, until: string, journal?: JournalEntry[]): Promise<{ out: string; entry: JournalEntry }> {
  let out = '';
  const p = sb.exec(line, (c) => { out += c.text; });
  for (let i = 0; i < 500 && !out.includes(until); i++) await tick();
  expect(out).toContain(until);
  sb.interrupt();
  const r = await p;
  journal?.push(r.entry!);
  return { out, entry: r.entry! };
}

const DEPLOYMENT = `kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: notes
spec:
  replicas: 1
  selector:
    matchLabels: { app: notes }
  template:
    metadata:
      labels: { app: notes }
    spec:
      containers:
        - { name: web, image: nginx:1.27 }
EOF`;

/** What must read the same in A and B after replay. */
const VIEWS = ['ip neigh', 'conntrack -L', 'iptables-save', 'kubectl get pods -o wide', 'ip route', 'ip -s link show eth0', 'jobs', 'history', 'echo $X $?'];

describe('journal entries', () => {
  it('records every completed line, none for a continuation line', async () => {
    const sb = createSandbox();
    sb.boot({ scenario });
    const open = await sb.exec('cat > /root/a.txt <<EOF', () => undefined);
    expect(open.more).toBe(true);
    expect(open.entry).toBeUndefined();
    await sb.exec('hello', () => undefined);
    const done = await sb.exec('EOF', () => undefined);
    expect(done.entry).toMatchObject({ line: 'cat > /root/a.txt <<EOF\nhello\nEOF', status: 0, ms: 0, changed: true });
    const fail = await run(sb, 'ip route add 10.99.0.0/24 via 10.0.16.12 dev nosuch');
    expect(fail.entry).toMatchObject({ status: fail.status });
    expect(fail.status).not.toBe(0);
    // A rejected change changes nothing.
    expect(fail.entry!.changed).toBeUndefined();
  });

  it('flags configuration changes, not what traffic learns or time does', async () => {
    const sb = createSandbox();
    sb.boot({ scenario });
    const changed = async (line: string) => (await run(sb, line)).entry!.changed === true;
    expect(await changed('ip route')).toBe(false);
    expect(await changed('kubectl get pods')).toBe(false);
    // Learned neighbours and conntrack entries are not configuration.
    expect(await changed('ping -c 1 10.0.16.12')).toBe(false);
    expect(await changed('sleep 30')).toBe(false);
    expect(await changed('ip route add 10.99.0.0/24 via 10.0.16.12')).toBe(true);
    expect(await changed('ip neigh replace 10.0.16.77 lladdr 52:54:00:00:77:77 dev eth0 nud permanent')).toBe(true);
    expect(await changed('iptables -A INPUT -s 10.98.0.0/16 -j DROP')).toBe(true);
    expect(await changed('sysctl -w net.ipv4.ip_forward=0')).toBe(true);
    expect(await changed('kubectl scale deployment web --replicas=3')).toBe(true);
    expect(await changed('X=3')).toBe(true);
    expect(await changed('echo $X')).toBe(false);
    expect(await changed('cd /tmp')).toBe(true);
    expect(await changed('echo hi > /root/x.txt')).toBe(true);
    expect(await changed('cat /root/x.txt')).toBe(false);
  });
});

describe('the configuration walk in big worlds', () => {
  it('reports every line as changed once the world is too big to walk per line', async () => {
    const sb = createSandbox();
    sb.boot({ scenario });
    const data = () => sb.snapshot().data as { world: World };
    expect(walkable(data().world)).toBe(true);
    expect((await run(sb, 'ip route')).entry!.changed).toBeUndefined();
    expect((await run(sb, 'for i in $(seq 1 60); do ip netns add n$i; done')).entry!.changed).toBe(true);
    expect(walkable(data().world)).toBe(false);
    expect((await run(sb, 'ip route')).entry!.changed).toBe(true);
    expect((await run(sb, '')).entry!.changed).toBeUndefined();
  });
});

describe('replay', () => {
  it('rebuilds a learner\'s session: same configuration, same views, same place, no real waiting', async () => {
    const journal: JournalEntry[] = [];
    const a = createSandbox({ wait: instantPacer });
    a.boot({ scenario, seed: 7 });
    const flags: Record<string, boolean> = {};
    const rec = async (line: string) => {
      const r = await run(a, line, journal);
      flags[line.split('\n')[0]!] = r.entry!.changed === true;
      return r;
    };
    expect((await rec(DEPLOYMENT)).out).toBe('deployment.apps/notes created\n');
    await rec('kubectl scale deployment notes --replicas=3');
    await rec('kubectl get pods');
    await rec('ip route');
    await rec('ip route add 10.99.0.0/24 via 10.0.16.12');
    await rec('iptables -A INPUT -s 10.98.0.0/16 -j DROP');
    const ping = await interruptWhen(a, 'ping 10.0.16.12', 'icmp_seq=3 ', journal);
    expect(ping.entry).toMatchObject({ line: 'ping 10.0.16.12', interrupted: true });
    expect(ping.entry.ms).toBeGreaterThanOrEqual(2000);
    flags['ping 10.0.16.12'] = ping.entry.changed === true;
    expect((await rec('X=3; echo $X')).out).toBe('3\n');
    await rec('ssh node-2');
    await rec('ip addr add 10.0.16.99/20 dev eth0');
    await rec('exit');
    await rec('ping 10.244.1.2 > /dev/null &');
    // The prompt stands idle while the job pings: paced time flows (one macrotask a second).
    for (let i = 0; i < 6; i++) await tick();
    const jobs = await rec('jobs');
    expect(jobs.out).toBe('[1]+  Running                 ping 10.244.1.2 > /dev/null &\n');
    expect(jobs.entry!.at).toBeGreaterThan(journal.at(-2)!.at + 1000);
    await rec('ping -c 1 10.0.16.12');
    await rec('kill %1');
    await rec('cat > /root/notes.txt <<EOF\n10.99.0.0/24 goes via node-2\nEOF');
    await rec('cd /etc');

    expect(flags).toEqual({
      'kubectl apply -f - <<EOF': true, 'kubectl scale deployment notes --replicas=3': true, 'kubectl get pods': false,
      'ip route': false, 'ip route add 10.99.0.0/24 via 10.0.16.12': true, 'iptables -A INPUT -s 10.98.0.0/16 -j DROP': true,
      'ping 10.0.16.12': false, 'X=3; echo $X': true, 'ssh node-2': true, 'ip addr add 10.0.16.99/20 dev eth0': true, 'exit': true,
      'ping 10.244.1.2 > /dev/null &': false, 'jobs': false, 'ping -c 1 10.0.16.12': false, 'kill %1': false,
      'cat > /root/notes.txt <<EOF': true, 'cd /etc': true,
    });

    // B: a paced host that counts what it is asked to wait; replay must ask for nothing.
    let waits = 0;
    const b = createSandbox({ wait: (ms, cut) => { waits++; return instantPacer(ms, cut); } });
    b.boot({ scenario, seed: 7 });
    const report = await b.replay(structuredClone(journal));
    expect(waits).toBe(0);
    expect(report).toEqual({ replayed: journal.length, diverged: [], prompt: 'root@node-1:/etc# ' });
    expect(b.prompt()).toBe(a.prompt());
    expect(digestOf(b)).toBe(digestOf(a));
    expect(b.homeFiles()).toEqual(a.homeFiles());
    expect(b.homeFiles()).toEqual([{ machine: 'node-1', path: '/root/notes.txt', content: '10.99.0.0/24 goes via node-2\n' }]);
    for (const view of VIEWS) {
      const [ra, rb] = [await run(a, view), await run(b, view)];
      expect({ view, out: rb.out, status: rb.status }).toEqual({ view, out: ra.out, status: ra.status });
    }
    // The views saw real state: the learner's rule, the learned neighbours, the pods' node.
    const [save, neigh, pods] = [await run(b, 'iptables-save'), await run(b, 'ip neigh'), await run(b, 'kubectl get pods -o wide')];
    expect(save.out).toContain('-A INPUT -s 10.98.0.0/16 -j DROP');
    expect(neigh.out).toContain('10.0.16.12 dev eth0 lladdr');
    expect(pods.out.split('\n').filter((l) => l.startsWith('notes-'))).toHaveLength(3);
    expect(waits).toBe(0);
    // The session goes on where the learner stood.
    expect((await run(b, 'cd; ip route get 10.99.0.1')).out).toMatch(/^10\.99\.0\.1 via 10\.0\.16\.12 dev eth0/);
  });

  it('keeps background jobs running after replay, paced again', async () => {
    const journal: JournalEntry[] = [];
    const a = createSandbox();
    a.boot({ scenario });
    await run(a, 'ping -c 8 10.0.16.12 &', journal);
    await run(a, 'sleep 2', journal);
    let requested = 0;
    const b = createSandbox({ wait: (ms, cut) => { requested += ms; return instantPacer(ms, cut); } });
    b.boot({ scenario });
    let late = '';
    b.onOutput!((c) => { late += c.text; });
    await b.replay(journal);
    // Nothing the job printed during replay reached the page.
    expect(late).toBe('');
    expect(requested).toBe(0);
    for (let i = 0; i < 100 && !late.includes('packet loss'); i++) await tick();
    // The job's later replies were paced at the prompt and streamed to the subscriber.
    expect(late).toContain('icmp_seq=8 ');
    // seq 1-2 were answered during the replayed `sleep 2`; seq 3 left at its end, as in A.
    expect(late).not.toContain('icmp_seq=2 ');
    expect(late).toContain('icmp_seq=3 ');
    expect(late).toContain('8 packets transmitted, 8 received');
    expect(requested).toBeGreaterThanOrEqual(4000);
  });

  it('reports a line whose status now differs', async () => {
    const sb = createSandbox();
    sb.boot({ scenario });
    const line = 'ip route add 10.99.0.0/24 via 10.0.16.12';
    const entry = (await run(sb, line)).entry!;
    const b = createSandbox();
    b.boot({ scenario });
    const report = await b.replay([entry, { ...entry }]);
    expect(report.replayed).toBe(2);
    expect(report.diverged).toEqual([{ index: 1, line, expected: 0, got: 2 }]);
    // $? is the last status.
    expect((await run(b, 'echo $?')).out).toBe('2\n');
  });

  it('rejects a malformed entry before running anything', async () => {
    const sb = createSandbox();
    sb.boot({ scenario });
    const bad = [{ line: 'ip route add 10.99.0.0/24 via 10.0.16.12', at: 0, ms: 0, status: 0 }, { line: 7, at: 0, ms: 0, status: 0 }];
    await expect(sb.replay(bad as unknown as JournalEntry[])).rejects.toThrow(/entry 1: line must be a string/);
    expect((await run(sb, 'ip route show 10.99.0.0/24')).out).toBe('');
  });

  it('interrupts an interrupted line at its recorded instant', async () => {
    const tx = async (sb: SandboxApi) => Number(/TX:.*\n\s*\d+\s+(\d+)/.exec((await run(sb, 'ip -s link show eth0')).out)?.[1]);
    const icmp = async (sb: SandboxApi) => (await run(sb, 'conntrack -L -p icmp 2>/dev/null')).out;
    const original = createSandbox({ wait: instantPacer });
    original.boot({ scenario });
    const before = await tx(original);
    const { out, entry } = await interruptWhen(original, 'ping 10.0.16.12', 'icmp_seq=4 ');
    expect(out).toContain('4 packets transmitted, 4 received');
    const replayOf = async (e: JournalEntry) => {
      const sb = createSandbox();
      sb.boot({ scenario });
      const r = await sb.replay([e]);
      expect(r.diverged).toEqual([]);
      return sb;
    };
    const same = await replayOf(entry);
    expect(await tx(same)).toBe(await tx(original));
    expect(await icmp(same)).toBe(await icmp(original));
    // 3.5 s of ping: echo requests at 0, 1, 2 and 3 s; Ctrl-C before the fifth.
    const at3500 = await replayOf({ line: 'ping 10.0.16.12', at: 0, ms: 3500, status: entry.status, interrupted: true });
    expect(await tx(at3500)).toBe(await tx(original));
    const at4500 = await replayOf({ line: 'ping 10.0.16.12', at: 0, ms: 4500, status: entry.status, interrupted: true });
    expect(await tx(at4500)).toBe((await tx(original)) + 1);
    expect(await tx(original)).toBeGreaterThan(before);
    expect((await run(at4500, 'history')).out).toBe('    1  ping 10.0.16.12\n    2  ip -s link show eth0\n    3  history\n');
  });

  it('caps an idle gap at 10 minutes of virtual time', async () => {
    const clock = (sb: SandboxApi) => (sb.snapshot().data as { world: World }).world.clock.ms;
    const b = createSandbox();
    b.boot({ scenario });
    const t0 = clock(b);
    await b.replay([{ line: 'true', at: t0 + 5 * 3600 * 1000, ms: 0, status: 0 }, { line: 'true', at: t0 + 5 * 3600 * 1000 + 2000, ms: 0, status: 0 }]);
    // 10 minutes for the first gap, the recorded 2 s for the second.
    expect(clock(b) - t0).toBe(600_000 + 2000);
  });
});
