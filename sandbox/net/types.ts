/**
 * The state of one network namespace: what the kernel holds for it. Plain data (Maps and
 * arrays, no classes, no functions) so a whole world can be snapshotted with structuredClone.
 * Operations on it live in the modules named after each part (link.ts, addr.ts, route.ts,
 * neigh.ts, fdb.ts, sysctl.ts, netfilter/, conntrack/, datapath/).
 */
import type { Cidr, DnsMessage, Ipv4, IpProto, Mac } from '../wire/index.ts';
import type { NetfilterState } from './netfilter/types.ts';
import type { ConntrackState } from './conntrack/types.ts';
import type { IpSetState } from './ipset/types.ts';
import type { IpvsState } from './ipvs/types.ts';
import type { ClockState, RandomState } from '../core/index.ts';

/**
 * The part of the world the net layer reads and changes: every namespace (a veth's peer may
 * live in another), the clock and the randomness. fabric's `World` has these fields, so it
 * is passed as is; net declares only this view so that it never imports fabric (layering).
 */
export interface NetWorld {
  clock: ClockState;
  rng: RandomState;
  netns: Map<number, Netns>;
  nextNetnsId: number;
}

/** A link in some namespace: the namespace's world id and the link's ifindex there. */
export interface LinkRef {
  netns: number;
  ifindex: number;
}

/** Per-link packet counters (`ip -s link`). */
export interface LinkStats {
  rxPackets: number;
  rxBytes: number;
  rxDropped: number;
  txPackets: number;
  txBytes: number;
  txDropped: number;
}

/** Settings a link has as a bridge port (`bridge -d link`). */
export interface BridgePort {
  /** Send frames back out of the port they came in on (the CNI bridge plugin sets it). */
  hairpin: boolean;
  /** Learn source MACs into the bridge FDB. */
  learning: boolean;
  /** Flood unknown unicast out of this port. */
  flood: boolean;
}

/** What every link has (`ip link`). */
export interface LinkBase {
  ifindex: number;
  name: string;
  mac: Mac;
  mtu: number;
  /** Administratively up (`ip link set X up`): the UP flag. */
  up: boolean;
  /** ifindex of the bridge this link is enslaved to (`master cni0`). */
  master?: number;
  /** Bridge-port settings, present while enslaved. */
  port?: BridgePort;
  /** Transmit queue length (`qlen`). */
  txqlen: number;
  /**
   * Has been up at least once: its qdisc then stays `noqueue` when down (a never-opened
   * device shows `noop`), as `ip link` prints it.
   */
  everUp?: boolean;
  stats: LinkStats;
}

/** The loopback device `lo`. */
export interface LoopbackLink extends LinkBase {
  kind: 'loopback';
}

/** One end of a veth pair; `peer` may live in another namespace. */
export interface VethLink extends LinkBase {
  kind: 'veth';
  peer: LinkRef;
}

/**
 * A physical NIC. `wire` is the other end of its cable (a switch port, itself a link in the
 * namespace that models the LAN); unplugged when absent.
 */
export interface EtherLink extends LinkBase {
  kind: 'ether';
  wire?: LinkRef;
}

/** A Linux bridge (STP off, as the CNI bridge plugin creates it). */
export interface BridgeLink extends LinkBase {
  kind: 'bridge';
  /** Learned and static forwarding entries (`bridge fdb show ... master br`). */
  fdb: FdbEntry[];
  /** Seconds a learned entry lives without traffic (`ageing_time`, default 300). */
  ageingTime: number;
  stp: boolean;
  /**
   * The MAC was set by `ip link set BR address` (addr_assign_type NET_ADDR_SET): the bridge
   * then keeps it instead of taking its lowest port's MAC (br_stp_recalculate_bridge_id).
   */
  macSet?: boolean;
}

/** A VXLAN device (`ip link add flannel.1 type vxlan id 1 ...`). */
export interface VxlanLink extends LinkBase {
  kind: 'vxlan';
  vni: number;
  /** Source address of encapsulated packets (`local`). */
  local?: Ipv4;
  /** Default VTEP (`remote`), as ip -d prints it; the all-zeros FDB entry carries it. */
  remote?: Ipv4;
  /** ifindex of the underlay device (`dev eth0`). */
  dev?: number;
  dstport: number;
  /** Learn remote MACs from received packets (flannel creates it with `nolearning`). */
  learning: boolean;
  /** Remote MAC -> VTEP entries (`bridge fdb append MAC dev flannel.1 dst IP`). */
  fdb: FdbEntry[];
}

/** A dummy device (`ip link add d0 type dummy`): swallows what it is sent. */
export interface DummyLink extends LinkBase {
  kind: 'dummy';
}

/**
 * An IP-in-IP tunnel (`ip link add NAME type ipip`; `tunl0` is the fallback device the ipip
 * module creates in every namespace, `remote any local any`). Calico routes to nodes of
 * other subnets through tunl0 with the remote node as the gateway (`via NODE dev tunl0
 * onlink`): the outer destination is the route's next hop.
 */
export interface IpipLink extends LinkBase {
  kind: 'ipip';
  /** Fixed outer source (`local`); any (absent) takes the routing's source. */
  local?: Ipv4;
  /** Fixed outer destination (`remote`); any (absent) takes the route's next hop. */
  remote?: Ipv4;
}

/** Any link. */
export type Link = LoopbackLink | VethLink | EtherLink | BridgeLink | VxlanLink | DummyLink | IpipLink;

/** A forwarding database entry (`bridge fdb`). */
export interface FdbEntry {
  mac: Mac;
  /** ifindex of the port (bridge) or the vxlan device itself. */
  port: number;
  /** VTEP address for vxlan entries (`dst 10.0.16.12`). */
  dst?: Ipv4;
  /** permanent (local/static from config), static (`bridge fdb add ... static`), or learned. */
  state: 'permanent' | 'static' | 'dynamic';
  /** Virtual ms of the last time traffic refreshed it (learned entries age out). */
  updated: number;
}

/** An address on a link (`ip addr`). */
export type Address = Inet4Address | Inet6Address;

/** Address scope as iproute2 names it. */
export type Scope = 'global' | 'link' | 'host';

/** An IPv4 address. */
export interface Inet4Address {
  family: 'inet';
  ifindex: number;
  addr: Ipv4;
  len: number;
  /** Broadcast address when set (`brd` / `broadcast +`). */
  brd?: Ipv4;
  scope: Scope;
  /** Label, defaults to the device name. */
  label?: string;
}

/** An IPv6 address; only link-local and loopback are modelled (the cluster is IPv4). */
export interface Inet6Address {
  family: 'inet6';
  ifindex: number;
  /** Compressed text (`fe80::858:aff:fef4:101`). */
  addr: string;
  len: number;
  scope: Scope;
}

/** Route types (`ip route add TYPE ...`). */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'unreachable' | 'blackhole' | 'prohibit';

/** Route origin (`proto`); a number for unnamed protocols. */
export type RouteProto = 'kernel' | 'boot' | 'static' | 'dhcp' | number;

/** One route in some table. */
export interface Route {
  /** 254 main, 255 local, or any other table id. */
  table: number;
  type: RouteType;
  /** Destination prefix, host bits cleared. */
  dst: Cidr;
  via?: Ipv4;
  /** Output device ifindex. */
  dev?: number;
  proto: RouteProto;
  scope: Scope;
  /** Preferred source (`src`). */
  src?: Ipv4;
  metric?: number;
  /** Gateway is on-link even if no prefix covers it. */
  onlink?: boolean;
}

/** Neighbour unreachability detection states (ip-neighbour(8)). */
export type NudState = 'PERMANENT' | 'NOARP' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'INCOMPLETE' | 'FAILED';

/** A neighbour (ARP) entry. */
export interface Neigh {
  ifindex: number;
  ip: Ipv4;
  lladdr?: Mac;
  state: NudState;
  /** Virtual ms of the last confirmation, for REACHABLE -> STALE ageing. */
  updated: number;
}

/** The application a listening socket hands its data to; behaviour is looked up by `app`. */
export interface AppSpec {
  /** Registered app name (`http-hello`, `nginx`, `coredns` ...). */
  app: string;
  /** App-specific settings (name to greet with, response body ...). */
  params: Record<string, string>;
}

/** A listening socket (`ss -ltn`). */
export interface Listener {
  proto: Exclude<IpProto, 'icmp'>;
  /** Bound address; 0 means any (0.0.0.0). */
  addr: Ipv4;
  port: number;
  serve: AppSpec;
}

/** Everything the kernel keeps for one network namespace. */
/**
 * Kernel modules whose presence changes what a namespace has (modules.dep names). Only
 * br_netfilter so far: it creates /proc/sys/net/bridge and hooks bridged IPv4 into iptables.
 */
export type KernelModule = 'br_netfilter';

export interface Netns {
  /** World-unique id. */
  id: number;
  /** Display name (`lab-n1-pa`, `cni-1f3a...`, or the machine name for a root namespace). */
  name: string;
  links: Map<number, Link>;
  /** Next ifindex the kernel will hand out (per namespace, starting at 1 with `lo`). */
  nextIfindex: number;
  addrs: Address[];
  /** All tables' routes, in insertion order. */
  routes: Route[];
  neigh: Neigh[];
  /** Sysctls by dotted name (`net.ipv4.ip_forward`); absent keys read as their defaults. */
  sysctl: Map<string, string>;
  netfilter: NetfilterState;
  conntrack: ConntrackState;
  listeners: Listener[];
  /**
   * Modules loaded in the kernel this namespace lives on. A module belongs to a kernel, not a
   * namespace: every namespace of one machine (its root netns, `ip netns add`, the pods of a
   * node) carries the same list, copied at creation from the namespace that created it.
   */
  kernelModules: KernelModule[];
  /**
   * Path MTUs learnt from ICMP "fragmentation needed" (the route cache's exceptions,
   * net/ipv4/route.c __ip_rt_update_pmtu): destination -> MTU and when it expires
   * (net.ipv4.route.mtu_expires, 600 s). Absent until the first one arrives.
   */
  pmtu?: Map<number, { mtu: number; expires: number }>;
  /** IP sets (net/ipset), absent until the first `ipset create`. */
  ipsets?: IpSetState;
  /** IPVS virtual servers and connections (net/ipvs), absent until the first service is added. */
  ipvs?: IpvsState;
  /**
   * The DNS cache of the server process of this namespace (CoreDNS's cache plugin,
   * net/apps/dns-cache.ts): question key -> stored reply. Absent until it caches one.
   */
  dnsCache?: Map<string, DnsCacheEntry>;
  /**
   * Policy routing rules (`ip rule`, net/core/fib_rules.c), by ascending priority; absent
   * until the first change, meaning the kernel's three defaults (net/rule.ts).
   */
  rules?: Rule[];
}

/** One reply in a namespace's DNS cache (net/apps/dns-cache.ts). */
export interface DnsCacheEntry {
  /** Virtual ms when it was stored. */
  stored: number;
  /** Seconds it lives (the cache plugin's origTTL). */
  ttl: number;
  message: DnsMessage;
  /** The server configuration it was stored under; another one means the server restarted empty. */
  config: string;
}

/** What a policy rule does when it matches (fib_rules FR_ACT_*; iproute2's rule types). */
export type RuleAction = 'lookup' | 'unreachable' | 'prohibit' | 'blackhole';

/** One policy routing rule (ip-rule(8)): selectors, then the table to look up. */
export interface Rule {
  /** Priority (`pref`): lower is consulted first. */
  pref: number;
  action: RuleAction;
  /** Table looked up with action `lookup` (255 local, 254 main, 253 default). */
  table: number;
  /** Source prefix (`from`); absent means all. */
  from?: Cidr;
  /** Destination prefix (`to`). */
  to?: Cidr;
  /** Firewall mark and mask (`fwmark 0x1/0xff`). */
  fwmark?: { mark: number; mask: number };
  /** Input device name (`iif`); local output comes in on `lo`. */
  iif?: string;
  /** Output device name (`oif`), for sockets bound to a device. */
  oif?: string;
}
