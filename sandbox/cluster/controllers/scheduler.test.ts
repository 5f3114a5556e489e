// The scheduler's pod slots: a node takes at most `status.allocatable.pods` pods (the
// kubelet's --max-pods, 110 by default), the rest stay Pending with kube-scheduler's
// FailedScheduling message, and they are placed once slots free up.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../api/sandbox.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import type { SandboxApi } from '../../api/types.ts';

async function out(sb: SandboxApi, line: string): Promise<string> {
  let text = '';
  await sb.exec(line, (c) => { text += c.text; });
  return text;
}

describe('scheduler: pods per node', () => {
  it('fills each node up to 110 pods and leaves the rest Pending as Unschedulable (Too many pods)', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: scenarioText('default')! });
    const before = Number(await out(sb, 'kubectl get pods -A --no-headers | wc -l'));
    await out(sb, 'kubectl create deployment many --image=nginx --replicas=250');
    const perNode = await out(sb, "kubectl get pods -A -o wide --no-headers | awk '{print $8}' | sort | uniq -c");
    expect(perNode).toMatch(/^\s+\d+ <none>\n\s+110 node-1\n\s+110 node-2\n$/);
    const pending = Number(await out(sb, 'kubectl get pods --no-headers | grep -c Pending'));
    expect(pending).toBe(250 + before - 220);
    const name = (await out(sb, "kubectl get pods --no-headers | grep Pending | head -n 1 | awk '{print $1}'")).trim();
    const yaml = await out(sb, `kubectl get pod ${name} -o yaml`);
    expect(yaml).toContain('message: "0/2 nodes are available: 2 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."');
    expect(yaml).toContain('reason: Unschedulable');
    // Freed slots are used: scaled down, every remaining pod gets a node.
    await out(sb, 'kubectl scale deployment many --replicas=20');
    expect(await out(sb, 'kubectl get pods --no-headers | grep -c Pending')).toBe('0\n');
  }, 60_000);
});
