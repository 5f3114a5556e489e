/** The terminal's preload tags (preload-integration.mjs): which files, and which pages get them. */
import { describe, expect, it } from 'vitest';
import { DOCKED_MEDIA, preloadTags, terminalFiles, withPreloads, type BundleOutput } from './preload-integration.mjs';

const chunk = (fileName: string, extra: Partial<BundleOutput> = {}): BundleOutput => ({ type: 'chunk', fileName, imports: [], ...extra });

describe('terminalFiles', () => {
  it('lists the terminal chunk, the chunks it imports (each once) and its stylesheets', () => {
    const bundle: Record<string, BundleOutput> = {
      a: chunk('_astro/page.js', { facadeModuleId: '/w/src/lesson/page.ts', imports: ['_astro/shared.js'] }),
      b: chunk('_astro/mount.js', {
        facadeModuleId: '/w/src/terminal/mount.ts',
        imports: ['_astro/xterm.js', '_astro/shared.js'],
        viteMetadata: { importedCss: new Set(['_astro/mount.css']) },
      }),
      c: chunk('_astro/xterm.js', { imports: ['_astro/shared.js'] }),
      d: chunk('_astro/shared.js'),
      e: { type: 'asset', fileName: '_astro/mount.css' },
    };
    expect(terminalFiles(bundle)).toEqual(['_astro/mount.js', '_astro/xterm.js', '_astro/shared.js', '_astro/mount.css']);
  });

  it('finds nothing in a bundle without the terminal (the server build)', () => {
    expect(terminalFiles({ a: chunk('page.mjs', { facadeModuleId: '/w/src/pages/index.astro' }) })).toBeUndefined();
  });
});

describe('preloadTags and withPreloads', () => {
  const tags = preloadTags(['_astro/mount.js', '_astro/mount.css'], '/k8s-net/');

  it('preloads scripts as modules and stylesheets as styles, under the base, for the docked layout only', () => {
    expect(tags).toBe(
      `<link rel="modulepreload" href="/k8s-net/_astro/mount.js" media="${DOCKED_MEDIA}">` +
        `<link rel="preload" as="style" href="/k8s-net/_astro/mount.css" media="${DOCKED_MEDIA}">`,
    );
  });

  it('goes into the head of a page with the workbench, and nowhere else', () => {
    const lesson = '<html><head><title>x</title></head><body><aside id="pw-workbench"></aside></body></html>';
    expect(withPreloads(lesson, tags)).toBe(`<html><head><title>x</title>${tags}</head><body><aside id="pw-workbench"></aside></body></html>`);
    const home = '<html><head></head><body>home</body></html>';
    expect(withPreloads(home, tags)).toBe(home);
  });
});
