/**
 * Resolving the names an exercise uses (`node-1`, `pod/web`, `service/kube-system/kube-dns:53`)
 * into places and addresses of the world, the way a learner means them.
 */
import type { Machine, World } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';
import { type Ipv4, parseIpv4 } from '../wire/index.ts';
import { clusterOf, getObject, keyOf } from '../cluster/index.ts';

/** A resolved place, or why it could not be found (in the learner's terms). */
export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string };

/** Splits `pod/NS/NAME` or `pod/NAME` into namespace and name (namespace default). */
function nsName(path: string): { ns: string; name: string } {
  const parts = path.split('/');
  return parts.length >= 2 ? { ns: parts[0]!, name: parts[1]! } : { ns: 'default', name: parts[0]! };
}

/**
 * The machine and namespace a probe starts from: a machine name, a pod's first container
 * (`pod/[NS/]NAME`), or a named namespace on a machine (`netns/MACHINE/NAME`).
 */
export function resolveSource(world: World, source: string): Resolved<{ machine: Machine; netns: Netns }> {
  if (source.startsWith('pod/')) {
    const { ns, name } = nsName(source.slice(4));
    const rt = world.cluster ? clusterOf(world).pods.get(keyOf(ns, name)) : undefined;
    const netns = rt ? world.netns.get(rt.netns) : undefined;
    const machine = rt ? world.machines.get(rt.containers[0]?.machine ?? '') : undefined;
    if (!rt || !netns || !machine) return { ok: false, message: `pod ${ns}/${name} is not running` };
    return { ok: true, value: { machine, netns } };
  }
  if (source.startsWith('netns/')) {
    // `netns/MACHINE/NAME`: a namespace made on MACHINE with `ip netns add NAME` (a hand-built
    // "pod"); it is found through the machine's /run/netns names, as `ip netns exec` finds it.
    const [mname = '', name = ''] = source.slice(6).split('/');
    const machine = world.machines.get(mname);
    const id = machine?.namedNetns.get(name);
    const netns = id === undefined ? undefined : world.netns.get(id);
    if (!machine) return { ok: false, message: `there is no machine called ${mname}` };
    if (!netns) return { ok: false, message: `there is no network namespace called ${name} on ${mname} (ip netns add ${name})` };
    return { ok: true, value: { machine, netns } };
  }
  const machine = world.machines.get(source);
  const netns = machine ? world.netns.get(machine.netns) : undefined;
  if (!machine || !netns) return { ok: false, message: `there is no machine called ${source}` };
  return { ok: true, value: { machine, netns } };
}

/** The address and port a probe goes to: IP:PORT, service/[NS/]NAME:PORT, pod/[NS/]NAME:PORT. */
export function resolveTarget(world: World, target: string): Resolved<{ ip: Ipv4; port: number }> {
  const m = /^(.*):(\d{1,5})$/.exec(target);
  const where = m ? m[1]! : target;
  const port = m ? Number(m[2]) : 0;
  const ip = parseIpv4(where);
  if (ip !== undefined) return { ok: true, value: { ip, port } };
  const [kind, ...rest] = where.split('/');
  if ((kind === 'service' || kind === 'pod') && rest.length > 0 && world.cluster) {
    const { ns, name } = nsName(rest.join('/'));
    if (kind === 'pod') {
      const rt = clusterOf(world).pods.get(keyOf(ns, name));
      const podIp = rt ? parseIpv4(rt.ip) : undefined;
      return podIp === undefined ? { ok: false, message: `pod ${ns}/${name} has no IP (is it running?)` } : { ok: true, value: { ip: podIp, port } };
    }
    const svc = getObject(clusterOf(world), 'Service', ns, name) as { spec?: { clusterIP?: string } } | undefined;
    const vip = svc?.spec?.clusterIP ? parseIpv4(svc.spec.clusterIP) : undefined;
    if (!svc) return { ok: false, message: `service ${ns}/${name} does not exist` };
    return vip === undefined ? { ok: false, message: `service ${ns}/${name} has no cluster IP` } : { ok: true, value: { ip: vip, port } };
  }
  return { ok: false, message: `cannot tell where "${target}" is (use IP:PORT, service/NAME:PORT or pod/NAME:PORT)` };
}
