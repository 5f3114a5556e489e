/**
 * Astro integration: the terminal's code (src/terminal/mount.ts, xterm and the chunks it
 * shares) is fetched and compiled while the lesson page is still parsing, not after its
 * scripts have run. The page imports mount.ts dynamically (src/workbench/terminals.ts), so no
 * `<script>` names it and the browser's preload scanner cannot find it; this integration learns
 * the built chunk's name and dependencies from the bundle (a Vite plugin) and, after the build,
 * writes `<link rel="modulepreload">` for each into every page that has the workbench, for wide
 * screens only, where the workbench is docked and Terminal 1 starts at once (a phone opens it on
 * a tap and keeps its bytes until then). The stylesheet the terminal imports is preloaded too.
 * List it before the offline service worker's integration: that one hashes the final pages.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../selfhost/files.mjs';

/** The module whose chunk is preloaded, as the bundler names it (a path ending). */
const ENTRY = '/src/terminal/mount.ts';
/** Where the workbench is docked (src/workbench/layout.ts, styles/workbench.css). */
export const DOCKED_MEDIA = '(min-width: 50rem)';
/** The workbench's element, present on every page that has a terminal (Workbench.astro). */
const WORKBENCH = 'id="pw-workbench"';

/**
 * The preload tags for the terminal's files (paths relative to the output directory, in the
 * order they are needed: its chunk, the chunks it imports, its stylesheets) under `base`.
 */
export function preloadTags(files, base) {
  return files
    .map((file) =>
      file.endsWith('.css')
        ? `<link rel="preload" as="style" href="${base}${file}" media="${DOCKED_MEDIA}">`
        : `<link rel="modulepreload" href="${base}${file}" media="${DOCKED_MEDIA}">`,
    )
    .join('');
}

/** Puts `tags` into a page's head, at its end, if the page has the workbench (else unchanged). */
export function withPreloads(html, tags) {
  if (!html.includes(WORKBENCH) || tags === '') return html;
  return html.replace(/<\/head>/i, `${tags}</head>`);
}

/** The chunk of `ENTRY` and everything it imports statically, from a Rollup/Rolldown bundle. */
export function terminalFiles(bundle) {
  const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
  const entry = chunks.find((chunk) => chunk.facadeModuleId?.replaceAll('\\', '/').endsWith(ENTRY));
  if (!entry) return undefined;
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const files = [];
  const css = new Set();
  const visit = (chunk) => {
    if (files.includes(chunk.fileName)) return;
    files.push(chunk.fileName);
    for (const file of chunk.viteMetadata?.importedCss ?? []) css.add(file);
    for (const name of chunk.imports ?? []) {
      const next = byName.get(name);
      if (next) visit(next);
    }
  };
  visit(entry);
  return [...files, ...css];
}

export function terminalPreload() {
  let base = '/';
  let files;
  const plugin = {
    name: 'packetwalk:terminal-preload',
    generateBundle(_options, bundle) {
      // The client build has the chunk; the server build, which never imports it, has none.
      files = terminalFiles(bundle) ?? files;
    },
  };
  return {
    name: 'packetwalk:terminal-preload',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ vite: { plugins: [plugin] } });
      },
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        if (!files) throw new Error(`packetwalk:terminal-preload: no chunk for ${ENTRY} in the client build`);
        const root = fileURLToPath(dir);
        // Only what the build wrote: Astro may fold a chunk's stylesheet into another file.
        const written = files.filter((file) => existsSync(join(root, file)));
        const tags = preloadTags(written, base);
        let pages = 0;
        for (const file of listFiles(root).filter((name) => name.endsWith('.html'))) {
          const html = readFileSync(join(root, file), 'utf8');
          const next = withPreloads(html, tags);
          if (next === html) continue;
          writeFileSync(join(root, file), next);
          pages += 1;
        }
        logger.info(`terminal code preloaded on ${pages} page(s): ${written.join(', ')}`);
      },
    },
  };
}
