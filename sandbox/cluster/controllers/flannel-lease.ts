/**
 * flannel's kube subnet manager (flannel-io/flannel pkg/subnet/kube): a node's lease lives in
 * annotations on its Node object, under the prefix `flannel.alpha.coreos.com`
 * (pkg/subnet/kube/annotations.go). AcquireLease writes them once the node has a podCIDR:
 * - `backend-type`: the backend's name (`vxlan`, `host-gw`);
 * - `backend-data`: the backend's lease attributes as JSON; vxlan's are
 *   `{"VNI":1,"VtepMAC":"<flannel.1 MAC>"}` (backend/vxlan vxlanLeaseAttrs), host-gw has none,
 *   and Go's json.RawMessage(nil).MarshalJSON() gives `null`;
 * - `kube-subnet-manager`: `"true"` (handleAddLeaseEvent ignores nodes without it);
 * - `public-ip`: the node's address flannel uses (its InternalIP here), or the value of
 *   `public-ip-overwrite` when an admin set that annotation (kube.go AcquireLease).
 * Every other node's flanneld turns these annotations back into a lease (nodeToLease) and
 * programs its routes, neighbours and FDB entries from the lease, not from anything else.
 */
import type { World } from '../../fabric/world.ts';
import { updateObject } from '../store.ts';
import type { FlannelLease, KubeObject } from '../types.ts';

export type { FlannelLease };

/** The annotation prefix flanneld's `--subnet-lease-dir`-less kube mode uses by default. */
export const FLANNEL_PREFIX = 'flannel.alpha.coreos.com';

/** The annotation keys (pkg/subnet/kube/annotations.go). */
export const ANNOTATION = {
  backendData: `${FLANNEL_PREFIX}/backend-data`,
  backendType: `${FLANNEL_PREFIX}/backend-type`,
  kubeSubnetManager: `${FLANNEL_PREFIX}/kube-subnet-manager`,
  publicIp: `${FLANNEL_PREFIX}/public-ip`,
  publicIpOverwrite: `${FLANNEL_PREFIX}/public-ip-overwrite`,
} as const;


/** The annotations a node's flanneld writes onto its own `node` (AcquireLease). */
export function leaseAnnotations(node: KubeObject, backendType: string, publicIp: string, vtepMac: string | undefined): Record<string, string> {
  const overwrite = node.metadata.annotations?.[ANNOTATION.publicIpOverwrite];
  if (overwrite) publicIp = overwrite;
  return {
    [ANNOTATION.backendData]: backendType === 'vxlan' && vtepMac ? JSON.stringify({ VNI: 1, VtepMAC: vtepMac }) : 'null',
    [ANNOTATION.backendType]: backendType,
    [ANNOTATION.kubeSubnetManager]: 'true',
    [ANNOTATION.publicIp]: publicIp,
  };
}

/**
 * Writes `want` onto the Node's annotations when any differs (AcquireLease patches only on a
 * difference, so an unchanged lease does not bump the resourceVersion). True when written.
 */
export function writeLease(world: World, node: KubeObject, want: Record<string, string>): boolean {
  const have = node.metadata.annotations ?? {};
  if (Object.entries(want).every(([k, v]) => have[k] === v)) return false;
  const next = { ...node, metadata: { ...node.metadata, annotations: { ...have, ...want } } };
  return updateObject(world, next).ok;
}

/**
 * The lease a Node's annotations describe, or undefined when flanneld would skip it: not
 * `kube-subnet-manager: "true"`, no parseable `public-ip`, or (vxlan) no VtepMAC in
 * `backend-data` (the vxlan backend cannot program a neighbour without it).
 */
export function leaseOf(node: KubeObject): FlannelLease | undefined {
  const a = node.metadata.annotations ?? {};
  if (a[ANNOTATION.kubeSubnetManager] !== 'true') return undefined;
  const publicIp = a[ANNOTATION.publicIp];
  if (!publicIp || !/^\d{1,3}(\.\d{1,3}){3}$/.test(publicIp)) return undefined;
  const backendType = a[ANNOTATION.backendType] ?? '';
  if (backendType !== 'vxlan') return { node: node.metadata.name, publicIp, backendType };
  const vtepMac = vtepMacOf(a[ANNOTATION.backendData]);
  return vtepMac ? { node: node.metadata.name, publicIp, backendType, vtepMac } : undefined;
}

function vtepMacOf(data: string | undefined): string | undefined {
  if (!data) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (e) {
    // flanneld logs "error decoding subnet lease JSON" and skips the node: the same here.
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
  const mac = (parsed as { VtepMAC?: unknown } | null)?.VtepMAC;
  return typeof mac === 'string' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac) ? mac.toLowerCase() : undefined;
}

/** Two leases program the same thing (a changed lease is removed and added again). */
export const sameLease = (a: FlannelLease, b: FlannelLease): boolean =>
  a.node === b.node && a.publicIp === b.publicIp && a.backendType === b.backendType && a.vtepMac === b.vtepMac;
