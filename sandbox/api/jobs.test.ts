// Background jobs through the sandbox API on the reference lab: one terminal does what a real
// node needs two for (a capture in the background while a pod curls), ping as a job with
// jobs/kill/wait, and one virtual clock for every process.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createSandbox } from './sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';

const lab = scenarioText('reference-lab')!;
const GOLDEN = new URL('../../../shared/reference-lab/golden/lab-node1.tcpdump-nn-c4-i-eth0-udp-8472.during-curl-pa-to-pc.txt', import.meta.url);

async function run(sb: ReturnType<typeof createSandbox>, line: string) {
  let out = '';
  let err = '';
  const r = await sb.exec(line, (c) => {
    if (c.stream === 'stdout') out += c.text;
    else err += c.text;
  });
  return { status: r.status, out, err };
}

/** Masks what differs between runs of the real tools: time, ephemeral ports, ISNs, TCP timestamps. */
const mask = (s: string) =>
  s.replace(/^\d\d:\d\d:\d\d\.\d{6}/gm, 'TIME')
    .replace(/(10\.0\.16\.1[12])\.\d+ > (10\.0\.16\.1[12])\.8472/g, '$1.SPORT > $2.8472')
    .replace(/\.\d+( > 10\.244\.2\.2\.8080)/g, '.EPH$1')
    .replace(/(10\.244\.1\.2)\.\d+:/g, '$1.EPH:')
    .replace(/seq \d+, ack \d+/g, 'seq S, ack A')
    .replace(/seq \d+, win/g, 'seq S, win')
    .replace(/TS val \d+ ecr \d+/g, 'TS val V ecr E');

describe('background jobs on the reference lab', () => {
  it('tcpdump & in the same line as a pod curl prints the 4 VXLAN packets as the real node does', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab, on: 'lab-node1' });
    const r = await run(sb, 'tcpdump -nn -c 4 -i eth0 udp port 8472 & ip netns exec lab-n1-pa curl -sS -m 5 http://10.244.2.2:8080/');
    expect(r.status).toBe(0);
    // The 4 captured packets first (they happen during the curl), then curl's body.
    const body = 'lab-n2-pc: hello from 10.244.2.2:8080, you are 10.244.1.2:';
    const at = r.out.indexOf(body);
    expect(at).toBeGreaterThan(0);
    const packets = r.out.slice(0, at);
    expect(packets.split('\n').filter((l) => / OTV, /.test(l))).toHaveLength(4);
    if (existsSync(GOLDEN)) expect(mask(packets)).toBe(mask(readFileSync(GOLDEN, 'utf8')));
    // stderr: the job's number and pid, tcpdump's banner and summary, then the Done notice.
    expect(r.err).toMatch(/^\[1\] \d+\n/);
    expect(r.err).toContain('listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n');
    expect(r.err).toContain('4 packets captured\n');
    expect(r.err.endsWith('[1]+  Done                    tcpdump -nn -c 4 -i eth0 udp port 8472\n')).toBe(true);
    expect((await run(sb, 'jobs')).out).toBe('');
  });

  it('ping > /dev/null & runs in the background; jobs, kill %1, the Terminated notice', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab, on: 'lab-node1' });
    const a = await run(sb, 'ping 10.244.1.3 > /dev/null &');
    expect(a.err).toMatch(/^\[1\] \d+\n$/);
    const pid = /\d+/.exec(a.err.slice(3))![0];
    expect((await run(sb, 'echo $!')).out).toBe(`${pid}\n`);
    expect((await run(sb, 'sleep 3; jobs')).out).toBe('[1]+  Running                 ping 10.244.1.3 > /dev/null &\n');
    // The pings went out meanwhile: the pod's neighbour entry was learned.
    expect((await run(sb, 'ip neigh show 10.244.1.3')).out).toContain('10.244.1.3 dev cni0');
    expect(await run(sb, 'kill %1')).toEqual({ status: 0, out: '', err: '' });
    expect((await run(sb, 'echo z')).err).toBe('[1]+  Terminated              ping 10.244.1.3 > /dev/null\n');
    expect((await run(sb, 'jobs')).out).toBe('');
  });

  it('a job streams its output while the foreground runs, in virtual-time order', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab, on: 'lab-node1' });
    const r = await run(sb, 'ping -c 3 10.244.1.3 & sleep 1.5; echo mid; wait');
    const lines = r.out.split('\n');
    const mid = lines.indexOf('mid');
    // Two replies (t=0, t=1 s) before `mid` at 1.5 s, the third and the summary after it.
    expect(lines.slice(0, mid).filter((l) => /bytes from 10\.244\.1\.3/.test(l))).toHaveLength(2);
    expect(lines.slice(mid).filter((l) => /bytes from 10\.244\.1\.3/.test(l))).toHaveLength(1);
    expect(r.out).toContain('3 packets transmitted, 3 received, 0% packet loss');
  });

  it('is deterministic for a seed', async () => {
    const line = 'tcpdump -nn -c 4 -i eth0 udp port 8472 & ip netns exec lab-n1-pa curl -sS http://10.244.2.2:8080/';
    const outs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sb = createSandbox();
      sb.boot({ scenario: lab, on: 'lab-node1', seed: 5 });
      const r = await run(sb, line);
      outs.push(r.out + r.err);
    }
    expect(outs[0]).toBe(outs[1]);
  });

  it('with a pacing host, time flows at the prompt and job output reaches the onOutput subscriber', async () => {
    let paced = 0;
    // A host that paces instantly (one macrotask per wait) but counts what it was asked to wait.
    const wait = (ms: number) => new Promise<number>((r) => setTimeout(() => { paced += ms; r(ms); }, 0));
    const sb = createSandbox({ wait });
    sb.boot({ scenario: lab, on: 'lab-node1' });
    let late = '';
    sb.onOutput!((c) => { late += c.text; });
    const r = await run(sb, 'ping -c 3 10.244.1.3 &');
    expect(r.err).toMatch(/^\[1\] \d+\n$/);
    for (let i = 0; i < 200 && !late.includes('packet loss'); i++) await new Promise((res) => setTimeout(res, 0));
    expect(late).toContain('3 packets transmitted, 3 received, 0% packet loss');
    // Two 1 s intervals between the three pings were paced in (host) real time.
    expect(paced).toBeGreaterThanOrEqual(2000);
    // The Done notice waits for the next prompt, as bash's does.
    expect((await run(sb, 'true')).err).toBe('[1]+  Done                    ping -c 3 10.244.1.3\n');
  });

  it('boot ends the previous session\'s jobs', async () => {
    const wait = (ms: number) => new Promise<number>((r) => setTimeout(() => r(ms), 0));
    const sb = createSandbox({ wait });
    sb.boot({ scenario: lab, on: 'lab-node1' });
    let late = '';
    sb.onOutput!((c) => { late += c.text; });
    await run(sb, 'ping 10.244.1.3 &');
    sb.boot({ scenario: lab, on: 'lab-node1' });
    for (let i = 0; i < 20; i++) await new Promise((res) => setTimeout(res, 0));
    const seen = late.length;
    for (let i = 0; i < 20; i++) await new Promise((res) => setTimeout(res, 0));
    expect(late.length).toBe(seen);
    expect((await run(sb, 'jobs')).out).toBe('');
  });
});
