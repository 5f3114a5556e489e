// nfHook: the kernel's traversal order, verdicts, counters, conntrack states and NAT in both
// directions, checked on a node-like namespace with the reference lab's kube-proxy rules.
import { describe, expect, it } from 'vitest';
import { formatIpv4, ipv4Length } from '../../wire/index.ts';
import { nfHook } from './hook.ts';
import { iptablesRestore } from './restore.ts';
import { KUBE_NAT, echo, ip, ipt, node, tcp, udp } from './test-helper.ts';
import { listEntries } from '../conntrack/table.ts';
import type { TraceHop } from '../../api/types.ts';

const SYN = { syn: true };
const SYNACK = { syn: true, ack: true };
const ACK = { ack: true };
const FINACK = { fin: true, ack: true };

describe('filter verdicts', () => {
  it('drops where the rule says, counting packets and bytes', () => {
    const { world, ns, cni0, eth0 } = node();
    ipt(ns, '-A FORWARD -s 10.244.1.0/24 -p tcp --dport 22 -j DROP');
    ipt(ns, '-A FORWARD -j ACCEPT');
    const skb = tcp('10.244.1.2', 40000, '10.0.16.1', 22, SYN, { indev: cni0, outdev: eth0 });
    const v = nfHook(world, ns, 'FORWARD', skb);
    expect(v).toEqual({ verdict: 'drop', where: 'filter/FORWARD rule 1' });
    const rules = ns.netfilter.tables.get('filter')!.chains.get('FORWARD')!.rules;
    expect(rules[0]!.counters).toEqual({ packets: 1, bytes: ipv4Length(skb.pkt) });
    expect(rules[1]!.counters.packets).toBe(0);
    expect(nfHook(world, ns, 'FORWARD', tcp('10.244.1.2', 40000, '10.0.16.1', 80, SYN, { indev: cni0, outdev: eth0 }))).toEqual({ verdict: 'accept' });
    expect(rules[1]!.counters.packets).toBe(1);
  });

  it('applies the policy after user chains return, without counting it (nf_tables)', () => {
    const { world, ns } = node();
    ipt(ns, '-N CHECK');
    ipt(ns, '-A CHECK -p udp -j RETURN');
    ipt(ns, '-A INPUT -j CHECK');
    ipt(ns, '-P INPUT DROP');
    const v = nfHook(world, ns, 'INPUT', udp('10.0.16.1', 5000, '10.0.16.11', 53));
    expect(v).toEqual({ verdict: 'drop', where: 'filter/INPUT policy DROP' });
    expect(ns.netfilter.tables.get('filter')!.chains.get('INPUT')!.counters.packets).toBe(0);
    expect(ns.netfilter.tables.get('filter')!.chains.get('CHECK')!.rules[0]!.counters.packets).toBe(1);
  });

  it('reports REJECT with its reply type, and -i/-o with the + wildcard', () => {
    const { world, ns, eth0, cni0 } = node();
    ipt(ns, '-A FORWARD -i eth+ -o cni0 -p tcp -j REJECT --reject-with tcp-reset');
    expect(nfHook(world, ns, 'FORWARD', tcp('10.0.16.1', 1, '10.244.1.2', 80, SYN, { indev: eth0, outdev: cni0 })))
      .toEqual({ verdict: 'reject', with: 'tcp-reset', where: 'filter/FORWARD rule 1' });
    expect(nfHook(world, ns, 'FORWARD', tcp('10.244.1.2', 1, '10.0.16.1', 80, SYN, { indev: cni0, outdev: eth0 }))).toEqual({ verdict: 'accept' });
  });

  it('records the rules a packet matched on its trace', () => {
    const { world, ns } = node();
    ipt(ns, '-N LOGGED');
    ipt(ns, '-A LOGGED -j LOG --log-prefix "x "');
    ipt(ns, '-A LOGGED -j DROP');
    ipt(ns, '-A INPUT -p icmp -j LOGGED');
    const trace: TraceHop[] = [];
    nfHook(world, ns, 'INPUT', echo('10.0.16.1', '10.0.16.11', 8, 7, { trace }));
    expect(trace.map((h) => h.detail)).toEqual([
      'filter/INPUT rule 1 -j LOGGED',
      'filter/LOGGED rule 1 -j LOG --log-prefix "x "',
      'filter/LOGGED rule 2 -j DROP',
    ]);
    expect(trace.every((h) => h.event === 'ipt_do_table')).toBe(true);
    expect(trace[0]!.netns).toBe('node-1');
  });
});

describe('conntrack through the hooks', () => {
  it('tracks a TCP connection from SYN to TIME_WAIT with states and timeouts', () => {
    const { world, ns } = node();
    ipt(ns, '-A INPUT -m conntrack --ctstate INVALID -j DROP');
    const step = (hook: 'OUTPUT' | 'PREROUTING', flags: object, reply: boolean): string | undefined => {
      const skb = reply ? tcp('10.0.16.1', 80, '10.0.16.11', 41000, flags) : tcp('10.0.16.11', 41000, '10.0.16.1', 80, flags);
      nfHook(world, ns, hook, skb);
      nfHook(world, ns, reply ? 'INPUT' : 'POSTROUTING', skb);
      return skb.ctState;
    };
    expect(step('OUTPUT', SYN, false)).toBe('NEW');
    let [e] = listEntries(ns.conntrack, world.clock.ms);
    expect(e!.tcpState).toBe('SYN_SENT');
    expect(e!.seenReply).toBe(false);
    expect(step('PREROUTING', SYNACK, true)).toBe('ESTABLISHED');
    expect(step('OUTPUT', ACK, false)).toBe('ESTABLISHED');
    [e] = listEntries(ns.conntrack, world.clock.ms);
    expect(e!.tcpState).toBe('ESTABLISHED');
    expect(e!.assured).toBe(true);
    expect(e!.expires - world.clock.ms).toBe(432000_000);
    step('OUTPUT', FINACK, false);
    step('PREROUTING', FINACK, true);
    step('OUTPUT', ACK, false);
    [e] = listEntries(ns.conntrack, world.clock.ms);
    expect(e!.tcpState).toBe('TIME_WAIT');
    expect(e!.expires - world.clock.ms).toBe(120_000);
    world.clock.ms += 120_001;
    expect(listEntries(ns.conntrack, world.clock.ms)).toHaveLength(0);
  });

  it('marks a stray SYN/ACK INVALID and creates no entry', () => {
    const { world, ns } = node();
    ipt(ns, '-A INPUT -m conntrack --ctstate INVALID -j DROP');
    const skb = tcp('10.0.16.1', 80, '10.0.16.11', 41000, SYNACK);
    nfHook(world, ns, 'PREROUTING', skb);
    expect(skb.ctState).toBe('INVALID');
    expect(nfHook(world, ns, 'INPUT', skb)).toEqual({ verdict: 'drop', where: 'filter/INPUT rule 1' });
    expect(listEntries(ns.conntrack, 0)).toHaveLength(0);
  });

  it('tracks nothing in a namespace whose rules do not need conntrack (a pod)', () => {
    const { world, ns } = node();
    ipt(ns, '-A INPUT -p tcp -j ACCEPT');
    const skb = tcp('10.0.16.1', 80, '10.0.16.11', 41000, SYN);
    nfHook(world, ns, 'PREROUTING', skb);
    nfHook(world, ns, 'INPUT', skb);
    expect(skb.ctState).toBeUndefined();
    expect(ns.conntrack.entries.size).toBe(0);
  });
});

describe('kube-proxy NAT', () => {
  const load = () => {
    const n = node(11);
    const r = iptablesRestore(n.world, n.ns, KUBE_NAT, { noflush: true });
    expect(r).toEqual({ ok: true });
    return n;
  };

  it('DNATs a ClusterIP on the first packet, keeps the choice for the flow, un-DNATs replies', () => {
    const { world, ns, cni0 } = load();
    const syn = tcp('10.244.1.3', 45000, '10.96.0.10', 80, SYN, { indev: cni0 });
    expect(nfHook(world, ns, 'PREROUTING', syn)).toEqual({ verdict: 'accept' });
    const backend = formatIpv4(syn.pkt.dst);
    expect(['10.244.1.2', '10.244.2.2']).toContain(backend);
    expect(syn.pkt.payload.proto === 'tcp' && syn.pkt.payload.dport).toBe(8080);
    syn.outdev = cni0;
    nfHook(world, ns, 'FORWARD', syn);
    nfHook(world, ns, 'POSTROUTING', syn);
    // pod -> ClusterIP from a pod address is not masqueraded (no KUBE-MARK-MASQ).
    expect(formatIpv4(syn.pkt.src)).toBe('10.244.1.3');
    const reply = tcp(backend, 8080, '10.244.1.3', 45000, SYNACK);
    nfHook(world, ns, 'PREROUTING', reply);
    nfHook(world, ns, 'POSTROUTING', reply);
    expect(formatIpv4(reply.pkt.src)).toBe('10.96.0.10');
    expect(reply.pkt.payload.proto === 'tcp' && reply.pkt.payload.sport).toBe(80);
    for (let i = 0; i < 5; i++) {
      const ack = tcp('10.244.1.3', 45000, '10.96.0.10', 80, ACK, { indev: cni0 });
      nfHook(world, ns, 'PREROUTING', ack);
      expect(formatIpv4(ack.pkt.dst)).toBe(backend);
    }
    expect(reply.ctState).toBe('ESTABLISHED');
  });

  it('spreads new flows over both endpoints with the statistic match', () => {
    const { world, ns, cni0 } = load();
    const hits = new Map<string, number>();
    for (let port = 30000; port < 30200; port++) {
      const syn = tcp('10.244.1.3', port, '10.96.0.10', 80, SYN, { indev: cni0 });
      nfHook(world, ns, 'PREROUTING', syn);
      const d = formatIpv4(syn.pkt.dst);
      hits.set(d, (hits.get(d) ?? 0) + 1);
    }
    expect(hits.get('10.244.1.2')!).toBeGreaterThan(60);
    expect(hits.get('10.244.2.2')!).toBeGreaterThan(60);
  });

  it('masquerades node-originated ClusterIP traffic to the out device address with a random port', () => {
    const { world, ns, flannel } = load();
    let seen = 0;
    for (let port = 42000; port < 42020; port++) {
      const syn = tcp('10.0.16.11', port, '10.96.0.10', 80, SYN, { outdev: flannel });
      nfHook(world, ns, 'OUTPUT', syn);
      if (formatIpv4(syn.pkt.dst) !== '10.244.2.2') continue;
      seen++;
      nfHook(world, ns, 'POSTROUTING', syn);
      // KUBE-MARK-MASQ marked it (source outside 10.244.0.0/16) and KUBE-POSTROUTING cleared the bit.
      expect(syn.mark).toBe(0);
      expect(formatIpv4(syn.pkt.src)).toBe('10.244.1.0');
      const sport = syn.pkt.payload.proto === 'tcp' ? syn.pkt.payload.sport : 0;
      expect(sport).toBeGreaterThanOrEqual(1024);
      const reply = tcp('10.244.2.2', 8080, '10.244.1.0', sport, SYNACK, { indev: flannel });
      nfHook(world, ns, 'PREROUTING', reply);
      nfHook(world, ns, 'INPUT', reply);
      expect(formatIpv4(reply.pkt.dst)).toBe('10.0.16.11');
      expect(formatIpv4(reply.pkt.src)).toBe('10.96.0.10');
      expect(reply.pkt.payload.proto === 'tcp' && reply.pkt.payload.dport).toBe(port);
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('leaves no entry behind for a first packet dropped before confirmation', () => {
    const { world, ns, cni0 } = load();
    ipt(ns, '-A FORWARD -d 10.244.2.2 -j DROP');
    ipt(ns, '-A FORWARD -d 10.244.1.2 -j DROP');
    const syn = tcp('10.244.1.3', 45001, '10.96.0.10', 80, SYN, { indev: cni0, outdev: cni0 });
    nfHook(world, ns, 'PREROUTING', syn);
    expect(nfHook(world, ns, 'FORWARD', syn).verdict).toBe('drop');
    expect(ns.conntrack.entries.size).toBe(0);
  });

  it('translates an ICMP error about a DNATed flow back to the ClusterIP (RELATED)', () => {
    const { world, ns, cni0 } = load();
    ipt(ns, '-t nat -I KUBE-SERVICES -p udp -d 10.96.0.10 --dport 53 -j DNAT --to-destination 10.244.2.2:53');
    const q = udp('10.244.1.3', 40000, '10.96.0.10', 53, { indev: cni0, outdev: cni0 });
    nfHook(world, ns, 'PREROUTING', q);
    nfHook(world, ns, 'POSTROUTING', q);
    expect(formatIpv4(q.pkt.dst)).toBe('10.244.2.2');
    const err = echo('10.244.2.2', '10.244.1.3', 0, 0);
    err.pkt.payload = { proto: 'icmp', type: 3, code: 3, dataLength: 0, quoted: q.pkt };
    const trace: TraceHop[] = [];
    err.trace = trace;
    nfHook(world, ns, 'PREROUTING', err);
    nfHook(world, ns, 'POSTROUTING', err);
    expect(err.ctState).toBe('RELATED');
    expect(formatIpv4(err.pkt.src)).toBe('10.96.0.10');
    const quoted = err.pkt.payload.proto === 'icmp' ? err.pkt.payload.quoted! : undefined;
    expect(formatIpv4(quoted!.dst)).toBe('10.96.0.10');
    expect(quoted!.payload.proto === 'udp' && quoted!.payload.dport).toBe(53);
    expect(trace.map((h) => h.event)).toContain('nf_nat_manip_pkt');
  });

  it('un-SNATs ICMP echo replies after MASQUERADE rewrote the echo id', () => {
    const { world, ns, eth0, cni0 } = load();
    ipt(ns, '-t nat -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE --random-fully');
    const req = echo('10.244.1.2', '10.0.16.1', 8, 15417, { indev: cni0, outdev: eth0 });
    nfHook(world, ns, 'PREROUTING', req);
    nfHook(world, ns, 'POSTROUTING', req);
    expect(formatIpv4(req.pkt.src)).toBe('10.0.16.11');
    const id = req.pkt.payload.proto === 'icmp' ? req.pkt.payload.echoId! : -1;
    const rep = echo('10.0.16.1', '10.0.16.11', 0, id, { indev: eth0 });
    nfHook(world, ns, 'PREROUTING', rep);
    expect(formatIpv4(rep.pkt.dst)).toBe('10.244.1.2');
    expect(rep.pkt.payload.proto === 'icmp' && rep.pkt.payload.echoId).toBe(15417);
    expect(ip('10.0.16.11')).toBe(listEntries(ns.conntrack, 0)[0]!.reply.dst);
  });
});
