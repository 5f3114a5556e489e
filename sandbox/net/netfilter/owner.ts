/**
 * `-m owner [!] --uid-owner ID[-ID] [!] --gid-owner ID[-ID]` (libxt_owner.c for the options and
 * their printing, net/netfilter/xt_owner.c for the kernel side). The match reads the
 * credentials of the socket a locally generated packet belongs to, which is how a sidecar's
 * init rules tell the proxy's own connections (uid 1337) from the application's. Forwarded
 * packets and the kernel's own replies (RST, ICMP) have no owning socket.
 */
import type { OwnerMatch, OwnerRange } from './types.ts';

/** The options `-m owner` takes, with their number of values. */
export const OWNER_OPTIONS: Record<string, number> = { '--uid-owner': 1, '--gid-owner': 1 };

/** A fresh `-m owner` before its options. */
export const newOwner = (): OwnerMatch => ({ module: 'owner' });

/**
 * Names of Debian's base-passwd users and groups (the fixed ids every Debian and Ubuntu
 * system has): `iptables -L` without `-n` prints an id by its name when getpwuid/getgrgid
 * knows it (libxt_owner owner_mt_print_item), the number otherwise.
 */
const USERS: Readonly<Record<number, string>> = {
  0: 'root', 1: 'daemon', 2: 'bin', 3: 'sys', 4: 'sync', 5: 'games', 6: 'man', 7: 'lp', 8: 'mail', 9: 'news', 10: 'uucp',
  13: 'proxy', 33: 'www-data', 34: 'backup', 38: 'list', 39: 'irc', 65534: 'nobody',
};
const GROUPS: Readonly<Record<number, string>> = {
  0: 'root', 1: 'daemon', 2: 'bin', 3: 'sys', 4: 'adm', 5: 'tty', 6: 'disk', 7: 'lp', 8: 'mail', 9: 'news', 10: 'uucp',
  12: 'man', 13: 'proxy', 15: 'kmem', 20: 'dialout', 21: 'fax', 22: 'voice', 24: 'cdrom', 25: 'floppy', 26: 'tape',
  27: 'sudo', 29: 'audio', 30: 'dip', 33: 'www-data', 34: 'backup', 37: 'operator', 38: 'list', 39: 'irc', 40: 'src',
  42: 'shadow', 65534: 'nogroup',
};

/** `ID`, `ID-ID` or a known name (xtables_parse_range via owner_parse_range, then getpwnam). */
function parseIds(text: string, names: Readonly<Record<number, string>>): OwnerRange | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (m) {
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : Number(m[2]);
    return min <= 0xfffffffe && max <= 0xfffffffe ? { min, max, neg: false } : undefined;
  }
  const id = Object.entries(names).find(([, n]) => n === text)?.[0];
  return id === undefined ? undefined : { min: Number(id), max: Number(id), neg: false };
}

/** Applies one option; an error message as libxt_owner reports it, or undefined. */
export function parseOwnerOption(m: OwnerMatch, opt: string, args: string[], neg: boolean): string | undefined {
  const v = args[0] ?? '';
  const uid = opt === '--uid-owner';
  const r = parseIds(v, uid ? USERS : GROUPS);
  if (!r) return `owner: Bad value for "${opt}" option: "${v}"`;
  r.neg = neg;
  if (uid) m.uid = r; else m.gid = r;
  return undefined;
}

/** libxt_owner's final check: one option at least. */
export const finishOwner = (m: OwnerMatch): string | undefined =>
  (m.uid || m.gid ? undefined : 'owner: At least one of --uid-owner, --gid-owner or --socket-exists is required');

/** The kernel's owner_check: a range whose start lies above its end is EINVAL. */
export const ownerKernelRejects = (m: OwnerMatch): boolean =>
  [m.uid, m.gid].some((r) => r !== undefined && r.min > r.max);

const idText = (r: OwnerRange): string => (r.min === r.max ? String(r.min) : `${r.min}-${r.max}`);

/** ` -m owner [!] --uid-owner ID [!] --gid-owner ID` as iptables-save writes it. */
export function saveOwner(m: OwnerMatch): string {
  let s = ' -m owner';
  if (m.uid) s += `${m.uid.neg ? ' !' : ''} --uid-owner ${idText(m.uid)}`;
  if (m.gid) s += `${m.gid.neg ? ' !' : ''} --gid-owner ${idText(m.gid)}`;
  return s;
}

/** ` [! ]owner UID match ID` as `iptables -L` prints it (names unless `-n`, ranges as numbers). */
export function printOwner(m: OwnerMatch, numeric: boolean): string {
  const one = (r: OwnerRange, label: string, names: Readonly<Record<number, string>>): string => {
    const name = r.min === r.max && !numeric ? names[r.min] : undefined;
    return ` ${r.neg ? '! ' : ''}owner ${label} match ${name ?? idText(r)}`;
  };
  return (m.uid ? one(m.uid, 'UID', USERS) : '') + (m.gid ? one(m.gid, 'GID', GROUPS) : '');
}

/** A socket's credentials (the file's fsuid/fsgid the kernel compares). */
export interface SocketOwner {
  uid: number;
  gid: number;
}

/**
 * owner_mt: without an owning socket only a rule whose every option is negated matches
 * (`(match ^ invert) == 0`); with one, each given option must hold (in range xor negated).
 */
export function ownerHolds(m: OwnerMatch, sk: SocketOwner | undefined): boolean {
  if (!sk) return (!m.uid || m.uid.neg) && (!m.gid || m.gid.neg);
  const holds = (r: OwnerRange | undefined, id: number): boolean => !r || ((id >= r.min && id <= r.max) !== r.neg);
  return holds(m.uid, sk.uid) && holds(m.gid, sk.gid);
}
