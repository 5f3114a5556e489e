// The workbook's site: Starlight supplies the shell (navigation, Pagefind search, light/dark,
// the phone layout, prev/next); the lesson chrome (kernel toolbar, terminal) is ours, hooked in
// through Starlight's MarkdownContent override so every lesson page gets it.
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { loadWorkshop } from './src/workshop/config.mjs';
import { offlineServiceWorker } from './src/selfhost/service-worker-integration.mjs';
import { terminalPreload } from './src/terminal/preload-integration.mjs';

/**
 * Self-hosting (docs/self-hosting.md): BASE_PATH serves the workbook under a sub-path
 * (`BASE_PATH=/k8s-net/ npm run build`); OUT_DIR builds elsewhere than dist/ (the e2e tests
 * build a second copy under a base path without disturbing dist/).
 */
const basePath = normaliseBase(process.env.BASE_PATH);
function normaliseBase(value) {
  if (value === undefined || value.trim() === '' || value.trim() === '/') return '/';
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  return `/${trimmed}/`;
}

/** The workshop (src/workshop/config.mjs, docs/workshops.md): its title and lessons in order. */
const workshop = loadWorkshop();

/**
 * SITE_URL: the workbook's public address (docs/self-hosting.md). With it, pages get canonical
 * links and the build writes a sitemap. Without it (a workshop LAN, localhost) there is no
 * address to write into a sitemap, so @astrojs/sitemap, which Starlight adds whenever it finds
 * no integration of that name, is not added: this stand-in under its name does nothing.
 */
const site = process.env.SITE_URL?.trim() || undefined;
const noSitemap = { name: '@astrojs/sitemap', hooks: {} };

/**
 * Rolldown warns about the `"use astro:head-inject"` directive that Astro itself writes into
 * every MDX page's `?astroPropagatedAssets` module (withastro/astro#18087, open): nothing in
 * this project can change it. Only that warning is dropped; every other one is printed.
 */
function onwarn(warning, warn) {
  const astroDirective = warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use astro:head-inject"')
    && String(warning.id ?? warning.message).includes('?astroPropagatedAssets');
  if (!astroDirective) warn(warning);
}

export default defineConfig({
  ...(site ? { site } : {}),
  base: basePath,
  ...(process.env.OUT_DIR ? { outDir: process.env.OUT_DIR } : {}),
  // `astro preview` serves dist/ here; the e2e tests and the bench use the same port.
  server: { port: 4321, host: '127.0.0.1' },
  integrations: [
    ...(site ? [] : [noSitemap]),
    starlight({
      title: workshop.title,
      description: 'Learn Kubernetes networking by doing it: lessons with a simulated cluster behind a real terminal.',
      sidebar: [{ label: 'Lessons', items: workshop.lessons }],
      components: {
        Head: './src/components/LessonHead.astro',
        MarkdownContent: './src/components/LessonContent.astro',
        Search: './src/components/SiteSearch.astro',
        Sidebar: './src/components/CourseSidebar.astro',
      },
      customCss: ['./src/styles/lesson.css'],
      // Registers the offline service worker (src/selfhost/), relative to the base path.
      head: [{ tag: 'script', attrs: { src: `${basePath}sw-register.js`, defer: true } }],
      pagination: true,
      lastUpdated: false,
      // Our own 404 page (src/pages/404.astro): Starlight's looks for a `404` entry among the
      // docs, which here are the lessons, and warns when it finds none.
      disable404Route: true,
      // The lessons live outside Starlight's docs folder: its Markdown features (the
      // `:::note[Simulator]` asides, heading links) apply only to folders named here.
      markdown: { processedDirs: ['./content/lessons'] },
    }),
    // Starlight registers MDX itself when it is absent; listing it after Starlight keeps one copy.
    mdx(),
    // The terminal's code preloaded on lesson pages; before sw.js, which hashes the final pages.
    terminalPreload(),
    // Last: writes sw.js listing every built file, for lessons that keep working offline.
    offlineServiceWorker(),
  ],
  // Commands in cells and prose must reach the shell exactly as written: typographic
  // replacement would turn `--` into a dash and quotes into curly ones. Astro 7 takes this
  // from the Markdown processor (Sätteri, its default; `markdown.smartypants` is deprecated),
  // and @astrojs/mdx reads the same feature flag for the lessons' .mdx files.
  markdown: { processor: satteri({ features: { smartPunctuation: false } }) },
  vite: {
    worker: { format: 'es' },
    build: { rolldownOptions: { onwarn } },
  },
});
