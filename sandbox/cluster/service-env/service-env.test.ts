import { describe, expect, it } from 'vitest';
import { serviceEnv, serviceEnvFor } from './index.ts';
import { createCluster } from '../index.ts';
import type { KubeObject } from '../types.ts';

const svc = (ns: string, name: string, spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, uid: '', resourceVersion: '1', creationTimestamp: '' }, spec });

describe('Service environment variables (kubelet envvars.FromServices)', () => {
  it('writes the _SERVICE_ and Docker-link variables of a Service', () => {
    const env = serviceEnv(svc('default', 'web-api', { clusterIP: '10.96.5.5', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9100, protocol: 'UDP' }] }));
    expect(env).toEqual([
      ['WEB_API_SERVICE_HOST', '10.96.5.5'], ['WEB_API_SERVICE_PORT', '80'], ['WEB_API_SERVICE_PORT_HTTP', '80'], ['WEB_API_SERVICE_PORT_METRICS', '9100'],
      ['WEB_API_PORT', 'tcp://10.96.5.5:80'], ['WEB_API_PORT_80_TCP', 'tcp://10.96.5.5:80'], ['WEB_API_PORT_80_TCP_PROTO', 'tcp'],
      ['WEB_API_PORT_80_TCP_PORT', '80'], ['WEB_API_PORT_80_TCP_ADDR', '10.96.5.5'],
      ['WEB_API_PORT_9100_UDP', 'udp://10.96.5.5:9100'], ['WEB_API_PORT_9100_UDP_PROTO', 'udp'], ['WEB_API_PORT_9100_UDP_PORT', '9100'], ['WEB_API_PORT_9100_UDP_ADDR', '10.96.5.5'],
    ]);
  });

  it('takes the pod namespace Services with a ClusterIP plus default/kubernetes, honouring enableServiceLinks', () => {
    const c = createCluster();
    c.objects.set('Service', new Map([
      ['default/kubernetes', svc('default', 'kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] })],
      ['x/web', svc('x', 'web', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })],
      ['x/db', svc('x', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] })],
      ['y/other', svc('y', 'other', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] })],
    ]));
    const pod = (links?: boolean): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'x', uid: '', resourceVersion: '', creationTimestamp: '' }, spec: { containers: [], ...(links === undefined ? {} : { enableServiceLinks: links }) } });
    const env = serviceEnvFor(c, pod());
    expect(env.WEB_SERVICE_HOST).toBe('10.96.0.20');
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
    expect(env.KUBERNETES_PORT_443_TCP).toBe('tcp://10.96.0.1:443');
    expect(env.DB_SERVICE_HOST).toBeUndefined();
    expect(env.OTHER_SERVICE_HOST).toBeUndefined();
    const off = serviceEnvFor(c, pod(false));
    expect(off.WEB_SERVICE_HOST).toBeUndefined();
    expect(off.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
  });
});
