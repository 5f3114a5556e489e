// The feedback shown at once names the problem only; where and the rule wait for the hints.
import { describe, expect, it } from 'vitest';
import { diagnosticSteps, shownAtOnce } from './feedback.ts';
import type { CheckReport } from '../../sandbox/api/types.ts';

const report: CheckReport = {
  passed: false,
  results: [
    { name: 'pod/a can reach pod/b:80', passed: false, problem: 'pod/a cannot reach pod/b:80', where: 'the packet was dropped in node-2 at cni0', rule: 'SKB_DROP_REASON_IP_NOROUTE' },
    { name: 'pod/a can reach pod/c:80', passed: true },
  ],
};

describe('progressive feedback', () => {
  it('shows the problem at once and keeps where and the rule back', () => {
    const shown = shownAtOnce(report);
    expect(shown.summary).toBe('1 of 2 checks do not pass yet.');
    expect(shown.checks.map((c) => c.text)).toEqual(['✗ pod/a cannot reach pod/b:80', '✓ pod/a can reach pod/c:80']);
    expect(JSON.stringify(shown)).not.toMatch(/node-2|NOROUTE/);
  });

  it('reveals where first, then the rule', () => {
    const steps = diagnosticSteps(report);
    expect(steps.where).toBe('pod/a cannot reach pod/b:80: the packet was dropped in node-2 at cni0');
    expect(steps.where).not.toMatch(/NOROUTE/);
    expect(steps.rule).toBe('pod/a cannot reach pod/b:80: SKB_DROP_REASON_IP_NOROUTE');
    expect(diagnosticSteps(undefined).where).toMatch(/Press Check first/);
  });
});
