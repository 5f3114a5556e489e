// Behaviour of the default scenario's pods on the wire: the modelled images answer as the
// real ones (nginx's page, whoami's report, agnhost's /clientip), pod-to-pod traffic across
// nodes keeps the pod's source address (no NAT on the overlay), and traffic to the internet
// leaves masqueraded.
import { describe, expect, it } from 'vitest';
import { bootScenario } from './index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';
import { listObjects, type KubeObject } from '../cluster/index.ts';
import { NGINX_WELCOME } from '../cluster/apps/servers.ts';

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
  const pods = listObjects(r.world.cluster!, 'Pod', 'default');
  const ip = (p: KubeObject) => (p.status as { podIP: string }).podIP;
  const node = (p: KubeObject) => (p.spec as { nodeName: string }).nodeName;
  return { run, pods, ip, node, world: r.world };
}

describe('default scenario traffic', () => {
  it('serves nginx default page across nodes', async () => {
    const { run, pods, ip, node } = await setup();
    const toolbox = pods.find((p) => p.metadata.name === 'toolbox')!;
    const web = pods.find((p) => p.metadata.labels?.app === 'web' && node(p) !== node(toolbox))!;
    const r = await run(`kubectl exec toolbox -c netshoot -- curl -s ${ip(web)}`);
    expect(r).toMatchObject({ out: NGINX_WELCOME, status: 0 });
  });

  it('keeps the pod source address between pods on different nodes', async () => {
    const { run, pods, ip, node } = await setup();
    const toolbox = pods.find((p) => p.metadata.name === 'toolbox')!;
    const echo = pods.find((p) => p.metadata.labels?.app === 'echo' && node(p) !== node(toolbox))!;
    const r = await run(`kubectl exec toolbox -c netshoot -- curl -s http://${ip(echo)}:8080/clientip`);
    expect(r.out).toMatch(new RegExp(`^${ip(toolbox).replace(/\./g, '\\.')}:\\d+$`));
  });

  it('shares the pod network namespace between containers (whoami on localhost)', async () => {
    const { run, pods, ip } = await setup();
    const toolbox = pods.find((p) => p.metadata.name === 'toolbox')!;
    const r = await run('kubectl exec toolbox -c netshoot -- curl -s localhost');
    expect(r.out).toMatch(/^Hostname: toolbox\r?\nIP: 127\.0\.0\.1\r?\nIP: ::1\r?\n/);
    expect(r.out).toContain(`IP: ${ip(toolbox)}`);
    expect(r.out).toMatch(/RemoteAddr: 127\.0\.0\.1:\d+/);
  });

  it('masquerades pod traffic to the internet', async () => {
    const { run } = await setup();
    const r = await run('kubectl exec toolbox -c netshoot -- curl -s 93.184.215.14');
    expect(r.out).toMatch(/^example\.com: hello from 93\.184\.215\.14:80, you are 203\.0\.113\.1:\d+\n$/);
  });
});
