/**
 * The programs the cluster's images run, by the name ../images.ts gives their listeners: the
 * one table of the cluster's servers. The net layer serves the names of its own table
 * (sandbox/net/apps/index.ts) and, through `hostApps`, these. To add a server, add its line
 * here and name it in the image's listeners.
 */
import { hostApps, type App } from '../../net/apps/index.ts';
import { agnhostNetexec, agnhostNetexecSctp, agnhostNetexecUdp, agnhostServeHostname, agnhostServeHostnameUdp, httpEcho, nginx, whoami } from './servers.ts';
import { coredns, corednsTcp } from '../dns/coredns.ts';
import { ingressNginx } from '../ingress/nginx.ts';
import { envoyInbound, envoyOutbound } from '../mesh/envoy.ts';
import { kubeApiserver, kubelet, kubeletHealthz, kubeProxyHealthz, kubeProxyMetrics, kubeProxyServiceHealth } from '../host-daemons/apps.ts';

/** The cluster's programs. */
export const CLUSTER_APPS: ReadonlyMap<string, App> = new Map<string, App>([
  ['nginx', nginx],
  ['whoami', whoami],
  ['agnhost-netexec', agnhostNetexec],
  ['agnhost-netexec-udp', agnhostNetexecUdp],
  ['agnhost-netexec-sctp', agnhostNetexecSctp],
  ['agnhost-serve-hostname', agnhostServeHostname],
  ['agnhost-serve-hostname-udp', agnhostServeHostnameUdp],
  ['http-echo', httpEcho],
  ['coredns', coredns],
  ['coredns-tcp', corednsTcp],
  ['ingress-nginx', ingressNginx],
  ['envoy-outbound', envoyOutbound],
  ['envoy-inbound', envoyInbound],
  ['kube-apiserver', kubeApiserver],
  ['kubelet', kubelet],
  ['kubelet-healthz', kubeletHealthz],
  ['kube-proxy-healthz', kubeProxyHealthz],
  ['kube-proxy-metrics', kubeProxyMetrics],
  ['kube-proxy-service-health', kubeProxyServiceHealth],
]);

// The one hand-over from a higher layer to the sockets: importing the cluster layer makes its
// programs servable, as it makes its kinds and controllers known.
hostApps(CLUSTER_APPS);
