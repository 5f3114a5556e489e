/**
 * The describe layouts of Endpoints and EndpointSlice (k8s.io/kubectl pkg/describe
 * describeEndpoints, describeEndpointSliceV1): a Service's backends as a learner checks them,
 * through Go's tabwriter (minwidth 0, padding 2) as kubectl's tabbedString does.
 */
import type { KubeObject } from '../../../cluster/index.ts';
import { mapLines } from './describe-helpers.ts';
import { tabwrite } from './table.ts';

interface EndpointPort { name?: string; port?: number; protocol?: string }
interface Subset { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[]; ports?: EndpointPort[] }
interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean };
  hostname?: string;
  targetRef?: { kind: string; name: string };
  nodeName?: string;
  zone?: string;
}

/** Name, Namespace, Labels and Annotations (without kubectl's last-applied annotation). */
function header(o: KubeObject): string {
  const anno = { ...o.metadata.annotations };
  delete anno['kubectl.kubernetes.io/last-applied-configuration'];
  return `Name:\t${o.metadata.name}\nNamespace:\t${o.metadata.namespace}\n` + mapLines('Labels:', o.metadata.labels) + mapLines('Annotations:', anno, ': ');
}

/** `kubectl describe endpoints`: each subset's ready and not-ready addresses and its ports. */
export function describeEndpoints(ep: KubeObject): string {
  let s = `${header(ep)}Subsets:\n`;
  for (const sub of ((ep as KubeObject & { subsets?: Subset[] }).subsets ?? [])) {
    s += `  Addresses:\t${(sub.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`;
    s += `  NotReadyAddresses:\t${(sub.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`;
    if (sub.ports?.length) {
      s += '  Ports:\n    Name\tPort\tProtocol\n    ----\t----\t--------\n';
      for (const p of sub.ports) s += `    ${p.name || '<unset>'}\t${p.port ?? 0}\t${p.protocol ?? 'TCP'}\n`;
    }
    s += '\n';
  }
  return tabwrite(`${s}Events:\t<none>\n`, 0, 2);
}

/** `kubectl describe endpointslice`: its address type, ports and each endpoint's conditions and place. */
export function describeEndpointSlice(eps: KubeObject): string {
  const o = eps as KubeObject & { addressType?: string; ports?: EndpointPort[]; endpoints?: SliceEndpoint[] };
  let s = `${header(eps)}AddressType:\t${o.addressType ?? ''}\n`;
  if (!o.ports?.length) s += 'Ports: <unset>\n';
  else {
    s += 'Ports:\n  Name\tPort\tProtocol\n  ----\t----\t--------\n';
    for (const p of o.ports) s += `  ${p.name || '<unset>'}\t${p.port === undefined ? '<unset>' : p.port}\t${p.protocol ?? 'TCP'}\n`;
  }
  if (!o.endpoints?.length) s += 'Endpoints: <none>\n';
  else {
    s += 'Endpoints:\n';
    for (const e of o.endpoints) {
      s += `  - Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`;
      s += `    Conditions:\n      Ready:\t${e.conditions?.ready === undefined ? '<unset>' : String(e.conditions.ready)}\n`;
      s += `    Hostname:\t${e.hostname ?? '<unset>'}\n`;
      if (e.targetRef) s += `    TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`;
      s += `    NodeName:\t${e.nodeName ?? '<unset>'}\n    Zone:\t${e.zone ?? '<unset>'}\n`;
    }
  }
  return tabwrite(`${s}Events:\t<none>\n`, 0, 2);
}
