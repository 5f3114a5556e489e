/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go: portProtoHash,
 * servicePortEndpointChainName): a prefix plus the first 16 characters of
 * base32(sha256(servicePortName + protocol [+ endpoint])), where servicePortName is
 * `namespace/name[:portName]` and protocol is lower case. iptables chain names are limited to
 * 28 characters, hence the hash.
 */
import { base32, sha256 } from './sha256.ts';
import type { ProxyServicePort } from './types.ts';

/** `namespace/name:port` (ServicePortName.String(); no `:` for an unnamed port). */
export const servicePortNameString = (s: Pick<ProxyServicePort, 'namespace' | 'name' | 'portName'>): string =>
  `${s.namespace}/${s.name}${s.portName === '' ? '' : `:${s.portName}`}`;

/** Hashes already computed: every node's kube-proxy names the same chains (bounded, cleared when full). */
const memo = new Map<string, string>();
const MEMO_LIMIT = 200_000;

/** base32(sha256(text))[:16], memoised. */
function hash16(text: string): string {
  let h = memo.get(text);
  if (h === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    h = base32(sha256(text)).slice(0, 16);
    memo.set(text, h);
  }
  return h;
}

/** The 16-character hash shared by a Service port's SVC, SVL, EXT and FW chains. */
export const portProtoHash = (portNameString: string, protocol: string): string =>
  hash16(portNameString + protocol.toLowerCase());

/** The chain names of one Service port. */
export interface ServiceChains {
  /** KUBE-SVC-*: endpoints for the Cluster traffic policy. */
  svc: string;
  /** KUBE-SVL-*: local endpoints for the Local traffic policy. */
  svl: string;
  /** KUBE-EXT-*: entry for NodePort, LoadBalancer and external IP traffic. */
  ext: string;
  /** KUBE-FW-*: loadBalancerSourceRanges filter. */
  fw: string;
}

/** All per-Service chain names of a port. */
export function serviceChains(portNameString: string, protocol: string): ServiceChains {
  const h = portProtoHash(portNameString, protocol);
  return { svc: `KUBE-SVC-${h}`, svl: `KUBE-SVL-${h}`, ext: `KUBE-EXT-${h}`, fw: `KUBE-FW-${h}` };
}

/** KUBE-SEP-* for one endpoint (`ip:port`) of a Service port. */
export const endpointChainName = (portNameString: string, protocol: string, endpoint: string): string =>
  `KUBE-SEP-${hash16(portNameString + protocol.toLowerCase() + endpoint)}`;

/** Whether a chain name is one of kube-proxy's per-Service chains (isServiceChainName). */
export const isServiceChainName = (chain: string): boolean =>
  /^KUBE-(SVC|SVL|SEP|FW|EXT)-/.test(chain);
