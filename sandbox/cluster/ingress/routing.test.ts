// Ingress routing: class selection (ingressClassName, the legacy annotation, the default
// IngressClass), host matching (case, port, fallback to host-less rules), path matching
// (Exact, Prefix by path element, longest first, Exact before Prefix), default backends.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../fabric/world.ts';
import { createCluster, createObject, type KubeObject } from '../index.ts';
import { pathMatches, routeRequest } from './routing.ts';

const meta = (name: string, ns?: string, annotations?: Record<string, string>) =>
  ({ name, ...(ns ? { namespace: ns } : {}), uid: '', resourceVersion: '', creationTimestamp: '', ...(annotations ? { annotations } : {}) });
const be = (name: string, port: number) => ({ service: { name, port: { number: port } } });

function cluster(extra: KubeObject[] = []) {
  const world = createWorld(1);
  world.cluster = createCluster();
  for (const o of [{ apiVersion: 'v1', kind: 'Namespace', metadata: meta('default') }, ...extra]) {
    const r = createObject(world, o as KubeObject);
    if (!r.ok) throw new Error(r.error.message);
  }
  return world.cluster;
}

const ing = (name: string, spec: object, annotations?: Record<string, string>): KubeObject =>
  ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta(name, 'default', annotations), spec } as KubeObject);

describe('pathMatches', () => {
  it('follows the API: Prefix by element, Exact exactly', () => {
    expect(pathMatches('Prefix', '/foo', '/foo')).toBe(true);
    expect(pathMatches('Prefix', '/foo/', '/foo/bar')).toBe(true);
    expect(pathMatches('Prefix', '/foo', '/foobar')).toBe(false);
    expect(pathMatches('Prefix', '/', '/anything')).toBe(true);
    expect(pathMatches('Exact', '/foo', '/foo/')).toBe(false);
    expect(pathMatches('ImplementationSpecific', '/foo', '/foobar')).toBe(true);
  });
});

describe('routeRequest', () => {
  const site = ing('site', {
    ingressClassName: 'nginx',
    rules: [
      { host: 'web.example.com', http: { paths: [
        { path: '/', pathType: 'Prefix', backend: be('web', 80) },
        { path: '/api', pathType: 'Prefix', backend: be('api', 8080) },
        { path: '/api', pathType: 'Exact', backend: be('api-root', 80) },
      ] } },
      { http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('catchall', 80) }] } },
    ],
  });

  it('picks the longest matching path of the Host, Exact first on a tie', () => {
    const c = cluster([site]);
    expect(routeRequest(c, 'nginx', 'WEB.example.com:80', '/api/v1?x=1')?.service).toBe('api');
    expect(routeRequest(c, 'nginx', 'web.example.com', '/api')?.service).toBe('api-root');
    expect(routeRequest(c, 'nginx', 'web.example.com', '/apis')?.service).toBe('web');
    expect(routeRequest(c, 'nginx', 'other.example.com', '/x')?.service).toBe('catchall');
  });

  it('ignores Ingresses of other classes, and class-less ones unless nginx is the default class', () => {
    const other = ing('other', { ingressClassName: 'traefik', rules: [{ host: 'a.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('x', 80) }] } }] });
    const legacy = ing('legacy', { rules: [{ host: 'b.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('y', 80) }] } }] }, { 'kubernetes.io/ingress.class': 'nginx' });
    const classless = ing('classless', { rules: [{ host: 'c.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('z', 80) }] } }] });
    expect(routeRequest(cluster([other, legacy, classless]), 'nginx', 'a.test', '/')).toBeUndefined();
    expect(routeRequest(cluster([other, legacy, classless]), 'nginx', 'b.test', '/')?.service).toBe('y');
    expect(routeRequest(cluster([other, legacy, classless]), 'nginx', 'c.test', '/')).toBeUndefined();
    const defaultClass = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: meta('nginx', undefined, { 'ingressclass.kubernetes.io/is-default-class': 'true' }), spec: { controller: 'k8s.io/ingress-nginx' } } as KubeObject;
    expect(routeRequest(cluster([defaultClass, classless]), 'nginx', 'c.test', '/')?.service).toBe('z');
  });

  it('falls back to the Ingress defaultBackend, else nothing (the controller 404s)', () => {
    const withDefault = ing('d', { ingressClassName: 'nginx', defaultBackend: be('fallback', 80), rules: [{ host: 'x.test', http: { paths: [{ path: '/a', pathType: 'Exact', backend: be('a', 80) }] } }] });
    expect(routeRequest(cluster([withDefault]), 'nginx', 'x.test', '/b')?.service).toBe('fallback');
    expect(routeRequest(cluster([site]), 'nginx', 'web.example.com', '/')?.port).toBe(80);
  });
});
