import { describe, expect, it } from 'vitest';
import { desiredGroups } from './desired.ts';
import type { KubeObject, Pod } from '../types.ts';

const pod = (name: string, ip: string | undefined, ready: boolean, labels: Record<string, string>, ports: { name?: string; containerPort: number }[] = []): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '', creationTimestamp: '', labels },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx', ports }] },
  status: { phase: 'Running', ...(ip ? { podIP: ip } : {}), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '', lastProbeTime: null }] },
});
const svc = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 's', resourceVersion: '', creationTimestamp: '' }, spec });

describe('EndpointSlice controller: desired endpoints', () => {
  it('selects pods with IPs, keeps not-ready ones as not ready, resolves named target ports', () => {
    const pods = [
      pod('web-b', '10.244.1.3', true, { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
      pod('web-a', '10.244.2.2', false, { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
      pod('web-c', undefined, false, { app: 'web' }),
      pod('db', '10.244.1.9', true, { app: 'db' }),
    ];
    const g = desiredGroups(svc({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }), pods)!;
    expect(g).toHaveLength(1);
    expect(g[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(g[0]!.endpoints.map((e) => [e.pod.name, e.ip, e.ready])).toEqual([['web-a', '10.244.2.2', false], ['web-b', '10.244.1.3', true]]);
  });

  it('leaves a Service without selector alone and groups pods by resolved port', () => {
    expect(desiredGroups(svc({ ports: [{ port: 80 }] }), [])).toBeUndefined();
    const pods = [pod('a', '10.244.1.2', true, { app: 'web' }, [{ name: 'http', containerPort: 8080 }]), pod('b', '10.244.1.3', true, { app: 'web' }, [{ name: 'http', containerPort: 9090 }])];
    const g = desiredGroups(svc({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }), pods)!;
    expect(g.map((x) => x.ports[0]!.port)).toEqual([8080, 9090]);
  });
});
