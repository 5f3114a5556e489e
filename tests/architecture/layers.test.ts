// The rules of GUIDE.md's architecture, checked on the import graph: the sandbox's layers
// import only downward (shell, grading and scenarios are peers above cluster: none imports
// another), the sandbox never reaches out of sandbox/ (the CLI and lesson tools in scripts/
// import it, not the other way round), and the site reaches the simulator only through
// sandbox/api. A layer that reaches up or sideways breaks the one-way data flow and the
// worker's independence from the DOM.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { importsOf, resolveImport, ROOT, sourceFiles } from './import-graph.ts';

/** Each layer's rank; peers share one. */
const RANK: Readonly<Record<string, number>> = {
  core: 0, wire: 1, net: 2, fabric: 3, cluster: 4, shell: 5, grading: 5, scenarios: 5, capstone: 6, pictures: 6, api: 7,
};
const sandbox = join(ROOT, 'sandbox');
const layerOf = (file: string): string => relative(sandbox, file).split(sep)[0]!;

/** Every file of `dir`, tests included. */
function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return allFiles(path);
    return /\.(ts|mts|mjs|astro)$/.test(path) && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** `file -> target` for each relative import of `files` that `bad` rejects. */
function violations(files: string[], bad: (from: string, to: string) => boolean): string[] {
  return files.flatMap((f) => importsOf(f)
    .map((s) => resolveImport(f, s))
    .filter((t): t is string => !!t && bad(f, t))
    .map((t) => `${relative(ROOT, f)} -> ${relative(ROOT, t)}`));
}

describe('sandbox layering', () => {
  const files = sourceFiles(sandbox);

  it('has sources in every layer it checks', () => {
    const layers = new Set(files.map(layerOf));
    for (const l of Object.keys(RANK)) expect(layers).toContain(l);
    expect(files.filter((f) => RANK[layerOf(f)] === undefined).map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('imports only from its own layer or the layers below', () => {
    expect(violations(files, (from, to) => to.startsWith(sandbox + sep) && RANK[layerOf(to)]! > RANK[layerOf(from)]!)).toEqual([]);
  });

  it('keeps shell, grading and scenarios apart: none imports another', () => {
    expect(violations(files, (from, to) => to.startsWith(sandbox + sep) && layerOf(to) !== layerOf(from) && RANK[layerOf(to)] === RANK[layerOf(from)])).toEqual([]);
  });

  it('never imports from outside sandbox/ (scripts/, src/, tests/)', () => {
    expect(violations(files, (_from, to) => !to.startsWith(sandbox + sep))).toEqual([]);
  });

  it('never imports the DOM, Astro or xterm', () => {
    const offenders = files.filter((f) => importsOf(f).some((s) => /^(astro|@astrojs|@xterm|comlink)(\/|$)/.test(s)));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('reads the imports it checks', () => {
    const reconcile = join(sandbox, 'cluster/reconcile.ts');
    expect(violations([reconcile], () => true).length).toBeGreaterThan(0);
    expect(readFileSync(reconcile, 'utf8')).toMatch(/from '\.\/controllers\/index\.ts'/);
  });
});

describe('the site and the simulator', () => {
  it('src/ imports the simulator only through sandbox/api', () => {
    const api = join(sandbox, 'api') + sep;
    expect(violations(allFiles(join(ROOT, 'src')), (_from, to) => to.startsWith(sandbox + sep) && !to.startsWith(api))).toEqual([]);
  });
});
