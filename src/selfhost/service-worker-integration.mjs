/**
 * Astro integration: after `astro build`, write `sw.js` into the output directory. The worker
 * precaches every built file (list generated here, so it never goes stale) and serves them when
 * the network is gone, so lessons keep working offline after the first visit.
 * Pages are listed by their directory URL (`/base/01-pod-ip-model/`), the URL a learner loads.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './files.mjs';
import { writeHeadersFile } from './headers.mjs';
import { injectCspMeta } from './csp-meta.mjs';

/**
 * The URLs to precache for the files of a build under `base` (ends with '/'): `x/index.html`
 * becomes `base + x/`; the service worker itself and source maps are left out, and so are the
 * world images (worlds/, src/pages/worlds/): they would nearly double what every first visit
 * downloads while the learner starts working, and a lesson offline does without its image (the
 * worker builds the same world itself, only slower).
 */
export function precacheUrls(files, base) {
  return files
    .filter((file) => file !== 'sw.js' && file !== '_headers' && !file.endsWith('.map') && !file.startsWith('worlds/'))
    .map((file) => base + (file === 'index.html' ? '' : file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file));
}

export function offlineServiceWorker() {
  let base = '/';
  return {
    name: 'packetwalk:offline-service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        // First: the pages' final text is what sw.js versions and the headers hash.
        injectCspMeta(root);
        const files = listFiles(root);
        const hash = createHash('sha256');
        for (const file of files) {
          if (file === 'sw.js') continue;
          hash.update(file).update(readFileSync(join(root, file)));
        }
        const urls = precacheUrls(files, base);
        const template = readFileSync(new URL('./sw-template.js', import.meta.url), 'utf8');
        const head =
          `const VERSION = ${JSON.stringify(hash.digest('hex').slice(0, 16))};\n` +
          `const BASE = ${JSON.stringify(base)};\n` +
          `const PRECACHE = ${JSON.stringify(urls)};\n`;
        writeFileSync(join(root, 'sw.js'), head + template);
        // After sw.js so its (external) script is part of the build the headers describe.
        writeHeadersFile(root, base);
        logger.info(`sw.js: ${urls.length} files precached for offline use`);
      },
    },
  };
}
