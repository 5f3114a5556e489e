// The walk picture of real commands: steps through the devices of each machine with the
// evidence in the tools' words, packets with their parents, NAT with the endpoint chosen, a
// policy drop marked at its rule, and host-gw without encapsulation.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { clusterScenario } from '../scenarios/fixtures.ts';
import type { SandboxApi, StepPicture, WalkPicture } from '../api/types.ts';

async function walkOf(scenario: string, ...lines: string[]): Promise<{ sb: SandboxApi; w: WalkPicture }> {
  const sb = createSandbox();
  sb.boot({ scenario });
  for (const line of lines) await sb.exec(line, () => undefined);
  const w = sb.walk!();
  if (!w) throw new Error('no walk');
  return { sb, w };
}

const at = (s: StepPicture): string => `${s.where.machine}${s.where.pod ? `/${s.where.pod}` : ''}:${s.where.dev ?? ''}`;

describe('walk', () => {
  it('follows a ping across two nodes through veth, cni0, flannel.1 and both eth0s, and back', async () => {
    const { w } = await walkOf(scenarioText('pod-ip-model')!, 'kubectl exec toolbox -c netshoot -- ping -c 1 10.244.1.3');
    expect(w.command).toBe('ping -c 1 10.244.1.3');
    const request = w.steps.filter((s) => s.packet === 1);
    const places = request.map(at);
    for (const p of ['node-1/toolbox:eth0', 'node-1:cni0', 'node-1:flannel.1', 'node-2:flannel.1', 'node-2:cni0', 'node-2/whoami-2:eth0']) expect(places).toContain(p);
    expect(places.some((p) => /^node-1:veth[0-9a-f]{8}$/.test(p))).toBe(true);
    const outer = w.packets.find((p) => p.kind === 'encap' && p.parent === 1)!;
    const outerPlaces = w.steps.filter((s) => s.packet === outer.id).map(at);
    expect(outerPlaces).toContain('node-1:eth0');
    expect(outerPlaces).toContain('node-2:eth0');
    const encap = request.find((s) => s.kind === 'encap')!;
    expect(encap.verdict).toBe('encapsulated');
    expect(encap.before).toBe('10.244.0.3 > 10.244.1.3 icmp echo request seq 1');
    expect(encap.packetText).toMatch(/^10\.0\.16\.11:\d+ > 10\.0\.16\.12:8472 udp vxlan vni 1$/);
    expect(encap.evidence.map((e) => e.text)).toContain(`${encap.evidence[0]!.text.split(' ')[0]} dev flannel.1 dst 10.0.16.12 self permanent`);
    const route = request.find((s) => s.kind === 'route' && s.where.machine === 'node-1' && s.where.pod === undefined)!;
    expect(route.evidence[0]).toMatchObject({ kind: 'route', text: '10.244.1.3 via 10.244.1.0 dev flannel.1 src 10.244.0.0', command: 'ip route get 10.244.1.3', on: 'node-1' });
    expect(route.evidence[1]).toMatchObject({ kind: 'neighbour', command: 'ip neigh show 10.244.1.0' });
    expect(route.evidence[1]!.text).toMatch(/^10\.244\.1\.0 dev flannel\.1 lladdr [0-9a-f:]{17} PERMANENT$/);
    const reply = w.packets.find((p) => p.kind === 'reply')!;
    expect(reply.parent).toBe(1);
    expect(w.steps.filter((s) => s.packet === reply.id).at(-1)).toMatchObject({ kind: 'deliver', verdict: 'delivered', where: { machine: 'node-1', pod: 'toolbox' } });
    expect(w.packets.filter((p) => p.kind === 'arp').every((p) => p.parent !== undefined)).toBe(true);
    expect(w.machines).toEqual(['node-1', 'gateway', 'node-2', 'node-3']);
    expect(w.dying).toBeUndefined();
  });

  it('shows the DNAT of a Service with the endpoint chosen, its rule, and the reply un-DNATed', async () => {
    const { w } = await walkOf(scenarioText('services')!, 'kubectl exec toolbox -- curl -sS -m 2 http://10.96.100.10/');
    const dnat = w.steps.find((s) => s.kind === 'nat' && s.what.startsWith('DNAT'))!;
    expect(dnat.verdict).toBe('rewritten');
    expect(dnat.before).toMatch(/^10\.244\.0\.4:\d+ > 10\.96\.100\.10:80 tcp SYN$/);
    const endpoint = /> (10\.244\.\d+\.\d+):80 tcp SYN$/.exec(dnat.packetText)?.[1];
    expect(endpoint).toBeDefined();
    const rules = w.steps[dnat.index - 1]!.evidence.filter((e) => e.kind === 'rule').map((e) => e.text);
    expect(rules.at(-1)).toMatch(new RegExp(`^-A KUBE-SEP-\\w+ -p tcp .* -j DNAT --to-destination ${endpoint!.replace(/\./g, '\\.')}:80$`));
    expect(dnat.evidence.find((e) => e.kind === 'conntrack')?.text).toMatch(new RegExp(`dst=10\\.96\\.100\\.10 sport=\\d+ dport=80 .*src=${endpoint!.replace(/\./g, '\\.')} `));
    const unDnat = w.steps.find((s) => s.kind === 'nat' && s.what.startsWith('un-DNAT'))!;
    expect(unDnat.packetText).toMatch(/^10\.96\.100\.10:80 > 10\.244\.0\.4:\d+ tcp SYN,ACK$/);
  });

  it('marks a policy drop at the rule that rejected it', async () => {
    const deny = 'kubectl apply -f - <<EOF\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\nEOF';
    const sb = createSandbox();
    sb.boot({ scenario: scenarioText('network-policy')! });
    await sb.exec(deny, () => undefined);
    let ip = '';
    await sb.exec("kubectl get pod -n shop -l app=backend -o jsonpath='{.items[0].status.podIP}'", (c) => { ip += c.text; });
    await sb.exec(`kubectl exec toolbox -- curl -s -m 2 ${ip}:8080/hostname`, () => undefined);
    const w = sb.walk!()!;
    expect(w.dying).toBeDefined();
    const dying = w.steps[w.dying!]!;
    expect(dying).toMatchObject({ kind: 'drop', verdict: 'rejected', packet: 1, where: { machine: 'node-2' } });
    const rule = dying.evidence.find((e) => e.kind === 'rule')!;
    expect(rule.text).toMatch(/^-A KUBE-POD-FW-\w+ -d [\d.]+\/32 .* -j REJECT --reject-with icmp-port-unreachable$/);
    expect(rule.command).toMatch(/^iptables -t filter -S KUBE-POD-FW-\w+$/);
    expect(dying.evidence[0]!.words).toBe('a netfilter rule (or chain policy) dropped it');
  });

  it('routes host-gw traffic without encapsulation', async () => {
    const { w } = await walkOf(clusterScenario({ nodes: 2, network: 'host-gw', manifests: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {nodeName: node-1, containers: [{name: c, image: nicolaka/netshoot}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {nodeName: node-2, containers: [{name: c, image: nicolaka/netshoot}]}' }),
      'sleep 5', "kubectl exec a -- ping -c 1 $(kubectl get pod b -o jsonpath='{.status.podIP}')");
    expect(w.steps.some((s) => s.kind === 'encap')).toBe(false);
    const route = w.steps.find((s) => s.kind === 'route' && s.where.machine === 'node-1' && !s.where.pod)!;
    expect(route.evidence[0]!.text).toMatch(/^10\.244\.1\.\d+ via 10\.0\.16\.12 dev eth0 src 10\.0\.16\.11$/);
    expect(w.steps.filter((s) => s.kind === 'deliver' && s.verdict === 'delivered').length).toBeGreaterThan(0);
  });

  it('gives a failing Check the walk of its probe, with the dying hop', () => {
    const sb = createSandbox();
    sb.boot({ scenario: scenarioText('pod-ip-model')! });
    const report = sb.check({ id: 'x', title: 't', hints: [], checks: [{ reach: { from: 'pod/toolbox', to: 'pod/whoami-3:80' }, expect: true }], solution: { on: 'node-1', commands: ['true'] } });
    expect(report.results).toHaveLength(1);
    expect(report.results[0]!.passed).toBe(false);
    const w = report.results[0]!.walk!;
    expect(w.steps[w.dying!]).toMatchObject({ kind: 'drop', where: { machine: 'node-1' } });
    expect(w.steps[w.dying!]!.evidence[0]!.text).toMatch(/unreachable|no route/i);
    expect(sb.walk!()).toBeUndefined();
  });
});
