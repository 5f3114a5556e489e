/**
 * conntrack (conntrack(8), conntrack-tools 1.4.7, or an image's own release: version.ts):
 * -L/--dump lists the namespace's flows (count on stderr), -D/--delete and -F/--flush remove
 * them, -C/--count counts, -V/-h.
 * Filters: -p, -s/-d (--orig-src/--orig-dst), -r/-q (--reply-src/--reply-dst), ports (after
 * -p tcp|udp), -n/--src-nat and -g/--dst-nat with an optional address, -m/--mark,
 * --state (after -p tcp), -u/--status, -f ipv4, -o extended,id; -E (events until Ctrl-C) and -S
 * (statistics) are in events.ts. Errors as the tool prints them.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { parseIpv4 } from '../../../wire/index.ts';
import { conntrackDelete, conntrackFlush, conntrackList, type ConntrackFilter, type ConntrackEntry } from '../../../net/conntrack/index.ts';
import { formatEntry } from './format.ts';
import { conntrackHelp } from './help.ts';
import { conntrackName, conntrackVersion } from './version.ts';
import { conntrackEvents, conntrackStats } from './events.ts';
import { hasCapability } from '../../../fabric/capabilities.ts';

const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";
const TCP_STATES = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'LISTEN'];
const STATUS = ['EXPECTED', 'ASSURED', 'SEEN_REPLY', 'FIXED_TIMEOUT', 'UNSET'];
const COMMAND_FLAGS: Record<string, string> = {
  '-L': 'L', '--dump': 'L', '-D': 'D', '--delete': 'D', '-F': 'F', '--flush': 'F', '-C': 'C', '--count': 'C',
  '-V': 'V', '--version': 'V', '-h': 'h', '--help': 'h', '-G': 'G', '--get': 'G', '-E': 'E', '--event': 'E',
  '-I': 'I', '--create': 'I', '-U': 'U', '--update': 'U', '-S': 'S', '--stats': 'S',
};
/** Filter options and the field they set. */
const ADDR_OPTS: Record<string, 'origSrc' | 'origDst' | 'replySrc' | 'replyDst'> = {
  '-s': 'origSrc', '--src': 'origSrc', '--orig-src': 'origSrc', '-d': 'origDst', '--dst': 'origDst', '--orig-dst': 'origDst',
  '-r': 'replySrc', '--reply-src': 'replySrc', '-q': 'replyDst', '--reply-dst': 'replyDst',
};
const PORT_OPTS: Record<string, 'origSport' | 'origDport' | 'replySport' | 'replyDport'> = {
  '--sport': 'origSport', '--orig-port-src': 'origSport', '--dport': 'origDport', '--orig-port-dst': 'origDport',
  '--reply-port-src': 'replySport', '--reply-port-dst': 'replyDport',
};

const fail = (ctx: CommandContext, msg: string, status = 2): number => {
  ctx.stderr.write(`${conntrackName(ctx)}: ${msg}\n${TRY}`);
  return status;
};

function run(ctx: CommandContext): number | Promise<number> {
  const args = ctx.argv.slice(1);
  let command: string | undefined;
  const filter: ConntrackFilter = {};
  const output = { extended: false, id: false };
  let status: string | undefined;
  // Only IPv4 flows are modelled: `-f ipv6` lists none.
  let ipv6 = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const need = (): string | undefined => {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('-')) return undefined;
      i++;
      return v;
    };
    if (COMMAND_FLAGS[a]) {
      if (command !== undefined) return fail(ctx, 'Invalid commands combination');
      command = COMMAND_FLAGS[a];
      // A table name may follow the command (`-L conntrack`, `-L expect`).
      if (['conntrack', 'expect', 'dying', 'unconfirmed'].includes(args[i + 1] ?? '')) {
        if (args[i + 1] === 'expect') command += 'x';
        i++;
      }
      continue;
    }
    if (ADDR_OPTS[a]) {
      const v = need();
      if (v === undefined) return fail(ctx, `option \`${a}' requires an argument`);
      const ipv = parseIpv4(v);
      if (ipv === undefined) return fail(ctx, `Invalid IP address \`${v}'`);
      filter[ADDR_OPTS[a]] = ipv;
    } else if (a === '-p' || a === '--proto' || a === '--protonum') {
      const v = need();
      if (v === undefined) return fail(ctx, `option \`${a}' requires an argument`);
      const p = ({ tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', sctp: 'sctp', '132': 'sctp', icmp: 'icmp', '1': 'icmp' } as const)[v];
      if (!p) return fail(ctx, `\`${v}' unsupported protocol`);
      filter.proto = p;
    } else if (PORT_OPTS[a]) {
      if (filter.proto !== 'tcp' && filter.proto !== 'udp' && filter.proto !== 'sctp') return fail(ctx, `unknown option \`${a}'`);
      const v = need();
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535) return fail(ctx, `option \`${a}' requires an argument`);
      filter[PORT_OPTS[a]] = Number(v);
    } else if (a === '--state') {
      if (filter.proto !== 'tcp') return fail(ctx, `unknown option \`${a}'`);
      const v = need() ?? '';
      if (!TCP_STATES.includes(v)) return fail(ctx, `unknown TCP state \`${v}'`);
      filter.tcpState = v;
    } else if (a === '-n' || a === '--src-nat' || a === '-g' || a === '--dst-nat') {
      const key = a === '-n' || a === '--src-nat' ? 'srcNat' : 'dstNat';
      const next = args[i + 1];
      const v = next !== undefined && !next.startsWith('-') ? parseIpv4(next) : undefined;
      if (next !== undefined && !next.startsWith('-') && v === undefined) return fail(ctx, `Invalid IP address \`${next}'`);
      if (v !== undefined) i++;
      filter[key] = v ?? true;
    } else if (a === '-m' || a === '--mark') {
      const v = need();
      if (v === undefined || !/^(0x[0-9a-f]+|\d+)(\/.*)?$/i.test(v)) return fail(ctx, `Bad parameter \`${v ?? ''}'`);
      filter.mark = Number(v.split('/')[0]);
    } else if (a === '-u' || a === '--status') {
      const v = need() ?? '';
      if (!v.split(',').every((s) => STATUS.includes(s))) return fail(ctx, `Bad parameter \`${v}'`);
      status = v;
    } else if (a === '-f' || a === '--family') {
      const v = need();
      if (v !== 'ipv4' && v !== 'ipv6') return fail(ctx, `Bad parameter \`${v ?? ''}'`);
      ipv6 = v === 'ipv6';
    } else if (a === '-o' || a === '--output') {
      const v = need() ?? '';
      for (const o of v.split(',')) {
        if (o === 'extended') output.extended = true;
        else if (o === 'id') output.id = true;
        else if (!['xml', 'timestamp', 'ktimestamp', 'labels', 'userspace'].includes(o)) return fail(ctx, `Bad parameter \`${o}'`);
      }
    } else if (a === '-e' || a === '--event-mask' || a === '-w' || a === '--zone' || a === '-b' || a === '--buffer-size') {
      need();
    } else {
      return fail(ctx, `unknown option \`${a}'`);
    }
  }
  const denied = command === undefined || command === 'h' || command === 'V' ? undefined : notPermitted(ctx, command);
  if (denied !== undefined) return denied;
  const now = ctx.world.clock.ms;
  const ns = ctx.netns;
  const byStatus = (e: ConntrackEntry): boolean =>
    !status || status.split(',').every((s) => (s === 'ASSURED' ? e.assured : s === 'SEEN_REPLY' ? e.seenReply : s === 'UNSET' ? !e.assured && !e.seenReply : false));
  switch (command) {
    case undefined:
    case 'h':
      ctx.stdout.write(conntrackHelp(conntrackVersion(ctx)));
      return 0;
    case 'V':
      ctx.stdout.write(`${conntrackName(ctx)}\n`);
      return 0;
    case 'L': {
      const entries = ipv6 ? [] : conntrackList(ns, now, filter).filter(byStatus);
      ctx.stdout.write(entries.map((e) => formatEntry(e, now, output)).join(''));
      ctx.stderr.write(`${conntrackName(ctx)}: ${entries.length} flow entries have been shown.\n`);
      return 0;
    }
    case 'Lx':
      ctx.stderr.write(`${conntrackName(ctx)}: 0 expectations have been shown.\n`);
      return 0;
    case 'C':
      ctx.stdout.write(`${conntrackList(ns, now).length}\n`);
      return 0;
    case 'F':
    case 'Fx':
      conntrackFlush(ns);
      ctx.stderr.write(`${conntrackName(ctx)}: connection tracking table has been emptied.\n`);
      return 0;
    case 'D': {
      const victims = conntrackList(ns, now, filter).filter(byStatus);
      conntrackDelete(ns, victims);
      ctx.stderr.write(`${conntrackName(ctx)}: ${victims.length} flow entries have been deleted.\n`);
      return victims.length > 0 ? 0 : 1;
    }
    case 'E':
      return conntrackEvents(ctx, filter, byStatus, output);
    case 'S':
      return conntrackStats(ctx);
    default:
      return fail(ctx, 'Operation not supported', 1);
  }
}

/**
 * ctnetlink without CAP_NET_ADMIN (a container's default capabilities), as conntrack 1.4.7
 * reports it (fixtures/edges-node/caps.json): the request fails with EPERM; -F prints its
 * "emptied" line first, and -E cannot even bind its event socket.
 */
function notPermitted(ctx: CommandContext, command: string): number | undefined {
  if (hasCapability(ctx.machine, 'NET_ADMIN')) return undefined;
  if (command === 'E') {
    ctx.stderr.write(`mnl_socket_bind: Operation not permitted\n${conntrackName(ctx)}: Can't open netlink socket\n`);
    return 1;
  }
  if (command === 'F') ctx.stderr.write(`${conntrackName(ctx)}: connection tracking table has been emptied.\n`);
  ctx.stderr.write(`${conntrackName(ctx)}: Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\n`);
  return 1;
}

/** `conntrack`. */
export const conntrack: CommandSpec = { name: 'conntrack', run };
