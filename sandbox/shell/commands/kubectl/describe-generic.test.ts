/**
 * kubectl's generic describer (staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * genericDescriber, printUnstructuredContent, smartLabelFor with fatih/camelcase's Split) for
 * the kinds kubectl has no describer of its own for: an Event, Calico's IPPool CRD.
 */
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';
import { smartLabel } from './describe-generic.ts';

async function shell(scenario: string) {
  const r = bootScenario(scenarioText(scenario)!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  return async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); return out; };
}

describe('kubectl describe, generic describer', () => {
  it('smart labels: camel case split into title-cased words, acronyms upper-cased, other characters kept as they are', () => {
    expect(smartLabel('firstTimestamp')).toBe('First Timestamp');
    expect(smartLabel('apiVersion')).toBe('API Version');
    expect(smartLabel('uid')).toBe('UID');
    expect(smartLabel('ipipMode')).toBe('Ipip Mode');
    expect(smartLabel('IPPool')).toBe('IP Pool');
    expect(smartLabel('k8s-app')).toBe('k8s-app');
  });

  it('an IPPool: empty Namespace, sorted fields, nested maps and lists indented', async () => {
    const run = await shell('calico');
    const out = await run('kubectl describe ippool default-ipv4-ippool');
    expect(out).toMatch(/^Name: {9}default-ipv4-ippool\nNamespace: {4}\nLabels: {7}<none>\nAnnotations: {2}<none>\nAPI Version: {2}crd\.projectcalico\.org\/v1\nKind: {9}IPPool\nMetadata:\n {2}Creation Timestamp: {2}\S+\n/);
    expect(out).toMatch(/^Spec:\n {2}Allowed Uses:\n {4}Workload\n {4}Tunnel\n {2}Block Size: {5}26\n {2}Cidr: {11}10\.244\.0\.0\/16\n/m);
    expect(out).toMatch(/\nEvents: +<none>\n$/);
  });

  it('an Event: its involved object as a nested section', async () => {
    const run = await shell('default');
    const name = (await run("kubectl get events -o jsonpath='{.items[0].metadata.name}'")).trim();
    const out = await run(`kubectl describe event ${name}`);
    expect(out).toMatch(/^Involved Object:\n {2}API Version: +v1\n {2}Kind: +Pod\n/m);
    expect(out).toMatch(/^Reason: +Scheduled\nSource:\n {2}Component: +default-scheduler\nType: +Normal\n/m);
  });
});
