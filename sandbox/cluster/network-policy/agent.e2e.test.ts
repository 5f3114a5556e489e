/**
 * The policy agent in the datapath of the `default` scenario (flannel VXLAN + the agent, as
 * Canal): a default-deny in `default` makes curl from the toolbox pod to a web pod fail with
 * the REJECT's port unreachable (exit 7), an allow rule for the toolbox's labels lets it
 * through, and the chains are there for the learner to list, named as kube-router v2 names
 * them (pkg/controllers/netpol: KUBE-POD-FW- and KUBE-NWPLCY- hashes that include the sync's
 * UnixNano version).
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import { createObject, listObjects, reconcileAll } from '../index.ts';
import { jumpComment, policyErrors, policySyncVersion } from './controller.ts';
import { podFwChain, policyChain } from './agent.ts';

const meta = (name: string) => ({ name, namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' });

describe('NetworkPolicy enforced by the agent', () => {
  it('rejects, then allows, a pod-to-pod connection', async () => {
    const r = bootScenario(scenarioText('default')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const world = r.world;
    const web = listObjects(world.cluster!, 'Pod', 'default').find((p) => p.metadata.labels?.app === 'web')!;
    const ip = (web.status as { podIP: string }).podIP;
    const place = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const curl = async () => {
      const sh = createShell(world, place);
      let out = '';
      const rep = await sh.exec(`curl -sS -m 2 http://${ip}/`, (c) => { out += c.text; });
      return { out, status: rep.status };
    };
    expect((await curl()).status).toBe(0);

    createObject(world, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('deny-all'), spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    reconcileAll(world);
    expect([...policyErrors(world).values()]).toEqual([]);
    const denied = await curl();
    expect(denied.status).not.toBe(0);

    createObject(world, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('allow-toolbox'),
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'toolbox' } } }], ports: [{ port: 80 }] }] } });
    reconcileAll(world);
    expect((await curl()).status).toBe(0);

    const node = (web.spec as { nodeName: string }).nodeName;
    const sh = createShell(world, node);
    let out = '';
    await sh.exec('iptables -S', (c) => { out += c.text; });
    expect(out).toContain(`-N ${podFwChain('default', web.metadata.name, policySyncVersion(world, node))}`);
    expect(out).toContain(`-A FORWARD -m comment --comment "${jumpComment('FORWARD', 'KUBE-ROUTER-FORWARD')}" -j KUBE-ROUTER-FORWARD`);
  });

  it('names its chains per full sync as kube-router v2 does, and renames them at the next one', async () => {
    const r = bootScenario(scenarioText('default')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const world = r.world;
    createObject(world, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('deny-all'), spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    reconcileAll(world);
    const v1 = policySyncVersion(world, 'node-1');
    // syncVersion: the sync's start as Unix nanoseconds (time.Now().UnixNano(), base 10).
    expect(v1).toBe(`${world.clock.epochMs + world.clock.ms}000000`);
    const chains = async () => {
      const sh = createShell(world, 'node-1');
      let out = '';
      await sh.exec('iptables -S | grep -o "^-N KUBE-\\(POD-FW\\|NWPLCY\\)-.*"', (c) => { out += c.text; });
      return out.split('\n').filter(Boolean);
    };
    const first = await chains();
    const toolbox = listObjects(world.cluster!, 'Pod', 'default').find((p) => p.metadata.name === 'toolbox')!;
    expect(first).toContain(`-N ${podFwChain('default', 'toolbox', v1)}`);
    expect(first).toContain(`-N ${policyChain('default', 'deny-all', v1)}`);
    expect(toolbox).toBeDefined();
    // A change the agent watches (a new policy) is a full sync: every chain gets the new version.
    const sh = createShell(world, 'node-1');
    await sh.exec('sleep 2', () => undefined);
    createObject(world, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('allow-web'), spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] } });
    reconcileAll(world);
    const v2 = policySyncVersion(world, 'node-1');
    expect(v2).not.toBe(v1);
    const second = await chains();
    expect(second).toContain(`-N ${podFwChain('default', 'toolbox', v2)}`);
    expect(second.some((l) => l.includes(podFwChain('default', 'toolbox', v1)))).toBe(false);
    expect(second).toHaveLength(first.length + 1);
  });
});
