/**
 * New shells: the frame a login (ssh, the terminal's first shell) or `kubectl exec` starts
 * with. Nodes get bash as root in /root with the environment sshd and bash's profile set;
 * pods get their image's `sh` (busybox ash here) in `/` with the container's environment.
 */
import { machineEnv } from '../fabric/world.ts';
import type { Place } from './types.ts';
import type { Flavour, Frame } from './frame.ts';

/** PATH of a Debian root login (/etc/profile) and of most container images. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A fresh shell at `place`. */
export function loginFrame(place: Place, flavour: Flavour, user: string, interactive: boolean): Frame {
  const m = place.machine;
  const pod = m.kind === 'pod';
  const home = user === 'root' ? '/root' : `/home/${user}`;
  const env = new Map<string, string>();
  env.set('PATH', DEFAULT_PATH);
  env.set('HOME', home);
  if (pod) {
    // The container runtime sets HOSTNAME; kubectl exec -it sets TERM.
    env.set('HOSTNAME', m.hostname);
    if (interactive) env.set('TERM', 'xterm');
  } else {
    env.set('USER', user);
    env.set('LOGNAME', user);
    env.set('SHELL', '/bin/bash');
    env.set('TERM', 'xterm-256color');
    env.set('LANG', 'C.UTF-8');
  }
  for (const [k, v] of machineEnv(m)) env.set(k, v);
  const cwd = pod ? '/' : home;
  env.set('PWD', cwd);
  const vars = new Map(env);
  const exported = new Set(env.keys());
  if (!pod) vars.set('HOSTNAME', m.hostname);
  return {
    flavour, place, user, vars, exported, cwd, status: 0,
    argv0: flavour === 'bash' ? (interactive ? '-bash' : 'bash') : 'sh',
    args: [], interactive, login: interactive && !pod,
  };
}

/** The prompt of a frame: bash's `user@host:~# `, busybox's `/ # `. */
export function promptOf(f: Frame): string {
  const root = f.user === 'root';
  if (f.flavour !== 'bash') return `${f.flavour === 'ash' ? f.cwd + ' ' : ''}${root ? '#' : '$'} `;
  // Debian's bash in a container (`kubectl exec -it POD -- bash`) shows the full path.
  if (f.place.machine.kind === 'pod') return `${f.user}@${f.place.machine.hostname}:${f.cwd}${root ? '#' : '$'} `;
  const home = f.vars.get('HOME') ?? '';
  const where = home !== '' && (f.cwd === home || f.cwd.startsWith(home + '/')) ? '~' + f.cwd.slice(home.length) : f.cwd;
  return `${f.user}@${f.place.machine.hostname}:${where}${root ? '#' : '$'} `;
}
