/**
 * The bytes of `kubectl port-forward`'s connections: each connection accepted on kubectl's
 * listener gets a connection dialled inside the pod's network namespace to 127.0.0.1:REMOTE
 * (containerd's portForward dials `localhost:PORT` in the sandbox's netns, tcp4 first), and
 * the two are copied both ways until each side has closed (client-go handleConnection's two
 * io.Copy). A dial that fails is logged as kubectl 1.31 logs the error stream's message
 * (`"Unhandled Error" err="an error occurred forwarding L -> R: ..."`) and ends the whole
 * port-forward (`lost connection to pod`). kubectl's process polls the sockets, as `nc -l`
 * does: nothing here is kept outside the world except the list of open relays.
 */
import { wallDate } from '../../../core/index.ts';
import { socketById } from '../../../net/socket.ts';
import { tcpClose, tcpConnect, tcpWrite } from '../../../net/socket-tcp.ts';
import { datapathOf } from '../../../net/datapath/state.ts';
import type { TcpSocket } from '../../../net/datapath/types.ts';
import type { Kctx } from './common.ts';
import type { Listener } from '../../../net/types.ts';
import type { ForwardedPort } from './port-forward-target.ts';

/** One listening socket of a port-forward and the port pair it serves. */
export interface ForwardListener { listener: Listener; port: ForwardedPort }

const LOOPBACK = 0x7f000001;

/** One forwarded connection: kubectl's accepted socket and the one dialled in the pod. */
export interface Relay {
  down: number;
  up?: number;
  local: number;
  remote: number;
  upClosed: boolean;
  downClosed: boolean;
}

/** The pod forwarded to: its store key, uid and the sandbox id containerd names in errors. */
export interface RelayTarget { key: string; uid: string; sandboxId: string }

const tcp = (k: Kctx, id: number | undefined): TcpSocket | undefined => {
  const s = id === undefined ? undefined : socketById(k.ctx.world, id);
  return s?.kind === 'tcp' ? s : undefined;
};

/** klog's header `Emmdd hh:mm:ss.uuuuuu    PID file:line] ` (the pid is the sandbox's kubectl's). */
export function klogStamp(k: Kctx): string {
  const d = wallDate(k.ctx.world.clock);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const us = String(Math.floor((k.ctx.world.clock.ms % 1000) * 1000)).padStart(6, '0');
  return `E${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us}    4321`;
}

/** Accepted connections of our listeners that no relay has yet (accept(2) returns after the handshake). */
function accepted(k: Kctx, listeners: ForwardListener[], relays: Relay[], tag: string): { sock: TcpSocket; l: ForwardListener }[] {
  const out: { sock: TcpSocket; l: ForwardListener }[] = [];
  for (const s of datapathOf(k.ctx.world).sockets.values()) {
    if (s.kind !== 'tcp' || s.netns !== k.ctx.netns.id || s.serve?.params.tag !== tag || s.state === 'SYN-RECV') continue;
    if (relays.some((r) => r.down === s.id)) continue;
    const l = listeners.find((x) => x.listener.port === s.lport);
    if (l) out.push({ sock: s, l });
  }
  return out;
}

/** What one relay can do now, as actions to run (empty when it waits for the network). */
function relayActions(k: Kctx, r: Relay): (() => void)[] {
  const down = tcp(k, r.down);
  const up = tcp(k, r.up);
  const acts: (() => void)[] = [];
  if (!up) return acts;
  const upOpen = up.state === 'ESTAB' || up.state === 'CLOSE-WAIT';
  if (down?.appBuf && upOpen) acts.push(() => { tcpWrite(k.ctx.world, up, down.appBuf); down.appBuf = ''; });
  if (up.rx && down && (down.state === 'ESTAB' || down.state === 'CLOSE-WAIT')) acts.push(() => { tcpWrite(k.ctx.world, down, up.rx); up.rx = ''; });
  const downGone = !down || down.peerFin || down.state === 'CLOSED';
  if (downGone && !r.upClosed && up.state !== 'SYN-SENT' && !down?.appBuf) acts.push(() => { r.upClosed = true; tcpClose(k.ctx.world, up); });
  if ((up.peerFin || up.state === 'CLOSED') && !up.rx && !r.downClosed && !up.error) acts.push(() => { r.downClosed = true; if (down) tcpClose(k.ctx.world, down); });
  return acts;
}

/** Whether kubectl has anything to do: a new connection, bytes to copy, a close to pass on, a failed dial. */
export function relayWork(k: Kctx, listeners: ForwardListener[], relays: Relay[], tag: string): boolean {
  if (accepted(k, listeners, relays, tag).length) return true;
  return relays.some((r) => tcp(k, r.up)?.error !== undefined || relayActions(k, r).length > 0);
}

/** Does what `relayWork` found; sets `state.lost` when a dial into the pod failed. */
export function relayStep(k: Kctx, listeners: ForwardListener[], relays: Relay[], tag: string, to: RelayTarget, state: { lost: boolean }): void {
  for (const { sock, l } of accepted(k, listeners, relays, tag)) {
    k.ctx.stdout.write(`Handling connection for ${l.port.local}\n`);
    const r: Relay = { down: sock.id, local: l.port.local, remote: l.port.remote, upClosed: false, downClosed: false };
    relays.push(r);
    const rt = k.cluster.pods.get(to.key);
    const podNs = rt && rt.uid === to.uid ? k.ctx.world.netns.get(rt.netns) : undefined;
    if (!podNs) {
      lose(k, r, to, `failed to find sandbox \\"${to.sandboxId}\\" in store: not found`, state);
      return;
    }
    const up = tcpConnect(k.ctx.world, podNs, LOOPBACK, r.remote, sock.trace);
    if (up.ok) r.up = up.value.id;
    else {
      lose(k, r, to, `failed to execute portforward in network namespace \\"/var/run/netns/${rt!.netnsName}\\": failed to connect to localhost:${r.remote} inside namespace \\"${to.sandboxId}\\", IPv4: dial tcp4 127.0.0.1:${r.remote}: connect: network is unreachable IPv6 dial tcp6 [::1]:${r.remote}: connect: network is unreachable `, state);
      return;
    }
  }
  for (const r of relays) {
    const up = tcp(k, r.up);
    if (up?.error !== undefined) {
      const why = up.error === 'ECONNREFUSED' ? 'connection refused' : up.error === 'ETIMEDOUT' ? 'connection timed out' : 'no route to host';
      const rt = k.cluster.pods.get(to.key);
      lose(k, r, to, `failed to execute portforward in network namespace \\"/var/run/netns/${rt?.netnsName ?? ''}\\": failed to connect to localhost:${r.remote} inside namespace \\"${to.sandboxId}\\", IPv4: dial tcp4 127.0.0.1:${r.remote}: connect: ${why} IPv6 dial tcp6 [::1]:${r.remote}: connect: ${why} `, state);
      return;
    }
    for (const act of relayActions(k, r)) act();
  }
  // Relays whose both sides have closed are over.
  for (let i = relays.length - 1; i >= 0; i--) if (relays[i]!.upClosed && relays[i]!.downClosed) relays.splice(i, 1);
}

/** The error stream's message, logged as kubectl 1.31's runtime.HandleError logs it; the stream connection is closed. */
function lose(k: Kctx, r: Relay, to: RelayTarget, message: string, state: { lost: boolean }): void {
  k.ctx.stderr.write(`${klogStamp(k)} portforward.go:424] "Unhandled Error" err="an error occurred forwarding ${r.local} -> ${r.remote}: error forwarding port ${r.remote} to pod ${to.sandboxId}, uid : ${message}"\n`);
  state.lost = true;
}

/** kubectl exits: every forwarded connection is closed on both sides. */
export function closeRelays(k: Kctx, relays: Relay[]): void {
  for (const r of relays) {
    const up = tcp(k, r.up);
    const down = tcp(k, r.down);
    if (up && !r.upClosed) tcpClose(k.ctx.world, up);
    if (down && !r.downClosed) tcpClose(k.ctx.world, down);
  }
  relays.length = 0;
}
