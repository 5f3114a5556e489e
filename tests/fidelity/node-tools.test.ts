// Node and pod tools against real Linux: tests/fixtures/node-tools/lab.sh (a copy of the
// reference lab under ntl-* names) captured ss (iproute2 6.1), ip rule and policy routing,
// ip route get ... iif, arp (net-tools 2.10), getent (glibc 2.36), ping -I (iputils 20221126)
// and ps (procps-ng 4.0.2) in network namespaces; the sandbox's reference-lab scenario is the
// same topology, so its output must be byte-identical where nothing varies.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lab, run } from './traffic-lab.helper.ts';
import { createShell } from '../../sandbox/shell/session.ts';

const DIR = new URL('../fixtures/node-tools/captures/', import.meta.url).pathname;
/** A capture's stdout (or stderr, empty when the lab wrote none). */
const cap = (name: string, stream: 'stdout' | 'stderr' = 'stdout'): string => {
  try {
    return readFileSync(`${DIR}${name}${stream === 'stderr' ? '.stderr' : ''}.txt`, 'utf8');
  } catch {
    return '';
  }
};
/** The command the lab ran for a capture (index.tsv), so the test runs exactly that line. */
const INDEX = new Map(readFileSync(`${DIR}index.tsv`, 'utf8').trim().split('\n').map((l) => {
  const [, file, ns, cmd, rc] = l.split('\t');
  return [file!.replace(/\.txt$/, ''), { ns: ns!.replace(/^ntl-/, 'lab-'), cmd: cmd!, rc: Number(rc) }] as const;
}));

/**
 * Runs capture `name`'s command line on the same machine of a fresh lab, as the lab did,
 * after the captures the lab ran before it there (`after`).
 */
async function same(name: string, after: string[] = []): Promise<void> {
  const c = INDEX.get(name)!;
  const world = lab();
  const sh = createShell(world, c.ns);
  for (const b of after) await run(world, c.ns, INDEX.get(b)!.cmd, sh);
  const r = await run(world, c.ns, c.cmd, sh);
  expect({ out: r.stdout, err: r.stderr, rc: r.status }).toEqual({ out: cap(name), err: cap(name, 'stderr'), rc: c.rc });
}

describe('ss', () => {
  for (const name of ['ss-tln', 'ss-uln', 'ss-tuln', 'ss-xl', 'ss-ltn-empty', 'ss-bad-option']) {
    it(`${INDEX.get(name)!.cmd} prints what iproute2 ss printed`, () => same(name));
  }
  it('-p names the server process as users:(("python3",pid=N,fd=3))', async () => {
    const r = await run(lab(), 'lab-n1-pa', 'ss -tlnp');
    expect(r.stdout.replace(/pid=\d+/, 'pid=N')).toBe(cap('ss-tlnp'));
  });
});

describe('ip rule and policy routing', () => {
  for (const name of ['ip-rule', 'ip-rule-add', 'ip-rule-errors', 'ip-route-table', 'ip-route-get-iif-noforward', 'ip-route-get-iif-nofrom']) {
    it(`${INDEX.get(name)!.cmd.slice(0, 60)} prints what ip printed`, () => same(name));
  }
  it('ip rule del removes the rules the add made, and names a missing one', () => same('ip-rule-del', ['ip-rule-add']));
  it('a forwarded packet follows the rule that matches its source (the datapath walks the rules)', async () => {
    const world = lab();
    const node = createShell(world, 'lab-node1');
    expect((await run(world, 'lab-node1', 'ip route add unreachable 10.244.2.0/24 table 100 && ip rule add from 10.244.1.2 lookup 100', node)).status).toBe(0);
    const pa = await run(world, 'lab-n1-pa', 'ping -c 1 -W 1 10.244.2.2');
    expect(pa.stdout).toContain('From 10.244.1.1 icmp_seq=1 Destination Host Unreachable');
    const pb = await run(world, 'lab-n1-pb', 'ping -c 1 -W 1 10.244.2.2');
    expect(pb.stdout).toContain('1 received');
    // Without the rule the same packet takes main's route again.
    await run(world, 'lab-node1', 'ip rule del from 10.244.1.2 lookup 100', node);
    expect((await run(world, 'lab-n1-pa', 'ping -c 1 -W 1 10.244.2.2')).stdout).toContain('1 received');
  });
  it('a fwmark rule selects a table for marked packets only', async () => {
    const world = lab();
    const node = createShell(world, 'lab-node1');
    await run(world, 'lab-node1', 'ip route add 10.9.0.0/16 via 10.0.16.1 table 7 && ip rule add fwmark 0x7 lookup 7', node);
    expect((await run(world, 'lab-node1', 'ip route get 10.9.1.1 mark 7', node)).stdout).toBe('10.9.1.1 via 10.0.16.1 dev eth0 table 7 src 10.0.16.11 mark 0x7 uid 0 \n    cache \n');
    expect((await run(world, 'lab-node1', 'ip route get 10.9.1.1', node)).stdout).toBe('10.9.1.1 via 10.0.16.1 dev eth0 src 10.0.16.11 uid 0 \n    cache \n');
  });
});

describe('arp (net-tools)', () => {
  for (const name of ['arp-n', 'arp-a', 'arp-n-empty', 'arp-n-host']) {
    it(`${INDEX.get(name)!.cmd} prints what arp printed`, () => same(name));
  }
  it('an unknown option prints arp\'s usage with exit status 3', async () => {
    const r = await run(lab(), 'lab-node1', 'arp -Q');
    expect({ err: r.stderr, rc: r.status }).toEqual({ err: cap('arp-bad-option', 'stderr'), rc: 3 });
  });
});

describe('getent (glibc)', () => {
  // The lab's namespaces read the machine's /etc/hosts, which names localhost on one line.
  const withHosts = async (name: string) => {
    const c = INDEX.get(name)!;
    const world = lab();
    const sh = createShell(world, c.ns);
    await run(world, c.ns, "printf '127.0.0.1\\tlocalhost\\n' > /etc/hosts", sh);
    const r = await run(world, c.ns, c.cmd, sh);
    expect({ out: r.stdout, rc: r.status }).toEqual({ out: cap(name), rc: c.rc });
  };
  it('hosts: a name and an address from /etc/hosts, exit 2 for an unknown name', () => withHosts('getent-hosts'));
  it('ahosts: one line per socket type, the canonical name on the first', () => withHosts('getent-ahosts'));
});

/**
 * A capture whose lab command piped through sed to mask what varies: the sandbox has no sed,
 * so the test runs the command before the pipe and applies the same substitutions here.
 */
async function masked(name: string, command: string, masks: [RegExp, string][]): Promise<void> {
  const c = INDEX.get(name)!;
  const r = await run(lab(), c.ns, command);
  const out = masks.reduce((t, [re, to]) => t.replace(re, to), r.stdout);
  expect({ out, err: r.stderr, rc: r.status }).toEqual({ out: cap(name), err: cap(name, 'stderr'), rc: c.rc });
}

describe('ping -I (iputils)', () => {
  it('names the source address and the device in its header', () => masked('ping-I', 'ping -c 1 -I eth0 10.244.1.3',
    [[/time=[0-9.]+ ms/, 'time=T ms'], [/= [0-9./]+ ms/, '= T ms'], [/time [0-9]+ms/, 'time Tms']]));
  it('an unknown device fails SO_BINDTODEVICE with exit status 2', () => same('ping-I-bad'));
});

describe('conntrack -S and -C (conntrack-tools 1.4.7)', () => {
  it('-S prints one line of counters per CPU', () => masked('conntrack-S', 'conntrack -S',
    [[/(found|invalid|insert|insert_failed|drop|early_drop|error|search_restart|clash_resolve|chaintoolong)=[0-9]+/g, '$1=N']]));
  it('-C counts the entries -L lists', async () => {
    // The capture's count (3) came from the lab's earlier traffic; the rule is that -C counts the table.
    const world = lab();
    const node = createShell(world, 'lab-node1');
    expect((await run(world, 'lab-node1', 'conntrack -C', node)).stdout).toBe('0\n');
    await run(world, 'lab-n1-pa', 'curl -s -o /dev/null 10.244.2.2:8080');
    const listed = (await run(world, 'lab-node1', 'conntrack -L', node)).stdout.split('\n').filter((l) => l !== '').length;
    expect(listed).toBeGreaterThan(0);
    expect((await run(world, 'lab-node1', 'conntrack -C', node)).stdout).toBe(`${listed}\n`);
  });
});

describe('ip -j (iproute2 JSON)', () => {
  // The lab captured the pod's view with /run/netns hidden (`podview`): its peer shows as link-netnsid 0.
  for (const name of ['ip-j-link', 'ip-j-addr', 'ip-j-p-addr', 'ip-j-route', 'ip-j-neigh', 'ip-j-p-route']) {
    it(`${INDEX.get(name)!.cmd} prints what ip printed`, () => same(name));
  }
});

describe('bridge -j (iproute2 JSON)', () => {
  for (const name of ['bridge-j-fdb', 'bridge-j-link']) {
    it(`${INDEX.get(name)!.cmd} prints what bridge printed`, () => same(name));
  }
});

describe('nc -l, -p, -s (netcat-openbsd)', () => {
  it('nc -l prints what a client sends from another machine, then exits; the port is gone after one connection', async () => {
    const world = lab();
    const server = createShell(world, 'lab-n1-pb');
    let out = '';
    const p = server.exec('nc -l -p 9000', (c) => { if (c.stream === 'stdout') out += c.text; });
    await new Promise((r) => setTimeout(r, 0));
    expect((await run(world, 'lab-n1-pb', 'ss -tln sport = :9000')).stdout).toContain('0.0.0.0:9000');
    const client = await run(world, 'lab-n1-pa', "printf 'hello\\n' | nc -q 1 -p 40001 10.244.1.3 9000");
    expect(client.status).toBe(0);
    expect((await p).status).toBe(0);
    expect(out).toBe('hello\n');
    expect((await run(world, 'lab-n1-pa', 'nc -zv 10.244.1.3 9000')).stderr).toBe('nc: connect to 10.244.1.3 port 9000 (tcp) failed: Connection refused\n');
  });
  it('-s must be a local address', async () => {
    expect(await run(lab(), 'lab-n1-pa', 'nc -s 10.9.9.9 10.244.1.3 8080')).toMatchObject({ status: 1, stderr: 'nc: bind failed: Cannot assign requested address\n' });
  });
  it('-p picks the source port the server sees', async () => {
    const r = await run(lab(), 'lab-n1-pa', "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -p 40123 10.244.1.3 8080");
    expect(r.stdout).toContain('you are 10.244.1.2:40123');
  });
});
