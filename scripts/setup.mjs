// Installs the project's dependencies when they are missing or stale, so that `npm start` and
// `npm test` work on a fresh machine. Plain JavaScript: it runs on the machine's own Node (20),
// before the project's Node 24 (the `node` devDependency) exists in node_modules/.bin.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const stamp = 'node_modules/.package-lock.json';
const stale = !existsSync(stamp) || statSync('package-lock.json').mtimeMs > statSync(stamp).mtimeMs;
if (stale) {
  // `npm install`, not `npm ci`: npm 11 writes a lock without the other platforms' optional
  // packages (@astrojs/compiler-binding-*) and then `npm ci` rejects its own lock as out of
  // sync. `npm install` follows the lock's versions all the same.
  console.error('packetwalk: installing dependencies (npm install) ...');
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}
