/**
 * `conntrack -E` and `conntrack -S` (conntrack-tools 1.4.7).
 * -E: the ctnetlink event stream, printed until Ctrl-C: `    [NEW] ` when an entry is
 * confirmed, ` [UPDATE] ` when its TCP state, reply or assured bit changes, `[DESTROY] ` when
 * it goes (expired or deleted); the label is right-aligned in 9 columns, NEW and UPDATE
 * lines are -L lines without `use=`, DESTROY lines carry no timeout and no state (conntrack.c
 * event_cb, libnetfilter_conntrack's snprintf_default). Ctrl-C prints `N flow events have been
 * shown.` on stderr and exits 0 (event_sighandler). The filters of -L apply.
 * The conntrack table logs its events while a listener is subscribed (net/conntrack's
 * `events`), so every change is shown in order, whichever shell's traffic made it.
 * -S: per-CPU statistics (/proc/net/stat/nf_conntrack through ctnetlink), one line per CPU of
 * the node (2, the nodes' capacity in scenarios/build-cluster.ts). The kernel's counters are
 * not simulated: they read zero.
 */
import type { CommandContext } from '../../types.ts';
import { conntrackList, filterMatches, type ConntrackEntry, type ConntrackFilter } from '../../../net/conntrack/index.ts';
import { waitFor } from '../../../fabric/time.ts';
import { formatEntry } from './format.ts';
import { conntrackName } from './version.ts';

const CPUS = 2;
const STATS = ['found', 'invalid', 'insert', 'insert_failed', 'drop', 'early_drop', 'error', 'search_restart', 'clash_resolve', 'chaintoolong'];

/** `conntrack -S`. */
export function conntrackStats(ctx: CommandContext): number {
  let out = '';
  for (let cpu = 0; cpu < CPUS; cpu++) out += `cpu=${String(cpu).padEnd(4)}\t${STATS.map((s) => `${s}=0`).join(' ')} \n`;
  ctx.stdout.write(out);
  return 0;
}

/** `conntrack -E [filters]`: events until Ctrl-C. */
export async function conntrackEvents(ctx: CommandContext, filter: ConntrackFilter, keep: (e: ConntrackEntry) => boolean, output: { extended: boolean; id: boolean }): Promise<number> {
  const ct = ctx.netns.conntrack;
  const world = ctx.world;
  // Subscribing (mnl_socket_bind to the conntrack groups) makes the kernel log events.
  ct.events ??= { listeners: 0, seq: 0, log: [] };
  ct.events.listeners++;
  let read = ct.events.seq;
  let count = 0;
  const show = (): boolean => {
    const ev = ct.events!;
    for (const e of ev.log) {
      if (e.seq <= read) continue;
      read = e.seq;
      if (!keep(e.entry) || !filterMatches(e.entry, filter)) continue;
      count++;
      const text = formatEntry(e.entry, e.at, output).replace(/ use=1\n$/, '');
      // DESTROY has no timeout and no protocol state: drop them from the -L form.
      const body = e.kind === 'DESTROY' ? text.replace(/^((?:ipv4 +2 )?\S+ +\d+) \d+ (?:[A-Z_]+ )?/, '$1 ') : text;
      ctx.stdout.write(`${`[${e.kind}]`.padStart(9)} ${body}\n`);
    }
    // Read events leave the log once every listener has them (one listener per -E here).
    if (ev.listeners === 1) ev.log = ev.log.filter((e) => e.seq > read);
    return false;
  };
  // Expiries happen as time passes, not with a packet: list the table once a virtual second
  // (the kernel's gc worker) so a timed-out entry's DESTROY is logged and shown.
  while (!ctx.interrupted()) {
    await waitFor(world, ctx, show, world.clock.ms + 1000);
    conntrackList(ctx.netns, world.clock.ms);
    show();
  }
  ct.events.listeners--;
  if (ct.events.listeners <= 0) delete ct.events;
  ctx.stderr.write(`${conntrackName(ctx)}: ${count} flow events have been shown.\n`);
  return 0;
}
