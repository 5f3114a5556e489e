/**
 * Services in the API server and the kubelet: defaulting and validation (validate.ts),
 * ClusterIP/NodePort allocation (allocate.ts, a controller that runs first in every round),
 * the fields strict decoding knows (for kubectl's `unknown field` errors), and the Service
 * environment variables every new container gets (../service-env).
 * May import: core, wire, net, fabric, cluster's store/registry/kinds.
 */
import { registerController } from '../registry.ts';
import { registerValidator } from '../kinds.ts';
import { OBJECT_META, SELECTOR, SHAPES, struct, type Shape } from '../validation.ts';
import { registerPodEnvProvider } from '../controllers/kubelet.ts';
import { validateService } from './validate.ts';
import { reconcileServiceAllocation } from './allocate.ts';
import { sharedServiceEnv } from '../service-env/index.ts';

const TOP = { apiVersion: 'string', kind: 'string', metadata: OBJECT_META } as const;
const PEER: Shape = struct('v1.NetworkPolicyPeer', {
  podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: struct('v1.IPBlock', { cidr: 'string', except: 'strings' }),
});
const NP_PORT: Shape = struct('v1.NetworkPolicyPort', { protocol: 'string', port: 'intstr', endPort: 'int32' });

SHAPES.Service = struct('v1.Service', {
  ...TOP, status: 'any',
  spec: struct('v1.ServiceSpec', {
    type: 'string', selector: 'map', clusterIP: 'string', clusterIPs: 'strings', externalIPs: 'strings', externalName: 'string', sessionAffinity: 'string',
    sessionAffinityConfig: 'any', externalTrafficPolicy: 'string', internalTrafficPolicy: 'string', healthCheckNodePort: 'int32',
    loadBalancerIP: 'string', loadBalancerSourceRanges: 'strings', loadBalancerClass: 'string', allocateLoadBalancerNodePorts: 'bool',
    publishNotReadyAddresses: 'bool', ipFamilies: 'strings', ipFamilyPolicy: 'string', trafficDistribution: 'string',
    ports: [struct('v1.ServicePort', { name: 'string', port: 'int32', targetPort: 'intstr', protocol: 'string', nodePort: 'int32', appProtocol: 'string' })],
  }),
});
SHAPES.NetworkPolicy = struct('v1.NetworkPolicy', {
  ...TOP,
  spec: struct('v1.NetworkPolicySpec', {
    podSelector: SELECTOR, policyTypes: 'strings',
    ingress: [struct('v1.NetworkPolicyIngressRule', { from: [PEER], ports: [NP_PORT] })],
    egress: [struct('v1.NetworkPolicyEgressRule', { to: [PEER], ports: [NP_PORT] })],
  }),
});
SHAPES.Ingress = struct('v1.Ingress', {
  ...TOP, status: 'any',
  spec: struct('v1.IngressSpec', {
    ingressClassName: 'string', defaultBackend: 'any', tls: [struct('v1.IngressTLS', { hosts: 'strings', secretName: 'string' })],
    rules: [struct('v1.IngressRule', { host: 'string', http: struct('v1.HTTPIngressRuleValue', { paths: [struct('v1.HTTPIngressPath', {
      path: 'string', pathType: 'string',
      backend: struct('v1.IngressBackend', { service: struct('v1.IngressServiceBackend', { name: 'string', port: struct('v1.ServiceBackendPort', { name: 'string', number: 'int32' }) }), resource: 'any' }),
    })] }) })],
  }),
});
SHAPES.IngressClass = struct('v1.IngressClass', { ...TOP, spec: struct('v1.IngressClassSpec', { controller: 'string', parameters: 'any' }) });
SHAPES.Endpoints = struct('v1.Endpoints', {
  ...TOP,
  subsets: [struct('v1.EndpointSubset', {
    addresses: [struct('v1.EndpointAddress', { ip: 'string', hostname: 'string', nodeName: 'string', targetRef: 'any' })],
    notReadyAddresses: [struct('v1.EndpointAddress', { ip: 'string', hostname: 'string', nodeName: 'string', targetRef: 'any' })],
    ports: [struct('v1.EndpointPort', { name: 'string', port: 'int32', protocol: 'string', appProtocol: 'string' })],
  })],
});
SHAPES.EndpointSlice = struct('v1.EndpointSlice', {
  ...TOP, addressType: 'string',
  endpoints: [struct('v1.Endpoint', {
    addresses: 'strings', conditions: struct('v1.EndpointConditions', { ready: 'bool', serving: 'bool', terminating: 'bool' }),
    hostname: 'string', targetRef: 'any', nodeName: 'string', zone: 'string', hints: 'any',
  })],
  ports: [struct('v1.EndpointPort', { name: 'string', port: 'int32', protocol: 'string', appProtocol: 'string' })],
});

registerValidator('Service', validateService);
registerController({ name: 'service-allocator', order: 5, reconcile: (c, w) => reconcileServiceAllocation(c, w) });
registerPodEnvProvider((c, pod) => sharedServiceEnv(c, pod));
