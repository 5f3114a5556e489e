/**
 * ls (GNU coreutils) over the machine's files: names sorted in the C.UTF-8 locale, in
 * columns (80 wide, filled top to bottom) when writing to the terminal and one per line
 * otherwise (-1 forces that); -a adds . and .., -d lists a directory itself, -p marks
 * directories, -l prints long lines whose sizes come from the files' contents (owner root,
 * mode 644 for files and 755 for directories, dated at the simulated boot).
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { cwdOf, tryHelp } from '../../text-io.ts';
import { exists, isDir, listDir, readFile, resolvePath } from '../../fs.ts';
import { utf8Length } from '../wc/index.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** GNU ls's column layout for a terminal `width` wide (ls.c: print_many_per_line). */
export function columns(names: string[], width = 80): string {
  if (names.length === 0) return '';
  for (let cols = names.length; cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    if (Math.ceil(names.length / rows) < cols) continue;
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) widths.push(Math.max(0, ...names.slice(c * rows, (c + 1) * rows).map((n) => [...n].length)));
    const total = widths.reduce((a, w) => a + w, 0) + 2 * (cols - 1);
    if (total > width && cols > 1) continue;
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      const cells: string[] = [];
      for (let c = 0; c < cols; c++) {
        const n = names[c * rows + r];
        if (n === undefined) continue;
        const last = c === cols - 1 || names[(c + 1) * rows + r] === undefined;
        cells.push(last ? n : n.padEnd((widths[c] ?? 0) + 2));
      }
      lines.push(cells.join(''));
    }
    return lines.join('\n') + '\n';
  }
  return names.join('\n') + '\n';
}

function longLine(ctx: CommandContext, path: string, shown: string): string {
  const place = { machine: ctx.machine, netns: ctx.netns };
  const dir = isDir(place, path);
  const content = dir ? '' : readFile(place, path);
  const size = dir ? 4096 : typeof content === 'object' && content.ok ? utf8Length(content.value) : 0;
  const d = new Date(ctx.world.clock.epochMs);
  const date = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${dir ? 'drwxr-xr-x' : '-rw-r--r--'} ${dir ? 2 : 1} root root ${String(size).padStart(4)} ${date} ${shown}`;
}

/** `ls [-1adlpA] [FILE]...` */
export const ls: CommandSpec = {
  name: 'ls',
  run(ctx) {
    const g = getopt('ls', ctx.argv.slice(1), { flags: '1adlpAhFtrS', withArg: '', long: { all: { key: 'a', arg: false }, directory: { key: 'd', arg: false }, 'almost-all': { key: 'A', arg: false }, color: { key: 'color', arg: false } } });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('ls'));
      return 2;
    }
    const has = (k: string) => g.opts.some((o) => o.key === k);
    const place = { machine: ctx.machine, netns: ctx.netns };
    const tty = (ctx.stdout as { isatty?: boolean }).isatty === true;
    const operands = g.operands.length === 0 ? ['.'] : g.operands;
    let status = 0;
    const files: string[] = [];
    const dirs: string[] = [];
    for (const op of operands) {
      const abs = resolvePath(cwdOf(ctx), op);
      if (!exists(place, abs)) {
        ctx.stderr.write(`ls: cannot access '${op}': No such file or directory\n`);
        status = 2;
      } else if (isDir(place, abs) && !has('d')) dirs.push(op);
      else files.push(op);
    }
    const mark = (dir: string, n: string) => (has('p') || has('F')) && isDir(place, resolvePath(cwdOf(ctx), dir === '' ? n : dir + '/' + n)) ? n + '/' : n;
    const print = (names: string[], dir: string) => {
      if (has('l')) {
        if (dir !== '' || names.length > 0) {
          const lines = names.map((n) => longLine(ctx, resolvePath(cwdOf(ctx), dir === '' ? n : dir + '/' + n), mark(dir, n)));
          if (dir !== '') ctx.stdout.write(`total ${names.length * 4}\n`);
          if (lines.length > 0) ctx.stdout.write(lines.join('\n') + '\n');
        }
        return;
      }
      const shown = names.map((n) => mark(dir, n));
      if (shown.length > 0) ctx.stdout.write(tty && !has('1') ? columns(shown) : shown.join('\n') + '\n');
    };
    print(files.sort(), '');
    const headers = operands.length > 1;
    dirs.sort().forEach((d, i) => {
      if (headers) ctx.stdout.write(`${i > 0 || files.length > 0 ? '\n' : ''}${d}:\n`);
      let names = listDir(place, resolvePath(cwdOf(ctx), d));
      if (!has('a') && !has('A')) names = names.filter((n) => !n.startsWith('.'));
      if (has('a')) names = ['.', '..', ...names];
      print(names, d);
    });
    return status;
  },
};
