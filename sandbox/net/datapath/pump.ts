/**
 * Running the event queue (queue.ts): `pump` runs events in order and moves the clock to each
 * event's time, so a whole curl exchange runs synchronously in microseconds of real time.
 * Only fabric/time.ts and fabric/scheduler.ts call it (the ways to wait).
 */
import type { DpWorld as World } from './types.ts';
import type { NetEvent } from './types.ts';
import { datapathOf } from './state.ts';
import { deviceReceive } from './receive.ts';
import { arpTimer } from './neigh-timer.ts';
import { vxlanXmit } from './vxlan.ts';
import { ipipXmit } from './ipip.ts';
import { tcpAppSend, tcpTimer } from '../socket-tcp.ts';
import { sctpEvent } from '../socket-sctp.ts';
import { advanceTo } from '../../core/index.ts';

/**
 * Runs queued events due at or before `until` (virtual ms), in order, stopping early once
 * `stop()` holds. The clock moves to each event's time (never backwards). Returns `stop()`.
 * A bound on the number of events protects the worker from a storm (a broadcast loop
 * between bridges): the kernel would melt down too, but the learner's tab must not.
 */
export function pump(world: World, until: number, stop?: () => boolean): boolean {
  const q = datapathOf(world).queue;
  let budget = 100_000;
  while (q.length > 0 && q[0]!.t <= until && budget-- > 0) {
    const ev = q.shift()!;
    advanceTo(world.clock, ev.t);
    dispatch(world, ev);
    if (stop?.()) {
      // Whatever else arrives at this very instant is handled by the kernel before the
      // waiting process runs again (softirq before the woken task).
      while (q.length > 0 && q[0]!.t <= world.clock.ms && budget-- > 0) dispatch(world, q.shift()!);
      return true;
    }
  }
  return stop?.() ?? false;
}

function dispatch(world: World, ev: NetEvent): void {
  switch (ev.kind) {
    case 'rx': {
      const ns = world.netns.get(ev.netns);
      const link = ns?.links.get(ev.ifindex);
      // The namespace or device went away while the frame was in flight: it is lost.
      if (ns && link) deviceReceive(world, ns, link, ev.frame, ev.trace);
      return;
    }
    case 'tcp-timer':
      tcpTimer(world, ev.socket);
      return;
    case 'app':
      tcpAppSend(world, ev.socket, ev.data, ev.fin);
      return;
    case 'sctp':
      sctpEvent(world, ev.socket, ev.what, ev.data, ev.close);
      return;
    case 'arp-timer':
      arpTimer(world, ev.netns, ev.ifindex, ev.ip);
      return;
    case 'tunnel-xmit': {
      const link = world.netns.get(ev.netns)?.links.get(ev.ifindex);
      if (link?.kind === 'vxlan') vxlanXmit(world, world.netns.get(ev.netns)!, link, ev.frame, ev.trace);
      else if (link?.kind === 'ipip' && ev.frame.payload.kind === 'ipv4') ipipXmit(world, world.netns.get(ev.netns)!, link, ev.nexthop ?? ev.frame.payload.dst, ev.frame.payload, ev.trace);
      return;
    }
  }
}
