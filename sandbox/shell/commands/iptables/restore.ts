/**
 * iptables-restore (iptables-restore(8), 1.8.9 nf_tables): reads rules from stdin (or a
 * file) and applies them table by table at COMMIT; `-n/--noflush`, `-c/--counters`,
 * `-t/--test`, `-V`, `-h`. The work is netfilter's iptablesRestore; errors print its text.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { iptablesRestore } from '../../../net/netfilter/index.ts';
import { nftNotPermitted } from './permission.ts';

const USAGE = `Usage: iptables-restore [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command] [-4] [-6] [file]
	   [ --counters ]
	   [ --verbose ]
	   [ --version]
	   [ --test ]
	   [ --help ]
	   [ --noflush ]
	   [ --table=<TABLE> ]
	   [ --modprobe=<command> ]
	   [ --ipv4 ]
	   [ --ipv6 ]
`;

const LONG: Record<string, string> = {
  '--counters': 'c', '--verbose': 'v', '--version': 'V', '--test': 't', '--help': 'h', '--noflush': 'n', '--ipv4': '4', '--wait': 'w',
};

function run(ctx: CommandContext): number {
  const opts = { noflush: false, counters: false, test: false };
  let file: string | undefined;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const letters = a.startsWith('--') ? (LONG[a] !== undefined ? [LONG[a]!] : undefined) : a.startsWith('-') && a.length > 1 ? [...a.slice(1)] : undefined;
    if (letters === undefined) {
      if (a.startsWith('--')) {
        ctx.stderr.write(`iptables-restore: unrecognized option '${a}'\nTry \`iptables-restore -h' for more information.\n`);
        return 1;
      }
      file = a;
      continue;
    }
    for (const l of letters) {
      if (l === 'c') opts.counters = true;
      else if (l === 'n') opts.noflush = true;
      else if (l === 't') opts.test = true;
      else if (l === 'v' || l === '4' || l === 'w') continue;
      else if (l === 'V') {
        ctx.stdout.write('iptables-restore v1.8.9 (nf_tables)\n');
        return 0;
      } else if (l === 'h') {
        ctx.stdout.write(USAGE);
        return 0;
      } else {
        ctx.stderr.write(`iptables-restore: invalid option -- '${l}'\nTry \`iptables-restore -h' for more information.\n`);
        return 1;
      }
    }
  }
  let text = ctx.stdin;
  if (file !== undefined) {
    const content = ctx.machine.files.get(file);
    if (content === undefined) {
      ctx.stderr.write(`Can't open ${file}: No such file or directory\n`);
      return 1;
    }
    text = content;
  }
  // Empty input sends nothing, so it succeeds even without the capability.
  const denied = text.trim() === '' ? undefined : nftNotPermitted(ctx, 'iptables-restore');
  if (denied !== undefined) return denied;
  const r = iptablesRestore(ctx.world, ctx.netns, text, opts);
  if (!r.ok) {
    ctx.stderr.write(r.stderr);
    return r.status;
  }
  return 0;
}

/** `iptables-restore`. */
export const iptablesRestoreCommand: CommandSpec = { name: 'iptables-restore', run };
