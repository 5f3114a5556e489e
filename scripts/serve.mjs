/**
 * A tiny static server for a built workbook, with the same security headers as the container
 * (src/selfhost/headers.mjs): `node scripts/serve.mjs [--dir dist] [--base /] [--port 4330]`.
 * The e2e tests serve a base-path build with it, so the Content-Security-Policy is exercised by
 * a real browser. Only GET and HEAD; paths outside the directory are refused.
 */
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { securityHeaders } from '../src/selfhost/headers.mjs';

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i], process.argv[i + 1]);
const root = resolve(args.get('--dir') ?? 'dist');
const base = (args.get('--base') ?? '/').replace(/\/?$/, '/');
const port = Number(args.get('--port') ?? 4330);
const host = args.get('--host') ?? '127.0.0.1';
const headers = securityHeaders(root);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.woff2': 'font/woff2',
};

function send(res, status, file, method) {
  res.writeHead(status, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  if (method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

const server = createServer((req, res) => {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const notFound = () => {
    const page = join(root, '404.html');
    if (existsSync(page)) send(res, 404, page, method);
    else res.writeHead(404, headers).end('not found\n');
  };
  if (`${path}/` === base) {
    res.writeHead(301, { ...headers, Location: base }).end();
    return;
  }
  if (!path.startsWith(base)) return notFound();
  const file = normalize(join(root, path.slice(base.length)));
  if (file !== root && !file.startsWith(root + sep)) return notFound();
  if (!existsSync(file)) return notFound();
  if (statSync(file).isDirectory()) {
    if (!path.endsWith('/')) {
      res.writeHead(301, { ...headers, Location: `${path}/` }).end();
      return;
    }
    const index = join(file, 'index.html');
    return existsSync(index) ? send(res, 200, index, method) : notFound();
  }
  send(res, 200, file, method);
});
server.listen(port, host, () => {
  // --port 0 picks a free port; the line below says which (the e2e tests read it).
  const address = server.address();
  process.stdout.write(`serving ${root} at http://${host}:${typeof address === 'object' && address ? address.port : port}${base}\n`);
});
