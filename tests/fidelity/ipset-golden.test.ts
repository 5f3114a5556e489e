// ipset(8) against real captures: tests/fixtures/ipvs/capture-ipset.sh ran ipset 7.17 and
// iptables-nft 1.8.9 in a network namespace on Linux 6.18 (the sets kube-proxy's IPVS mode
// creates, with its create options), and the simulator replays the same commands. Byte-exact
// but for what no simulator can know: the kernel's random hash seed (`initval`) and the order
// of a hash set's members (the kernel's bucket order, which follows from that seed).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createShell } from '../../sandbox/shell/session.ts';
import { testWorld } from '../../sandbox/shell/test-world.ts';

const DIR = join(import.meta.dirname, '../fixtures/ipvs/ipset');
const read = (f: string): string => readFileSync(join(DIR, f), 'utf8');

/** Masks initval and sorts each Members block (see the header). */
function normalize(text: string): string {
  const lines = text.replace(/initval 0x[0-9a-f]{8}/g, 'initval 0x00000000').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]!);
    if (lines[i] !== 'Members:') continue;
    const block: string[] = [];
    while (i + 1 < lines.length && lines[i + 1] !== '') block.push(lines[++i]!);
    out.push(...block.sort());
  }
  return out.join('\n');
}

/** The script's steps: the command, and which fixture holds what it printed (both streams, or split). */
const SETUP = [
  'ipset create KUBE-LOOP-BACK hash:ip,port,ip family inet hashsize 1024 maxelem 65536 -exist',
  'ipset create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 -exist',
  'ipset create KUBE-NODE-PORT-TCP bitmap:port range 0-65535 -exist',
];
const STEPS: { cmd: string; both?: string; out?: string; err?: string; rc?: string }[] = [
  { cmd: 'ipset list', both: 'ipset-list.empty.txt' },
  { cmd: 'ipset add KUBE-CLUSTER-IP 10.96.0.1,tcp:443 -exist' },
  { cmd: 'ipset add KUBE-LOOP-BACK 10.244.0.5,tcp:80,10.244.0.5 -exist' },
  { cmd: 'ipset list KUBE-CLUSTER-IP', both: 'ipset-list.cluster-ip-1.txt' },
  { cmd: 'ipset add KUBE-CLUSTER-IP 10.96.0.10,udp:53 -exist' },
  { cmd: 'ipset add KUBE-CLUSTER-IP 10.96.0.10,tcp:53 -exist' },
  { cmd: 'ipset add KUBE-CLUSTER-IP 10.96.100.10,tcp:80 -exist' },
  { cmd: 'ipset add KUBE-NODE-PORT-TCP 30080' },
  { cmd: 'ipset add KUBE-NODE-PORT-TCP 30443' },
  { cmd: 'iptables-nft -t nat -A PREROUTING -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT' },
  { cmd: 'iptables-nft -t nat -A OUTPUT -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT' },
  { cmd: 'ipset list', both: 'ipset-list.txt' },
  { cmd: 'ipset list -n', both: 'ipset-list-n.txt' },
  { cmd: 'iptables-nft -t nat -S', both: 'iptables-S.match-set.txt' },
  { cmd: 'iptables-nft -t nat -L PREROUTING -n', both: 'iptables-L.match-set.txt' },
  { cmd: 'ipset test KUBE-CLUSTER-IP 10.96.0.1,tcp:443', out: 'ipset-test.in.stdout.txt', err: 'ipset-test.in.stderr.txt', rc: 'ipset-test.in.rc' },
  { cmd: 'ipset test KUBE-CLUSTER-IP 10.96.0.2,tcp:443', out: 'ipset-test.out.stdout.txt', err: 'ipset-test.out.stderr.txt', rc: 'ipset-test.out.rc' },
  { cmd: 'ipset list NOPE', out: 'ipset-list.nope.stdout.txt', err: 'ipset-list.nope.stderr.txt', rc: 'ipset-list.nope.rc' },
  { cmd: 'ipset add KUBE-CLUSTER-IP 10.96.0.1,tcp:443', err: 'ipset-add.dup.stderr.txt', rc: 'ipset-add.dup.rc' },
  { cmd: 'ipset del KUBE-CLUSTER-IP 10.96.0.3,tcp:1', err: 'ipset-del.missing.stderr.txt', rc: 'ipset-del.missing.rc' },
  { cmd: 'ipset bogus', err: 'ipset-bogus.stderr.txt', rc: 'ipset-bogus.rc' },
  { cmd: 'ipset add KUBE-CLUSTER-IP 10.96.0.1', err: 'ipset-add.noport.stderr.txt', rc: 'ipset-add.noport.rc' },
  { cmd: 'ipset add KUBE-CLUSTER-IP 10.96.0.1,tcp:443,1.2.3.4', err: 'ipset-add.toomany.stderr.txt', rc: 'ipset-add.toomany.rc' },
  { cmd: 'ipset add KUBE-CLUSTER-IP 10.96.0.999,tcp:443', err: 'ipset-add.badip.stderr.txt', rc: 'ipset-add.badip.rc' },
  { cmd: 'ipset add KUBE-NODE-PORT-TCP 70000', err: 'ipset-add.badport.stderr.txt', rc: 'ipset-add.badport.rc' },
  { cmd: 'ipset', err: 'ipset-noargs.stderr.txt', rc: 'ipset-noargs.rc' },
  { cmd: 'ipset list KUBE-CLUSTER-IP KUBE-LOOP-BACK', err: 'ipset-list.two.stderr.txt', rc: 'ipset-list.two.rc' },
  { cmd: 'ipset -L KUBE-NODE-PORT-TCP', both: 'ipset-L.nodeport.txt' },
  { cmd: 'ipset list -t', both: 'ipset-list-t.txt' },
  { cmd: 'ipset destroy KUBE-CLUSTER-IP', err: 'ipset-destroy.inuse.stderr.txt', rc: 'ipset-destroy.inuse.rc' },
  { cmd: 'ipset --version', both: 'ipset-version.txt' },
];

describe('ipset against ipset 7.17 on Linux (tests/fixtures/ipvs/ipset)', () => {
  it('prints sets, members, references, sizes and errors as the captures', async () => {
    const sh = createShell(testWorld(), 'node-1');
    const run = async (cmd: string) => {
      let out = '';
      let err = '';
      const r = await sh.exec(cmd, (c) => { if (c.stream === 'stderr') err += c.text; else out += c.text; });
      return { out, err, both: out + err, status: r.status };
    };
    for (const c of SETUP) expect((await run(c)).status, c).toBe(0);
    for (const s of STEPS) {
      const r = await run(s.cmd);
      if (s.both) expect(normalize(r.both), s.cmd).toBe(normalize(read(s.both)));
      if (s.out !== undefined) expect(r.out, s.cmd).toBe(read(s.out));
      if (s.err !== undefined) expect(r.err, s.cmd).toBe(read(s.err));
      expect(String(r.status), s.cmd).toBe(s.rc ? read(s.rc).trim() : '0');
    }
    sh.dispose();
  });
});
