// `kubectl describe endpoints` and `kubectl describe endpointslice` in kubectl's layouts
// (pkg/describe/describe.go describeEndpoints, describeEndpointSliceV1): the addresses and
// ports a Service reaches, the tabwriter's column blocks, and no raw-YAML fallback.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';
import { listObjects } from '../../../cluster/index.ts';

async function describeIn(line: string) {
  const r = bootScenario(scenarioText('services')!, 1);
  if (typeof r === 'string') throw new Error(r);
  let out = '';
  await createShell(r.world, 'node-1').exec(line, (c) => { if (c.stream === 'stdout') out += c.text; });
  return { world: r.world, out };
}

describe('kubectl describe endpoints', () => {
  it('lists each subset\'s ready and not-ready addresses and its ports', async () => {
    const { world, out } = await describeIn('kubectl describe endpoints whoami');
    const ips = listObjects(world.cluster!, 'Pod', 'default').filter((p) => p.metadata.name.startsWith('whoami-'))
      .map((p) => (p.status as { podIP: string }).podIP).sort();
    const got = out.replace(/^ {2}Addresses: {10}(\S+)$/m, (_l, a: string) => `  Addresses:          ${a.split(',').sort().join(',')}`);
    expect(got).toBe(`Name:         whoami\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\nSubsets:\n  Addresses:          ${ips.join(',')}\n` +
      '  NotReadyAddresses:  <none>\n  Ports:\n    Name  Port  Protocol\n    ----  ----  --------\n    http  80    TCP\n\nEvents:  <none>\n');
  });
  it('prints Subsets: alone when nothing backs the Service', async () => {
    expect((await describeIn('kubectl describe endpoints web')).out).toBe('Name:         web\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\nSubsets:\nEvents:  <none>\n');
  });
});

describe('kubectl describe endpointslice', () => {
  it('prints the address type, the ports table and each endpoint aligned with Events', async () => {
    const { out } = await describeIn('kubectl describe endpointslice -l kubernetes.io/service-name=whoami');
    const lines = out.split('\n');
    expect(lines.slice(4, 10)).toEqual(['Annotations:  <none>', 'AddressType:  IPv4', 'Ports:', '  Name  Port  Protocol', '  ----  ----  --------', '  http  80    TCP']);
    expect(lines[10]).toBe('Endpoints:');
    expect(lines.slice(11, 18).map((l) => l.replace(/\d+\.\d+\.\d+\.\d+/, 'IP').replace(/Pod\/\S+/, 'Pod/P').replace(/node-\d/, 'node-N'))).toEqual([
      '  - Addresses:  IP', '    Conditions:', '      Ready:    true', '    Hostname:   <unset>', '    TargetRef:  Pod/P', '    NodeName:   node-N', '    Zone:       <unset>']);
    expect(lines.filter((l) => l.startsWith('  - Addresses:'))).toHaveLength(3);
    expect(lines.at(-2)).toBe('Events:         <none>');
  });
  it('says <unset> and <none> for a slice without ports or endpoints', async () => {
    const { out } = await describeIn('kubectl describe endpointslice -l kubernetes.io/service-name=web');
    expect(out.split('\n').slice(5)).toEqual(['AddressType:  IPv4', 'Ports: <unset>', 'Endpoints: <none>', 'Events:  <none>', '']);
  });
});
