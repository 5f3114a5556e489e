/**
 * Kubernetes API objects as the sandbox stores them, and the cluster's runtime state. Plain
 * data only (records, arrays, Maps), so the whole cluster is copied with the world by
 * structuredClone. Objects keep the API's JSON shape (metadata/spec/status), because kubectl
 * prints them back as YAML and JSON exactly as the API server would.
 */

import type { CalicoState } from './calico/types.ts';

/** A reference from a dependent object to its owner (ReplicaSet -> Deployment, Pod -> ReplicaSet). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metadata of every object (k8s.io/apimachinery ObjectMeta, the fields the sandbox uses). */
export interface ObjectMeta {
  name: string;
  /** Absent for cluster-scoped kinds (Namespace, Node). */
  namespace?: string;
  generateName?: string;
  uid: string;
  /** Decimal text, as the API server hands it out (bumped on every write). */
  resourceVersion: string;
  /** Bumped when spec changes (Deployments, ReplicaSets). */
  generation?: number;
  /** RFC 3339 in UTC without fractions (`2026-11-23T16:49:00Z`). */
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

/**
 * Any stored object. Kind-specific shapes (below and in the modules of each kind) narrow `spec`/`status`;
 * the store itself only needs metadata.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  /** ConfigMap data. */
  data?: Record<string, string>;
  /** Endpoints subsets, EndpointSlice endpoints/ports/addressType and other top-level fields. */
  [field: string]: unknown;
}

/** A label selector as the API writes it (metav1.LabelSelector). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** A container of a Pod spec (the fields the sandbox models). */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number; protocol?: string; hostPort?: number; hostIP?: string }[];
  env?: { name: string; value?: string }[];
}

/** Pod spec (the fields the sandbox models). */
export interface PodSpec {
  containers: ContainerSpec[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  restartPolicy?: string;
  hostNetwork?: boolean;
  dnsPolicy?: string;
  terminationGracePeriodSeconds?: number;
  [field: string]: unknown;
}

/** A Pod condition (`kubectl wait --for=condition=Ready`). */
export interface PodCondition {
  type: 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready' | 'PodReadyToStartContainers';
  status: 'True' | 'False';
  lastTransitionTime: string;
  lastProbeTime: null;
}

/** Pod status as the kubelet reports it. */
export interface PodStatus {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: {
    name: string; image: string; imageID: string; containerID: string; ready: boolean;
    restartCount: number; started: boolean; state: Record<string, Record<string, string>>;
  }[];
  qosClass?: string;
}

/** A Pod. */
export interface Pod extends KubeObject {
  kind: 'Pod';
  spec: PodSpec & Record<string, unknown>;
  status?: PodStatus & Record<string, unknown>;
}

/** Pod template inside a Deployment or ReplicaSet. */
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

/** One change in the store, as a watch delivers it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  /** `namespace/name` or `name` for cluster-scoped kinds. */
  key: string;
  resourceVersion: number;
  /** The object after the change (before it, for DELETED). */
  object: KubeObject;
}

/** How pod traffic crosses between nodes (plain routes, flannel host-gw, flannel VXLAN). */
export type PodNetworkMode = 'routes' | 'host-gw' | 'vxlan';

/** Cluster-wide settings from the scenario. */
export interface ClusterConfig {
  /** `--cluster-cidr` (10.244.0.0/16). */
  clusterCidr: string;
  /** `--service-cluster-ip-range` (10.96.0.0/12). */
  serviceCidr: string;
  /** `--node-cidr-mask-size` (24). */
  nodeCidrMaskSize: number;
  network: PodNetworkMode;
  /** The CNI plugin: flannel (bridge + host-local, the default) or calico (cali veths, /32 routes, BGP). */
  cni?: 'flannel' | 'calico';
  /** Whether a policy agent enforces NetworkPolicy (Canal-like); plain flannel ignores them. */
  networkPolicy: boolean;
  /** `cluster.local`. */
  clusterDomain: string;
  /** MTU of the pod network (1450 for VXLAN, else the node NIC's 1500). */
  mtu: number;
  /** kube-proxy mode as its ConfigMap says (`iptables`). */
  proxyMode: string;
  /** routes mode: the machine holding one route per node podCIDR (the VPC route table / LAN router). */
  router?: string;
  /** routes mode: how many routes the router's table (the VPC route table) holds; unlimited when absent. */
  routeTableLimit?: number;
  /** kubelet/kubectl version strings (`v1.31.2`). */
  version: string;
  /**
   * The cloud's L4 load balancer for Services of type LoadBalancer (cloud-lb/): the machine
   * that hosts the external IPs and the pool they come from (`203.0.113.240/28` or
   * `a.b.c.d-e.f.g.h`). Absent: LoadBalancer Services stay `<pending>`, as on bare metal.
   */
  loadBalancer?: { machine: string; pool: string; dev?: string };
}

/** What runs on one node besides the API: its machine, and flannel's lease. */
export interface NodeRuntime {
  /** Machine name of the node in the world. */
  machine: string;
  /** InternalIP. */
  ip: string;
  /** Name of the node's underlay NIC (eth0). */
  nic: string;
  /** flannel.1 MAC (the VTEP address other nodes put in their neighbour and fdb entries). */
  vtepMac?: string;
  /** kube-proxy's mode on this node when it differs from the cluster's (`mode: ipvs`). */
  proxyMode?: 'iptables' | 'ipvs';
  /**
   * Remote subnets this node's flanneld programmed: subnet -> the lease it programmed them
   * from (read from the remote Node's flannel annotations, see controllers/flannel-lease.ts).
   */
  flannelPeers: Map<string, FlannelLease>;
}

/** A remote node's flannel lease as flanneld reads it from the Node's annotations (nodeToLease). */
export interface FlannelLease {
  /** The Node's name. */
  node: string;
  /** `flannel.alpha.coreos.com/public-ip`: where pod traffic for its subnet is sent. */
  publicIp: string;
  /** `flannel.alpha.coreos.com/backend-type`. */
  backendType: string;
  /** vxlan's `VtepMAC` from `flannel.alpha.coreos.com/backend-data` (absent for host-gw). */
  vtepMac?: string;
}

/** One container's runtime state. */
export interface ContainerRuntime {
  name: string;
  image: string;
  /** Machine name in the world (`namespace/pod/container`). */
  machine: string;
  containerId: string;
  /** Lines `kubectl logs` prints. */
  logs: string[];
}

/** What the kubelet and the CNI plugin hold for a running pod. */
export interface PodRuntime {
  uid: string;
  node: string;
  /** World id of the pod's network namespace (held by the pause container). */
  netns: number;
  /** Name under /run/netns on the node (`cni-<uuid>`). */
  netnsName: string;
  /** Host end of the veth (`veth1a2b3c4d`), empty with hostNetwork. */
  hostVeth: string;
  ip: string;
  /** pause container id (the CNI "container id" host-local records). */
  sandboxId: string;
  /**
   * The CNI network list the ADD used and its result (libcni's cache), so that DEL runs the
   * same plugins even after /etc/cni/net.d changed. Absent with hostNetwork.
   */
  network?: { file: string; name: string; cniVersion: string; plugins: Record<string, unknown>[]; result: unknown };
  containers: ContainerRuntime[];
  /**
   * The init containers that ran, in spec order (they have exited: no machine). Their logs
   * stay readable (`kubectl logs POD -c INIT`); the modelled init program (istio-iptables)
   * is given no output, see cluster/mesh/init-containers.ts.
   */
  initContainers?: ContainerRuntime[];
  /** Ephemeral containers started in the pod (`kubectl debug`), in spec order; absent until the first. */
  ephemeral?: ContainerRuntime[];
  /** Containers whose image could not be pulled -> virtual time (ms) of the failed pull. */
  pullFailedAt?: Record<string, number>;
  /**
   * The pod has finished (Succeeded or Failed): the kubelet killed its sandbox (machines,
   * network namespace, CNI DEL); the container logs stay readable.
   */
  stopped?: boolean;
  /** Containers (init or regular) the kubelet restarts in back-off -> virtual time (ms) of their first exit (controllers/container-exit.ts). */
  crashLoopSince?: Record<string, number>;
}

/** The whole cluster: API objects, watches and runtime state. */
export interface ClusterState {
  config: ClusterConfig;
  /** kind -> key (`ns/name` or `name`) -> object, in insertion order. */
  objects: Map<string, Map<string, KubeObject>>;
  /** Last resourceVersion handed out. */
  resourceVersion: number;
  /** Change log for watches (bounded; see store.ts). */
  events: WatchEvent[];
  nodes: Map<string, NodeRuntime>;
  /** Pod key (`ns/name`) -> runtime. */
  pods: Map<string, PodRuntime>;
  /** Node IPAM: podCIDRs handed out (cidr -> node name). */
  podCidrs: Map<string, string>;
  /** Virtual ms of the last periodic resync (periodic.ts; absent: boot time, 0). */
  lastPeriodicSync?: number;
  /**
   * The kubelet's last Service variables per `namespace/links|master` (service-env), flat and
   * shared by the containers started with them; `fingerprint` says which Services made them.
   */
  serviceEnvSets?: Map<string, { fingerprint: string; vars: readonly string[] }>;
  /**
   * The event recorder's aggregation cache (events.ts): involved uid, reason and message ->
   * the name of the Event (in the object's namespace) that counts them, as client-go's EventCorrelator keeps one,
   * so recording an event does not scan every Event.
   */
  eventKeys?: Map<string, string>;
  /**
   * The EventAggregator's cache (events.ts): source, involved uid, type and reason -> the
   * distinct messages seen (at most 9 kept) and the virtual ms of the last one.
   */
  eventAggregates?: Map<string, { messages: string[]; last: number }>;
  /** The virtual ms of the last Event named and how many were named in it (events.ts). */
  eventStamp?: { ms: number; n: number };
  /**
   * PodGC's quarantine: uid of a pod bound to a node that does not exist -> the virtual ms
   * when the collector first saw it so (controllers/garbage-collector.ts).
   */
  orphanedPodsSeen?: Map<string, number>;
  /** Calico's IPAM blocks and BGP speakers, when the pod network is Calico (calico/types.ts). */
  calico?: CalicoState;
}
