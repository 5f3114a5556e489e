/**
 * Picture descriptions: what the topology and packet-walk pictures show, as plain serialisable
 * data (../../shared PICTURES.md is the visual grammar). The drawing (src/pictures/) only places
 * and paints these; the text equivalent (the `<table>` under a picture) reads the same values.
 * Every element carries a `key` built from names, so a redraw after a change keeps each
 * element in its slot and a new pod takes a new slot without moving the others.
 */

/** A device as a port on its namespace's boundary (`ip link` / `ip addr`). */
export interface DevicePicture {
  /** Stable key: `machine/netns/dev`. */
  key: string;
  name: string;
  /** `ip -d link` kind: veth, bridge, vxlan, ether, dummy, loopback. */
  kind: string;
  /** IPv4 addresses with prefix (`10.244.0.1/24`). */
  addrs: string[];
  /** MTU when it is not the kind's default (1500; 1450 is flannel's VXLAN default). */
  mtu?: number;
  /** Administratively up and, for a veth, its peer up too (`state UP`). */
  up: boolean;
  /** Bridge it is enslaved to (`master cni0`). */
  master?: string;
  /** Without a bridge, the namespace routes to it (Calico's `10.244.x.y dev caliX scope link`). */
  routed?: boolean;
  /** The other end of a veth or cable: machine and device as `ip link` would name them there. */
  peer?: { machine: string; netns: string; dev: string };
  /** A VXLAN device's identity: `VNI 1 · udp/8472`. */
  detail?: string;
  /** Commands that show this element, for the click menu (`ip -d link show cni0`). */
  commands: string[];
}

/** A pod (or a hand-made namespace) as an inset box with its eth0 and the host-side veth. */
export interface PodPicture {
  key: string;
  /** Pod name (`web-594b9ccbbd-nrj7v`), or the namespace name for `ip netns add` namespaces. */
  name: string;
  /** Kubernetes namespace of a pod (`default`); absent for hand-made namespaces. */
  namespace?: string;
  /** The network namespace's own name (`cni-5f39...`): tooltip and table only. */
  netns: string;
  /** Primary IPv4 of its eth0 (without prefix). */
  ip?: string;
  devices: DevicePicture[];
  /** The host-side veth of its eth0, in the machine's root namespace. */
  hostVeth?: DevicePicture;
  /** Containers sharing the namespace (`netshoot`, `whoami`). */
  containers: string[];
  /** Shell command that enters it (`kubectl exec -it toolbox -- sh`, `ip netns exec blue sh`). */
  commands: string[];
}

/** A netfilter hook of a machine's host stack, drawn as a small gate. */
export interface GatePicture {
  hook: 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
  /** Rules reachable from the hook in all tables (user chains counted once). */
  rules: number;
  /** Services whose ClusterIP rules hang here (from kube-proxy's `--comment "ns/name:port cluster IP"`). */
  services: { name: string; ip: string; port: string }[];
}

/** A machine column: a node, host, router or outside server. */
export interface MachinePicture {
  key: string;
  name: string;
  /** node, host or external (a router or outside server). */
  role: 'node' | 'host' | 'external';
  /** Namespaces in the pods band, in creation order (stable slots). */
  pods: PodPicture[];
  /** Pods running in the root namespace (hostNetwork: kube-proxy, flannel). */
  hostPods: string[];
  bridges: DevicePicture[];
  overlay: DevicePicture[];
  /** Devices that reach another machine (eth0). */
  uplinks: DevicePicture[];
  /** Other devices of the root namespace (dummy, unplugged veths, lo excluded). */
  others: DevicePicture[];
  /** Routes of the main table, as `ip route` prints them (host stack band). */
  routes: string[];
  gates: GatePicture[];
  /** Drawn as a tile (a large world): counts only, until a walk passes through it. */
  collapsed: boolean;
}

/** The LAN: a switch (a bridge in a machine that every uplink plugs into), drawn as a bus. */
export interface LanPicture {
  key: string;
  /** Machine holding the switch (`gateway`) and its bridge (`br0`). */
  machine: string;
  bridge: string;
  /** Addresses of the switch's own bridge (the gateway's `10.0.16.1/20`). */
  addrs: string[];
  /** Machines plugged in, and their device that is plugged. */
  ports: { machine: string; dev: string; port: string }[];
  /** The switch machine's other devices (its uplink to the internet). */
  others: DevicePicture[];
  commands: string[];
}

/** A VXLAN tunnel between two VTEPs, from the sender's FDB (`bridge fdb show dev flannel.1`). */
export interface TunnelPicture {
  key: string;
  from: { machine: string; dev: string; ip: string };
  to: { machine: string; ip: string };
  /** `VNI 1 · udp/8472`. */
  label: string;
}

/** The whole topology. */
export interface TopologyPicture {
  machines: MachinePicture[];
  lans: LanPicture[];
  tunnels: TunnelPicture[];
}

/** How a step ended (PICTURES.md "Verdicts"; each has a glyph and a word). */
export type Verdict = 'forwarded' | 'delivered' | 'rewritten' | 'encapsulated' | 'waiting' | 'dropped' | 'rejected';

/** What a step stands for. */
export type StepKind =
  | 'send' | 'route' | 'netfilter' | 'nat' | 'arp' | 'xmit' | 'receive' | 'bridge' | 'encap'
  | 'decap' | 'deliver' | 'drop' | 'reject';

/** A packet of the walk: every distinct message (a request, its reply, an ARP, a VXLAN outer packet). */
export interface PacketPicture {
  id: number;
  /** The packet that caused it: the request of a reply, the IP packet an ARP resolves for, the inner packet of an outer one. */
  parent?: number;
  kind: 'request' | 'reply' | 'arp' | 'encap' | 'icmp';
  /** First summary (`10.244.0.3 > 10.244.1.3 icmp echo request seq 1`). */
  label: string;
  /** Index of its first step. */
  first: number;
}

/** One line of evidence in the real tool's words, with the command that shows it. */
export interface Evidence {
  kind: 'route' | 'neighbour' | 'fdb' | 'rule' | 'conntrack' | 'nat' | 'encap' | 'drop';
  /** What the tool prints (`10.244.1.3 via 10.244.1.0 dev flannel.1 src 10.244.0.0`). */
  text: string;
  /** The same in plain words (drop reasons). */
  words?: string;
  /** The command that prints it, as run on `on` (`ip netns exec cni-… ip route get 10.244.1.3`). */
  command?: string;
  /** Machine the command runs on. */
  on?: string;
}

/** Where a step happened: machine › netns › device. */
export interface Where {
  machine: string;
  /** Pod name, hand-made namespace name, or undefined for the machine's root namespace. */
  pod?: string;
  netns: string;
  dev?: string;
}

/** One step of the walk: a device or a decision. */
export interface StepPicture {
  index: number;
  packet: number;
  kind: StepKind;
  where: Where;
  /** What happened, in plain words. */
  what: string;
  /** The packet as it leaves the step; `before` only when the step changed it (NAT, encap, decap). */
  packetText: string;
  before?: string;
  verdict: Verdict;
  evidence: Evidence[];
  /** The kernel functions behind it, as `pwru` lines (`ip_forward  10.244.1.3 via ...`). */
  functions: string[];
  /** Virtual time, microseconds. */
  t: number;
}

/** The walk of one command's packets. */
export interface WalkPicture {
  command: string;
  packets: PacketPicture[];
  steps: StepPicture[];
  /** Index of the step where the walk's first packet died (for Check feedback), if it died. */
  dying?: number;
  /** Machines the walk passes through, in order of first visit (the path's columns). */
  machines: string[];
}
