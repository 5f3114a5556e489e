/**
 * Bad input and invariants: random command lines (tokens, quotes, pipes, control
 * characters, non-ASCII, very long lines) never make the shell throw; a line the shell
 * rejects (syntax error, unknown command) leaves the world and the shell unchanged; the
 * splitter never loses text; echo of random quoted words agrees with real bash.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { createShell, type Shell } from './session.ts';
import { testWorld } from './test-world.ts';
import { lex } from './lexer.ts';
import { parse } from './parser.ts';
import { splitCommands } from './script.ts';

const TOKENS = [
  'echo', 'cat', 'grep', '-v', '-c', 'head', '-n', '2', 'tail', 'wc', '-l', 'sort', '-n', 'uniq', 'cut', '-d:', '-f1',
  'awk', "'{print $1}'", 'tr', 'a-z', 'A-Z', 'seq', '3', 'hostname', 'sh', '-c', 'printenv', 'env', 'export', 'X=1',
  '$X', '"$HOME"', '$(echo hi)', '`hostname`', '$((1+2))', '${X:-d}', '/etc/hosts', '/proc/sys/net/ipv4/ip_forward',
  '|', '||', '&&', ';', '&', '>', '>>', '<', '2>&1', '/dev/null', '<<EOF', 'EOF', '(', ')', '{', '}', 'if', 'then', 'fi',
  'for', 'in', 'do', 'done', '!', '"', "'", '\\', '#', '*', '?', '[', ']', 'é', '日本', '\u0007', '\u001b[31m', '\t', '\n',
  'true', 'false', 'exit', 'cd', '/tmp', 'which', 'type', 'test', '-f', 'nosuchcmd', 'ssh', 'node-2', 'sleep', '0.1',
];

const line = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 14 })
  .map((ws) => ws.join(' '));

async function run(sh: Shell, l: string): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  const r = await sh.exec(l, (c) => {
    if (c.stream === 'stdout') out += c.text;
    else err += c.text;
  });
  return { out, err, status: r.status };
}

describe('random input never breaks the shell', () => {
  it('lexer and parser return results for any text', () => {
    fc.assert(fc.property(fc.oneof(line, fc.string({ unit: 'binary', maxLength: 200 })), (src) => {
      const l = lex(src);
      expect(typeof l.ok).toBe('boolean');
      const p = parse(src);
      expect(typeof p.ok).toBe('boolean');
    }), { numRuns: 500 });
  });

  it('exec of random lines resolves with a status and never throws', async () => {
    await fc.assert(fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 4 }), async (lines) => {
      const sh = createShell(testWorld(), 'node-1');
      for (const l of lines) {
        const r = await run(sh, l);
        expect(Number.isInteger(r.status) && r.status >= 0 && r.status <= 255).toBe(true);
        expect(typeof sh.prompt()).toBe('string');
        expect(sh.depth()).toBeGreaterThanOrEqual(1);
      }
    }), { numRuns: 150 });
  }, 120_000);

  it('completion answers for any line and cursor', () => {
    const sh = createShell(testWorld(), 'node-1');
    fc.assert(fc.property(line, fc.nat(), (l, c) => {
      const r = sh.complete(l, c % (l.length + 1));
      expect(r.from).toBeGreaterThanOrEqual(0);
      expect(r.from).toBeLessThanOrEqual(l.length);
      expect(Array.isArray(r.candidates)).toBe(true);
    }), { numRuns: 300 });
  });

  it('handles a 100 KB line, non-ASCII and control characters', async () => {
    const sh = createShell(testWorld(), 'node-1');
    const big = 'echo ' + 'x'.repeat(100 * 1024);
    const r = await run(sh, big);
    expect(r.out.length).toBe(100 * 1024 + 1);
    const junk = await run(sh, 'a'.repeat(100 * 1024));
    expect(junk.status).toBe(127);
    expect((await run(sh, 'echo "日本 é \u0007\u001b[0m"')).out).toBe('日本 é \u0007\u001b[0m\n');
    expect((await run(sh, '\u0003\u0004')).status).toBe(127);
    // An empty line runs nothing: $? stays what it was, as in bash.
    expect((await run(sh, '')).status).toBe(127);
    await run(sh, 'true');
    expect((await run(sh, '   \t  ')).status).toBe(0);
  }, 60_000);
});

describe('a rejected command leaves state unchanged', () => {
  const rejected = fc.oneof(
    line.filter((l) => { const p = parse(l + '\n'); return !p.ok; }),
    fc.tuple(fc.constantFrom('nosuchcmd', 'kubectll', 'ipp', 'foo'), fc.array(fc.constantFrom('-a', 'x', '"y z"', '$HOME', '1'), { maxLength: 4 }))
      .map(([c, args]) => [c, ...args].join(' ')),
  );
  it('world, prompt, depth and variables are as before', async () => {
    await fc.assert(fc.asyncProperty(rejected, async (l) => {
      const world = testWorld();
      const sh = createShell(world, 'node-1');
      await run(sh, 'cd /etc; export A=1');
      const before = structuredClone(world);
      const vars = (await run(sh, 'set')).out;
      const prompt = sh.prompt();
      const r = await run(sh, l);
      expect(r.status === 2 || r.status === 127).toBe(true);
      expect(r.err).not.toBe('');
      expect(world).toEqual(before);
      expect(sh.prompt()).toBe(prompt);
      expect(sh.depth()).toBe(1);
      expect((await run(sh, 'set')).out).toBe(vars);
    }), { numRuns: 120 });
  }, 120_000);
});

describe('splitting a script', () => {
  it('keeps every line, in order', () => {
    fc.assert(fc.property(fc.array(line, { maxLength: 6 }), (ls) => {
      const script = ls.join('\n');
      const chunks = splitCommands(script);
      expect(chunks.join('\n')).toBe(script.replace(/\n$/, ''));
    }), { numRuns: 300 });
  });
});

const bashOk = spawnSync('bash', ['-c', 'true'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!bashOk)('quoting agrees with real bash', () => {
  const piece = fc.oneof(
    fc.stringMatching(/^[a-z0-9 ]{0,5}$/).map((s) => `'${s}'`),
    fc.stringMatching(/^[a-z0-9 $]{0,5}$/).map((s) => `"${s.replace(/\$(?![a-z])/g, '')}"`),
    fc.stringMatching(/^[a-z0-9]{1,5}$/),
    fc.constantFrom('\\ ', '\\"', "\\'", '$X', '"$X"', '${X:-u}', '$(echo a  b)', '"$(echo a  b)"', "$'t\\tx'", '$((2*3))'),
  );
  const words = fc.array(fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => p.join('')), { minLength: 1, maxLength: 4 });
  it('echo of random quoted words prints what bash prints', async () => {
    await fc.assert(fc.asyncProperty(words, async (ws) => {
      const cmd = `X='one  two'; echo ${ws.join(' ')}`;
      const real = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
      const sh = createShell(testWorld(), 'node-1');
      const sim = await run(sh, cmd);
      expect(sim.out).toBe(real.stdout);
    }), { numRuns: 60 });
  }, 120_000);
});
