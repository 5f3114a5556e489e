/**
 * End-to-end tests: a real Chromium drives the built site (dist/, served by `astro preview`)
 * as a learner would. Debian's /usr/bin/chromium is used where present (`.ci/run` installs
 * it); otherwise Playwright's own browser.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.PW_PORT ?? 4329);
const chromium = '/usr/bin/chromium';
/** The self-hosting tests (selfhost.spec.ts) build a second copy under this base path. */
export const SELFHOST_PORT = Number(process.env.PW_SELFHOST_PORT ?? 4331);
export const SELFHOST_BASE = '/k8s-net/';
export const SELFHOST_DIR = 'dist-k8s-net';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 2,
  // Playwright's own template retries on CI: a test that passes only on retry is reported as
  // flaky (and looked into) instead of failing a landing.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(existsSync(chromium) ? { executablePath: chromium } : {}),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    },
  },
  webServer: [
    {
      command: `node_modules/.bin/astro preview --host 127.0.0.1 --port ${port}`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A build under a sub-path, served with the container's security headers (CSP included).
      command:
        `BASE_PATH=${SELFHOST_BASE} OUT_DIR=${SELFHOST_DIR} node_modules/.bin/astro build --silent && ` +
        `node scripts/serve.mjs --dir ${SELFHOST_DIR} --base ${SELFHOST_BASE} --port ${SELFHOST_PORT}`,
      url: `http://127.0.0.1:${SELFHOST_PORT}${SELFHOST_BASE}`,
      reuseExistingServer: false,
      timeout: 240_000,
    },
  ],
});
