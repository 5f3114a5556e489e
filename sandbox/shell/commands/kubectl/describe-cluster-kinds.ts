/**
 * The describe layouts of Namespace (describeNamespace), IngressClass (describeIngressClassV1)
 * and ConfigMap (describeConfigMap) from k8s.io/kubectl pkg/describe/describe.go. The sandbox
 * models no ResourceQuota or LimitRange, so a namespace always has neither, as kubectl says.
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

/**
 * `kubectl describe configmap`: each key, a `----` rule and the value with a newline after it
 * (a value ending in one leaves a blank line), then BinaryData's sizes. kubectl ranges over Go
 * maps, in no fixed order; the sandbox keeps the object's order.
 */
export function describeConfigMap(k: Kctx, cm: KubeObject): string {
  let s = `Name:\t${cm.metadata.name}\nNamespace:\t${cm.metadata.namespace}\n` + mapLines('Labels:', cm.metadata.labels) + mapLines('Annotations:', shownAnnotations(cm), ': ');
  s += '\nData\n====\n' + Object.entries((cm.data ?? {}) as Record<string, unknown>).map(([key, v]) => `${key}:\n----\n${String(v)}\n`).join('');
  // binaryData holds base64: its decoded length is what kubectl counts.
  s += '\nBinaryData\n====\n' + Object.entries((cm.binaryData ?? {}) as Record<string, unknown>).map(([key, v]) => `${key}: ${base64Length(String(v))} bytes\n`).join('') + '\n';
  s += describeEvents(k.ctx.world, cm);
  return tabwrite(s, 0, 2);
}

/** The number of bytes a base64 text decodes to. */
const base64Length = (b64: string): number => {
  const t = b64.replace(/\s/g, '');
  return Math.floor((t.length * 3) / 4) - (t.endsWith('==') ? 2 : t.endsWith('=') ? 1 : 0);
};

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
