/**
 * getent (glibc 2.36 nss/getent.c): the `hosts`, `ahosts`, `ahostsv4` and `ahostsv6`
 * databases, looked up as glibc does through nsswitch's `files dns`: the machine's
 * /etc/hosts first, then the resolv.conf nameservers with the search list (the same stub
 * resolver curl uses, real DNS packets). `hosts` asks for IPv6 first and then IPv4
 * (gethostbyname2), printing `ADDRESS(padded to 15) CANONICAL ALIASES...`; an address key is
 * looked up in /etc/hosts. `ahosts*` print getaddrinfo's answers, one line per socket type
 * (STREAM with the canonical name, then DGRAM and RAW). A key not found makes the exit status
 * 2; the sandbox's DNS is IPv4-only, so only /etc/hosts can give IPv6 answers, and an address
 * not in /etc/hosts is not looked up by PTR (it is reported as not found).
 * Formats: tests/fixtures/node-tools/captures/getent-*.txt.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { formatIpv4, parseIpv4 } from '../../../wire/index.ts';
import { resolveHost } from '../curl/resolve.ts';

const DATABASES = ['ahosts', 'ahostsv4', 'ahostsv6', 'aliases', 'ethers', 'group', 'gshadow', 'hosts', 'initgroups', 'netgroup', 'networks', 'passwd', 'protocols', 'rpc', 'services', 'shadow'];
const TRY = "Try `getent --help' or `getent --usage' for more information.\n";

/** One answer: address text, canonical name and aliases. */
interface HostEntry {
  addr: string;
  family: 4 | 6;
  canon: string;
  aliases: string[];
}

/** /etc/hosts lines naming `key` (or whose address is `key`), of one family. */
function fromHosts(ctx: CommandContext, key: string, family: 4 | 6): HostEntry | undefined {
  for (const raw of (ctx.machine.files.get('/etc/hosts') ?? '').split('\n')) {
    const [addr, canon, ...aliases] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (!addr || !canon) continue;
    const fam = parseIpv4(addr) !== undefined ? 4 : addr.includes(':') ? 6 : undefined;
    if (fam !== family) continue;
    if (addr === key || canon.toLowerCase() === key.toLowerCase() || aliases.some((a) => a.toLowerCase() === key.toLowerCase())) return { addr, family, canon, aliases };
  }
  return undefined;
}

/** gethostbyname2/getaddrinfo for `key` in `family`: files, then DNS (IPv4 only). */
async function lookup(ctx: CommandContext, key: string, family: 4 | 6): Promise<HostEntry | undefined> {
  const local = fromHosts(ctx, key, family);
  if (local) return local;
  if (family === 6 || key.includes(':')) return undefined;
  if (parseIpv4(key) !== undefined) return undefined;
  const r = await resolveHost(ctx, key, ctx.world.clock.ms + 30_000);
  return r.ok ? { addr: formatIpv4(r.addr), family: 4, canon: r.canon ?? key, aliases: [] } : undefined;
}

async function run(ctx: CommandContext): Promise<number> {
  const [db, ...keys] = ctx.argv.slice(1);
  if (db === undefined) {
    ctx.stderr.write(`getent: wrong number of arguments\n${TRY}`);
    return 1;
  }
  if (!DATABASES.includes(db)) {
    ctx.stderr.write(`Unknown database: ${db}\n${TRY}`);
    return 1;
  }
  if (!db.startsWith('ahosts') && db !== 'hosts') {
    ctx.stderr.write(`packetwalk: getent ${db} is not simulated (hosts, ahosts, ahostsv4 and ahostsv6 are)\n`);
    return 1;
  }
  if (keys.length === 0) {
    // Enumerating `hosts` lists /etc/hosts; the ahosts databases cannot be enumerated.
    if (db !== 'hosts') return 0;
    for (const raw of (ctx.machine.files.get('/etc/hosts') ?? '').split('\n')) {
      const [addr, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
      if (addr && names.length > 0) ctx.stdout.write(`${addr.padEnd(15)} ${names.join(' ')}\n`);
    }
    return 0;
  }
  let status = 0;
  for (const key of keys) {
    if (ctx.interrupted()) return 130;
    const found: HostEntry[] = [];
    if (db === 'hosts') {
      const e = (await lookup(ctx, key, 6)) ?? (await lookup(ctx, key, 4));
      if (e) ctx.stdout.write(`${e.addr.padEnd(15)} ${[e.canon, ...e.aliases].join(' ')}\n`);
      else status = 2;
      continue;
    }
    // getaddrinfo takes an address literal as it is (AI_NUMERICHOST is implied), its text as the canonical name.
    if (parseIpv4(key) !== undefined && db !== 'ahostsv6') found.push({ addr: key, family: 4, canon: key, aliases: [] });
    else {
      for (const fam of db === 'ahostsv4' ? [4] as const : db === 'ahostsv6' ? [6] as const : [6, 4] as const) {
        const e = await lookup(ctx, key, fam);
        if (e) found.push(e);
      }
    }
    if (found.length === 0) {
      status = 2;
      continue;
    }
    // The canonical name goes with the first answer only (ai_canonname of the first addrinfo).
    found.forEach((e, i) => {
      ctx.stdout.write(`${e.addr.padEnd(15)} STREAM ${i === 0 ? e.canon : ''}\n${e.addr.padEnd(15)} DGRAM  \n${e.addr.padEnd(15)} RAW    \n`);
    });
  }
  return status;
}

/** The `getent` binary. */
export const getent: CommandSpec = { name: 'getent', run };
