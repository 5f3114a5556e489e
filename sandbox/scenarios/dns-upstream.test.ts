// CoreDNS's `forward . /etc/resolv.conf` on the default scenario: a pod resolves an internet
// name through CoreDNS -> the LAN resolver on the gateway (the nodes' resolv.conf) -> the
// public resolver 8.8.8.8 on the internet, all real UDP packets; then reaches the name's HTTP
// server, leaving its node masqueraded by flannel's FLANNEL-POSTRTG rule and the gateway's NAT.
import { describe, expect, it } from 'vitest';
import { bootScenario } from './index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';
import { listObjects } from '../cluster/index.ts';

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const shell = (machine: string) => {
    const sh = createShell(r.world, machine);
    return async (line: string) => {
      let out = '';
      let err = '';
      const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
      return { out, err, status };
    };
  };
  return { world: r.world, shell };
}

describe('CoreDNS upstream (default scenario)', () => {
  it('answers dig example.com from a pod with the internet resolver\'s record', async () => {
    const { shell } = await setup();
    const run = shell('node-1');
    const r = await run('kubectl exec toolbox -c netshoot -- dig example.com');
    expect(r.status).toBe(0);
    expect(r.out).toContain('status: NOERROR');
    expect(r.out).toMatch(/flags: qr rd ra;/);
    // The resolver gives 300 s; CoreDNS's `cache 30` hands it on capped (plugin/cache WriteMsg).
    expect(r.out).toMatch(/^example\.com\.\s+30\s+IN\s+A\s+93\.184\.215\.14$/m);
    expect(r.out).toContain(';; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)');
    expect((await run('dig example.com')).out).toMatch(/^example\.com\.\s+300\s+IN\s+A\s+93\.184\.215\.14$/m);
    const nx = await run('kubectl exec toolbox -c netshoot -- dig +short nosuch.invalid');
    expect(nx.out).toBe('');
    expect((await run('kubectl exec toolbox -c netshoot -- dig nosuch.invalid')).out).toContain('status: NXDOMAIN');
  });

  it('curls http://example.com from a pod; the server sees the NATed address', async () => {
    const { shell, world } = await setup();
    const run = shell('node-1');
    const r = await run('kubectl exec toolbox -c netshoot -- curl -s http://example.com');
    expect(r.out).toMatch(/^example\.com: hello from 93\.184\.215\.14:80, you are 203\.0\.113\.1:\d+\n$/);
    const toolbox = listObjects(world.cluster!, 'Pod', 'default').find((p) => p.metadata.name === 'toolbox')!;
    const node = (toolbox.spec as { nodeName: string }).nodeName;
    const save = await shell(node)('iptables-save -c -t nat');
    const masq = /^\[(\d+):\d+\] -A FLANNEL-POSTRTG -s 10\.244\.0\.0\/16 ! -d 224\.0\.0\.0\/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully$/m.exec(save.out);
    expect(Number(masq?.[1])).toBeGreaterThan(0);
  });

  it('fails with SERVFAIL when the LAN resolver is gone (nothing answers upstream)', async () => {
    const { shell, world } = await setup();
    const gw = world.netns.get(world.machines.get('gateway')!.netns)!;
    gw.listeners = gw.listeners.filter((l) => !(l.proto === 'udp' && l.port === 53));
    const r = await shell('node-1')('kubectl exec toolbox -c netshoot -- dig example.com');
    expect(r.out).toContain('status: SERVFAIL');
  });

  it('resolves from the nodes too (dig against their resolv.conf reaches the gateway forwarder)', async () => {
    const { shell } = await setup();
    expect((await shell('node-2')('dig +short one.one.one.one')).out).toBe('1.1.1.1\n');
  });
});
