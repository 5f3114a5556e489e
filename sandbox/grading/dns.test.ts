// Reach checks to host names: resolved by the source pod's resolver through the datapath, so
// a policy in front of CoreDNS fails the check with a message about the lookup.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { ExerciseSpec } from './spec.ts';

const cluster = scenarioText('default')!;
const reach = (to: string, expect = true): ExerciseSpec => ({
  id: 'x', title: 't', hints: [], checks: [{ reach: { from: 'pod/toolbox', to, proto: 'tcp' }, expect }],
  solution: { on: 'node-1', commands: ['true'] },
});
const service = `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - { port: 80 }
EOF`;

describe('reach checks to DNS names', () => {
  it('resolves a short name with the pod\'s search list, and fails an unknown one', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: cluster });
    const missing = sb.check(reach('web:80'));
    expect(missing.passed).toBe(false);
    expect(missing.results[0]!.message).toMatch(/could not resolve web: .*no such name \(tried web\.default\.svc\.cluster\.local\./);
    expect(sb.check(reach('web:80', false)).passed).toBe(true);
    expect((await sb.exec(service, () => undefined)).status).toBe(0);
    expect(sb.check(reach('web:80')).passed).toBe(true);
    expect(sb.check(reach('web.default:80')).passed).toBe(true);
    expect(sb.check(reach('web.default.svc.cluster.local.:80')).passed).toBe(true);
  });

  it('fails with where the query died when a policy blocks DNS', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: cluster });
    await sb.exec(service, () => undefined);
    const deny = `kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-egress
spec:
  podSelector: { matchLabels: { app: toolbox } }
  policyTypes: [Egress]
EOF`;
    expect((await sb.exec(deny, () => undefined)).status).toBe(0);
    const r = sb.check(reach('web:80'));
    expect(r.passed).toBe(false);
    expect(r.results[0]!.message).toMatch(/^could not resolve web: /);
    expect(r.results[0]!.message).not.toMatch(/no such name/);
  });
});
