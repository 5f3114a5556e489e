// The sandbox's layers import only downward (GUIDE.md): a layer that reaches up or sideways
// into a higher layer breaks the one-way data flow and the worker's independence from the DOM.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const LAYERS = ['core', 'wire', 'net', 'fabric', 'cluster', 'shell', 'grading', 'capstone', 'scenarios', 'api'] as const;
const root = new URL('../../sandbox/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const layerOf = (file: string): number => LAYERS.indexOf(relative(root, file).split(sep)[0] as (typeof LAYERS)[number]);

describe('sandbox layering', () => {
  const files = sources(root).filter((f) => layerOf(f) >= 0);

  it('has sources in every layer it checks', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('imports only from its own layer or the layers below', () => {
    const violations: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)) {
        const target = join(file, '..', m[1]!);
        const to = layerOf(target);
        if (to > layerOf(file)) violations.push(`${relative(root, file)} -> ${m[1]}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('never imports the DOM, Astro or xterm', () => {
    const offenders = files.filter((f) => /from\s+['"](astro|@xterm|comlink)/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
