// Installs the project's dependencies when they are missing or stale, so that `npm start` and
// `npm test` work on a fresh machine. Plain JavaScript: it runs on the machine's own Node (20),
// before the project's Node 24 (the `node` devDependency) exists in node_modules/.bin.
//
// Astro, Vite and their tools declare `engines: node >=22.12`; npm checks that against the Node
// that runs npm itself and prints an EBADENGINE warning per package on Node 20. So the install
// runs npm under Node 24: the `node` npm package (a Node binary published on the registry), at
// the version package-lock.json pins for the devDependency, fetched once into .tools/ (ignored
// by git, outside node_modules because `npm ci` deletes node_modules while it runs).
//
// `npm ci`, never `npm install`: it installs exactly what package-lock.json lists and never
// writes it, so a run leaves every tracked file as it was. The lock lists every platform's
// optional packages (scripts/lock-check.ts, tests/install/), so `npm ci` accepts it on any OS.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const stamp = 'node_modules/.package-lock.json';
const stale = !existsSync(stamp) || statSync('package-lock.json').mtimeMs > statSync(stamp).mtimeMs;
if (stale) {
  const node = projectNode();
  console.error('packetwalk: installing dependencies (npm ci) ...');
  execFileSync(node, [npmCli(), 'ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

/** The Node binary of the `node` package pinned by the lock, fetched into .tools/ if absent. */
function projectNode() {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  const version = lock.packages['node_modules/node']?.version;
  if (!version) throw new Error('package-lock.json pins no `node` devDependency');
  const tools = join('.tools', `node-${version}`);
  // The package's own launcher (bin/node) is a script on Windows; its platform package holds
  // the binary itself: node_modules/node/bin/node (POSIX) or node.exe (Windows).
  const bin = join(tools, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(bin)) {
    console.error(`packetwalk: fetching Node ${version} (the \`node\` npm package) into ${tools} ...`);
    // Its preinstall script fetches the platform's binary; npm 11 runs dependencies' install
    // scripts only where package.json allows them (as ours does for the devDependency).
    mkdirSync(tools, { recursive: true });
    writeFileSync(join(tools, 'package.json'), `${JSON.stringify({ private: true, allowScripts: { node: true } })}\n`);
    execFileSync(process.execPath, [npmCli(), 'install', '--prefix', tools, '--no-save', '--no-package-lock',
      '--no-audit', '--no-fund', `node@${version}`], { stdio: 'inherit' });
  }
  return bin;
}

/** npm's own entry script: the one running us (`npm start`), else the one beside this Node. */
function npmCli() {
  if (process.env.npm_execpath?.endsWith('.js')) return process.env.npm_execpath;
  const dir = dirname(process.execPath);
  const candidates = [
    join(dir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), // POSIX installs
    join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js'), // Windows installs
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`cannot find npm-cli.js beside ${process.execPath}; run this through npm (npm start / npm test)`);
  return found;
}
