/**
 * `ip link set DEV type bridge_slave OPTIONS` (ip/iplink_bridge_slave.c, iproute2 6.1): the
 * port flags of a bridge port set through rtnetlink's IFLA_INFO_SLAVE_DATA, the same flags
 * `bridge link set` changes. The sandbox models hairpin, learning and flood; the other
 * on/off and numeric options are parsed as iproute2 parses them and leave the port as it is.
 * Messages and exit statuses are the reference captures' (tests/fixtures/edge-details).
 */
import type { Link } from '../../../net/types.ts';
import { failWith, type IpRun } from './common.ts';

/** The port flags the sandbox models. */
export type PortFlag = 'hairpin' | 'learning' | 'flood';
/** What a bridge_slave option list asks for. */
export type PortChanges = [PortFlag, boolean][];

const MODELLED: readonly string[] = ['hairpin', 'learning', 'flood'];
const ON_OFF = ['guard', 'fastleave', 'root_block', 'proxy_arp', 'proxy_arp_wifi', 'mcast_fast_leave', 'mcast_flood', 'bcast_flood',
  'mcast_to_unicast', 'neigh_suppress', 'vlan_tunnel', 'isolated', 'locked'];
const VALUED = ['state', 'priority', 'cost', 'mcast_router', 'group_fwd_mask', 'backup_port'];

const USAGE = ['Usage: ... bridge_slave [ fdb_flush ]', '[ state STATE ]', '[ priority PRIO ]', '[ cost COST ]',
  ...['guard', 'hairpin', 'fastleave', 'root_block', 'learning', 'flood', 'proxy_arp', 'proxy_arp_wifi'].map((o) => `[ ${o} {on | off} ]`),
  '[ mcast_router MULTICAST_ROUTER ]',
  ...['mcast_fast_leave', 'mcast_flood', 'bcast_flood', 'mcast_to_unicast'].map((o) => `[ ${o} {on | off} ]`),
  '[ group_fwd_mask MASK ]',
  ...['neigh_suppress', 'vlan_tunnel', 'isolated', 'locked'].map((o) => `[ ${o} {on | off} ]`),
  '[ backup_port DEVICE ] [ nobackup_port ]'].join('\n\t\t\t');

/** Parses bridge_slave's options (bridge_slave_parse_opt); a number is the exit status after an error. */
export function parseBridgeSlave(run: IpRun, args: string[]): PortChanges | number {
  const changes: PortChanges = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'fdb_flush' || a === 'nobackup_port') continue;
    if (MODELLED.includes(a) || ON_OFF.includes(a) || VALUED.includes(a)) {
      const v = args[++i];
      if (v === undefined) return failWith(run, 255, 'Command line is not complete. Try option "help"');
      if (VALUED.includes(a)) continue;
      // parse_on_off (lib/utils.c)
      if (v !== 'on' && v !== 'off') return failWith(run, 1, `Error: argument of "${a}" must be one of "off", "on", not "${v}"`);
      if (MODELLED.includes(a)) changes.push([a as PortFlag, v === 'on']);
      continue;
    }
    if (a === 'help') return failWith(run, 255, USAGE);
    return failWith(run, 1, `bridge_slave: unknown option "${a}"?\n${USAGE}`);
  }
  return changes;
}

/**
 * Applies the changes to `link`: only a bridge port has slave data to change (rtnl_newlink
 * without the master's slave_changelink: EOPNOTSUPP). Returns the errno or undefined.
 */
export function applyBridgeSlave(link: Link, changes: PortChanges): 'EOPNOTSUPP' | undefined {
  if (!link.port) return 'EOPNOTSUPP';
  for (const [flag, on] of changes) link.port[flag] = on;
  return undefined;
}
