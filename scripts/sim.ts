/**
 * The headless CLI over the same sandbox the workbook runs in a worker:
 *
 *   npm run --silent sim -- [--scenario NAME|PATH] [--on HOST] [--seed N] [-c COMMAND]...
 *
 * Each `-c` runs in order in one shell on one cluster (state carries over; `ssh node-2`,
 * `kubectl exec -it`, `exit` move between machines as in the terminal). Without `-c` the
 * commands come from standard input, split into commands as the terminal splits a paste
 * (here-documents and unfinished lines spanning lines). Output is what the terminal would
 * show, without prompts: stdout to stdout, stderr to stderr. The exit status is the last
 * command's. Ctrl-C interrupts the running command, as in the terminal.
 */
import { createSandbox, type OutputChunk } from '../sandbox/api/index.ts';
import { scenarioNames, scenarioText } from './lesson-files.ts';

const USAGE = `usage: npm run --silent sim -- [--scenario NAME|PATH] [--on HOST] [--seed N] [-c COMMAND]...

  --scenario NAME|PATH  a scenario of content/scenarios (default, bare-host, ...) or a scenario file
  --on HOST             the machine the shell starts on (default: the scenario's start)
  --seed N              seed of all randomness (default 1)
  -c COMMAND            a command line to run; repeatable, run in order in one shell
                        (without -c, commands are read from standard input)
`;

interface CliArgs {
  scenario: string;
  on?: string;
  seed: number;
  commands: string[];
}

/** Parses argv; a string is a usage error to print. */
function parseArgs(argv: string[]): CliArgs | string {
  const out: CliArgs = { scenario: 'default', seed: 1, commands: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '--scenario':
      case '-s': {
        const v = value();
        if (v === undefined) return `sim: ${name} needs a value\n`;
        out.scenario = v;
        break;
      }
      case '--on': {
        const v = value();
        if (v === undefined) return `sim: --on needs a value\n`;
        out.on = v;
        break;
      }
      case '--seed': {
        const v = value();
        if (v === undefined || !/^[0-9]+$/.test(v)) return `sim: --seed needs a number\n`;
        out.seed = Number(v);
        break;
      }
      case '-c':
      case '--command': {
        const v = value();
        if (v === undefined) return `sim: -c needs a command\n`;
        out.commands.push(v);
        break;
      }
      case '-h':
      case '--help':
        return USAGE;
      default:
        return `sim: unknown argument ${a}\n${USAGE}`;
    }
  }
  return out;
}

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(args);
    return args === USAGE ? 0 : 2;
  }
  const text = scenarioText(args.scenario);
  if (text === undefined) {
    process.stderr.write(`sim: no scenario file or scenario named "${args.scenario}" (content/scenarios: ${scenarioNames().join(', ')})\n`);
    return 2;
  }
  const sandbox = createSandbox();
  const boot = { scenario: text, seed: args.seed, ...(args.on ? { on: args.on } : {}) };
  try {
    sandbox.boot(boot);
  } catch (e) {
    // A bad scenario file or --on is the user's mistake: say which, as the API reports it.
    process.stderr.write(`sim: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  // Ctrl-C interrupts the running command; a second one with nothing stopping leaves.
  let pressed = 0;
  process.on('SIGINT', () => {
    if (++pressed > 1) process.exit(130);
    sandbox.interrupt();
  });
  const write = (c: OutputChunk) => (c.stream === 'stdout' ? process.stdout : process.stderr).write(c.text);
  const commands = args.commands.length > 0 ? args.commands : [await readStdin()];
  let status = 0;
  for (const cmd of commands) {
    status = (await sandbox.exec(cmd, write)).status;
    pressed = 0;
  }
  return status;
}

process.exitCode = await main();
