// No import cycles in sandbox/ or src/: a cycle is a set of modules that cannot be read, tested
// or loaded one without the others, and its load order decides which one sees the others'
// exports as undefined.
import { describe, expect, it } from 'vitest';
import { join, relative } from 'node:path';
import { importCycles, importGraph, ROOT, sourceFiles } from './import-graph.ts';

const graphOf = (...dirs: string[]) => importGraph(dirs.flatMap((d) => sourceFiles(join(ROOT, d))));

describe('import cycles', () => {
  it('finds a cycle when there is one', () => {
    const a = join(ROOT, 'a.ts');
    const b = join(ROOT, 'b.ts');
    const c = join(ROOT, 'c.ts');
    expect(importCycles(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importCycles(new Map([[a, [b]], [b, [c]], [c, []]]))).toEqual([]);
    expect(importCycles(new Map([[a, [a]]]))).toEqual([['a.ts']]);
  });

  it('reads the graph it checks (imports resolve to files)', () => {
    const graph = graphOf('sandbox', 'src');
    expect(graph.size).toBeGreaterThan(200);
    const reconcile = graph.get(join(ROOT, 'sandbox/cluster/reconcile.ts'))!.map((f) => relative(ROOT, f));
    expect(reconcile).toContain('sandbox/cluster/controllers/index.ts');
  });

  it('has none in sandbox/ and src/', () => {
    expect(importCycles(graphOf('sandbox', 'src'))).toEqual([]);
  });
});
