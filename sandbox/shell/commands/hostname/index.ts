/**
 * hostname (net-tools/hostname on Debian): prints the machine's name; `-s` the short name,
 * `-I` every address of the namespace except loopback (each followed by a space, as the
 * real tool prints them), `-i` the addresses the name resolves to via /etc/hosts.
 * `hostname NAME` renames a node (root may); a container lacks CAP_SYS_ADMIN, so in a pod
 * it fails with EPERM and the tool's "you must be root" message.
 */
import type { CommandSpec } from '../../types.ts';
import { formatIpv4 } from '../../../wire/index.ts';

/** `hostname [-s|-f|-i|-I]` */
export const hostname: CommandSpec = {
  name: 'hostname',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const name = ctx.machine.hostname;
    const opt = args[0];
    if (opt === undefined || opt === '-f' || opt === '--fqdn' || opt === '-s' || opt === '--short') {
      ctx.stdout.write((opt === '-s' || opt === '--short' ? name.split('.')[0] : name) + '\n');
      return 0;
    }
    if (opt === '-I' || opt === '--all-ip-addresses') {
      const addrs = ctx.netns.addrs
        .filter((a) => a.family === 'inet' && a.scope !== 'host')
        .map((a) => (a.family === 'inet' ? formatIpv4(a.addr) : ''));
      ctx.stdout.write(addrs.map((a) => a + ' ').join('') + '\n');
      return 0;
    }
    if (opt === '-i' || opt === '--ip-address') {
      const hosts = ctx.machine.files.get('/etc/hosts') ?? '';
      const ips = hosts.split('\n')
        .map((l) => l.replace(/#.*/, '').trim().split(/\s+/))
        .filter((f) => f.slice(1).includes(name))
        .map((f) => f[0] ?? '');
      if (ips.length === 0) {
        ctx.stderr.write('hostname: Name or service not known\n');
        return 1;
      }
      ctx.stdout.write(ips.join(' ') + ' \n');
      return 0;
    }
    if (opt.startsWith('-')) {
      ctx.stderr.write(`hostname: invalid option -- '${opt.slice(1, 2)}'\nUsage: hostname [-b] {hostname|-F file}         set host name (from file)\n`);
      return 1;
    }
    if (ctx.machine.kind === 'pod') {
      ctx.stderr.write('hostname: you must be root to change the host name\n');
      return 1;
    }
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$/.test(opt)) {
      ctx.stderr.write('hostname: the specified hostname is invalid\n');
      return 1;
    }
    ctx.machine.hostname = opt;
    return 0;
  },
};
