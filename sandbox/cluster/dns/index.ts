/**
 * DNS in the cluster: CoreDNS's kubernetes-plugin answers (records.ts, a pure function of a
 * view of Services and EndpointSlices, view.ts), the CoreDNS app and image (coredns.ts),
 * pods' resolv.conf (resolv-conf.ts), exact wire sizes (wire-size.ts), and the client side
 * the dig/nslookup/host commands share (client/: query building, search order, BIND's record
 * presentation, the datapath transport).
 */
export { answerQuery, soaOf, RECORD_TTL, type Forwarder } from './records.ts';
export { dnsViewOf, type DnsClusterView, type DnsService, type DnsEndpoint } from './view.ts';
export { podResolvConf, parseResolvConf, formatResolvConf, type ResolvConf, type ResolvConfInput, type PodDnsConfig } from './resolv-conf.ts';
export { corednsRespond, currentView } from './coredns.ts';
export { dnsWireSize } from './wire-size.ts';
export { corefile, serviceRangeAddress, reconcileAddons } from './addons.ts';
