/**
 * arp (net-tools 2.10, arp(8)): the namespace's IPv4 neighbour table as /proc/net/arp shows
 * it. `arp [-n] [-i IF] [HOST]` prints the table (Address, HWtype, HWaddress, Flags: C
 * complete, M permanent; an unresolved entry as `(incomplete)`), nothing when it is empty;
 * `arp -a [-n]` the BSD style `? (10.0.0.1) at MAC [ether] [PERM ]on IF`; a HOST without an
 * entry gives `HOST (HOST) -- no entry`. Names are not resolved (the sandbox's /etc/hosts
 * lookup is not reversed), so every host reads as its address (and `?` with -a), as with -n.
 * Entries are listed in the kernel's table order here, not its hash order. Changing the table
 * (-s, -d) is left to `ip neigh`: said so.
 * Formats: tests/fixtures/node-tools/captures/arp-*.txt.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { formatIpv4, parseIpv4 } from '../../../wire/index.ts';
import { neighState } from '../../../net/neigh.ts';
import type { Neigh } from '../../../net/types.ts';

const HEADER = `${'Address'.padEnd(23)}  ${'HWtype'.padEnd(8)}${'HWaddress'.padEnd(20)}${'Flags '}${'Mask'.padEnd(16)}Iface\n`;

function run(ctx: CommandContext): number {
  let bsd = false;
  let iface: string | undefined;
  const hosts: string[] = [];
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-i' || a === '--device') {
      iface = args[++i];
      if (iface === undefined) return usage(ctx);
    } else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'a') bsd = true;
        else if (c === 'n' || c === 'v' || c === 'e') continue;
        else if (c === 's' || c === 'd' || c === 'f' || c === 'D') {
          ctx.stderr.write(`packetwalk: arp -${c} is not simulated; change neighbours with ip neigh add|replace|del\n`);
          return 1;
        } else return usage(ctx, c);
      }
    } else hosts.push(a);
  }
  const ns = ctx.netns;
  const ifName = (n: Neigh) => ns.links.get(n.ifindex)?.name ?? '?';
  const now = ctx.world.clock.ms;
  const shown = ns.neigh.filter((n) => n.state !== 'NOARP' && (iface === undefined || ifName(n) === iface));
  let out = '';
  for (const h of hosts) {
    const ip = parseIpv4(h);
    if (ip === undefined) {
      ctx.stderr.write(`${h}: Unknown host\n`);
      return 255;
    }
    const hit = shown.filter((n) => n.ip === ip);
    if (hit.length === 0) out += `${h} (${h}) -- no entry\n`;
    else out += bsd ? hit.map((n) => bsdLine(n, ifName(n), now)).join('') : HEADER + hit.map((n) => tableLine(n, ifName(n), now)).join('');
  }
  if (hosts.length === 0 && shown.length > 0) {
    out = bsd ? shown.map((n) => bsdLine(n, ifName(n), now)).join('') : HEADER + shown.map((n) => tableLine(n, ifName(n), now)).join('');
  }
  ctx.stdout.write(out);
  return 0;
}

/** /proc/net/arp's flags as arp prints them: ATF_COM (C) once resolved, ATF_PERM (M). */
function resolved(n: Neigh, now: number): boolean {
  const s = neighState(n, now);
  return n.lladdr !== undefined && s !== 'INCOMPLETE' && s !== 'FAILED';
}

function tableLine(n: Neigh, dev: string, now: number): string {
  const ip = formatIpv4(n.ip).padEnd(23);
  if (!resolved(n, now)) return `${ip}  ${''.padEnd(8)}${'(incomplete)'.padEnd(20)}${''.padEnd(6)}${''.padEnd(16)}${dev}\n`;
  const flags = n.state === 'PERMANENT' ? 'CM' : 'C';
  return `${ip}  ${'ether'.padEnd(8)}${n.lladdr!.padEnd(20)}${flags.padEnd(6)}${''.padEnd(16)}${dev}\n`;
}

function bsdLine(n: Neigh, dev: string, now: number): string {
  const ip = formatIpv4(n.ip);
  if (!resolved(n, now)) return `? (${ip}) at <incomplete> on ${dev}\n`;
  return `? (${ip}) at ${n.lladdr} [ether] ${n.state === 'PERMANENT' ? 'PERM ' : ''}on ${dev}\n`;
}

/** net-tools arp's usage (arp.c usage()), to stderr with exit status 3 (E_USAGE); captured as arp-bad-option.stderr.txt. */
const USAGE = `Usage:
  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache
  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry
  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file
  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry
  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-

        -a                       display (all) hosts in alternative (BSD) style
        -e                       display (all) hosts in default (Linux) style
        -s, --set                set a new ARP entry
        -d, --delete             delete a specified entry
        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -i, --device             specify network interface (e.g. eth0)
        -D, --use-device         read <hwaddr> from given device
        -A, -p, --protocol       specify protocol family
        -f, --file               read new entries from file or from /etc/ethers

  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether
  List of possible hardware types (which support ARP):
    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) 
    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) 
    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) 
`;

function usage(ctx: CommandContext, c?: string): number {
  if (c !== undefined) ctx.stderr.write(`arp: invalid option -- '${c}'\n`);
  ctx.stderr.write(USAGE);
  return 3;
}

/** The `arp` binary. */
export const arp: CommandSpec = { name: 'arp', run };
