// The sidecar in the mesh scenario: outbound connections reach Envoy on 15001 before any
// Service rule (the pod's own OUTPUT nat), Envoy picks a web pod itself and connects as uid
// 1337, the server pod's Envoy takes the connection on 15006 and hands it to the app from
// 127.0.0.6; a proxy uid that the rules do not exempt loops until the connects fail and the
// client gets Envoy's 503; capture rules without a proxy refuse.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { httpProbe } from '../../grading/http.ts';
import { conntrackList, originalDst } from '../../net/conntrack/index.ts';
import { formatIpv4, parseIpv4 } from '../../wire/index.ts';
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { runUntil } from '../../fabric/time.ts';
import { datapathOf } from '../../net/datapath/state.ts';
import { LOOP_LIMIT } from './envoy.ts';

function mesh(): World {
  const b = bootScenario(scenarioText('mesh')!);
  if (typeof b === 'string') throw new Error(b);
  return b.world;
}
const podNs = (w: World, pod: string): Netns => w.netns.get(w.cluster!.pods.get(`default/${pod}`)!.netns)!;
const podIp = (w: World, pod: string): string => w.cluster!.pods.get(`default/${pod}`)!.ip;
const clusterIp = (w: World, svc: string): number =>
  parseIpv4(((w.cluster!.objects.get('Service')!.get(`default/${svc}`)!.spec) as { clusterIP: string }).clusterIP)!;
const tuples = (ns: Netns, w: World): string[] => conntrackList(ns, w.clock.ms).filter((e) => e.original.proto === 'tcp')
  .map((e) => `${formatIpv4(e.original.src)} > ${formatIpv4(e.original.dst)}:${e.original.dport} | ${formatIpv4(e.reply.src)}:${e.reply.sport}`);

describe('the sidecar proxy', () => {
  it('answers a client in the mesh through both proxies, the web pod reached by Envoy, not by kube-proxy', () => {
    const w = mesh();
    const out = httpProbe(w, podNs(w, 'sleep'), clusterIp(w, 'web'), 80, 'web', '/');
    expect(out.status).toBe(200);
    expect(out.body).toContain('Welcome to nginx!');
    const sleep = tuples(podNs(w, 'sleep'), w);
    // The client's connection to the ClusterIP was redirected to the local proxy ...
    expect(sleep).toContain(`${podIp(w, 'sleep')} > ${formatIpv4(clusterIp(w, 'web'))}:80 | 127.0.0.1:15001`);
    // ... and the proxy's own connection went to a web pod's address, untranslated here.
    const webPods = [...w.cluster!.pods.keys()].filter((k) => k.startsWith('default/web-')).map((k) => w.cluster!.pods.get(k)!.ip);
    const upstream = sleep.find((t) => !t.includes('127.0.0.1:15001'))!;
    expect(webPods.some((ip) => upstream.includes(`> ${ip}:80 | ${ip}:80`))).toBe(true);
    // In the web pod the connection came in redirected to 15006, and the app was reached from 127.0.0.6.
    const served = webPods.find((ip) => upstream.includes(`> ${ip}:80`))!;
    const webKey = [...w.cluster!.pods].find(([, rt]) => rt.ip === served)![0].split('/')[1]!;
    const web = tuples(podNs(w, webKey), w);
    expect(web).toContain(`${podIp(w, 'sleep')} > ${served}:80 | ${served}:15006`);
    expect(web).toContain(`127.0.0.6 > ${served}:80 | ${served}:80`);
  });

  it('loops when its uid is not exempted, until its connects fail; the client gets a 503 and the loop ends', () => {
    const w = mesh();
    const ns = podNs(w, 'orders');
    const out = httpProbe(w, ns, clusterIp(w, 'web'), 80, 'web', '/');
    expect(out.status).toBe(503);
    expect(out.body).toBe('upstream connect error or disconnect/reset before headers. reset reason: connection failure');
    const redirected = tuples(ns, w).filter((t) => t.endsWith('127.0.0.1:15001'));
    expect(redirected).toHaveLength(LOOP_LIMIT + 1);
    // Nothing keeps going once the 503 has travelled back: only the probe's own connection
    // (client and accepted end, kept alive) is still open, and no proxy waits on an upstream.
    runUntil(w, () => false, w.clock.ms + 60_000);
    const open = [...datapathOf(w).sockets.values()].filter((s) => s.kind === 'tcp' && s.netns === ns.id && s.state === 'ESTAB');
    expect(open.map((s) => (s.kind === 'tcp' ? `${s.lport}>${s.rport}${s.proxy ? ' proxying' : ''}` : ''))).toHaveLength(2);
    expect(open.some((s) => s.kind === 'tcp' && s.proxy)).toBe(false);
    expect(datapathOf(w).queue).toEqual([]);
  });

  it('refuses at once when the rules are there and the proxy is not', () => {
    const w = mesh();
    const out = httpProbe(w, podNs(w, 'payments'), clusterIp(w, 'web'), 80, 'web', '/');
    expect(out.connected).toBe(false);
    expect(out.status).toBeUndefined();
  });

  it('closes a connection made straight to its capture port', () => {
    const w = mesh();
    const ns = podNs(w, 'sleep');
    const out = httpProbe(w, ns, parseIpv4(podIp(w, 'sleep'))!, 15001, 'x', '/');
    expect(out.status).toBeUndefined();
  });

  it('SO_ORIGINAL_DST finds no entry for a socket conntrack never saw', () => {
    const w = mesh();
    expect(originalDst(podNs(w, 'sleep').conntrack, { laddr: 1, lport: 2, raddr: 3, rport: 4 }, w.clock.ms)).toEqual({ ok: false, errno: 'ENOENT' });
  });
});
