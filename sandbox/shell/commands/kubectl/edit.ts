/**
 * `kubectl edit`: kubectl opens the object in $EDITOR (vi). The sandbox's terminal has no
 * full-screen editor, so edit says so and names the two ways to make the same change, rather
 * than pretending to edit.
 */
import { getObject } from '../../../cluster/index.ts';
import { notFound } from '../../../cluster/store.ts';
import { fail, kindSlashName, printApiError, targets, type Kctx } from './common.ts';

/** `kubectl edit TYPE NAME`. */
export function runEdit(k: Kctx, words: string[]): number {
  const groups = targets(k, words);
  if (!groups) return 1;
  const g = groups[0];
  const name = g?.names[0];
  if (!g || !name) return fail(k, 'You must provide one or more resources by argument or filename.');
  const o = getObject(k.cluster, g.kind.kind, g.kind.namespaced ? k.ns : undefined, name);
  if (!o) { printApiError(k, notFound(g.kind.kind, name)); return 1; }
  const ref = kindSlashName(o).replace(/^([a-z]+)\.[a-z.]+\//, '$1/');
  k.ctx.stderr.write(`error: kubectl edit needs a full-screen editor, which this simulated terminal does not have.\n`
    + `Change ${ref} with one of:\n`
    + `  kubectl patch ${ref.replace('/', ' ')} -p '{"spec":{...}}'     # strategic merge (or --type=merge|json)\n`
    + `  kubectl get ${ref} -o yaml > obj.yaml; (change obj.yaml); kubectl apply -f obj.yaml\n`);
  return 1;
}
