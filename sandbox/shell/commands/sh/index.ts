/**
 * sh and bash as programs: `sh -c 'cmds' [name [args...]]`, `sh FILE`, `echo cmds | sh`,
 * or a nested interactive shell when typed alone at a prompt. On a node `sh` is dash (as on
 * Debian and Ubuntu); in a pod it is busybox ash; `bash` is bash. Their messages differ the
 * way the real shells' do (`sh: 1: foo: not found` vs `bash: foo: command not found`).
 */
import type { Builtin, Flavour } from '../../frame.ts';
import { readFile, resolvePath } from '../../fs.ts';

function shell(name: 'sh' | 'bash'): Builtin {
  return {
    name,
    binary: true,
    async run(ctx, sh) {
      const f = sh.frame;
      const flavour: Flavour = name === 'bash' ? 'bash' : ctx.machine.kind === 'pod' ? 'ash' : 'dash';
      const prefix = flavour === 'bash' ? 'bash: ' : flavour === 'dash' ? 'sh: 0: ' : 'sh: ';
      const args = ctx.argv.slice(1);
      let script: string | undefined;
      while (args[0]?.startsWith('-') && args[0] !== '-') {
        const opt = args.shift() ?? '';
        if (opt === '--') break;
        if (opt.includes('c')) {
          script = args.shift();
          if (script === undefined) {
            ctx.stderr.write(flavour === 'bash' ? `bash: -c: option requires an argument\n` : flavour === 'dash' ? `sh: 0: -c requires an argument\n` : `sh: -c requires an argument\n`);
            return 2;
          }
        } else if (!/^-[exuvilsE]+$/.test(opt) && !/^-o$/.test(opt)) {
          ctx.stderr.write(flavour === 'bash' ? `bash: ${opt}: invalid option\n` : `${prefix}Illegal option ${opt}\n`);
          return 2;
        }
      }
      const place = { machine: ctx.machine, netns: ctx.netns };
      if (script !== undefined) {
        const [argv0 = name, ...rest] = args;
        return sh.runScript(script, { flavour, argv0, args: rest, place, stdin: ctx.stdin });
      }
      const file = args[0];
      if (file !== undefined) {
        const r = readFile(place, resolvePath(f.cwd, file));
        if (!r.ok) {
          ctx.stderr.write(flavour === 'bash' ? `bash: ${file}: No such file or directory\n` : `${prefix}cannot open ${file}: No such file\n`);
          return flavour === 'bash' ? 127 : 2;
        }
        return sh.runScript(r.value, { flavour, argv0: file, args: args.slice(1), place, stdin: ctx.stdin });
      }
      if (ctx.stdin !== '' || !f.interactive) {
        return sh.runScript(ctx.stdin, { flavour, argv0: name, args: [], place, stdin: '' });
      }
      sh.enterShell(flavour);
      return 0;
    },
  };
}

/** `sh` */
export const sh = shell('sh');
/** `bash` */
export const bash = shell('bash');
