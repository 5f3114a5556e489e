/**
 * `npm run bench`: runs every bench/*.bench.ts, one after the other, each in its own Node
 * process, and passes their figures through. A bench file is a script that measures and
 * prints its figures (no assertions: benches inform, tests decide). Exit status is non-zero
 * if any bench failed to run. `node bench/run.ts site` runs only benches whose name contains
 * "site".
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const benches = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts') && file.includes(filter))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, [`${dir}${file}`], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.log(`!! ${file} exited with status ${result.status ?? result.signal}`);
  }
}
console.log(`\n${benches.length} bench file(s) run, ${failed} failed.`);
process.exit(failed === 0 ? 0 : 1);
