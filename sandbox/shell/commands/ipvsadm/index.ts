/**
 * `ipvsadm` (ipvsadm 1.31, ipvsadm(8)) on the namespace the shell stands in: list the table
 * (`-L|-l [-n] [--stats] [--exact] [-c] [-t|-u service]`, also with no arguments), save it
 * (`-S [-n]`), and change it: -A/-E/-D services (`-s rr`, `-p [timeout]`), -a/-e/-d real
 * servers (`-r addr:port -m -w N`), -C. Messages and exit statuses are ipvsadm's: usage
 * errors exit 2, a refusal from the kernel prints libipvs's text and exits 255.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { hasCapability } from '../../../fabric/capabilities.ts';
import { parseIpv4 } from '../../../wire/index.ts';
import { portNumber } from '../../../net/netfilter/names.ts';
import { addService, changeDest, deleteService, editService, findService, flushServices, type IpvsProto } from '../../../net/ipvs/index.ts';
import { listAll, listConns, serviceEntry, title, type ListFormat } from './format.ts';

type Cmd = 'list' | 'save' | 'add-service' | 'edit-service' | 'delete-service' | 'clear' | 'add-server' | 'edit-server' | 'delete-server' | 'help' | 'version';
const COMMANDS: Record<string, Cmd> = {
  '-L': 'list', '-l': 'list', '--list': 'list', '-S': 'save', '--save': 'save', '-A': 'add-service', '--add-service': 'add-service',
  '-E': 'edit-service', '--edit-service': 'edit-service', '-D': 'delete-service', '--delete-service': 'delete-service',
  '-C': 'clear', '--clear': 'clear', '-a': 'add-server', '--add-server': 'add-server', '-e': 'edit-server', '--edit-server': 'edit-server',
  '-d': 'delete-server', '--delete-server': 'delete-server', '-h': 'help', '--help': 'help', '-v': 'version', '--version': 'version',
};
const WITH_VALUE: Record<string, string> = {
  '-t': 'tcp', '--tcp-service': 'tcp', '-u': 'udp', '--udp-service': 'udp', '-s': 'scheduler', '--scheduler': 'scheduler',
  '-r': 'real-server', '--real-server': 'real-server', '-w': 'weight', '--weight': 'weight',
};
const FLAGS: Record<string, string> = {
  '-n': 'numeric', '--numeric': 'numeric', '-c': 'connection', '--connection': 'connection', '--stats': 'stats', '--exact': 'exact',
  '-m': 'masquerading', '--masquerading': 'masquerading', '-g': 'gatewaying', '--gatewaying': 'gatewaying', '-i': 'ipip', '--ipip': 'ipip',
  '--sort': 'sort',
};
const VERSION = 'ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n';
/** libipvs ipvs_strerror, by command and errno. */
const STRERROR: Record<string, string> = {
  'add-service:EEXIST': 'Service already exists', 'add-service:ENOENT': 'Scheduler not found', 'edit-service:ESRCH': 'No such service',
  'edit-service:ENOENT': 'Scheduler not found', 'delete-service:ESRCH': 'No such service', 'add-server:ESRCH': 'Service not defined',
  'add-server:EEXIST': 'Destination already exists', 'edit-server:ESRCH': 'Service not defined', 'edit-server:ENOENT': 'No such destination',
  'delete-server:ESRCH': 'Service not defined', 'delete-server:ENOENT': 'No such destination',
};

/** parse_service: `addr[:port]`, the port a number or a service name. */
function parseAddrPort(text: string): { addr: number; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  const addr = parseIpv4(colon < 0 ? text : text.slice(0, colon));
  const port = colon < 0 ? 0 : portNumber(text.slice(colon + 1));
  return addr === undefined || port === undefined ? undefined : { addr, port };
}

function fail(ctx: CommandContext, msg: string, status = 2): number {
  ctx.stderr.write(`${msg}\n`);
  return status;
}

function run(ctx: CommandContext): number {
  let cmd: Cmd | undefined;
  const values = new Map<string, string>();
  const flags = new Set<string>();
  let persistent: number | undefined;
  const argv = ctx.argv.slice(1);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (COMMANDS[a]) {
      if (cmd) return fail(ctx, 'multiple commands specified');
      cmd = COMMANDS[a];
    } else if (WITH_VALUE[a]) {
      const v = argv[++i];
      if (v === undefined) return fail(ctx, `${a}: missing argument`, 255);
      const key = WITH_VALUE[a]!;
      const slot = key === 'tcp' || key === 'udp' ? 'service' : key;
      if (values.has(slot)) return fail(ctx, `multiple '${slot === 'service' ? 'service-address' : slot}' options specified`);
      values.set(slot, v);
      if (slot === 'service') values.set('proto', key);
    } else if (a === '-p' || a === '--persistent') {
      // The timeout is optional: a following number is taken, anything else leaves 300 s.
      const next = argv[i + 1];
      if (next !== undefined && /^\d+$/.test(next)) {
        const n = Number(next);
        if (n < 1 || n > 0x7fffffff) return fail(ctx, `invalid timeout value \`${next}' specified`);
        persistent = n;
        i++;
      } else persistent = 300;
    } else if (FLAGS[a]) flags.add(FLAGS[a]!);
    else if (/^-[A-Za-z]{2,}$/.test(a) && [...a.slice(1)].every((c) => COMMANDS[`-${c}`] || FLAGS[`-${c}`])) {
      // Bundled short options (`-Ln`, `-Lnc`), as popt reads them.
      for (const c of a.slice(1)) {
        const cm = COMMANDS[`-${c}`];
        if (cm) {
          if (cmd) return fail(ctx, 'multiple commands specified');
          cmd = cm;
        } else flags.add(FLAGS[`-${c}`]!);
      }
    } else return fail(ctx, `${a}: unknown option`, 255);
  }
  cmd ??= 'list';
  if (cmd === 'help') { ctx.stdout.write(`${VERSION}Usage:\n  ipvsadm -A|E virtual-service [-s scheduler] [-p [timeout]]\n  ipvsadm -D virtual-service\n  ipvsadm -C\n  ipvsadm -S [-n]\n  ipvsadm -a|e virtual-service -r server-address [options]\n  ipvsadm -d virtual-service -r server-address\n  ipvsadm -L|l [virtual-service] [options]\n  ipvsadm -h\n`); return 0; }
  if (cmd === 'version') { ctx.stdout.write(VERSION); return 0; }
  if (!hasCapability(ctx.machine, 'NET_ADMIN')) {
    return fail(ctx, "Can't initialize ipvs: Permission denied (you must be root)\nAre you sure that IP Virtual Server is built in the kernel or as module?", 1);
  }
  const ns = ctx.netns;
  const now = ctx.world.clock.ms;
  const svcText = values.get('service');
  const svc = svcText === undefined ? undefined : parseAddrPort(svcText);
  if (svcText !== undefined && !svc) return fail(ctx, 'illegal virtual server address[:port] specified');
  const proto = (values.get('proto') ?? 'tcp') as IpvsProto;
  const f: ListFormat = { numeric: flags.has('numeric'), stats: flags.has('stats'), exact: flags.has('exact'), rule: cmd === 'save' };

  if (cmd === 'list' || cmd === 'save') {
    if (flags.has('connection') && flags.has('stats')) return fail(ctx, 'options conflicts in the list command');
    if (flags.has('connection')) { ctx.stdout.write(listConns(ns, f.numeric, now)); return 0; }
    if (svc && cmd === 'list') {
      const found = findService(ns, proto, svc.addr, svc.port);
      if (!found) return fail(ctx, 'No such service', 1);
      ctx.stdout.write(title(f) + serviceEntry(ns, found, f, now));
      return 0;
    }
    ctx.stdout.write(listAll(ns, f, now));
    return 0;
  }
  if (cmd === 'clear') { flushServices(ns); return 0; }
  if (!svc) return fail(ctx, `You need to supply the 'service-address' option for the '${cmd}' command`);
  let errno: string | undefined;
  if (cmd === 'add-service' || cmd === 'edit-service') {
    if (svc.port === 0 && persistent === undefined) return fail(ctx, 'Zero port specified for non-persistent service');
    const spec = { proto, addr: svc.addr, port: svc.port, scheduler: values.get('scheduler') ?? 'wlc', ...(persistent === undefined ? {} : { persistent }) };
    errno = cmd === 'add-service' ? addService(ns, spec) : editService(ns, spec);
  } else if (cmd === 'delete-service') {
    errno = deleteService(ns, proto, svc.addr, svc.port);
  } else {
    const rsText = values.get('real-server');
    if (rsText === undefined) return fail(ctx, `You need to supply the 'real-server' option for the '${cmd}' command`);
    const rs = parseAddrPort(rsText);
    if (!rs) return fail(ctx, 'illegal real server address[:port] specified');
    if (!flags.has('masquerading') && cmd !== 'delete-server') {
      // Only NAT (masquerading) is modelled; gatewaying is ipvsadm's default.
      return fail(ctx, 'only masquerading (-m) real servers are supported by this simulator', 2);
    }
    const w = values.get('weight');
    const weight = w === undefined ? 1 : /^\d+$/.test(w) && Number(w) <= 65535 ? Number(w) : -1;
    if (weight < 0) return fail(ctx, `illegal weight specified`);
    errno = changeDest(ns, cmd === 'add-server' ? 'add' : cmd === 'edit-server' ? 'edit' : 'del', proto, svc.addr, svc.port, rs.addr, rs.port || svc.port, weight);
  }
  if (errno) return fail(ctx, STRERROR[`${cmd}:${errno}`] ?? errno, 255);
  return 0;
}

/** The `ipvsadm` binary. */
export const ipvsadm: CommandSpec = {
  name: 'ipvsadm',
  run,
  complete(words) {
    return words.length === 0 ? ['-Ln', '-Ln --stats', '-Lnc', '-S', '-A', '-a', '-D', '-d', '-E', '-e', '-C'] : ['-n', '--stats', '-c', '-t', '-u', '-r', '-m', '-w', '-s', '-p'];
  },
};
