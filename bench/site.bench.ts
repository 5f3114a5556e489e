/**
 * The site's figures, in headless Chromium against the built site served by `astro preview`
 * (median of RUNS runs, each in a fresh browser context, so nothing is cached):
 *  - JS for the lesson page before the terminal is touched, gzip size (target <= 60 KB);
 *  - navigation -> terminal accepts input, opening the lesson at #terminal (target <= 300 ms),
 *    with its phases: the terminal's code, the worker's start and evaluation, the world image
 *    (src/pages/worlds/), boot, the first prompt and the first command answered;
 *  - `ip route` round trip page -> worker -> page, p50 of 50 calls (target < 5 ms);
 *  - what a learner feels after that: Check (click -> report shown), Run all (click -> every
 *    cell done) and a reload with saved progress (navigation -> terminal ready, restored);
 *  - the worker's JavaScript by part: what it loads at start and what it loads on first use.
 * Every navigation starts in a window opened beforehand (openWindow), and the machine's floor
 * (bench/machine-floor.ts: a blank page, an empty worker, the simulator's worker alone) is
 * printed beside the figures: on a slow machine no page can beat it.
 * Readiness is read from the page as tests read it: `#pw-lesson[data-kernel]`, the `pw:*`
 * performance marks and `window.__pwTerminalReadyAt` (src/terminal/mount.ts).
 * Builds dist/ first unless `--no-build` is given.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FLOOR_PAGES, serveFloor } from './machine-floor.ts';

const RUNS = 7;
// PW_PORT: the port a session was given (several people bench on one machine); 4339 otherwise.
const PORT = Number(process.env.PW_PORT ?? 4339);
const BASE = `http://127.0.0.1:${PORT}`;
const LESSON = '/01-pod-ip-model/';
/** The scenario that lesson boots (its frontmatter `scenario:`). */
const LESSON_SCENARIO = 'pod-ip-model';
// Astro's CLI on this Node (24), whatever `node` the PATH names (Astro refuses Node 20).
const astro = [process.execPath, 'node_modules/astro/bin/astro.mjs'] as const;

declare global {
  interface Window {
    __pwTerminalReadyAt?: number;
    __pwRoundTrip?: (line: string) => Promise<number>;
    __pwTerminalText?: () => string;
    /** When the first command, sent as the prompt appeared, was answered (set by this bench). */
    __pwFirstAnswerAt?: number;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let last: unknown = 'no answer';
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      // Not listening yet (connection refused): try again shortly.
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server at ${url} did not start in ${ms} ms (last: ${String(last)})`);
}

/** Gzip size of the page's JavaScript a fresh visit fetches before anything is touched. */
async function jsBeforeTerminal(browser: Browser): Promise<{ gzip: number; raw: number; files: number; xterm: boolean }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const bodies: Promise<Buffer>[] = [];
  // The page's own scripts; the simulator's worker and the code it loads (counted by part
  // below) are not main-thread JS.
  const worker = new Set(workerParts().map((part) => part.name));
  page.on('response', (response) => {
    const type = response.request().resourceType();
    const file = new URL(response.url()).pathname.split('/').pop() ?? '';
    if ((type === 'script' || file.endsWith('.js')) && !worker.has(file)) bodies.push(response.body());
  });
  await page.goto(BASE + LESSON, { waitUntil: 'load' });
  await page.waitForTimeout(1000);
  const xterm = (await page.locator('.xterm').count()) > 0;
  const all = await Promise.all(bodies);
  await context.close();
  return {
    gzip: all.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0),
    raw: all.reduce((sum, body) => sum + body.length, 0),
    files: all.length,
    xterm,
  };
}

/**
 * A fresh context (nothing cached) with its window already open and settled. Opening a window
 * starts the browser's own pages for it (Chromium's omnibox WebUI renderer), which take a core
 * for about a second on this machine; a learner's browser is open before they follow a link, so
 * that work is not part of the page's start.
 */
async function openWindow(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('about:blank');
  await page.waitForTimeout(1000);
  return { context, page };
}

/** ms from navigation start until each floor page (bench/machine-floor.ts) has run its script or heard from its worker. */
async function floorFigures(browser: Browser, base: string): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const path of FLOOR_PAGES) {
    const { context, page } = await openWindow(browser);
    await page.goto(base + path);
    await page.waitForFunction(() => window.__pwFloorAt !== undefined, undefined, { timeout: 20_000 });
    figures[path] = await page.evaluate(() => window.__pwFloorAt ?? NaN);
    await context.close();
  }
  return figures;
}

/** ms from navigation start until the terminal takes input, and the round-trip p50. */
async function terminalFigures(browser: Browser): Promise<{ ready: number; roundTrip: number; marks: Record<string, number>; from: string }> {
  const { context, page } = await openWindow(browser);
  // The learner's first command, typed the moment the prompt is there: sent from the page when
  // the terminal publishes its readiness, not when this process next polls a busy page.
  await page.addInitScript(() => {
    let readyAt: number | undefined;
    Object.defineProperty(window, '__pwTerminalReadyAt', {
      configurable: true,
      get: () => readyAt,
      set(value: number) {
        readyAt = value;
        // mount.ts defines the round-trip hook right after this.
        queueMicrotask(() => void window.__pwRoundTrip?.('ip route').then(() => { window.__pwFirstAnswerAt = performance.now(); }));
      },
    });
  });
  await page.goto(`${BASE}${LESSON}#terminal`);
  await page.waitForFunction(() => window.__pwFirstAnswerAt !== undefined, undefined, { timeout: 20_000 });
  const ready = await page.evaluate(() => window.__pwTerminalReadyAt ?? NaN);
  // Where the time goes: the loader starts, xterm's code arrives, the worker has booted.
  const marks = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('pw:')).map((m) => [m.name, m.startTime])),
  );
  // The worker's own phases (src/worker/sandbox.worker.ts), moved onto the page's clock: when it
  // started, when its modules were evaluated, and when boot began and ended.
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  let from = 'none';
  const worker = page.workers().find((w) => w.url().includes('sandbox.worker'));
  if (worker) {
    const w = await worker.evaluate(() => ({
      origin: performance.timeOrigin,
      marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as const),
      from: performance.getEntriesByName('pw:boot-end').map((m) => String((m as PerformanceMark).detail)),
    }));
    from = w.from[0] ?? 'none';
    marks['pw:worker-start'] = w.origin - pageOrigin;
    for (const [name, at] of w.marks) marks[name] = w.origin + at - pageOrigin;
  }
  marks['pw:first-answer'] = await page.evaluate(() => window.__pwFirstAnswerAt ?? NaN);
  // The world image (src/pages/worlds/), fetched by the page while the worker's code loads.
  const image = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => r.name.includes('/worlds/'))?.responseEnd);
  if (image !== undefined) marks['pw:world-image'] = image;
  const times = await page.evaluate(async () => {
    const hook = window.__pwRoundTrip;
    if (!hook) return [];
    for (let i = 0; i < 10; i += 1) await hook('ip route'); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < 50; i += 1) samples.push(await hook('ip route'));
    return samples;
  });
  await context.close();
  return { ready, roundTrip: median(times), marks, from };
}

/** ms for Check, Run all, and a reload with saved progress until the terminal is ready again. */
async function learnerFigures(browser: Browser): Promise<{ check: number; runAll: number; reload: number; restored: boolean }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${BASE}${LESSON}#terminal`);
  await page.waitForFunction(() => window.__pwTerminalReadyAt !== undefined, undefined, { timeout: 20_000 });
  await page.waitForSelector('#pw-lesson[data-kernel="ready"]');
  // Check: the first exercise, unsolved (its report says what does not pass yet).
  const check = await page.evaluate(async () => {
    const section = document.querySelector<HTMLElement>('.pw-exercise');
    const report = section?.querySelector<HTMLElement>('.pw-exercise-report');
    const button = section?.querySelector<HTMLButtonElement>('.pw-check');
    if (!report || !button) return NaN;
    const start = performance.now();
    button.click();
    while (report.querySelector('.pw-pass, .pw-fail') === null) await new Promise((resolve) => setTimeout(resolve, 1));
    return performance.now() - start;
  });
  // Run all: every cell of the page, in order, until the button is enabled again.
  const runAll = await page.evaluate(async () => {
    const button = document.querySelector<HTMLButtonElement>('.pw-run-all');
    if (!button) return NaN;
    const start = performance.now();
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (button.disabled) await new Promise((resolve) => setTimeout(resolve, 1));
    return performance.now() - start;
  });
  // The cells changed the cluster: progress is saved (the localStorage marker is written after
  // the first commit); give the last commits a moment, then reload as a returning learner.
  await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('packetwalk:progress:')), undefined, { timeout: 20_000 });
  await page.waitForTimeout(1500);
  await page.reload();
  await page.waitForFunction(() => window.__pwTerminalReadyAt !== undefined, undefined, { timeout: 30_000 });
  const reload = await page.evaluate(() => window.__pwTerminalReadyAt ?? NaN);
  const restored = await page.evaluate(() => (window.__pwTerminalText?.() ?? '').includes('[progress restored'));
  await context.close();
  return { check, runAll, reload, restored };
}

/** The built worker's files: the entry and what it imports statically (start), and its dynamic imports (first use). */
function workerParts(): { name: string; raw: number; gzip: number; lazy: boolean }[] {
  const dir = 'dist/_astro';
  const entry = readdirSync(dir).find((file) => /^sandbox\.worker.*\.js$/.test(file));
  if (!entry) return [];
  const parts = new Map<string, boolean>();
  const visit = (file: string, lazy: boolean): void => {
    if (parts.has(file) && (lazy || parts.get(file) === false)) return;
    parts.set(file, lazy);
    const text = readFileSync(join(dir, file), 'utf8');
    // Rolldown writes a dynamic import's address as a template literal: import(`./x.js`).
    for (const match of text.matchAll(/\bimport\s*(\(\s*)?(?:[^'"`()]*?from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g)) {
      visit(match[2]!, lazy || match[1] !== undefined);
    }
  };
  visit(entry, false);
  return [...parts].map(([name, lazy]) => {
    const body = readFileSync(join(dir, name));
    return { name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length, lazy };
  });
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build') || !existsSync('dist')) {
    const build = spawnSync(astro[0], [astro[1], 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('astro build failed');
  }
  const server: ChildProcess = spawn(astro[0], [astro[1], 'preview', '--host', '127.0.0.1', '--port', String(PORT)], { stdio: 'ignore' });
  const floorServer = await serveFloor('dist/_astro');
  try {
    await waitForServer(BASE + LESSON, 30_000);
    const load = loadavg();
    const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
    const browser = await chromium.launch({
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    });
    const js: Awaited<ReturnType<typeof jsBeforeTerminal>>[] = [];
    const term: Awaited<ReturnType<typeof terminalFigures>>[] = [];
    const feel: Awaited<ReturnType<typeof learnerFigures>>[] = [];
    const floor: Record<string, number>[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      floor.push(await floorFigures(browser, floorServer.base));
      js.push(await jsBeforeTerminal(browser));
      term.push(await terminalFigures(browser));
      feel.push(await learnerFigures(browser));
    }
    await browser.close();
    const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
    const gzip = median(js.map((r) => r.gzip));
    const ready = median(term.map((r) => r.ready));
    const rtt = median(term.map((r) => r.roundTrip));
    console.log(`site bench: ${RUNS} runs, medians, headless Chromium, ${BASE}${LESSON}`);
    // The machine may be shared: the figures mean little without how busy it was.
    console.log(`  load average (1, 5, 15 min) before: ${load.map((x) => x.toFixed(2)).join(', ')}; after: ${loadavg().map((x) => x.toFixed(2)).join(', ')} (${cpus().length} CPUs)`);
    console.log(`  page JS before the terminal is touched: ${kb(gzip)} KB gzip (${kb(median(js.map((r) => r.raw)))} KB raw, ${js[0]?.files ?? 0} files; xterm loaded: ${js.some((r) => r.xterm)})   target <= 60 KB`);
    console.log(`  navigation -> terminal accepts input: ${ready.toFixed(0)} ms   target <= 300 ms`);
    const floorAt = (path: string): string => `${median(floor.map((f) => f[path] ?? NaN)).toFixed(0)} ms`;
    console.log(`    this machine's floor (blank pages, bench/machine-floor.ts): a head script runs ${floorAt('/blank')}, an empty module worker answers ${floorAt('/empty-worker')}, the simulator's worker alone is evaluated ${floorAt('/simulator-worker')}`);
    // What the lesson page costs on top of the simulator's own start (its code, then its boot).
    const alone = median(floor.map((f) => f['/simulator-worker'] ?? NaN)) + median(term.map((r) => (r.marks['pw:boot-end'] ?? NaN) - (r.marks['pw:boot-start'] ?? NaN)));
    console.log(`    the simulator alone would be ready at ${alone.toFixed(0)} ms (its worker evaluated on a blank page, plus boot); the lesson page adds ${(ready - alone).toFixed(0)} ms`);
    const at = (name: string): string => `${median(term.map((r) => r.marks[name] ?? NaN)).toFixed(0)} ms`;
    console.log('    phases since navigation (medians of each):');
    console.log(`      page: terminal code starts loading ${at('pw:terminal-load')}, terminal code evaluated ${at('pw:terminal-code')}`);
    console.log(`      worker: started ${at('pw:worker-start')}, evaluated ${at('pw:worker-evaluated')}, world image fetched ${at('pw:world-image')}`);
    const boot = median(term.map((r) => (r.marks['pw:boot-end'] ?? NaN) - (r.marks['pw:boot-start'] ?? NaN)));
    const fromImage = term.filter((r) => r.from === 'image').length;
    console.log(`      boot ${at('pw:boot-start')} to ${at('pw:boot-end')} (${boot.toFixed(0)} ms, from the world image in ${fromImage} of ${term.length}), kernel started on the page ${at('pw:kernel-start')}`);
    console.log(`      first prompt (terminal accepts input) ${ready.toFixed(0)} ms, first command (ip route) answered ${at('pw:first-answer')}`);
    console.log(`  ip route round trip page -> worker -> page: p50 ${rtt.toFixed(2)} ms   target < 5 ms`);
    console.log(`  Check (click -> report): ${median(feel.map((r) => r.check)).toFixed(0)} ms`);
    console.log(`  Run all (click -> every cell done): ${median(feel.map((r) => r.runAll)).toFixed(0)} ms`);
    const restored = feel.filter((r) => r.restored).length;
    console.log(`  reload with saved progress -> terminal ready: ${median(feel.map((r) => r.reload)).toFixed(0)} ms (progress restored in ${restored} of ${feel.length})`);
    const parts = workerParts();
    const sum = (lazy: boolean, key: 'raw' | 'gzip'): number => parts.filter((p) => p.lazy === lazy).reduce((total, p) => total + p[key], 0);
    console.log(`  worker JS at start: ${kb(sum(false, 'raw'))} KB raw, ${kb(sum(false, 'gzip'))} KB gzip; on first use: ${kb(sum(true, 'raw'))} KB raw, ${kb(sum(true, 'gzip'))} KB gzip`);
    for (const part of [...parts].sort((a, b) => Number(a.lazy) - Number(b.lazy) || b.raw - a.raw)) {
      console.log(`    ${part.lazy ? 'first use' : 'start    '} ${kb(part.raw).padStart(7)} KB raw ${kb(part.gzip).padStart(6)} KB gzip  ${part.name}`);
    }
    // The world the worker boots from (src/pages/worlds/), fetched by the page beside the worker.
    const image = `dist/worlds/${LESSON_SCENARIO}.json`;
    if (existsSync(image)) {
      const body = readFileSync(image);
      console.log(`  world image: ${kb(body.length)} KB raw, ${kb(gzipSync(body, { level: 9 }).length)} KB gzip (${image})`);
    }
  } finally {
    floorServer.close();
    server.kill('SIGTERM');
  }
}

await main();
