/**
 * npm run class-table -- DIR: the workshop's class table from a folder of learners' exported
 * progress files (*.json, one per learner, named after them): who passed which exercise, and
 * when, read from the commits (src/progress/class-table.ts). `--json` prints the table as JSON.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { classTable, formatClassTable } from '../src/progress/class-table.ts';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (dir === undefined || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: npm run class-table -- DIR [--json]   (DIR: a folder of exported progress files, *.json)');
  process.exitCode = 2;
} else {
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.json')).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  if (files.length === 0) {
    console.error(`class-table: no *.json files in ${dir}`);
    process.exitCode = 1;
  } else {
    const table = classTable(files);
    console.log(args.includes('--json') ? JSON.stringify(table, null, 2) : formatClassTable(table));
  }
}
