/** Test helper: Service ports with the API's defaults. */
import type { ProxyServicePort } from './types.ts';

/** A Service port with the API's defaults. */
export function svcPort(over: Partial<ProxyServicePort>): ProxyServicePort {
  return {
    namespace: 'default', name: 'web', portName: 'http', protocol: 'TCP', clusterIP: '10.96.0.10', port: 80,
    nodePort: 0, externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [], sessionAffinity: 'None',
    stickyMaxAgeSeconds: 10800, externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
    healthCheckNodePort: 0, ...over,
  };
}
