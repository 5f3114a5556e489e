/**
 * IPVS state of one network namespace (net/netfilter/ipvs/): virtual services, their real
 * servers (destinations) and the connection table, as ipvsadm(8) shows them. Plain data on
 * the namespace (`ns.ipvs`), so a world snapshot copies it.
 */
import type { Ipv4 } from '../../wire/index.ts';

/** The protocols a virtual service can carry here (ipvsadm -t / -u). */
export type IpvsProto = 'tcp' | 'udp';

/** Packet and byte counters (struct ip_vs_stats; `ipvsadm -Ln --stats`). */
export interface IpvsStats {
  conns: number;
  inpkts: number;
  outpkts: number;
  inbytes: number;
  outbytes: number;
}

/** A real server of a virtual service (struct ip_vs_dest), always masquerading (NAT). */
export interface IpvsDest {
  addr: Ipv4;
  port: number;
  weight: number;
  stats: IpvsStats;
}

/** A virtual service (struct ip_vs_service). */
export interface IpvsService {
  proto: IpvsProto;
  addr: Ipv4;
  port: number;
  /** Scheduler name; only `rr` is modelled. */
  scheduler: string;
  /** `persistent N` (IP_VS_SVC_F_PERSISTENT, seconds), absent when not persistent. */
  persistent?: number;
  /** Real servers in the order they were added (the rr scheduler's list order). */
  dests: IpvsDest[];
  /** ip_vs_rr's cursor: the destination picked last (its addr:port), absent before the first pick. */
  rrLast?: string;
  stats: IpvsStats;
}

/** IPVS connection states as /proc/net/ip_vs_conn names them (ip_vs_proto_tcp.c, _udp.c). */
export type IpvsConnState = 'NONE' | 'ESTABLISHED' | 'SYN_RECV' | 'FIN_WAIT' | 'TIME_WAIT' | 'CLOSE' | 'UDP';

/** One entry of the connection table (struct ip_vs_conn); a persistence template has cport 0. */
export interface IpvsConn {
  proto: IpvsProto;
  caddr: Ipv4;
  cport: number;
  vaddr: Ipv4;
  vport: number;
  daddr: Ipv4;
  dport: number;
  state: IpvsConnState;
  /** A persistence template (IP_VS_CONN_F_TEMPLATE): client address to real server. */
  template: boolean;
  /** Each side sent a FIN (for the FIN_WAIT -> TIME_WAIT step). */
  fin?: { client: boolean; server: boolean };
  /** Virtual ms when the entry expires. */
  expires: number;
}

/** The namespace's IPVS table. */
export interface IpvsState {
  services: IpvsService[];
  conns: IpvsConn[];
}
