/**
 * kube-proxy's IPVS proxier, the pure part of one sync (pkg/proxy/ipvs/proxier.go
 * syncProxyRules and writeIptablesRules): from the Service ports, their endpoints and the
 * node's addresses, the virtual servers with their real servers, the addresses to bind on
 * kube-ipvs0, each ip set's entries, and the iptables-restore payload. ipvs-sync.ts applies it.
 *
 * Where upstream iterates Go maps the sandbox sorts, so that a seed replays exactly.
 */
import type { ProxyEntry, ProxyNode } from './types.ts';
import { categorizeEndpoints, endpointString, externalPolicyLocal, sortEndpoints } from './categorize.ts';
import { commentOf, IPVS_CHAINS, KUBE_SETS, SET_RULES } from './ipvs-sets.ts';
import { parseCidr, parseIpv4, inCidr } from '../../wire/index.ts';

/** A virtual server kube-proxy wants, with its real servers (`ip:port`, in the order added). */
export interface WantedService {
  proto: 'tcp' | 'udp';
  addr: string;
  port: number;
  /** sessionAffinity ClientIP: `persistent` with stickyMaxAgeSeconds. */
  persistent?: number;
  dests: string[];
}

/** The desired state of one node after a sync. */
export interface IpvsSync {
  services: WantedService[];
  /** Addresses kube-ipvs0 must hold (/32 each). */
  bind: string[];
  /** Entries per set name (every set of KUBE_SETS has a key). */
  sets: Map<string, Set<string>>;
  /** The iptables-restore payload (nat, then filter). */
  payload: string;
}

/** syncEndpoint's choice: the local endpoints when the policy is Local and there are some, else the cluster ones. */
function destsFor(onlyLocal: boolean, cat: ReturnType<typeof categorizeEndpoints>): string[] {
  const chosen = onlyLocal && cat.local.length > 0 ? cat.local : cat.cluster;
  return sortEndpoints(chosen).map(endpointString);
}

/**
 * One sync. `nodeAddrs` are the node's own IPv4 addresses off kube-ipvs0, loopback excluded
 * (GetAllLocalAddressesExcept): NodePorts get a virtual server on each.
 */
export function planIpvsSync(entries: ProxyEntry[], node: ProxyNode, nodeAddrs: string[]): IpvsSync {
  const sets = new Map<string, Set<string>>(KUBE_SETS.map((s) => [s.name, new Set<string>()]));
  const add = (set: string, entry: string) => sets.get(set)!.add(entry);
  const services: WantedService[] = [];
  const bind = new Set<string>();
  const nodeIP = parseIpv4(node.nodeIP);
  const sorted = [...entries].sort((a, b) => {
    const ka = `${a.svc.namespace}/${a.svc.name}:${a.svc.portName}/${a.svc.protocol}`;
    const kb = `${b.svc.namespace}/${b.svc.name}:${b.svc.portName}/${b.svc.protocol}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const { svc, endpoints } of sorted) {
    if (svc.protocol === 'SCTP') continue;
    const proto = svc.protocol.toLowerCase() as 'tcp' | 'udp';
    const cat = categorizeEndpoints(endpoints, svc, node.nodeName);
    const vs = (addr: string, port: number, onlyLocal: boolean): WantedService => ({
      proto, addr, port, ...(svc.sessionAffinity === 'ClientIP' ? { persistent: svc.stickyMaxAgeSeconds } : {}), dests: destsFor(onlyLocal, cat),
    });
    // Hairpin: a local endpoint reaching its own Service is masqueraded (KUBE-LOOP-BACK).
    for (const e of endpoints) if (e.nodeName === node.nodeName) add('KUBE-LOOP-BACK', `${e.ip},${proto}:${e.port},${e.ip}`);
    add('KUBE-CLUSTER-IP', `${svc.clusterIP},${proto}:${svc.port}`);
    services.push(vs(svc.clusterIP, svc.port, svc.internalTrafficPolicy === 'Local'));
    bind.add(svc.clusterIP);
    const eLocal = externalPolicyLocal(svc);
    for (const ip of svc.externalIPs) {
      add(eLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', `${ip},${proto}:${svc.port}`);
      services.push(vs(ip, svc.port, eLocal));
      if (!nodeAddrs.includes(ip)) bind.add(ip);
    }
    for (const ip of svc.loadBalancerIPs) {
      const entry = `${ip},${proto}:${svc.port}`;
      add('KUBE-LOAD-BALANCER', entry);
      if (eLocal) add('KUBE-LOAD-BALANCER-LOCAL', entry);
      if (svc.loadBalancerSourceRanges.length) {
        add('KUBE-LOAD-BALANCER-FW', entry);
        let allowFromNode = false;
        for (const cidr of svc.loadBalancerSourceRanges) {
          const c = parseCidr(cidr);
          if (!c) continue;
          add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${entry},${cidr}`);
          if (nodeIP !== undefined && inCidr(nodeIP, c)) allowFromNode = true;
        }
        if (allowFromNode) add('KUBE-LOAD-BALANCER-SOURCE-IP', `${entry},${ip}`);
      }
      services.push(vs(ip, svc.port, eLocal));
      if (!nodeAddrs.includes(ip)) bind.add(ip);
    }
    if (svc.nodePort !== 0 && nodeAddrs.length > 0) {
      add(proto === 'tcp' ? 'KUBE-NODE-PORT-TCP' : 'KUBE-NODE-PORT-UDP', String(svc.nodePort));
      if (eLocal) add(proto === 'tcp' ? 'KUBE-NODE-PORT-LOCAL-TCP' : 'KUBE-NODE-PORT-LOCAL-UDP', String(svc.nodePort));
      for (const ip of nodeAddrs) services.push(vs(ip, svc.nodePort, eLocal));
    }
    if (svc.healthCheckNodePort !== 0) add('KUBE-HEALTH-CHECK-NODE-PORT', String(svc.healthCheckNodePort));
  }
  for (const ip of bind) add('KUBE-IPVS-IPS', ip);
  return { services, bind: [...bind], sets, payload: ipvsPayload(sets, node) };
}

/** writeIptablesRules (after createAndLinkKubeChain's chain lines). */
function ipvsPayload(sets: Map<string, Set<string>>, node: ProxyNode): string {
  const mark = `0x${(1 << (node.masqueradeBit ?? 14)).toString(16).padStart(6, '0')}`;
  const nat: string[] = [];
  const filter: string[] = [];
  const has = (name: string) => (sets.get(name)?.size ?? 0) > 0;
  const cmt = (name: string) => `-m comment --comment "${commentOf(name)}"`;
  nat.push('-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN');
  for (const r of SET_RULES) {
    if (!has(r.name)) continue;
    (r.table === 'nat' ? nat : filter).push(`-A ${r.from}${r.proto ? ` -p ${r.proto}` : ''} ${cmt(r.name)} -m set --match-set ${r.name} ${r.match} -j ${r.to}`);
  }
  if (has('KUBE-CLUSTER-IP')) {
    const head = `-A KUBE-SERVICES ${cmt('KUBE-CLUSTER-IP')} -m set --match-set KUBE-CLUSTER-IP`;
    // Off-cluster sources reaching a VIP may bounce to another node: masquerade them.
    if (node.masqueradeAll) nat.push(`${head} dst,dst -j KUBE-MARK-MASQ`);
    else if (node.clusterCIDR) nat.push(`${head} dst,dst ! -s ${node.clusterCIDR} -j KUBE-MARK-MASQ`);
    // Without a local-traffic detector: the node's own connections come from a VIP (kube-ipvs0).
    else nat.push(`${head} src,dst -j KUBE-MARK-MASQ`);
  }
  const externalRules = (args: string) => {
    nat.push(`${args} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT`);
    nat.push(`${args} -m addrtype --dst-type LOCAL -j ACCEPT`);
  };
  if (has('KUBE-EXTERNAL-IP')) {
    const args = `-A KUBE-SERVICES ${cmt('KUBE-EXTERNAL-IP')} -m set --match-set KUBE-EXTERNAL-IP dst,dst`;
    nat.push(`${args} -j KUBE-MARK-MASQ`);
    externalRules(args);
  }
  if (has('KUBE-EXTERNAL-IP-LOCAL')) externalRules(`-A KUBE-SERVICES ${cmt('KUBE-EXTERNAL-IP-LOCAL')} -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst`);
  nat.push('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT');
  nat.push('-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ');
  filter.push('-A KUBE-SOURCE-RANGES-FIREWALL -j DROP');
  // Upstream also drops node traffic to a load balancer whose source ranges leave the node out
  // (KUBE-IPVS-OUT-FILTER with `-m ipvs`, kubernetes issue 119656): the simulator has no
  // `-m ipvs` match, so those rules are not written (the lesson's Simulator notes say so).
  // acceptIPVSTraffic: the end of KUBE-SERVICES lets IPVS traffic through.
  for (const name of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER']) if (has(name)) nat.push(`-A KUBE-SERVICES -m set --match-set ${name} dst,dst -j ACCEPT`);
  filter.push(`-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`);
  filter.push('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  filter.push(`-A KUBE-NODE-PORT ${cmt('KUBE-HEALTH-CHECK-NODE-PORT')} -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT`);
  // Ports of the host are not reachable through a VIP (kubernetes issue 72236).
  for (const name of ['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL']) filter.push(`-A KUBE-IPVS-FILTER -m set --match-set ${name} dst,dst -j RETURN`);
  filter.push('-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN');
  filter.push('-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT');
  nat.push(`-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`);
  nat.push(`-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`);
  nat.push(`-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${node.randomFully ?? true ? ' --random-fully' : ''}`);
  nat.push(`-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`);
  const chains = (t: 'nat' | 'filter') => IPVS_CHAINS[t].map((c) => `:${c} - [0:0]`);
  return ['*nat', ...chains('nat'), ...nat, 'COMMIT', '*filter', ...chains('filter'), ...filter, 'COMMIT', ''].join('\n');
}
