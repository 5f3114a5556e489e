/**
 * IP sets of one network namespace (net/netfilter/ipset/): named sets of addresses, ports and
 * networks that `iptables -m set --match-set` looks packets up in. Plain data on the
 * namespace (`ns.ipsets`), so a world snapshot copies it.
 */

/** The set types the simulator models: the ones kube-proxy's IPVS mode creates. */
export type IpSetType = 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port';

/** One set, as `ipset create NAME TYPE ...` made it. */
export interface IpSet {
  name: string;
  type: IpSetType;
  /** hash types: `hashsize` (1024 unless given). */
  hashsize: number;
  /** hash types: `maxelem` (65536 unless given). */
  maxelem: number;
  /** hash types: the jhash seed the kernel draws at creation (shown as `initval 0x...`). */
  initval: number;
  /** bitmap:port: the port range (`range 0-65535`). */
  range?: { min: number; max: number };
  /** Members in their canonical text (`10.96.0.10,udp:53`), in insertion order. */
  members: string[];
}

/** All sets of a namespace, in creation order (the kernel's set index order). */
export interface IpSetState {
  sets: IpSet[];
}
