/**
 * Self-hosting: a build under the base path /k8s-net/, served by scripts/serve.mjs
 * with the container's security headers (playwright.config.ts builds and serves it). A learner
 * walks a lesson there with every other host blocked; nothing fails, the Content-Security-Policy
 * is never violated. Then the offline service worker: after one visit, with the server gone
 * and the browser offline, the lesson reloads and its cluster still runs.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { SELFHOST_BASE, SELFHOST_DIR, SELFHOST_PORT } from '../../playwright.config.ts';
import { openTerminal, outputOf, run } from './fixtures.ts';

const ORIGIN = `http://127.0.0.1:${SELFHOST_PORT}`;

/** Blocks every request to another origin than `origin`; returns what was blocked or failed. */
async function guard(context: BrowserContext, page: Page, origin: string): Promise<string[]> {
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    problems.push(`request to another host: ${url}`);
    return route.abort('blockedbyclient');
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    // A same-origin request still in flight when the learner navigates (a hover prefetch, the
    // search UI's chunk) is cancelled by the browser: ERR_ABORTED is that, not a failure (a
    // blocked request fails with ERR_BLOCKED_BY_CLIENT or ERR_BLOCKED_BY_CSP instead).
    if (error === 'net::ERR_ABORTED' && request.url().startsWith(`${origin}/`)) return;
    problems.push(`failed: ${request.url()} ${error}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  // CSP violations, as the page itself sees them (securitypolicyviolation events).
  await page.exposeFunction('__pwCspViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __pwCspViolation: (t: string) => void }).__pwCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return problems;
}

const test = base;
// Each walks several pages and the first load precaches the whole site.
test.describe.configure({ timeout: 120_000 });

test('a lesson served under /k8s-net/ with the CSP works and asks nothing of other hosts', async ({ context, page }) => {
  const problems = await guard(context, page, ORIGIN);
  const home = await page.goto(`${ORIGIN}${SELFHOST_BASE}`);
  expect(home?.headers()['content-security-policy']).toContain("script-src 'self'");
  // The front page links into the base path.
  await page.getByRole('link', { name: 'The pod IP model' }).first().click();
  await expect(page).toHaveURL(`${ORIGIN}${SELFHOST_BASE}01-pod-ip-model/`);
  // The sidebar too.
  for (const href of await page.locator('nav a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
    if (href.startsWith('/')) expect(href.startsWith(SELFHOST_BASE), href).toBe(true);
  }
  // A cell (the worker, its chunks) and the terminal (lazy-loaded xterm).
  const cell = page.locator('.pw-cell', { has: page.locator('code', { hasText: /^node-1\$ ip route$/ }) }).first();
  await cell.getByRole('button', { name: /^Run/ }).click();
  await expect(cell.locator('.pw-cell-output')).toContainText('dev cni0 proto kernel scope link');
  await openTerminal(page);
  await run(page, 'ip route');
  expect(await outputOf(page, 'ip route')).toMatch(/^default via \S+ dev eth0/m);
  // Progress (git in IndexedDB) works under the CSP and the base path: a change survives a reload.
  await run(page, 'ip addr add 192.0.2.7/32 dev lo');
  await expect(page.locator('#pw-lesson')).toHaveAttribute('data-progress', 'saved');
  await page.reload();
  await openTerminal(page);
  await run(page, 'ip -br addr show lo');
  expect(await outputOf(page, 'ip -br addr show lo')).toContain('192.0.2.7/32');
  // Pagefind search under the base path (its WebAssembly needs 'wasm-unsafe-eval').
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#starlight__search input').fill('bridge');
  await expect(page.locator('#starlight__search .pagefind-ui__result-link').first()).toHaveAttribute('href', new RegExp(`^${SELFHOST_BASE}`));
  // The navigation of the 'next' link.
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: /Next/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`${SELFHOST_BASE}02-`));
  await expect(page.locator('h1')).toBeVisible();
  expect(problems).toEqual([]);
});

test('after the first visit a lesson reloads and runs offline', async ({ context, page }) => {
  // A server of our own, so that "offline" can mean the server is really gone.
  const server = spawn(process.execPath, ['scripts/serve.mjs', '--dir', SELFHOST_DIR, '--base', SELFHOST_BASE, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [banner] = (await once(server.stdout, 'data')) as [Buffer];
    const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(banner.toString())?.[0] ?? 'no address printed';
    const lesson = `${origin}${SELFHOST_BASE}01-pod-ip-model/`;
    await page.goto(lesson);
    // The service worker is installed (precache complete) and active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    expect(await page.evaluate(() => caches.keys())).toEqual([expect.stringMatching(/^packetwalk-/)]);
    server.kill();
    await once(server, 'exit');
    await context.setOffline(true);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(page.locator('h1')).toHaveText('The pod IP model');
    await openTerminal(page);
    await run(page, 'ip route');
    expect(await outputOf(page, 'ip route')).toMatch(/dev cni0 proto kernel scope link/);
    // Another lesson, never visited, is there too.
    await page.goto(`${origin}${SELFHOST_BASE}02-veth-and-bridge/`);
    await expect(page.locator('h1')).toBeVisible();
  } finally {
    if (server.exitCode === null) server.kill();
  }
});
