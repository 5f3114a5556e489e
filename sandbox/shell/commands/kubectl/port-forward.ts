/**
 * `kubectl port-forward TYPE/NAME [--address A,B] [LOCAL:]REMOTE ...` (kubectl v1.31,
 * staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go and
 * client-go/tools/portforward/portforward.go). The listeners are real sockets of the machine
 * kubectl runs on (`ss -tln` lists them; `curl localhost:8080` from another terminal there
 * reaches them); each accepted connection prints `Handling connection for PORT` and is
 * delivered into the pod's network namespace to localhost:REMOTE, as the kubelet's
 * CRI (containerd's sandbox_portforward_linux.go) dials it, so Services' iptables rules and
 * NetworkPolicy are never on the path. A pod whose server listens only on its pod IP
 * refuses that dial: kubectl logs containerd's error and exits with `lost connection to pod`.
 * Runs until Ctrl-C. The API server and kubelet streams that carry the bytes in a real
 * cluster are not modelled: the bytes go from kubectl's socket straight to the pod's.
 */
import { parseIpv4 } from '../../../wire/index.ts';
import { ephemeralPort } from '../../../net/socket.ts';
import { waitFor } from '../../../fabric/time.ts';
import type { Listener, Netns } from '../../../net/types.ts';
import { flagValue } from './args.ts';
import { fail, type Kctx } from './common.ts';
import { forwardTarget, parsePorts, translatePorts, type ForwardedPort } from './port-forward-target.ts';
import { closeRelays, relayStep, relayWork, type ForwardListener, type Relay } from './port-forward-relay.ts';

const USAGE_HINT = "\nSee 'kubectl port-forward -h' for help and examples";

/** One address kubectl listens on (client-go listenAddress): `all` for localhost's pair, `any` for named IPs. */
interface ListenAddress { address: string; v6: boolean; mode: 'all' | 'any' }

/** client-go parseAddresses: localhost is 127.0.0.1 and ::1; the list sorted as strings. */
function parseAddresses(values: string[]): ListenAddress[] | string {
  const parsed = new Map<string, ListenAddress>();
  for (const a of values.flatMap((v) => v.split(','))) {
    if (a === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', v6: false, mode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', v6: true, mode: 'all' });
    } else if (parseIpv4(a) !== undefined) parsed.set(a, { address: a, v6: false, mode: 'any' });
    else if (a.includes(':') && /^[0-9a-fA-F:.]+$/.test(a)) parsed.set(a, { address: a, v6: true, mode: 'any' });
    else return `${a} is not a valid IP`;
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : 1));
}

/**
 * bind(2) of kubectl's listener on `addr:port` in `ns`: EADDRINUSE when a listener holds the
 * port on that address or the wildcard, EADDRNOTAVAIL for an address not on this machine.
 * `::1` is held by another port-forward's localhost pair or a Go daemon's dual-stack wildcard.
 */
function bindError(ns: Netns, a: ListenAddress, port: number): string | undefined {
  const tcp = ns.listeners.filter((l) => l.proto === 'tcp' && l.port === port);
  if (a.v6) {
    if (tcp.some((l) => l.serve.params.v6loopback === '1' || (l.addr === 0 && l.serve.params.daemon === 'host'))) return 'address already in use';
    return undefined;
  }
  const ip = parseIpv4(a.address)!;
  if (ip !== 0 && (ip >>> 24) !== 127 && !ns.addrs.some((x) => x.family === 'inet' && x.addr === ip)) return 'cannot assign requested address';
  if (tcp.some((l) => l.addr === 0 || l.addr === ip || ip === 0)) return 'address already in use';
  return undefined;
}

const hostPort = (a: ListenAddress, port: number): string => (a.v6 ? `[${a.address}]:${port}` : `${a.address}:${port}`);

/** `kubectl port-forward`. */
export async function runPortForward(k: Kctx, words: string[]): Promise<number> {
  const args = [...words, ...(k.args.rest ?? [])];
  if (args.length < 2) return fail(k, `TYPE/NAME and list of ports are required for port-forward${USAGE_HINT}`);
  const timeout = podRunningTimeout(flagValue(k.args, 'pod-running-timeout') ?? '1m0s');
  if (typeof timeout === 'string') return fail(k, `${timeout}${USAGE_HINT}`);
  const target = forwardTarget(k, args[0]!);
  if (typeof target === 'string') return fail(k, target);
  if (!target) return 1;
  if (!target.pod) {
    // GetFirstPod watches for a pod of the selector until --pod-running-timeout.
    await k.ctx.sleep(timeout);
    return k.ctx.interrupted() ? 130 : fail(k, 'timed out waiting for the condition');
  }
  const pod = target.pod;
  const specs = translatePorts(target.object, pod, args.slice(1));
  if (typeof specs === 'string') return fail(k, specs);
  const phase = (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
  if (phase !== 'Running') return fail(k, `unable to forward port because pod is not running. Current status=${phase}`);
  const addresses = parseAddresses(k.args.flags.get('address') ?? ['localhost']);
  if (typeof addresses === 'string') return fail(k, addresses);
  const ports = parsePorts(specs);
  if (typeof ports === 'string') return fail(k, ports);
  const v6Only = addresses.find((a) => a.v6 && a.mode === 'any');
  if (v6Only) {
    k.ctx.stderr.write(`packetwalk: kubectl port-forward --address ${v6Only.address} is not simulated (the sandbox has no IPv6 sockets; localhost and IPv4 addresses are)\n`);
    return 1;
  }
  const tag = `${k.ctx.world.clock.ms}:${k.ctx.argv.join(' ')}`;
  const listeners = listen(k, addresses, ports, tag);
  if (!listeners) return fail(k, `unable to listen on any of the requested ports: [${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`);
  const relays: Relay[] = [];
  const state = { lost: false };
  const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const to = { key: podKey, uid: pod.metadata.uid, sandboxId: k.cluster.pods.get(podKey)?.sandboxId ?? '' };
  for (;;) {
    const r = await waitFor(k.ctx.world, k.ctx, () => relayWork(k, listeners, relays, tag), Infinity);
    if (r !== 'done') break;
    relayStep(k, listeners, relays, tag, to, state);
    if (state.lost) break;
  }
  closeRelays(k, relays);
  const ns = k.ctx.netns;
  ns.listeners = ns.listeners.filter((l) => !listeners.some((x) => x.listener === l));
  if (state.lost) return fail(k, 'lost connection to pod');
  return 0;
}

/** A listening socket and the port pair it serves. */
/**
 * Opens the listeners port by port (client-go listenOnPort), printing `Forwarding from` for
 * each and kubectl's `Unable to listen on port` for a port none of whose addresses bound as
 * its failure mode requires. The localhost pair's `::1` half has no socket of its own (the
 * sandbox has no IPv6 sockets): it is recorded on the IPv4 listener.
 */
function listen(k: Kctx, addresses: ListenAddress[], ports: ForwardedPort[], tag: string): ForwardListener[] | undefined {
  const ns = k.ctx.netns;
  const made: ForwardListener[] = [];
  let success = false;
  for (const port of ports) {
    const errors: string[] = [];
    const ok = { all: 0, any: 0 };
    const failed = { all: 0, any: 0 };
    const mine: ForwardListener[] = [];
    let v6 = false;
    for (const a of addresses) {
      const e = bindError(ns, a, port.local);
      // Port 0: the kernel picks a free port at bind(2) (inet_csk_get_port); the pair's ::1 half reuses it.
      if (!e && port.local === 0) port.local = ephemeralPort(k.ctx.world, ns, 'tcp');
      if (e) {
        errors.push(`unable to create listener: Error listen tcp${a.v6 ? 6 : 4} ${hostPort(a, port.local)}: bind: ${e}`);
        failed[a.mode]++;
        continue;
      }
      ok[a.mode]++;
      k.ctx.stdout.write(`Forwarding from ${hostPort(a, port.local)} -> ${port.remote}\n`);
      if (a.v6) { v6 = true; continue; }
      const listener: Listener = { proto: 'tcp', addr: parseIpv4(a.address)!, port: port.local, serve: { app: 'nc-listen', params: { process: 'kubectl', tag } } };
      ns.listeners.push(listener);
      mine.push({ listener, port });
    }
    if (v6 && mine[0]) mine[0].listener.serve.params.v6loopback = '1';
    if ((ok.all === 0 && failed.all > 0) || failed.any > 0) {
      ns.listeners = ns.listeners.filter((l) => !mine.some((m) => m.listener === l));
      k.ctx.stderr.write(`Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
      continue;
    }
    made.push(...mine);
    success = true;
  }
  return success ? made : undefined;
}

/** --pod-running-timeout as a Go duration (`1m0s`, `30s`, `2m`), in ms; a string on a bad value. */
function podRunningTimeout(text: string): number | string {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!m || text === '') return `invalid argument "${text}" for "--pod-running-timeout" flag: time: invalid duration "${text}"`;
  const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  return ms > 0 ? ms : '--pod-running-timeout must be higher than zero';
}
