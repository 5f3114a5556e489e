/**
 * The describe layouts of Namespace (describeNamespace) and IngressClass
 * (describeIngressClassV1) from k8s.io/kubectl pkg/describe/describe.go. The sandbox models
 * no ResourceQuota or LimitRange, so a namespace always has neither, as kubectl says.
 */
import type { KubeObject } from '../../../cluster/index.ts';
import type { Kctx } from './common.ts';
import { mapLines, shownAnnotations } from './describe-helpers.ts';
import { describeEvents } from './events-view.ts';
import { tabwrite } from './table.ts';

/** `kubectl describe namespace`. */
export function describeNamespace(ns: KubeObject): string {
  let s = `Name:\t${ns.metadata.name}\n` + mapLines('Labels:', ns.metadata.labels) + mapLines('Annotations:', shownAnnotations(ns), ': ');
  s += `Status:\t${String((ns.status as { phase?: string } | undefined)?.phase ?? '')}\n`;
  s += '\nNo resource quota.\n\nNo LimitRange resource.\n';
  return tabwrite(s, 0, 2);
}

/** `kubectl describe ingressclass`. */
export function describeIngressClass(k: Kctx, ic: KubeObject): string {
  const spec = (ic.spec ?? {}) as { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
  let s = `Name:\t${ic.metadata.name}\n` + mapLines('Labels:', ic.metadata.labels) + mapLines('Annotations:', shownAnnotations(ic), ': ');
  s += `Controller:\t${spec.controller ?? ''}\n`;
  const p = spec.parameters;
  if (p) s += `Parameters:\n${p.apiGroup !== undefined ? `  APIGroup:\t${p.apiGroup}\n` : ''}  Kind:\t${p.kind ?? ''}\n  Name:\t${p.name ?? ''}\n`;
  s += describeEvents(k.ctx.world, ic);
  return tabwrite(s, 0, 2);
}
