/**
 * Services in the API server: defaulting and validation (validate.ts, listed in
 * ../validators.ts) and ClusterIP/NodePort allocation (allocate.ts, first in every round of
 * ../controllers/index.ts). The environment variables every new container gets are
 * ../service-env; the fields strict decoding knows are ../shapes.ts.
 * May import: core, wire, net, fabric, cluster's store and kinds.
 */
export { defaultService, validateService } from './validate.ts';
export { reconcileServiceAllocation } from './allocate.ts';
