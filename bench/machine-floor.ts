/**
 * What this machine and browser cost before packetwalk's code does anything, so the site
 * bench's figures can be read against it (bench/site.bench.ts prints both). Three pages, served
 * from this process so nothing of the workbook is involved, each timed from navigation start
 * like the lesson page:
 *  - a blank page whose head script runs (the browser's own cost of a navigation);
 *  - a blank page whose head script starts an empty module worker and hears from it (the
 *    cheapest possible "simulator in a worker");
 *  - a blank page that starts the built simulator worker (dist/) and hears from it once its
 *    modules are evaluated (the simulator's code alone, without the lesson page).
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

declare global {
  interface Window {
    __pwFloorAt?: number;
  }
}

/** Head scripts that record when they ran, or when the worker first answered (worker clock -> page clock). */
const PAGES: Record<string, string> = {
  '/blank': `window.__pwFloorAt = performance.now();`,
  '/empty-worker': `new Worker('/empty-worker.js', { type: 'module' }).onmessage = (e) => { window.__pwFloorAt = e.data - performance.timeOrigin; };`,
  '/simulator-worker': `new Worker('/simulator-worker.js', { type: 'module' }).onmessage = (e) => { window.__pwFloorAt = e.data - performance.timeOrigin; };`,
};

const ANSWER = 'postMessage(performance.timeOrigin + performance.now());';

export interface FloorServer {
  base: string;
  close(): void;
}

/** Serves the floor pages; `distAstro` is the built site's `_astro/` (the simulator worker's files). */
export async function serveFloor(distAstro: string): Promise<FloorServer> {
  const entry = readdirSync(distAstro).find((file) => /^sandbox\.worker.*\.js$/.test(file));
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const script = PAGES[path];
    const js = (body: string | Buffer): void => {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (script !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html><html><head><script>${script}</script></head><body></body></html>`);
    } else if (path === '/empty-worker.js') js(ANSWER);
    // The simulator's entry answers once everything it imports statically is evaluated.
    else if (path === '/simulator-worker.js' && entry) js(`import './_astro/${entry}';\n${ANSWER}`);
    else if (path.startsWith('/_astro/') && /^[\w.-]+\.js$/.test(path.slice(8))) js(readFileSync(join(distAstro, path.slice(8))));
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export const FLOOR_PAGES = Object.keys(PAGES);
