/**
 * Services in the API server and the kubelet: defaulting and validation (validate.ts),
 * ClusterIP/NodePort allocation (allocate.ts, a controller that runs first in every round),
 * the fields strict decoding knows (for kubectl's `unknown field` errors), and the Service
 * environment variables every new container gets (../service-env).
 * May import: core, wire, net, fabric, cluster's store/registry/kinds.
 */
import { registerController } from '../registry.ts';
import { registerValidator } from '../kinds.ts';
import { SHAPES, type Shape } from '../validation.ts';
import { registerPodEnvProvider } from '../controllers/kubelet.ts';
import { validateService } from './validate.ts';
import { reconcileServiceAllocation } from './allocate.ts';
import { sharedServiceEnv } from '../service-env/index.ts';

const META: Shape = 'any';
const SELECTOR: Shape = { matchLabels: 'map', matchExpressions: [{ key: 'any', operator: 'any', values: 'any' }] };

SHAPES.Service = {
  apiVersion: 'any', kind: 'any', metadata: META, status: 'any',
  spec: {
    type: 'any', selector: 'map', clusterIP: 'any', clusterIPs: 'any', externalIPs: 'any', externalName: 'any', sessionAffinity: 'any',
    sessionAffinityConfig: 'any', externalTrafficPolicy: 'any', internalTrafficPolicy: 'any', healthCheckNodePort: 'any',
    loadBalancerIP: 'any', loadBalancerSourceRanges: 'any', loadBalancerClass: 'any', allocateLoadBalancerNodePorts: 'any',
    publishNotReadyAddresses: 'any', ipFamilies: 'any', ipFamilyPolicy: 'any', trafficDistribution: 'any',
    ports: [{ name: 'any', port: 'any', targetPort: 'any', protocol: 'any', nodePort: 'any', appProtocol: 'any' }],
  },
};
SHAPES.NetworkPolicy = {
  apiVersion: 'any', kind: 'any', metadata: META,
  spec: {
    podSelector: SELECTOR, policyTypes: 'any',
    ingress: [{ from: [{ podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: { cidr: 'any', except: 'any' } }], ports: [{ protocol: 'any', port: 'any', endPort: 'any' }] }],
    egress: [{ to: [{ podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: { cidr: 'any', except: 'any' } }], ports: [{ protocol: 'any', port: 'any', endPort: 'any' }] }],
  },
};
SHAPES.Ingress = {
  apiVersion: 'any', kind: 'any', metadata: META, status: 'any',
  spec: { ingressClassName: 'any', defaultBackend: 'any', tls: 'any', rules: [{ host: 'any', http: { paths: [{ path: 'any', pathType: 'any', backend: { service: { name: 'any', port: { name: 'any', number: 'any' } }, resource: 'any' } }] } }] },
};

registerValidator('Service', validateService);
registerController({ name: 'service-allocator', order: 5, reconcile: (c, w) => reconcileServiceAllocation(c, w) });
registerPodEnvProvider((c, pod) => sharedServiceEnv(c, pod));
