import { it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import '../cluster/index.ts';
import { bootScenario } from './index.ts';
import { createShell, placeOf } from '../shell/session.ts';
const G = '/work/shared/reference-lab/golden/';
it('lab', async () => {
  const r = bootScenario('reference-lab', 1);
  if (typeof r === 'string') throw new Error(r);
  const rows = readFileSync(G + 'index.tsv', 'utf8').split('\n').map((l) => l.split('\t'));
  let same = 0, diff = 0;
  for (const row of rows) {
    const [section, file, ns, cmd] = row;
    if (!section || !file || !ns || !cmd || !/state before traffic|versions/.test(section)) continue;
    if (!placeOf(r.world, ns)) continue;
    const sh = createShell(r.world, ns);
    let out = '';
    await sh.exec(cmd, (c) => { if (c.stream === 'stdout') out += c.text; });
    const want = existsSync(G + file) ? readFileSync(G + file, 'utf8') : '';
    if (out === want) same++; else { diff++; console.log(`DIFF ${file}: ${cmd}\n--- want\n${want.slice(0, 600)}\n--- got\n${out.slice(0, 600)}`); }
  }
  console.log('same', same, 'diff', diff);
});
