/**
 * The program behind `nc -l`: it accepts and answers nothing by itself; the nc process reads
 * what the connection received (shell/commands/nc/listen.ts polls the accepted socket).
 */
import type { TcpApp } from './app.ts';

/** Accepts connections, never replies on its own. */
export const ncListen: TcpApp = {
  proto: 'tcp',
  respond: () => undefined,
};
