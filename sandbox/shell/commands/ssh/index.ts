/**
 * ssh (OpenSSH client) between the simulated machines: `ssh [user@]HOST` moves the
 * interactive shell there (a login bash; `exit` comes back and ssh prints "Connection to
 * HOST closed."), `ssh HOST COMMAND...` runs the command there and returns its status.
 * HOST is a machine's name or hostname, or an address of a node; pods and unknown hosts fail
 * as the real client does (no sshd in a pod: connection refused; unknown name: status 255).
 * Options that take an argument (-p -i -o -l -F -J) are accepted; -t/-T/-q/-v are ignored.
 */
import type { CommandSpec, Place } from '../../types.ts';
import type { Machine, World } from '../../../fabric/world.ts';
import { formatIpv4 } from '../../../wire/index.ts';

const WITH_ARG = 'bcDEeFIiJLlmOopQRSWw';
const FLAGS = '46AaCfGgKkMNnqsTtVvXxYy';

/** The machine a name or address designates, if any. */
function find(world: World, host: string): Machine | undefined {
  const byName = world.machines.get(host) ?? [...world.machines.values()].find((m) => m.hostname === host);
  if (byName) return byName;
  for (const m of world.machines.values()) {
    const ns = world.netns.get(m.netns);
    if (ns?.addrs.some((a) => a.family === 'inet' && formatIpv4(a.addr) === host)) return m;
  }
  return undefined;
}

/** `ssh [options] [user@]host [command...]` */
export const ssh: CommandSpec = {
  name: 'ssh',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let user = 'root';
    let target: string | undefined;
    while (args.length > 0) {
      const a = args[0] ?? '';
      if (!a.startsWith('-') || a === '-') break;
      args.shift();
      for (let i = 1; i < a.length; i++) {
        const c = a[i] ?? '';
        if (WITH_ARG.includes(c)) {
          const v = i + 1 < a.length ? a.slice(i + 1) : args.shift();
          if (v === undefined) {
            ctx.stderr.write(`option requires an argument -- ${c}\n`);
            return 255;
          }
          if (c === 'l') user = v;
          break;
        }
        if (!FLAGS.includes(c)) {
          ctx.stderr.write(`unknown option -- ${c}\nusage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n`);
          return 255;
        }
      }
    }
    target = args.shift();
    if (target === undefined) {
      ctx.stderr.write('usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n');
      return 255;
    }
    const at = target.lastIndexOf('@');
    if (at >= 0) {
      user = target.slice(0, at);
      target = target.slice(at + 1);
    }
    const machine = find(ctx.world, target);
    if (!machine) {
      ctx.stderr.write(`ssh: Could not resolve hostname ${target}: Name or service not known\n`);
      return 255;
    }
    const netns = ctx.world.netns.get(machine.netns);
    if (!netns) {
      ctx.stderr.write(`ssh: connect to host ${target} port 22: No route to host\n`);
      return 255;
    }
    if (machine.kind === 'pod') {
      const addr = netns.addrs.find((a) => a.family === 'inet' && a.scope === 'global');
      ctx.stderr.write(`ssh: connect to host ${addr && addr.family === 'inet' ? formatIpv4(addr.addr) : target} port 22: Connection refused\n`);
      return 255;
    }
    const place: Place = { machine, netns };
    if (args.length === 0) {
      ctx.enter(place, user);
      return 0;
    }
    // sshd runs the command line with the user's login shell: `bash -c 'ARGS'`.
    return ctx.spawn(['bash', '-c', args.join(' ')], place, ctx.stdin);
  },
};
