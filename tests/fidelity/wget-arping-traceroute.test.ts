// wget, arping and traceroute -T against real Linux: tests/fixtures/node-tools/lab.sh
// (capture-node-tools and capture_tools_more) ran GNU Wget 1.21.3, busybox 1.35's wget and
// traceroute applets, iputils 20221126 arping and traceroute 2.1.2 in the lab's namespaces;
// the sandbox's reference-lab scenario is the same topology. The lab normalised what varies
// with sed (dates, rates, rtts); here the same normalisation is applied to both sides, and
// the source port the server echoes is masked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lab, run } from './traffic-lab.helper.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import type { World } from '../../sandbox/fabric/world.ts';

const DIR = new URL('../fixtures/node-tools/captures/', import.meta.url).pathname;
const cap = (name: string): string => readFileSync(`${DIR}${name}.txt`, 'utf8');

/** What the lab's sed expressions and the echoed source port leave comparable. */
const norm = (t: string): string => t
  .replace(/\d{4}-\d{2}-\d{2} [\d:]{8}/g, 'DATE')
  .replace(/ +[\d.]+[KM]=0s/g, ' R=0s').replace(/ +R=0s/g, ' R=0s').replace(/\([\d.]+ [KM]B\/s\)/g, '(R)')
  .replace(/Date: .*/g, 'Date: DATE')
  .replace(/you are (10\.244\.\d+\.\d+):\d+/g, 'you are $1:PORT')
  .replace(/\d+\.\d+ ?(ms|usec)/g, 'T$1')
  .replace(/ntl-/g, 'lab-');

/** Runs `line` on `on` (stdout and stderr in order, as the lab's `2>&1` kept them). */
async function both(world: World, on: string, line: string): Promise<string> {
  const sh = createShell(world, on);
  let out = '';
  await sh.exec(line, (c) => { out += c.text; });
  return out;
}

/** The lab pod as a busybox-based image sees it: busybox's applets (the lab ran `busybox wget`). */
function busyboxPod(world: World): void {
  const m = world.machines.get('lab-n1-pa')!;
  m.kind = 'pod';
  m.binaries = ['sh', 'ash', 'wget', 'traceroute', 'cat', 'echo', 'cd', 'head'];
}

describe('GNU wget 1.21.3', () => {
  it('-qO- prints the body only (wget-qO)', async () => {
    expect(norm((await run(lab(), 'lab-n1-pa', 'wget -qO- http://10.244.1.3:8080/')).stdout)).toBe(norm(cap('wget-qO')));
  });
  it('-O- logs the request, the length, STDOUT, the dots and the summary (wget-O-)', async () => {
    expect(norm(await both(lab(), 'lab-n1-pa', 'wget -O- http://10.244.1.3:8080/'))).toBe(norm(cap('wget-O-')));
  });
  it('-S prints the server\'s head indented, with and without -q (wget-S, wget-qS)', async () => {
    expect(norm(await both(lab(), 'lab-n1-pa', 'wget -S -O /dev/null http://10.244.1.3:8080/'))).toBe(norm(cap('wget-S')));
    expect(norm(await both(lab(), 'lab-n1-pa', 'wget -q -S -O /dev/null http://10.244.1.3:8080/'))).toBe(norm(cap('wget-qS')));
  });
  it('--spider asks with HEAD, meets Python\'s 501 and asks again with GET (wget-spider)', async () => {
    expect(norm(await both(lab(), 'lab-n1-pa', 'wget --spider http://10.244.1.3:8080/'))).toBe(norm(cap('wget-spider')));
  });
  it('a refused connection is exit 4, not retried (wget-refused)', async () => {
    const w = lab();
    const line = 'wget -qO- http://10.244.1.3:9999/; echo rc=$?; wget -O- http://10.244.1.3:9999/ 2>&1; echo rc=$?';
    expect(norm(await both(w, 'lab-n1-pa', line))).toBe(norm(cap('wget-refused')).replace(/rc=0\n$/, 'rc=4\n'));
  });
  it('a name nobody resolves is exit 4 (wget-unresolvable; the lab\'s resolver refuses, the scenario\'s answers NXDOMAIN)', async () => {
    const out = norm(await both(lab(), 'lab-n1-pa', 'wget -qO- http://nosuch.example/; echo rc=$?; wget -O- http://nosuch.example/'));
    expect(out.replace('Name or service not known', 'Temporary failure in name resolution')).toBe(norm(cap('wget-unresolvable')));
  });
  it('-T 1 -t 2 against a silent address: two timed-out tries, Giving up, exit 4 (wget-T-timeout)', async () => {
    expect(norm(await both(lab(), 'lab-n1-pa', 'wget -T 1 -t 2 -O- http://10.244.9.9:8080/; echo rc=$?'))).toBe(norm(cap('wget-T-timeout')));
  });
  it('bad options, a missing URL or argument, a bad period, scheme or port (wget-errors)', async () => {
    const line = 'wget -Z 2>&1; echo rc=$?; wget 2>&1; echo rc=$?; wget -O 2>&1; echo rc=$?; wget -T abc http://x/ 2>&1; echo rc=$?; wget --bogus 2>&1; echo rc=$?; wget -O- gopher://x/ 2>&1; echo rc=$?; wget -O- http://10.244.1.3:99999/ 2>&1; echo rc=$?';
    expect(await both(lab(), 'lab-n1-pa', line)).toBe(cap('wget-errors'));
  });
  it('-O FILE is created before the fetch (a refused one leaves it empty); an unopenable one is exit 1 (wget-O-file)', async () => {
    const line = 'wget -q -O /tmp/wgx http://10.244.1.3:9999/; echo rc=$?; wc -c < /tmp/wgx; rm -f /tmp/wgx; wget -O /nonexistent/f http://10.244.1.3:8080/ 2>&1; echo rc=$?';
    expect(await both(lab(), 'lab-n1-pa', line)).toBe(cap('wget-O-file'));
  });
  it('without -O saves index.html, then index.html.1, in the working directory', async () => {
    const w = lab();
    const sh = createShell(w, 'lab-n1-pa');
    await sh.exec('cd /tmp; wget -q http://10.244.1.3:8080/; wget -q http://10.244.1.3:8080/', () => {});
    expect(norm(w.machines.get('lab-n1-pa')!.files.get('/tmp/index.html.1') ?? '')).toBe(norm(cap('wget-qO')));
  });
});

describe('busybox wget', () => {
  const bb = async (line: string) => {
    const w = lab();
    busyboxPod(w);
    return norm(await both(w, 'lab-n1-pa', line));
  };
  it('-qO- (bb-wget-qO), -O- (bb-wget-O-), -S (bb-wget-S), --spider (bb-wget-spider)', async () => {
    expect(await bb('wget -qO- http://10.244.1.3:8080/; echo rc=$?')).toBe(norm(cap('bb-wget-qO')));
    expect(await bb('wget -O- http://10.244.1.3:8080/; echo rc=$?')).toBe(norm(cap('bb-wget-O-')));
    expect(await bb('wget -S -O /dev/null http://10.244.1.3:8080/')).toBe(norm(cap('bb-wget-S')));
    expect(await bb('wget --spider http://10.244.1.3:8080/; echo rc=$?')).toBe(norm(cap('bb-wget-spider')));
  });
  it('saves index.html and refuses to overwrite it (bb-wget-file)', async () => {
    expect(await bb('cd /tmp && wget http://10.244.1.3:8080/; echo rc=$?; wget http://10.244.1.3:8080/; echo rc=$?; cat index.html')).toBe(norm(cap('bb-wget-file')));
  });
  it('refused, bad address and option errors are one line with exit 1 (bb-wget-refused, bb-wget-bad-address, bb-wget-errors)', async () => {
    expect(await bb('wget -qO- http://10.244.1.3:9999/; echo rc=$?; wget -O- http://10.244.1.3:9999/; echo rc=$?')).toBe(norm(cap('bb-wget-refused')));
    expect(await bb('wget -qO- http://nosuch.example/; echo rc=$?')).toBe(norm(cap('bb-wget-bad-address')));
    // The lab kept the first line of each complaint (`sed -n 1p`): the usage follows it here too.
    const errs = await bb('wget -Z; echo rc=$?; wget; echo rc=$?; wget -T abc http://x/; echo rc=$?');
    const first = errs.split(/\n(?=rc=)/).map((chunk) => chunk.replace(/^(rc=\d+\n)?([^\n]*)[\s\S]*$/, '$1$2')).join('\n');
    expect(`${first.trimEnd()}\n`).toBe(cap('bb-wget-errors'));
  });
  it('-T: a connect nobody answers ends with "download timed out", exit 1 (networking/wget.c alarm_handler)', async () => {
    expect(await bb('wget -T 2 -qO- http://10.244.9.9:8080/; echo rc=$?')).toBe('wget: download timed out\nrc=1\n');
  });
});

describe('arping (iputils 20221126)', () => {
  it('answers from the gateway, broadcast first then unicast (arping)', async () => {
    expect(norm((await run(lab(), 'lab-n1-pa', 'arping -c 2 -I eth0 10.244.1.1')).stdout)).toBe(norm(cap('arping')));
  });
  it('an address nobody has: two broadcasts, no answer, exit 1 (arping-noreply)', async () => {
    expect(await both(lab(), 'lab-n1-pa', 'arping -c 2 -w 2 -I eth0 10.244.1.77; echo rc=$?')).toBe(cap('arping-noreply'));
  });
  it('-D from 0.0.0.0: exit 1 when the address is taken, 0 when free (arping-D)', async () => {
    expect(norm(await both(lab(), 'lab-n1-pa', 'arping -D -c 2 -I eth0 10.244.1.3; echo rc=$?; arping -D -c 2 -w 3 -I eth0 10.244.1.77; echo rc=$?'))).toBe(norm(cap('arping-D')));
  });
  it('-f stops at the first reply; without -I the route picks the device (arping-f)', async () => {
    expect(norm(await both(lab(), 'lab-n1-pa', 'arping -f -c 3 10.244.1.3; echo rc=$?'))).toBe(norm(cap('arping-f')));
  });
  it('the asker learns nothing, the target learns the asker as STALE (arping-neigh)', async () => {
    // The lab read the target's table with `ip netns exec`; here a shell stands in each pod.
    const w = lab();
    await both(w, 'lab-n1-pb', 'ip neigh flush all');
    const pa = await both(w, 'lab-n1-pa', 'ip neigh flush all; arping -c 1 -I eth0 10.244.1.3 >/dev/null; echo rc=$?; ip neigh');
    expect(pa + (await both(w, 'lab-n1-pb', 'ip neigh'))).toBe(cap('arping-neigh'));
  });
  it('-U and -A announce the address, broadcast; the hairpinned bridge port hands the -A reply back (arping-U-A)', async () => {
    const line = 'arping -U -c 2 -I eth0 10.244.1.2; echo rc=$?; arping -A -c 1 -I eth0 10.244.1.2; echo rc=$?';
    expect(norm(await both(lab(), 'lab-n1-pa', line))).toBe(norm(cap('arping-U-A')));
  });
  it('usage, a bad option, a missing device, a bad count, -V (arping-errors)', async () => {
    const out = await both(lab(), 'lab-n1-pa', "arping 2>&1; echo rc=$?; arping -Q 2>&1 | grep invalid; echo rc=2; arping -c 1 -I nosuch 10.244.1.3 2>&1; echo rc=$?; arping -c x 10.244.1.3 2>&1; echo rc=$?; arping -V");
    expect(out).toBe(cap('arping-errors'));
    expect((await run(lab(), 'lab-n1-pa', 'arping -Q')).status).toBe(2);
  });
  it('tcpdump on the target sees the requests with their target MAC, and the DAD probe from 0.0.0.0 (tcpdump-arping)', async () => {
    const w = lab();
    const sh = createShell(w, 'lab-n1-pb');
    let out = '';
    const p = sh.exec('tcpdump -l -n -i eth0 arp', (c) => { if (c.stream === 'stdout') out += c.text; });
    await new Promise((r) => setTimeout(r, 0));
    await run(w, 'lab-n1-pa', 'arping -c 2 -I eth0 10.244.1.3 >/dev/null; arping -D -c 1 -I eth0 10.244.1.3 >/dev/null');
    sh.interrupt();
    await p;
    const strip = (t: string) => t.replace(/^\d\d:\d\d:\d\d\.\d+ /gm, '').trim();
    expect(strip(out)).toBe(strip(cap('tcpdump-arping')));
  });
  it('runs until Ctrl-C without -c, then prints the summary', async () => {
    const w = lab();
    const sh = createShell(w, 'lab-n1-pa');
    let out = '';
    const p = sh.exec('arping -I eth0 10.244.1.3', (c) => { out += c.text; });
    for (let i = 0; i < 50 && !out.includes('reply'); i++) await new Promise((r) => setTimeout(r, 0));
    sh.interrupt();
    await p;
    expect(out).toMatch(/Sent \d+ probes \(1 broadcast\(s\)\)\nReceived \d+ response\(s\)\n$/);
  });
});

/**
 * Whether the simulated trace has the capture's lines, hops and answers. A real run may show
 * `*` where the simulator answers: the routers' ICMP rate limit (icmp_ratelimit, a burst of 6
 * per destination, not simulated) and, now and then, a destination's silence towards the
 * second and third SYN (a rerun of traceroute-T-same-node showed ` T ms * *`). Where the
 * capture has an answer, the simulator must have one.
 */
function covers(sim: string, real: string): void {
  const tokens = (l: string) => l.replace(/^ ?\d+ {2}\S+/, '').match(/T ms|\*/g) ?? [];
  const a = sim.trimEnd().split('\n');
  const b = real.trimEnd().split('\n');
  expect(a.map((l) => l.match(/^( ?\d+ {2}\S+|traceroute to .*)/)?.[1])).toEqual(b.map((l) => l.match(/^( ?\d+ {2}\S+|traceroute to .*)/)?.[1]));
  b.forEach((l, i) => tokens(l).forEach((t, j) => { if (t === 'T ms') expect(tokens(a[i]!)[j], `${a[i]} answers where the capture does`).toBe('T ms'); }));
}

describe('traceroute -T (traceroute 2.1.2, tcp module)', () => {
  it('to a pod on the same node: the pod answers the SYN itself, open port or closed (traceroute-T-same-node)', async () => {
    const line = 'traceroute -T -n -p 8080 10.244.1.3; traceroute -T -n -p 9999 10.244.1.3';
    covers((await run(lab(), 'lab-n1-pa', line)).stdout.replace(/\d+\.\d+ ms/g, 'T ms'), cap('traceroute-T-same-node'));
  });
  it('across nodes: two routers, then the destination ends it (traceroute-T-udp-first)', async () => {
    const line = 'traceroute -n 10.244.2.2; traceroute -T -n -p 8080 10.244.2.2';
    covers((await run(lab(), 'lab-n1-pa', line)).stdout.replace(/\d+\.\d+ ms/g, 'T ms'), cap('traceroute-T-udp-first'));
  });
  it('the same hops as traceroute-T.txt, whose stars are the routers\' ICMP rate limit (icmp_ratelimit, not simulated)', async () => {
    covers((await run(lab(), 'lab-n1-pa', 'traceroute -T -n -p 8080 10.244.2.2')).stdout.replace(/\d+\.\d+ ms/g, 'T ms'), cap('traceroute-T'));
  });
  it('-q past 10 or below 1, -m past 255 or below 1, a fractional -q: traceroute.c\'s checks, exit 2 (traceroute-limits)', async () => {
    const r = await run(lab(), 'lab-n1-pa', 'traceroute -q 11 -n 10.244.1.3; echo rc=$?; traceroute -q 0 -n 10.244.1.3; echo rc=$?; traceroute -m 256 -n 10.244.1.3; echo rc=$?; traceroute -m 0 -n 10.244.1.3; echo rc=$?; traceroute -q 1.5 -n 10.244.1.3; echo rc=$?; traceroute -n -Z 10.244.1.3; echo rc=$?');
    expect({ out: r.stdout, err: r.stderr }).toEqual({ out: cap('traceroute-limits'), err: cap('traceroute-limits.stderr') });
  });
  it('busybox\'s traceroute has no -T (bb-traceroute-T)', async () => {
    const w = lab();
    busyboxPod(w);
    const r = await run(w, 'lab-n1-pa', 'traceroute -T -n 10.244.2.2');
    expect(`${r.stderr.split('\n')[0]}\nrc=${r.status}\n`).toBe(cap('bb-traceroute-T'));
  });
});
