/**
 * Running a line on a named machine through the first shell session: if the shell stands
 * elsewhere, hop there with `ssh <machine>`, run, and `exit` back, all in one exclusive turn
 * so the terminal's own lines never land on the wrong machine.
 */
import type { ExecReport, OutputChunk } from '../../sandbox/api/types.ts';
import type { ExecOptions, Kernel } from './kernel.ts';

/** The machine in a bash prompt `user@machine:dir# ` (undefined for other prompts, e.g. a pod's `/ # `). */
export function hostOfPrompt(prompt: string): string | undefined {
  return /^[^@\s]+@([^:\s]+):/.exec(prompt)?.[1];
}

/** Runs `line` on machine `on` (or where the shell is, when `on` is empty). */
export function execOn(
  kernel: Kernel,
  on: string,
  line: string,
  onOutput: (chunk: OutputChunk) => void,
  options: ExecOptions = {},
): Promise<ExecReport> {
  return kernel.exclusive(line, async (exec) => {
    if (on === '') return exec(line, onOutput);
    const here = hostOfPrompt(await kernel.prompt(options.session));
    if (here === on) return exec(line, onOutput);
    const hopOutput: OutputChunk[] = [];
    const hop = await exec(`ssh ${on}`, (chunk) => hopOutput.push(chunk));
    if (hop.status !== 0 || hostOfPrompt(hop.prompt) !== on) {
      // The hop failed (unknown machine ...): show why, in the cell.
      for (const chunk of hopOutput) onOutput(chunk);
      return hop;
    }
    try {
      return await exec(line, onOutput);
    } finally {
      await exec('exit', () => undefined);
    }
  }, options);
}
