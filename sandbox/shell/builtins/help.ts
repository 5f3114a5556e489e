/**
 * `help`: the commands available on this machine, one line each (its name and what it does,
 * from whatis.ts), alphabetically. bash's own `help` lists bash's builtins with their
 * synopses; this one answers the question a learner new to the machine has (what can I run
 * here?), builtins and programs alike. `help NAME...` prints those names' lines, and fails
 * like bash's for a name it does not know.
 */
import type { Builtin } from '../frame.ts';
import { errPrefix } from '../messages.ts';
import { whatis } from './whatis.ts';

/** Column where summaries start (the longest name, iptables-restore, fits). */
const WIDTH = 18;

const line = (name: string): string => `${name.padEnd(WIDTH - 1)} ${whatis[name] ?? ''}`.trimEnd() + '\n';

/** `help [NAME...]` */
export const help: Builtin = {
  name: 'help',
  binary: false,
  run(ctx, sh) {
    const here = sh.programs();
    const asked = ctx.argv.slice(1);
    if (asked.length === 0) {
      for (const name of here) ctx.stdout.write(line(name));
      return 0;
    }
    let status = 0;
    for (const name of asked) {
      if (here.includes(name)) ctx.stdout.write(line(name));
      else {
        // bash: `help: no help topics match `NAME'.  Try `help help' or `man -k NAME' or `info NAME'.`
        ctx.stderr.write(`${errPrefix(sh.frame)}help: no help topics match \`${name}'.  Try \`help help' or \`man -k ${name}' or \`info ${name}'.\n`);
        status = 1;
      }
    }
    return status;
  },
};
