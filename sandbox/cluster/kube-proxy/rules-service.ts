/**
 * The rules of one Service port in one sync (the body of the per-Service loop of
 * pkg/proxy/iptables/proxier.go syncProxyRules, and writeServiceToEndpointRules): ClusterIP,
 * external IP, load-balancer and NodePort captures in KUBE-SERVICES / KUBE-NODEPORTS, REJECT or
 * DROP in the filter table when there are no (local) endpoints, then the KUBE-EXT, KUBE-FW,
 * KUBE-SVC, KUBE-SVL and KUBE-SEP chains. Argument order is upstream's; iptables-save
 * reorders matches when it prints them.
 */
import type { ProxyEndpoint, ProxyNode, ProxyServicePort } from './types.ts';
import type { ServiceChains } from './chain-names.ts';
import { externalPolicyLocal, externallyAccessible, endpointString, type Categorized } from './categorize.ts';
import { computeProbability } from './probability.ts';
import { parseCidr, parseIpv4, inCidr } from '../../wire/index.ts';

/** Buffers and settings shared by every Service port of one sync. */
export interface SyncContext {
  node: ProxyNode;
  largeClusterMode: boolean;
  filterRules: string[];
  natChains: string[];
  natRules: string[];
  /** nat chains written in this sync. */
  active: Set<string>;
  /**
   * Partial sync: when set, Service ports not in it keep their SVC/SVL/EXT/FW/SEP chains as
   * they are (their lines are computed and dropped, as upstream's skippedNatChains/Rules).
   */
  changed?: Set<string>;
}

const chainLine = (c: string) => `:${c} - [0:0]`;

/** Writes all rules of one Service port. `sep` names an endpoint's KUBE-SEP chain. */
export function writeServicePort(ctx: SyncContext, svc: ProxyServicePort, name: string, proto: string, chains: ServiceChains, cat: Categorized, sep: (e: ProxyEndpoint) => string): void {
  const { node, filterRules, active } = ctx;
  let { natChains, natRules } = ctx;
  const p = `-m ${proto} -p ${proto}`;
  const usesClusterPolicyChain = cat.cluster.length > 0;
  const usesLocalPolicyChain = cat.local.length > 0;
  const hasEndpoints = cat.hasAny;

  let internalTrafficChain = chains.svc;
  let hasInternalEndpoints = hasEndpoints;
  if (svc.internalTrafficPolicy === 'Local') {
    internalTrafficChain = chains.svl;
    if (cat.local.length === 0) hasInternalEndpoints = false;
  }
  let externalPolicyChain = chains.svc;
  let hasExternalEndpoints = hasEndpoints;
  if (externalPolicyLocal(svc)) {
    externalPolicyChain = chains.svl;
    if (cat.local.length === 0) hasExternalEndpoints = false;
  }
  const externalTrafficChain = chains.ext;
  // Needed even without externally usable endpoints, for the local short-circuit rules.
  const usesExternalTrafficChain = hasEndpoints && externallyAccessible(svc);
  const usesFWChain = hasEndpoints && svc.loadBalancerIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
  const loadBalancerTrafficChain = usesFWChain ? chains.fw : externalTrafficChain;

  let internalFilterTarget = '', internalFilterComment = '', externalFilterTarget = '', externalFilterComment = '';
  if (!hasEndpoints) {
    internalFilterTarget = externalFilterTarget = 'REJECT';
    internalFilterComment = externalFilterComment = `"${name} has no endpoints"`;
  } else {
    if (!hasInternalEndpoints) {
      internalFilterTarget = 'DROP';
      internalFilterComment = `"${name} has no local endpoints"`;
    }
    if (!hasExternalEndpoints) {
      externalFilterTarget = 'DROP';
      externalFilterComment = `"${name} has no local endpoints"`;
    }
  }

  // Capture the cluster IP.
  if (hasInternalEndpoints) {
    natRules.push(`-A KUBE-SERVICES -m comment --comment "${name} cluster IP" ${p} -d ${svc.clusterIP} --dport ${svc.port} -j ${internalTrafficChain}`);
  } else {
    filterRules.push(`-A KUBE-SERVICES -m comment --comment ${internalFilterComment} ${p} -d ${svc.clusterIP} --dport ${svc.port} -j ${internalFilterTarget}`);
  }

  for (const ip of svc.externalIPs) {
    if (hasEndpoints) natRules.push(`-A KUBE-SERVICES -m comment --comment "${name} external IP" ${p} -d ${ip} --dport ${svc.port} -j ${externalTrafficChain}`);
    if (!hasExternalEndpoints) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} ${p} -d ${ip} --dport ${svc.port} -j ${externalFilterTarget}`);
  }

  for (const ip of svc.loadBalancerIPs) {
    if (hasEndpoints) natRules.push(`-A KUBE-SERVICES -m comment --comment "${name} loadbalancer IP" ${p} -d ${ip} --dport ${svc.port} -j ${loadBalancerTrafficChain}`);
    if (usesFWChain) filterRules.push(`-A KUBE-PROXY-FIREWALL -m comment --comment "${name} traffic not accepted by ${chains.fw}" ${p} -d ${ip} --dport ${svc.port} -j DROP`);
  }
  if (!hasExternalEndpoints) {
    for (const ip of svc.loadBalancerIPs) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} ${p} -d ${ip} --dport ${svc.port} -j ${externalFilterTarget}`);
  }

  if (svc.nodePort !== 0) {
    // The localhost nfacct rule is omitted: the sandbox has no nfacct counters, and upstream
    // writes that rule only when the counter could be created.
    if (hasEndpoints) natRules.push(`-A KUBE-NODEPORTS -m comment --comment ${name} ${p} --dport ${svc.nodePort} -j ${externalTrafficChain}`);
    if (!hasExternalEndpoints) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} -m addrtype --dst-type LOCAL ${p} --dport ${svc.nodePort} -j ${externalFilterTarget}`);
  }

  if (svc.healthCheckNodePort !== 0) {
    filterRules.push(`-A KUBE-NODEPORTS -m comment --comment "${name} health check node port" -m tcp -p tcp --dport ${svc.healthCheckNodePort} -j ACCEPT`);
  }

  // Unchanged Service in a partial sync: its own chains stay as they are in the kernel.
  if (ctx.changed && !ctx.changed.has(`${name}/${proto}`)) {
    natChains = [];
    natRules = [];
  }
  const inner: SyncContext = { ...ctx, natChains, natRules };
  const ifNotLocal = node.clusterCIDR ? `! -s ${node.clusterCIDR}` : undefined;
  const ifLocal = node.clusterCIDR ? `-s ${node.clusterCIDR}` : undefined;
  if (hasInternalEndpoints) {
    const args = `-m comment --comment "${name} cluster IP" ${p} -d ${svc.clusterIP} --dport ${svc.port}`;
    if (node.masqueradeAll) natRules.push(`-A ${internalTrafficChain} ${args} -j KUBE-MARK-MASQ`);
    // Off-cluster sources reaching a ClusterIP may be routed back through another node: masquerade them.
    else if (ifNotLocal) natRules.push(`-A ${internalTrafficChain} ${args} ${ifNotLocal} -j KUBE-MARK-MASQ`);
  }

  if (usesExternalTrafficChain) {
    natChains.push(chainLine(externalTrafficChain));
    active.add(externalTrafficChain);
    if (!externalPolicyLocal(svc)) {
      natRules.push(`-A ${externalTrafficChain} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`);
    } else {
      // Pods reaching an external destination skip the traffic policy, as if they went out to the load balancer and back.
      if (ifLocal) natRules.push(`-A ${externalTrafficChain} -m comment --comment "pod traffic for ${name} external destinations" ${ifLocal} -j ${chains.svc}`);
      natRules.push(`-A ${externalTrafficChain} -m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
      natRules.push(`-A ${externalTrafficChain} -m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${chains.svc}`);
    }
    if (hasExternalEndpoints) natRules.push(`-A ${externalTrafficChain} -j ${externalPolicyChain}`);
  }

  if (usesFWChain) {
    natChains.push(chainLine(chains.fw));
    active.add(chains.fw);
    const head = `-A ${chains.fw} -m comment --comment "${name} loadbalancer IP"`;
    let allowFromNode = false;
    const nodeIP = parseIpv4(node.nodeIP);
    for (const cidr of svc.loadBalancerSourceRanges) {
      natRules.push(`${head} -s ${cidr} -j ${externalTrafficChain}`);
      const c = parseCidr(cidr);
      if (c && nodeIP !== undefined && inCidr(nodeIP, c)) allowFromNode = true;
    }
    // A node reaching its own VIP loops back with the VIP as source.
    if (allowFromNode) for (const ip of svc.loadBalancerIPs) natRules.push(`${head} -s ${ip} -j ${externalTrafficChain}`);
    natRules.push(`-A ${chains.fw} -m comment --comment "other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL"`);
  }

  if (usesClusterPolicyChain) {
    natChains.push(chainLine(chains.svc));
    active.add(chains.svc);
    writeServiceToEndpointRules(inner, name, svc, chains.svc, cat.cluster, sep);
  }
  if (usesLocalPolicyChain) {
    natChains.push(chainLine(chains.svl));
    active.add(chains.svl);
    writeServiceToEndpointRules(inner, name, svc, chains.svl, cat.local, sep);
  }

  for (const ep of cat.reachable) {
    const chain = sep(ep);
    natChains.push(chainLine(chain));
    active.add(chain);
    let args = `-A ${chain}${ctx.largeClusterMode ? '' : ` -m comment --comment ${name}`}`;
    // Hairpin: a pod reaching itself through the Service must be SNATed or it would answer itself directly.
    natRules.push(`${args} -s ${ep.ip} -j KUBE-MARK-MASQ`);
    if (svc.sessionAffinity === 'ClientIP') args += ` -m recent --name ${chain} --set`;
    natRules.push(`${args} ${p} -j DNAT --to-destination ${endpointString(ep)}`);
  }
}

/** Affinity rules first (`-m recent --rcheck`), then one statistic rule per endpoint, the last unconditional. */
function writeServiceToEndpointRules(ctx: SyncContext, name: string, svc: ProxyServicePort, chain: string, eps: ProxyEndpoint[], sep: (e: ProxyEndpoint) => string): void {
  const comment = (ep: ProxyEndpoint) => (ctx.largeClusterMode ? '' : ` -m comment --comment "${name} -> ${endpointString(ep)}"`);
  if (svc.sessionAffinity === 'ClientIP') {
    for (const ep of eps) {
      const c = sep(ep);
      ctx.natRules.push(`-A ${chain}${comment(ep)} -m recent --name ${c} --rcheck --seconds ${svc.stickyMaxAgeSeconds} --reap -j ${c}`);
    }
  }
  const n = eps.length;
  eps.forEach((ep, i) => {
    const stat = i < n - 1 ? ` -m statistic --mode random --probability ${computeProbability(n - i)}` : '';
    ctx.natRules.push(`-A ${chain}${comment(ep)}${stat} -j ${sep(ep)}`);
  });
}
