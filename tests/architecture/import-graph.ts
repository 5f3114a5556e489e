/**
 * The project's import graph, read from the sources with a regular expression rather than a
 * compiler: every module names its imports with a literal relative path ending in `.ts`
 * (tsconfig `allowImportingTsExtensions`), so the specifiers are enough. Type-only imports
 * count too: a type cycle is still two modules that cannot be understood one without the other.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(new URL('../..', import.meta.url).pathname);

const SOURCE = /\.(ts|mts|mjs|astro)$/;

/** Every non-test source file under `dir` (absolute paths). */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return SOURCE.test(path) && !/\.(test|spec)\.ts$/.test(path) && !path.endsWith('.d.ts') ? [path] : [];
  });
}

// `import x from '…'`, `export … from '…'`, `import '…'`, `import('…')`, `import type … from '…'`.
const SPECIFIER = /(?:^|[\s;])(?:import|export)\b[^'"`;]*?(?:from\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The module specifiers `file` imports (relative and bare alike). */
export function importsOf(file: string): string[] {
  let text = readFileSync(file, 'utf8');
  // An .astro file's imports live in its frontmatter and its <script> blocks.
  if (file.endsWith('.astro')) text = [...text.matchAll(/^---\n([\s\S]*?)\n---|<script[^>]*>([\s\S]*?)<\/script>/gm)].map((m) => m[1] ?? m[2] ?? '').join('\n');
  // Comments mention paths in prose; drop them so they are not taken for imports.
  text = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2])!);
}

/** The file a relative specifier names, or undefined for a package or a missing file. */
export function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const path = resolve(dirname(from), spec.split('?')[0]!);
  return existsSync(path) && statSync(path).isFile() ? path : undefined;
}

/** Edges between the given files (targets outside the set are dropped). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const inSet = new Set(files);
  return new Map(files.map((f) => [f, importsOf(f).map((s) => resolveImport(f, s)).filter((t): t is string => !!t && inSet.has(t))]));
}

/**
 * The graph's cycles as strongly connected components of more than one file (or a file that
 * imports itself), found with Tarjan's algorithm; paths relative to the repository root, sorted.
 */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  // Iterative depth-first search: the sandbox has hundreds of modules and deep chains.
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    idx.set(start, index); low.set(start, index++); stack.push(start); onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.next < edges.length) {
        const to = edges[top.next++]!;
        if (!idx.has(to)) {
          idx.set(to, index); low.set(to, index++); stack.push(to); onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node)!, idx.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === idx.get(top.node)) {
        const scc: string[] = [];
        let n: string;
        do { n = stack.pop()!; onStack.delete(n); scc.push(n); } while (n !== top.node);
        if (scc.length > 1 || (graph.get(top.node) ?? []).includes(top.node)) out.push(scc.map((f) => relative(ROOT, f)).sort());
      }
    }
  }
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
