/**
 * `kubectl annotate TYPE NAME k=v k2- [--overwrite]` (also `-l`/`--all`): annotations as
 * kubectl's annotate command changes them (staging/src/k8s.io/kubectl/pkg/cmd/annotate), with
 * its refusal to overwrite a value without --overwrite and its `pod/x annotated` lines.
 */
import { updateObject } from '../../../cluster/index.ts';
import { flagBool, flagValue } from './args.ts';
import { fail, groupObjects, kindSlashName, printApiError, settle, targets, type Kctx } from './common.ts';

/** `kubectl annotate`. */
export async function runAnnotate(k: Kctx, words: string[]): Promise<number> {
  const changes = words.filter((w) => w.includes('=') || (/-$/.test(w) && !w.includes('/')));
  const objWords = words.filter((w) => !changes.includes(w));
  if (!changes.length) return fail(k, 'at least one annotation update is required');
  const groups = targets(k, objWords);
  if (!groups) return 1;
  if (!groups.length) return fail(k, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const selText = flagValue(k.args, 'selector');
  let status = 0;
  for (const g of groups) {
    const found = groupObjects(k, g, selText);
    if (typeof found === 'number') return found;
    if (found.status !== 0) status = found.status;
    const objs = found.objs;
    for (const o of objs) {
      const annotations = { ...o.metadata.annotations };
      for (const c of changes) {
        if (!c.includes('=')) { delete annotations[c.slice(0, -1)]; continue; }
        const [key, value] = [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)];
        if (key in annotations && annotations[key] !== value && !flagBool(k.args, 'overwrite')) {
          return fail(k, `--overwrite is false but found the following declared annotation(s): '${key}' already has a value (${annotations[key]})`);
        }
        annotations[key] = value;
      }
      const u = updateObject(k.ctx.world, { ...o, metadata: { ...o.metadata, annotations } });
      if (!u.ok) { printApiError(k, u.error); status = 1; continue; }
      k.ctx.stdout.write(`${kindSlashName(o)} annotated\n`);
    }
  }
  await settle(k);
  return status;
}
