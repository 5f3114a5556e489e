/**
 * which (debianutils): the path of each named program on PATH; builtins that are not also
 * programs are not found. Status 1 when any name is missing (nothing is printed for it).
 */
import type { Builtin } from '../../frame.ts';
import { binaryPath } from '../../dispatch.ts';

const ALSO_FILES = new Set(['echo', 'true', 'false', 'printf', 'test', '[', 'pwd', 'kill']);

/** `which [-a] NAME...` */
export const which: Builtin = {
  name: 'which',
  binary: true,
  run(ctx, sh) {
    let status = 0;
    const names = ctx.argv.slice(1).filter((a) => a !== '-a' && a !== '-s');
    if (names.length === 0) return 1;
    for (const n of names) {
      const l = sh.lookup(n);
      if (l?.kind === 'file') ctx.stdout.write(l.path + '\n');
      else if (l?.kind === 'builtin' && ALSO_FILES.has(n)) ctx.stdout.write(binaryPath(n) + '\n');
      else status = 1;
    }
    return status;
  },
};
