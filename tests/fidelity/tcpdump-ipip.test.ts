// Fidelity: tcpdump's lines for an IP-in-IP packet (protocol 4), as Calico's tunl0 sends
// pod traffic between subnets. fixtures/calico/tcpdump-ipip.py writes the packet into a pcap
// and real tcpdump 4.99.3 prints it (-nn, -nn -v, -nn -e: tcpdump-ipip.json); the simulator's
// printer must print the same packet, built from the same fields, byte for byte after the
// timestamp (print-ip.c ip_demux_print: the inner packet is printed as a packet of its own).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { frameText } from '../../sandbox/shell/commands/tcpdump/print.ts';
import { parseIpv4, type EthernetFrame, type Ipv4Packet } from '../../sandbox/wire/index.ts';

interface Step { cmd: string; stdout: string }
const steps = JSON.parse(readFileSync(new URL('./fixtures/calico/tcpdump-ipip.json', import.meta.url), 'utf8')) as Step[];

const ip = (t: string) => parseIpv4(t)!;
const inner: Ipv4Packet = { kind: 'ipv4', src: ip('10.244.0.1'), dst: ip('10.244.0.129'), ttl: 63, id: 0x1234, df: true,
  payload: { proto: 'icmp', type: 8, code: 0, echoId: 7, echoSeq: 1, dataLength: 56 } };
const frame: EthernetFrame = { src: '52:54:00:00:10:11', dst: '52:54:00:00:10:01',
  payload: { kind: 'ipv4', src: ip('10.0.16.11'), dst: ip('10.0.32.13'), ttl: 63, id: 0, df: true, payload: { proto: 'ipip', inner } } };

describe('tcpdump prints IP-in-IP as real tcpdump does', () => {
  it.each(steps.map((s) => [s.cmd, s] as const))('%s', (cmd, s) => {
    const o = { n: 2, e: cmd.includes('-e'), v: cmd.includes('-v') };
    const real = s.stdout.replace(/^\d\d:\d\d:\d\d\.\d{6} /, '').trimEnd();
    expect(frameText(frame, o, new Map())).toBe(real);
  });
});
