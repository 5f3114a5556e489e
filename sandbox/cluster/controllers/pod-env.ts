/**
 * Where a new container's extra environment comes from: the one table. The kubelet asks each
 * provider at pod start (kubelet_pods.go makeEnvironmentVariables) and never changes the
 * answer afterwards, so containers share it (fabric SharedEnv). To add a source of
 * variables, add its line here.
 */
import type { ClusterState, KubeObject } from '../types.ts';
import { sharedServiceEnv } from '../service-env/index.ts';

/** A source of pod environment: flat (name, value, name, value ...). */
export type PodEnvProvider = (cluster: ClusterState, pod: KubeObject) => readonly string[];

/** The providers, in the order their variables are merged (a later one wins a name). */
export const POD_ENV_PROVIDERS: readonly PodEnvProvider[] = [
  // `MY_SERVICE_HOST`, `MY_SERVICE_PORT` ... for every Service of the pod's namespace.
  sharedServiceEnv,
];
