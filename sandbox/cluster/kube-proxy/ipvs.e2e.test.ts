/**
 * kube-proxy's IPVS mode in the datapath of the `service-edges` scenario (node-2 runs it):
 * cluster IPs on the DOWN dummy kube-ipvs0, a pod's connection scheduled by IPVS at LOCAL_IN
 * and its reply given the VIP back (FORWARD, bridged on the same node too), conntrack showing
 * the real server, persistence keeping a client on one pod, a virtual server without real
 * servers refusing with port unreachable, and the ip sets kube-proxy fills.
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';

async function cluster() {
  const r = bootScenario(scenarioText('service-edges')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-2');
  const run = async (line: string) => {
    let out = '';
    const rep = await sh.exec(line, (c) => { out += c.text; });
    return { out, status: rep.status };
  };
  return { sh, run };
}

describe('kube-proxy in IPVS mode on node-2', () => {
  it('puts every cluster IP on kube-ipvs0 and serves pods through IPVS with conntrack following', async () => {
    const { sh, run } = await cluster();
    const addr = await run('ip addr show kube-ipvs0');
    expect(addr.out).toMatch(/^\d+: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN /);
    expect(addr.out).toContain('inet 10.96.13.10/32 scope global kube-ipvs0');
    // The same Service from a pod on node-2: scheduled by IPVS, answered by a shop pod.
    expect((await run('kubectl exec toolbox-2 -- curl -s -m 2 shop')).out).toMatch(/Hostname: shop-/);
    // A local real server's reply is bridged on cni0 and still gets the VIP back (node-cache's pod is on node-2).
    expect((await run('kubectl exec toolbox-2 -- curl -s -m 2 node-cache')).out).toMatch(/Hostname: cache-0/);
    const ct = await run('conntrack -L -d 10.96.13.10');
    expect(ct.out).toMatch(/dst=10\.96\.13\.10 sport=\d+ dport=80 src=10\.244\.\d+\.\d+ dst=10\.244\.1\.\d+ sport=80/);
    expect((await run('ipvsadm -Lnc')).out).toMatch(/\nTCP 01:59  TIME_WAIT   10\.244\.1\.\d+:\d+ +10\.96\.13\.10:80 +10\.244\.\d+\.\d+:80\n/);
    sh.dispose();
  });

  it('keeps a ClientIP-affine client on one pod with a persistence template', async () => {
    const { sh, run } = await cluster();
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add((await run('kubectl exec toolbox-2 -- curl -s whoami')).out.match(/Hostname: (\S+)/)?.[1] ?? '');
    expect(seen.size).toBe(1);
    expect((await run('ipvsadm -Ln -t 10.96.13.20:80')).out).toMatch(/\nTCP  10\.96\.13\.20:80 rr persistent 10800\n/);
    expect((await run('ipvsadm -Lnc')).out).toMatch(/\nTCP 179:5\d NONE        10\.244\.1\.\d+:0 +10\.96\.13\.20:80 /);
    sh.dispose();
  });

  it('refuses a virtual server without real servers, and serves it once the slice port is named right', async () => {
    const { sh, run } = await cluster();
    expect((await run('ipvsadm -Ln -t 10.96.13.60:8080')).out).toBe('Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  10.96.13.60:8080 rr\n');
    const refused = await run('kubectl exec toolbox-2 -- curl -sS -m 2 10.96.13.60:8080');
    expect(refused.status).toBe(7);
    await run(`kubectl patch endpointslice ledger-1 --type=json -p '[{"op":"replace","path":"/ports/0/name","value":"api"}]'`);
    expect((await run('ipvsadm -Ln -t 10.96.13.60:8080')).out).toMatch(/\n  -> 1\.1\.1\.1:80 +Masq    1 /);
    expect((await run('kubectl exec toolbox-2 -- curl -s -m 2 10.96.13.60:8080')).out).toContain('hello from 1.1.1.1:80');
    sh.dispose();
  });

  it('fills the ip sets its iptables rules match, and rejects ping to a VIP (KUBE-IPVS-FILTER)', async () => {
    const { sh, run } = await cluster();
    const set = (await run('ipset list KUBE-CLUSTER-IP')).out;
    expect(set).toMatch(/\nReferences: 3\n/);
    expect(set).toContain('\n10.96.13.20,tcp:80\n');
    expect((await run('iptables -t nat -S KUBE-SERVICES')).out).toContain('-m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT');
    const ping = await run('ping -c 1 -W 1 10.96.13.20');
    expect(ping.out).toContain('Destination Port Unreachable');
    // node-1 stays in iptables mode: no kube-ipvs0 there.
    expect((await run('ssh node-1 ip link show kube-ipvs0')).status).not.toBe(0);
    sh.dispose();
  });
});
