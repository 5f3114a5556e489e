// Never break: random argument lines for wget (GNU on a node-like namespace, busybox's in a
// busybox-based pod), arping and traceroute (UDP and -T) in the reference lab. No line may
// throw, and a run that fails must leave the configuration digest (api/journal.ts) as it was:
// these tools only send packets and, on success, write the file they were asked to (wget with
// several URLs saves those that worked before it fails, and GNU wget -O FILE creates FILE
// before fetching, as the real ones do: exempt).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcSeed } from './seed.ts';
import { lab } from '../fidelity/traffic-lab.helper.ts';
import { createShell, type Shell } from '../../sandbox/shell/session.ts';
import { configParts, sameConfig } from '../../sandbox/api/journal.ts';
import type { World } from '../../sandbox/fabric/world.ts';
import { parseWgetArgs } from '../../sandbox/shell/commands/wget/args.ts';

const TARGETS = ['10.244.1.3', '10.244.2.2', '10.244.1.1', '10.244.1.77', '10.244.9.9', '10.96.0.10', '0.0.0.0', '255.255.255.255', '127.0.0.1',
  'localhost', 'nosuch.example', 'web', '300.1.1.1', '', '-', '--'];
const URLS = ['http://10.244.1.3:8080/', 'http://10.244.1.3:9999/', '10.244.1.3:8080', 'http://10.244.9.9:8080/x?y=1', 'https://10.244.1.3:8080/',
  'ftp://x/', 'gopher://x', 'http://10.244.1.3:99999/', 'http://:80/', 'http://nosuch.example/', 'http://[::1]/', 'http://10.244.1.3:8080/a/b.txt'];
const NUMS = ['0', '1', '2', '-1', '0.5', '65535', '65536', '99999999999999999999', 'x', '1e3', ''];
const VOCAB: Record<string, string[]> = {
  wget: ['-q', '-O', '-O-', '-qO-', '-S', '--spider', '-T', '-t', '--timeout', '--timeout=1', '--tries=1', '-nv', '-U', '--header', 'X: y',
    '/tmp/out', '/nonexistent/dir/f', '/dev/null', '-', '-Z', '--bogus', '-c', '--quiet', '--output-document', ...URLS],
  arping: ['-c', '-w', '-i', '-I', '-s', '-f', '-q', '-b', '-D', '-U', '-A', '-V', '-Q', 'eth0', 'lo', 'nosuch', '-c1', '-Ieth0', ...TARGETS],
  traceroute: ['-T', '-n', '-p', '-m', '-q', '-w', '-I', '-4', '-Z', '-Tn', '-p8080', '-p', '80', '8080', '9999', ...TARGETS],
};

const word = (cmd: string) => fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VOCAB[cmd]!) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMS.map((n) => (n === '' ? "''" : n))) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).filter((s) => /^[\w.:/=+-]+$/.test(s)) },
);
const line = fc.tuple(fc.constantFrom('wget', 'arping', 'traceroute'), fc.boolean())
  .chain(([cmd, bb]) => fc.array(word(cmd), { maxLength: 6 }).map((args) => ({ argv: [cmd, ...args], bb })));

/** The lab with lab-n1-pb turned into a busybox-based pod (busybox's wget and traceroute). */
function world(): World {
  const w = lab();
  const pb = w.machines.get('lab-n1-pb')!;
  pb.kind = 'pod';
  pb.binaries = ['sh', 'ash', 'wget', 'traceroute', 'arping', 'cat', 'echo'];
  return w;
}

describe('wget, arping and traceroute never break the simulator', () => {
  it('random argument lines: no exception, and a failed run changes no configuration', async () => {
    const base = world();
    const failures: string[] = [];
    let w = structuredClone(base);
    let shells: Record<string, Shell> = {};
    let n = 0;
    await fc.assert(fc.asyncProperty(line, async ({ argv, bb }) => {
      if (++n % 50 === 0) {
        for (const s of Object.values(shells)) s.dispose();
        w = structuredClone(base);
        shells = {};
      }
      const on = bb ? 'lab-n1-pb' : 'lab-n1-pa';
      const sh = (shells[on] ??= createShell(w, on));
      const text = argv.join(' ');
      const before = configParts(w, sh.save());
      // Ctrl-C after a few ms of real time for what runs until interrupted (arping without -c).
      const timer = setTimeout(() => sh.interrupt(), 5);
      try {
        const { status } = await sh.exec(text, () => undefined);
        // GNU wget creates its -O file before fetching, so a failed run leaves it empty (main.c).
        const partial = argv[0] === 'wget' && (() => { const p = parseWgetArgs(argv.slice(1)); return p.ok && (p.opts.urls.length > 1 || (!bb && p.opts.output !== undefined)); })();
        if (status !== 0 && !partial && !sameConfig(before, configParts(w, sh.save()))) failures.push(`${on}: ${text}\n  exited ${status} but changed the configuration`);
      } catch (e) {
        failures.push(`${on}: ${text}\n  threw ${String((e as Error).stack ?? e).split('\n').slice(0, 4).join('\n  ')}`);
        delete shells[on];
      } finally {
        clearTimeout(timer);
      }
    }), { numRuns: Number(process.env.FC_RUNS ?? 400) });
    expect(failures.slice(0, 10), `replay with FC_SEED=${fcSeed}`).toEqual([]);
  }, 120_000);
});
