/**
 * The scenario file format (content/scenarios/*.yaml), as a zod schema whose descriptions are
 * the authoring documentation. A scenario describes machines (each with its own network
 * namespace: links, addresses, routes, neighbours, FDB entries, sysctls, iptables rules,
 * servers, files) and optionally a Kubernetes cluster on some of them (nodes, network mode,
 * manifests applied at boot). Machines are built in file order and their links in list
 * order, so ifindex numbers come out as on the real system the file describes.
 */
import { z } from 'zod';

/**
 * The schemas, built on first use: building them is tens of milliseconds of a cold start,
 * which the site's worker never needs (it boots from specs the build validated), so only
 * code that validates pays for them.
 */
function define() {
  const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'an IPv4 address such as 10.0.16.1');
  const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'a prefix such as 10.244.0.0/16');
  const mac = z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'a MAC such as 52:54:00:00:10:11');
  const ifname = z.string().min(1).max(15).regex(/^[^/:\s]+$/, 'an interface name of 1-15 characters without / : or spaces');

  /** One device of a machine. */
  const LinkSchema = z.object({
    name: ifname.describe('Device name (`eth0`, `br0`, `flannel.1`)'),
    kind: z.enum(['veth', 'bridge', 'vxlan', 'dummy']).describe('Device type, as `ip link add ... type KIND`'),
    mac: mac.optional().describe('MAC address; random (from the seed) when omitted'),
    mtu: z.number().int().min(68).max(65535).optional().describe('MTU; the kernel default when omitted'),
    up: z.boolean().default(true).describe('Administratively up (`ip link set X up`)'),
    master: ifname.optional().describe('Bridge of this machine to enslave the device to (`master br0`)'),
    hairpin: z.boolean().optional().describe('Bridge port hairpin mode (`bridge link set dev X hairpin on`)'),
    peer: z.object({
      machine: z.string().min(1).describe('Machine whose namespace holds the other end (this one when omitted)').optional(),
      name: ifname.describe('Name of the other end (`peer name eth0`)'),
      mac: mac.optional().describe('MAC of the other end'),
      mtu: z.number().int().min(68).max(65535).optional().describe('MTU of the other end'),
      up: z.boolean().default(true).describe('Whether the other end is up'),
      master: ifname.optional().describe('Bridge in the peer machine to enslave the other end to'),
    }).strict().optional().describe('veth only: the other end of the pair'),
    vni: z.number().int().min(0).max(16777215).optional().describe('vxlan only: VXLAN network identifier (`id 1`)'),
    local: ipv4.optional().describe('vxlan only: source address of encapsulated packets'),
    dev: ifname.optional().describe('vxlan only: underlay device (`dev eth0`)'),
    dstport: z.number().int().min(1).max(65535).optional().describe('vxlan only: UDP port (default 8472, as Linux)'),
    learning: z.boolean().optional().describe('vxlan only: false for `nolearning` (flannel)'),
  }).strict();

  /** The per-machine network and process description. */
  const MachineSchema = z.object({
    name: z.string().min(1).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'lower-case letters, digits, - and .').describe('Unique machine name; `--on NAME` and `ssh NAME` use it; also its namespace name'),
    hostname: z.string().optional().describe('What `hostname` prints and the prompt shows (default: the name)'),
    kind: z.enum(['host', 'node', 'external', 'pod']).default('host').describe('node: a Kubernetes node (list it under cluster.nodes); pod: a namespace that plays a pod; external: LAN/internet machinery'),
    netnsVisible: z.array(z.string()).default([]).describe('Machines whose namespaces `ip netns` lists here (a shared /run/netns, as in the reference lab)'),
    kernelModules: z.array(z.enum(['br_netfilter'])).optional().describe('Kernel modules loaded on this machine (`lsmod`); br_netfilter gives /proc/sys/net/bridge and sends bridged IPv4 through iptables. Default: [br_netfilter] on a node (kubeadm\'s prerequisites load it), none on host and external, and for a pod the modules of the machine its veth peer is on (it shares that kernel)'),
    links: z.array(LinkSchema).default([]).describe('Devices, created in this order (ifindex follows the order; a veth takes its peer in another machine)'),
    addresses: z.array(z.object({
      dev: ifname.describe('Device'),
      cidr: cidr.describe('Address with prefix (`10.0.16.11/20`)'),
      brd: z.boolean().default(false).describe('Set the broadcast address (`brd +`)'),
    }).strict()).default([]).describe('IPv4 addresses (`ip addr add CIDR [brd +] dev DEV`)'),
    routes: z.array(z.object({
      dst: z.union([z.literal('default'), cidr]).describe('Destination prefix or `default`'),
      via: ipv4.optional().describe('Gateway'),
      dev: ifname.optional().describe('Output device'),
      onlink: z.boolean().optional().describe('Gateway is on-link (`onlink`)'),
      metric: z.number().int().min(0).optional(),
      src: ipv4.optional().describe('Preferred source'),
      type: z.enum(['unicast', 'blackhole', 'unreachable', 'prohibit']).default('unicast'),
    }).strict()).default([]).describe('Routes of the main table (`ip route add ...`, proto boot)'),
    neighbours: z.array(z.object({
      dev: ifname, ip: ipv4, lladdr: mac, state: z.enum(['PERMANENT', 'NOARP', 'REACHABLE', 'STALE']).default('PERMANENT'),
    }).strict()).default([]).describe('Static neighbour entries (`ip neigh add IP lladdr MAC dev DEV nud permanent`)'),
    fdb: z.array(z.object({
      dev: ifname.describe('vxlan device'), mac, dst: ipv4.describe('Remote VTEP'),
    }).strict()).default([]).describe('VXLAN FDB entries (`bridge fdb append MAC dev DEV dst IP`)'),
    sysctl: z.record(z.string(), z.union([z.string(), z.number()])).default({}).describe('Sysctls by dotted name (`net.ipv4.ip_forward: 1`)'),
    iptables: z.string().optional().describe('An iptables-restore payload (as iptables-save prints it) loaded at boot'),
    servers: z.array(z.object({
      port: z.number().int().min(1).max(65535),
      proto: z.enum(['tcp', 'udp']).default('tcp'),
      addr: ipv4.optional().describe('Bound address (default 0.0.0.0)'),
      app: z.string().min(1).describe('App name in the net layer registry (`python-http`, `nginx` ...)'),
      params: z.record(z.string(), z.string()).default({}).describe('App settings (`name` for python-http)'),
    }).strict()).default([]).describe('Listening servers'),
    files: z.record(z.string(), z.string()).default({}).describe('Files readable here (absolute path -> content)'),
    binaries: z.array(z.string()).optional().describe('Binaries on PATH; omit for a full Linux toolset'),
  }).strict();

  /** One Kubernetes node, on a machine of kind node. */
  const NodeSchema = z.object({
    name: z.string().min(1).describe('Node name; a machine of kind node with this name must exist'),
    nic: ifname.default('eth0').describe('The NIC whose address is the InternalIP (flannel.1 uses it as underlay)'),
    podCIDR: cidr.optional().describe('Pin the node podCIDR (otherwise node IPAM hands out the next free block)'),
    vtepMac: mac.optional().describe('flannel.1 MAC (otherwise random from the seed)'),
    roles: z.array(z.string()).default([]).describe('node-role.kubernetes.io/ROLE labels (`control-plane`)'),
    labels: z.record(z.string(), z.string()).default({}),
    proxyMode: z.enum(['iptables', 'ipvs']).optional().describe("kube-proxy's mode on this node (its configuration's `mode:`): iptables (the default) or ipvs, with the kube-ipvs0 dummy device, IPVS virtual servers and ip sets"),
    taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }).strict()).default([]),
  }).strict();

  /** The cluster on the machines. */
  const ClusterSchema = z.object({
    clusterCidr: cidr.default('10.244.0.0/16').describe('Pod network (`--cluster-cidr`)'),
    serviceCidr: cidr.default('10.96.0.0/12').describe('Service range (`--service-cluster-ip-range`)'),
    nodeCidrMaskSize: z.number().int().min(16).max(28).default(24).describe('Size of each node podCIDR'),
    network: z.enum(['vxlan', 'host-gw', 'routes']).default('vxlan').describe('How pod traffic crosses nodes: flannel VXLAN, flannel host-gw, or plain routes on the router'),
    router: z.string().optional().describe('routes mode: machine that gets a route per node podCIDR (the VPC route table)'),
    routeTableLimit: z.number().int().min(1).optional().describe('routes mode: how many routes the route table holds (AWS: 50 by default); the nodes past it get no route, NetworkUnavailable True (NoRouteCreated) and the network-unavailable taint'),
    cni: z.enum(['flannel', 'calico']).default('flannel').describe('The pod network: flannel (cni0 bridge, host-local, `network` says how nodes connect) or calico (cali veths with /32 routes, calico-ipam blocks, BGP between nodes; `network` is ignored)'),
    calico: z.object({
      ipipMode: z.enum(['Always', 'CrossSubnet', 'Never']).default('Never').describe('The IP pool\'s ipipMode (CALICO_IPV4POOL_IPIP): when routes to other nodes go through tunl0'),
      blockSize: z.number().int().min(20).max(32).default(26).describe('The pool\'s blockSize (CALICO_IPV4POOL_BLOCK_SIZE): each node claims blocks of this size'),
    }).strict().default({ ipipMode: 'Never', blockSize: 26 }).describe('calico only: the default IP pool calico-node creates (its cidr is clusterCidr)'),
    networkPolicy: z.boolean().default(false).describe('Whether a policy agent enforces NetworkPolicy (Canal-like); plain flannel ignores them'),
    version: z.string().default('v1.31.2').describe('Kubernetes version nodes report'),
    nodes: z.array(NodeSchema).min(1).describe('Nodes, in join order'),
    manifests: z.string().default('').describe('Multi-document YAML applied at boot, as `kubectl apply -f -`'),
    loadBalancer: z.object({
      machine: z.string().describe('Machine that plays the cloud load balancer (it must route to the nodes and be the way back to clients: the nodes\' gateway)'),
      pool: z.string().regex(/^\d+\.\d+\.\d+\.\d+(\/\d+|-\d+\.\d+\.\d+\.\d+)$/, 'a CIDR (203.0.113.240/28) or a range (a.b.c.d-e.f.g.h)').describe('Addresses handed to Services of type LoadBalancer, in order'),
      dev: z.string().optional().describe('Device of the load balancer machine the external IPs are added to (default: the one whose subnet holds the pool)'),
    }).strict().optional().describe('A cloud L4 load balancer in front of the NodePorts (sandbox/cluster/cloud-lb); without it LoadBalancer Services stay <pending>'),
    ingressNginx: z.boolean().default(false).describe('Install ingress-nginx at boot (namespace ingress-nginx, IngressClass nginx, the controller Deployment and its LoadBalancer Service: sandbox/cluster/ingress/manifest.ts), before the manifests'),
  }).strict();

  /** A whole scenario file. */
  const ScenarioSchema = z.object({
    name: z.string().min(1).regex(/^[a-z0-9-]+$/, 'kebab-case').describe('Scenario name (`default`, `bare-host`)'),
    description: z.string().default('').describe('One or two sentences for authors'),
    extends: z.never().optional().describe(
      'Name of a scenario this file starts from (`extends: default`), so it gives only what differs. A field replaces the ' +
      'base\'s and `null` removes it; objects (`cluster`, a machine\'s `sysctl` and `files`) merge field by field, lists ' +
      'replace whole. `machines` merge by name: a base machine keeps its place and takes the fields given here, ' +
      '`remove: true` drops it, a new machine goes right after the machine listed before it. Resolved when the file is ' +
      'read (scripts/lesson-files.ts `scenarioText`, the lesson page: scenarios/extends.ts), before this schema checks the whole',
    ),
    start: z.string().optional().describe('Machine the shell starts on (default: the first node, else the first machine)'),
    machines: z.array(MachineSchema).min(1).describe('Machines in build order'),
    cluster: ClusterSchema.optional().describe('A Kubernetes cluster on the machines of kind node'),
  }).strict();

  return { LinkSchema, MachineSchema, NodeSchema, ClusterSchema, ScenarioSchema };
}

type Schemas = ReturnType<typeof define>;
let defined: Schemas | undefined;

/** A whole scenario file (a z.lazy wrapper: the schema is built on the first parse). */
export const ScenarioSchema = z.lazy(() => (defined ??= define()).ScenarioSchema);

/** A parsed, validated scenario. */
export type ScenarioSpec = z.infer<Schemas['ScenarioSchema']>;
/** One machine of a scenario. */
export type MachineSpec = z.infer<Schemas['MachineSchema']>;
/** The cluster section. */
export type ClusterSpec = z.infer<Schemas['ClusterSchema']>;
