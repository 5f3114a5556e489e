/**
 * `kubectl rollout status deployment/NAME`: waits for the rollout, printing each new
 * waiting line, as kubectl's DeploymentStatusViewer words them
 * (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), and ends with
 * `deployment "web" successfully rolled out`. It gives up as the Deployment controller does:
 * when progressDeadlineSeconds (600 by default) pass without the rollout moving, with
 * `error: deployment "web" exceeded its progress deadline`; `--timeout` ends it earlier
 * (`error: timed out waiting for the condition`); Ctrl-C ends it with 130.
 */
import { getObject, type KubeObject } from '../../../cluster/index.ts';
import { flagValue } from './args.ts';
import { fail, type Kctx } from './common.ts';

/** How often kubectl's watch sees a change: the sandbox looks once per simulated second. */
const POLL_MS = 1000;

/** The viewer's line for the Deployment as it is now, and whether the rollout is done. */
export function deploymentStatus(o: KubeObject): { line: string; done: boolean } {
  const name = o.metadata.name;
  const st = (o.status ?? {}) as { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number };
  const want = (o.spec as { replicas?: number }).replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const total = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const wait = (what: string) => ({ line: `Waiting for deployment "${name}" rollout to finish: ${what}...\n`, done: false });
  if ((o.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { line: 'Waiting for deployment spec update to be observed...\n', done: false };
  if (updated < want) return wait(`${updated} out of ${want} new replicas have been updated`);
  if (total > updated) return wait(`${total - updated} old replicas are pending termination`);
  if (available < updated) return wait(`${available} of ${updated} updated replicas are available`);
  return { line: `deployment "${name}" successfully rolled out\n`, done: true };
}

/** Waits for Deployment `name`; the exit status. */
export async function waitRollout(k: Kctx, name: string): Promise<number> {
  const timeout = parseDuration(flagValue(k.args, 'timeout'));
  const started = k.ctx.world.clock.ms;
  let last = '';
  let lastChange = started;
  for (;;) {
    const o = getObject(k.cluster, 'Deployment', k.ns, name);
    if (!o) return fail(k, `deployments.apps "${name}" not found`);
    const s = deploymentStatus(o);
    if (s.line !== last) {
      k.ctx.stdout.write(s.line);
      last = s.line;
      lastChange = k.ctx.world.clock.ms;
    }
    if (s.done) return 0;
    const deadline = ((o.spec as { progressDeadlineSeconds?: number }).progressDeadlineSeconds ?? 600) * 1000;
    if (k.ctx.world.clock.ms - lastChange >= deadline) return fail(k, `deployment "${name}" exceeded its progress deadline`);
    if (timeout && k.ctx.world.clock.ms - started >= timeout) return fail(k, 'timed out waiting for the condition');
    await k.ctx.sleep(POLL_MS);
    if (k.ctx.interrupted()) return 130;
  }
}

/** A Go duration in ms (`30s`, `2m`); 0 (wait forever) when absent. */
function parseDuration(text: string | undefined): number {
  if (!text) return 0;
  let ms = 0;
  for (const [, n, u] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(n) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[u as 'ms']);
  return ms;
}
