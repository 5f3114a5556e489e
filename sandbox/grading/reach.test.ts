// Refused connections are explained in the learner's terms: which machine or pod refused, and
// for a netfilter REJECT (kube-proxy's rule for a Service without endpoints) which rule did it;
// for a reset, the packet as it arrived (after the Service's DNAT, so the wrong port shows).
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { ExerciseSpec } from './spec.ts';

const reach = (to: string): ExerciseSpec => ({
  id: 'x', title: 't', hints: [], checks: [{ reach: { from: 'pod/toolbox', to, proto: 'tcp' }, expect: true }],
  solution: { on: 'node-1', commands: ['true'] },
});

describe('reach check messages for refused connections', () => {
  it('names the REJECT rule of a Service without endpoints', () => {
    const sb = createSandbox();
    sb.boot({ scenario: scenarioText('services')! });
    const r = sb.check(reach('service/web:80'));
    expect(r.passed).toBe(false);
    expect(r.results[0]!.message).toMatch(/^the connection was refused by node-1: the iptables rule 1 of filter\/KUBE-SERVICES \(-j REJECT --reject-with icmp-port-unreachable\) rejected 10\.244\.0\.4:\d+ > 10\.96\.100\.20:80 tcp SYN/);
  });

  it('names the pod that reset a connection DNATed to a port it does not listen on', () => {
    const sb = createSandbox();
    sb.boot({ scenario: scenarioText('services')! });
    const r = sb.check(reach('service/echo:80'));
    expect(r.passed).toBe(false);
    expect(r.results[0]!.message).toMatch(/^the connection was refused by pod default\/echo-[a-z0-9]+-[a-z0-9]{5}: it answered 10\.244\.0\.4:\d+ > 10\.244\.[01]\.\d+:80 tcp SYN with a TCP reset/);
  });
});
