// br_netfilter belongs to a machine's kernel (scenario field `kernelModules`): nodes load it,
// their pods share it, a plain router (`gateway`) and a bare `host` do not. Without it
// /proc/sys/net/bridge does not exist and frames the router's bridge carries between nodes
// never reach its iptables or conntrack (net/bridge/br_netfilter_hooks.c registers both).
import { describe, expect, it } from 'vitest';
import { bootScenario } from './index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';
import { listObjects, type KubeObject } from '../cluster/index.ts';

function boot(name: string) {
  const r = bootScenario(scenarioText(name)!, 1);
  if (typeof r === 'string') throw new Error(r);
  const run = async (machine: string, line: string) => {
    const sh = createShell(r.world, machine);
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
  return { world: r.world, run };
}

const NO_KEY = 'sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n';

describe('br_netfilter is a property of the kernel', () => {
  it('the gateway router has no net.bridge.*, the nodes and their pods do', async () => {
    const { world, run } = boot('default');
    expect(await run('gateway', 'sysctl net.bridge.bridge-nf-call-iptables')).toEqual({ out: '', err: NO_KEY, status: 1 });
    expect(await run('gateway', 'sysctl -w net.bridge.bridge-nf-call-iptables=1')).toEqual({ out: '', err: NO_KEY, status: 1 });
    expect((await run('gateway', 'sysctl -a | grep -c "^net.bridge"')).out).toBe('0\n');
    expect((await run('node-1', 'sysctl net.bridge.bridge-nf-call-iptables')).out).toBe('net.bridge.bridge-nf-call-iptables = 1\n');
    // A pod never sets it and still reads 1: it shares node-1's kernel.
    const pod = listObjects(world.cluster!, 'Pod', 'default').find((p) => p.metadata.name === 'toolbox')!;
    const rt = world.cluster!.pods.get(`default/${pod.metadata.name}`)!;
    expect(world.netns.get(rt.netns)!.kernelModules).toEqual(['br_netfilter']);
    expect((await run('node-1', 'kubectl exec toolbox -c netshoot -- cat /proc/sys/net/bridge/bridge-nf-call-iptables')).out).toBe('1\n');
  });

  it('VXLAN between nodes crosses the gateway bridge without touching its conntrack', async () => {
    const { world, run } = boot('default');
    const pods = listObjects(world.cluster!, 'Pod', 'default');
    const node = (p: KubeObject) => (p.spec as { nodeName: string }).nodeName;
    const toolbox = pods.find((p) => p.metadata.name === 'toolbox')!;
    const echo = pods.find((p) => p.metadata.labels?.app === 'echo' && node(p) !== node(toolbox))!;
    const ip = (echo.status as { podIP: string }).podIP;
    expect((await run('node-1', `kubectl exec toolbox -c netshoot -- curl -s http://${ip}:8080/clientip`)).status).toBe(0);
    const gw = await run('gateway', 'conntrack -L');
    expect(gw.out).not.toContain('dport=8472');
    // The sending node's own stack does track its VXLAN packets (locally generated UDP).
    expect((await run(node(toolbox), 'conntrack -L')).out).toContain('dport=8472');
  });

  it('namespaces made with `ip netns add` share their machine\'s modules', async () => {
    const { run } = boot('veth-bridge');
    expect((await run('host', 'sysctl net.bridge.bridge-nf-call-iptables')).status).toBe(1);
    // blue plugs into host's br-lab: a namespace of host's kernel, without br_netfilter.
    expect((await run('host', 'ip netns exec blue sysctl net.bridge.bridge-nf-call-iptables')).err).toBe(NO_KEY);
    expect((await run('host', 'ip netns add lab; ip netns exec lab sysctl net.bridge.bridge-nf-call-iptables')).err).toBe(NO_KEY);
    expect((await run('node-1', 'ip netns add lab; ip netns exec lab sysctl net.bridge.bridge-nf-call-iptables')).out)
      .toBe('net.bridge.bridge-nf-call-iptables = 1\n');
  });

  it('the reference lab (one kernel, br_netfilter built in) has it on every machine', () => {
    const { world } = boot('reference-lab');
    for (const m of world.machines.values()) expect([m.name, world.netns.get(m.netns)!.kernelModules]).toEqual([m.name, ['br_netfilter']]);
  });
});
