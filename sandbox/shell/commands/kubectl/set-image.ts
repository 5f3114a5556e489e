/**
 * `kubectl set image TYPE/NAME CONTAINER=IMAGE ... ` (and `*=IMAGE` for every container):
 * changes the pod template's images, which starts a rollout of a Deployment, as kubectl's
 * set image does (staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go): `deployment.apps/web
 * image updated`, `error: unable to find container named "x"`.
 */
import { getObject, updateObject, type KubeObject } from '../../../cluster/index.ts';
import { notFound } from '../../../cluster/store.ts';
import { fail, kindSlashName, printApiError, settle, targets, type Kctx } from './common.ts';

type Containers = { name: string; image: string }[];

/** The containers and init containers whose images `set image` may change. */
function podSpecOf(o: KubeObject): { containers?: Containers; initContainers?: Containers } | undefined {
  const spec = o.spec as { template?: { spec?: object }; containers?: Containers } | undefined;
  return (o.kind === 'Pod' ? spec : spec?.template?.spec) as { containers?: Containers } | undefined;
}

/** `kubectl set SUBCOMMAND ...` (image only). */
export async function runSet(k: Kctx, words: string[]): Promise<number> {
  const [verb, ...rest] = words;
  if (verb !== 'image') {
    k.ctx.stderr.write(`error: unknown command "${verb ?? ''}" for "kubectl set"\nRun 'kubectl set --help' for usage.\n`);
    return 1;
  }
  const pairs = rest.filter((w) => w.includes('='));
  const objWords = rest.filter((w) => !w.includes('='));
  if (!pairs.length) return fail(k, 'at least one image update is required');
  const groups = targets(k, objWords);
  if (!groups) return 1;
  if (!groups.length || !groups[0]!.names.length) return fail(k, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  let status = 0;
  for (const g of groups) {
    for (const name of g.names) {
      const live = getObject(k.cluster, g.kind.kind, k.ns, name);
      if (!live) { printApiError(k, notFound(g.kind.kind, name)); status = 1; continue; }
      const next = JSON.parse(JSON.stringify(live)) as KubeObject;
      const spec = podSpecOf(next);
      if (!spec) { fail(k, `${kindSlashName(live)} has no pod template`); status = 1; continue; }
      const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
      let missing: string | undefined;
      for (const p of pairs) {
        const [c, image] = [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)];
        const hit = c === '*' ? all : all.filter((x) => x.name === c);
        if (!hit.length) missing ??= c;
        for (const x of hit) x.image = image;
      }
      if (missing !== undefined) { fail(k, `unable to find container named "${missing}"`); status = 1; continue; }
      const u = updateObject(k.ctx.world, next);
      if (!u.ok) { printApiError(k, u.error); status = 1; continue; }
      k.ctx.stdout.write(`${kindSlashName(live)} image updated\n`);
      await settle(k);
    }
  }
  return status;
}
