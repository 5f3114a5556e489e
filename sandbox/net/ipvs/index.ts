/**
 * IPVS, the kernel's layer-4 load balancer (net/netfilter/ipvs/): virtual services and real
 * servers (services.ts), the connection table and scheduling (conns.ts). The datapath calls
 * ip_vs_in / ip_vs_out from its hooks (../datapath/ipvs.ts); ipvsadm and kube-proxy's IPVS
 * mode change the services. Only NAT forwarding (Masq) and the rr scheduler are modelled.
 * May import: core, wire, net types.
 */
export type { IpvsConn, IpvsConnState, IpvsDest, IpvsProto, IpvsService, IpvsState, IpvsStats } from './types.ts';
export { addService, changeDest, deleteService, editService, findService, flushServices, ipvsOf, zeroStats, SCHEDULERS, type ServiceSpec } from './services.ts';
export { destConns, ipvsIn, ipvsOut, liveConns, STATE_TIMEOUT_S, type IpvsVerdict } from './conns.ts';
