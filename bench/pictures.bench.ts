/**
 * The pictures' figures (src/pictures/, sandbox/pictures/):
 *  - topology of a 3-node lesson (lesson 1): the model in the sandbox plus the layout, p50
 *    (target < 50 ms), and the drawing in Chromium (model, transfer and SVG), as the page measures it;
 *  - a 30-hop walk (the first 30 hops of a cross-node ping) and the whole ping (~220 hops), p50
 *    (target < 50 ms), and the walk drawn in Chromium;
 *  - the JavaScript lesson 1 fetches before any picture is shown (gzip), and that no picture
 *    code is among it (the picture code loads when a picture is scrolled to).
 * Builds dist/ first unless `--no-build` is given. Prints figures only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { createSandbox } from '../sandbox/api/sandbox.ts';
import { parseScenario } from '../sandbox/api/sandbox.ts';
import { buildWorld } from '../sandbox/scenarios/build.ts';
import { createShell } from '../sandbox/shell/session.ts';
import { recentTraces } from '../sandbox/fabric/traffic.ts';
import { topology, walk } from '../sandbox/pictures/index.ts';
import { layoutTopology } from '../src/pictures/layout.ts';
import { scenarioText } from '../scripts/lesson-files.ts';

const RUNS = 50;
const PORT = 4341;
const BASE = `http://127.0.0.1:${PORT}`;
const LESSON = '/01-pod-ip-model/';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => unknown): number => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

async function model(): Promise<void> {
  const world = buildWorld(parseScenario(scenarioText('pod-ip-model')!), 1);
  const shell = createShell(world, 'node-1', {});
  await shell.run('kubectl exec toolbox -c netshoot -- ping -c 1 10.244.1.3', () => undefined);
  const trace = recentTraces(world).at(-1)!;
  const topo: number[] = [];
  const laid: number[] = [];
  const w30: number[] = [];
  const wAll: number[] = [];
  const first30 = { command: trace.command, hops: trace.hops.slice(0, 30) };
  for (let i = 0; i < RUNS; i++) {
    let t = topology(world);
    topo.push(time(() => (t = topology(world))));
    laid.push(time(() => layoutTopology(t)));
    w30.push(time(() => walk(first30, world)));
    wAll.push(time(() => walk(trace, world)));
  }
  const steps = walk(trace, world).steps.length;
  console.log(`topology of lesson 1 (3 nodes, ${topology(world).machines.reduce((n, m) => n + m.pods.length, 0)} pods): model p50 ${median(topo).toFixed(2)} ms + layout p50 ${median(laid).toFixed(2)} ms (target < 50 ms)`);
  console.log(`walk of 30 hops: p50 ${median(w30).toFixed(2)} ms (target < 50 ms); whole cross-node ping, ${trace.hops.length} hops -> ${steps} steps: p50 ${median(wAll).toFixed(2)} ms`);
  // The API path the worker serves (a world of the lesson, picture and structured clone).
  const sb = createSandbox();
  sb.boot({ scenario: scenarioText('pod-ip-model')! });
  const api: number[] = [];
  for (let i = 0; i < 20; i++) api.push(time(() => structuredClone(sb.topology!())));
  console.log(`SandboxApi.topology() + structuredClone: p50 ${median(api).toFixed(2)} ms`);
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

async function browser(): Promise<void> {
  if (!process.argv.includes('--no-build') || !existsSync('dist')) {
    const build = spawnSync('node_modules/.bin/astro', ['build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('astro build failed');
  }
  const server: ChildProcess = spawn('node_modules/.bin/astro', ['preview', '--host', '127.0.0.1', '--port', String(PORT)], { stdio: 'ignore' });
  try {
    await waitForServer(BASE + LESSON, 30_000);
    const b = await chromium.launch({ ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}), args: ['--no-sandbox'] });
    const page = await (await b.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const scripts: { url: string; body: Promise<Buffer> }[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script' || r.url().endsWith('.js')) scripts.push({ url: r.url(), body: r.body() });
    });
    await page.goto(BASE + LESSON, { waitUntil: 'load' });
    await page.waitForTimeout(1000);
    const before = await Promise.all(scripts.map(async (s) => ({ url: s.url, body: await s.body })));
    const gz = (xs: { body: Buffer }[]): number => xs.reduce((n, s) => n + gzipSync(s.body, { level: 9 }).length, 0);
    const pictureCode = before.filter((s) => /\/lesson\.[\w-]+\.js$/.test(s.url));
    const loader = before.filter((s) => s.body.includes('.pw-picture'));
    console.log(`lesson 1 JS before any picture: ${(gz(before) / 1024).toFixed(1)} KB gzip in ${before.length} files; picture code among it: ${pictureCode.length ? 'YES' : 'none'}; the file carrying the picture loader: ${loader.map((s) => s.url.replace(/^.*\//, '')).join(', ') || '(none)'}`);
    await page.locator('.pw-picture[data-picture="topology"]').first().scrollIntoViewIfNeeded();
    await page.locator('.pw-picture[data-picture="topology"][data-state="drawn"]').first().waitFor({ timeout: 60_000 });
    const walkCell = page.locator('.pw-picture[data-picture="walk"]').first();
    await walkCell.scrollIntoViewIfNeeded();
    await walkCell.locator('.pw-walk-run').click();
    await page.locator('.pw-picture[data-picture="walk"][data-state="drawn"]').first().waitFor({ timeout: 60_000 });
    const measures = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('pw:')).map((m) => [m.name, m.duration] as const));
    console.log(`(Chromium figures on a machine with load average ${loadavg()[0]!.toFixed(1)})`);
    for (const [name, d] of measures) console.log(`in Chromium, ${name === 'pw:topology-draw' ? 'topology of lesson 1 drawn (SVG + table)' : 'cross-node ping walk drawn (topology, path, list, card, table)'}: ${d.toFixed(1)} ms`);
    await b.close();
  } finally {
    server.kill();
  }
}

await model();
await browser();
