/**
 * The command registry: every binary the shell can run, by its real name. Each command lives
 * in commands/<binary>/index.ts and exports a `CommandSpec` (see ../types.ts). To add one,
 * import it here and append it to `commands` (a small, careful edit: others edit this file
 * too). Shell builtins that need the shell's own state (cd, export, exit, sh ...) are listed
 * in ../builtins.ts instead; they are not binaries.
 *
 * May import: commands/* only. A machine whose `binaries` is set runs only those names.
 */
import type { CommandSpec } from '../types.ts';

/** Every binary, in no particular order (the shell indexes them by name). */
export const commands: CommandSpec[] = [
];
