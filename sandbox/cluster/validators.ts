/**
 * Which checks the API server runs on create and update, per kind: the one table. A kind
 * without an entry is stored as given (after strict decoding, shapes.ts). To validate a new
 * kind, add its line here.
 */
import type { KubeObject } from './types.ts';
import { nameCauses, nodeCauses, podSpecCauses, podUpdateCauses, workloadCauses } from './validation.ts';
import { validateService } from './service/validate.ts';
import { validateNetworkPolicy } from './network-policy/validate.ts';
import { validateIngress } from './ingress/validate.ts';

/**
 * A validator for a kind: returns kubectl/API-server error causes (`spec.selector: Required
 * value`) or an empty list. Runs on create and update before anything is stored.
 */
export type Validator = (obj: KubeObject, old: KubeObject | undefined) => string[];

/** The validators per kind. */
export const VALIDATORS: Readonly<Record<string, Validator>> = {
  Namespace: (o) => nameCauses(o, true),
  Pod: (o, old) => [...nameCauses(o, false), ...podSpecCauses(o.spec, 'spec'), ...(old ? podUpdateCauses(o, old) : [])],
  Deployment: (o, old) => [...nameCauses(o, false), ...workloadCauses(o, old)],
  ReplicaSet: (o, old) => [...nameCauses(o, false), ...workloadCauses(o, old)],
  DaemonSet: (o, old) => [...nameCauses(o, false), ...workloadCauses(o, old)],
  ConfigMap: (o) => nameCauses(o, false),
  Node: (o, old) => [...nameCauses(o, false), ...nodeCauses(o, old)],
  Service: validateService,
  NetworkPolicy: (o) => validateNetworkPolicy(o),
  Ingress: (o) => validateIngress(o),
};

/** The validator's causes for `obj` (none for a kind without one). */
export const validate = (obj: KubeObject, old: KubeObject | undefined): string[] =>
  VALIDATORS[obj.kind]?.(obj, old) ?? [];
