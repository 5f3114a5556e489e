/**
 * clear (ncurses): with TERM=xterm-256color it writes the terminal's clear sequence
 * (cursor home, erase display, erase scrollback: `\e[H\e[2J\e[3J`), which the terminal
 * interprets.
 */
import type { CommandSpec } from '../../types.ts';

/** `clear` */
export const clear: CommandSpec = {
  name: 'clear',
  run(ctx) {
    ctx.stdout.write('\x1b[H\x1b[2J\x1b[3J');
    return 0;
  },
};
