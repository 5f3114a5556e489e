/**
 * The alias checks kubectl's YAML decoder makes before it builds a value (sigs.k8s.io/yaml over
 * go-yaml v2, decode.go): an alias whose anchor is not set earlier fails with `unknown anchor
 * 'x' referenced`, and a document whose decoding is mostly alias expansion (a "billion laughs"
 * bomb, CVE-2019-11253) fails with `document contains excessive aliasing`. go-yaml counts
 * every node it decodes and every node decoded inside an alias, and gives up once more than
 * 100 aliased nodes and 1,000 nodes in all make the aliased share exceed allowedAliasRatio
 * (0.99 up to 400,000 decodes, falling linearly to 0.10 at 4,000,000). The same counting runs
 * here on the parsed tree, in document order, stopping as soon as go-yaml would.
 */
import { isAlias, isMap, isPair, isSeq, type Document, type Node } from 'yaml';

const RANGE_LOW = 400_000;
const RANGE_HIGH = 4_000_000;

/** go-yaml's allowedAliasRatio. */
function allowedAliasRatio(decodes: number): number {
  if (decodes <= RANGE_LOW) return 0.99;
  if (decodes >= RANGE_HIGH) return 0.10;
  return 0.99 - 0.89 * ((decodes - RANGE_LOW) / (RANGE_HIGH - RANGE_LOW));
}

/** go-yaml's message (without the `yaml: ` prefix) for the first alias problem of `doc`, if any. */
export function aliasProblem(doc: Document): string | undefined {
  let decodes = 0;
  let aliased = 0;
  let problem: string | undefined;
  // Anchors as go-yaml's parser records them: the latest node with that name seen so far.
  const anchors = new Map<string, Node>();
  const defined = new Set<Node>();
  const visit = (n: unknown, depth: number, expanding: boolean): boolean => {
    if (problem) return false;
    decodes++;
    if (depth > 0) aliased++;
    if (aliased > 100 && decodes > 1000 && aliased / decodes > allowedAliasRatio(decodes)) {
      problem = 'document contains excessive aliasing';
      return false;
    }
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (!target) { problem = `unknown anchor '${n.source}' referenced`; return false; }
      return visit(target, depth + 1, true);
    }
    const node = n as Node & { anchor?: string };
    if (!expanding && node && typeof node === 'object' && node.anchor && !defined.has(node)) {
      anchors.set(node.anchor, node);
      defined.add(node);
    }
    if (isMap(n)) {
      for (const p of n.items) {
        if (!isPair(p)) continue;
        if (p.key !== null && p.key !== undefined && !visit(p.key, depth, expanding)) return false;
        if (p.value !== null && p.value !== undefined && !visit(p.value, depth, expanding)) return false;
      }
    } else if (isSeq(n)) {
      for (const x of n.items) if (!visit(x, depth, expanding)) return false;
    }
    return true;
  };
  visit(doc.contents, 0, false);
  return problem;
}
