/**
 * What the Service REST storage allocates at creation (pkg/registry/core/service): a ClusterIP
 * from --service-cluster-ip-range, chosen at random among the free addresses (the range's
 * lower band is kept for static IPs such as kube-dns's .10, as the bitmap allocator prefers
 * the upper band), and a NodePort from 30000-32767 for each port of a NodePort or
 * LoadBalancer Service that has none, and a healthCheckNodePort for a LoadBalancer with
 * externalTrafficPolicy Local. Runs as the first controller of every round.
 */
import type { World } from '../../fabric/world.ts';
import { randomInt } from '../../core/index.ts';
import { formatIpv4, maskOf, parseCidr } from '../../wire/index.ts';
import type { ClusterState, KubeObject } from '../types.ts';
import { updateObject } from '../store.ts';

interface Spec { type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: { nodePort?: number }[]; externalTrafficPolicy?: string; healthCheckNodePort?: number }

/** Allocates missing ClusterIPs and NodePorts; true when it changed a Service. */
export function reconcileServiceAllocation(c: ClusterState, world: World): boolean {
  const services = [...(c.objects.get('Service')?.values() ?? [])];
  const usedIPs = new Set(services.map((s) => (s.spec as Spec | undefined)?.clusterIP).filter((x): x is string => !!x));
  const usedPorts = new Set(services.flatMap((s) => ((s.spec as Spec | undefined)?.ports ?? []).map((p) => p.nodePort).filter((x): x is number => !!x)));
  for (const s of services) { const h = (s.spec as Spec | undefined)?.healthCheckNodePort; if (h) usedPorts.add(h); }
  const range = parseCidr(c.config.serviceCidr);
  for (const svc of services) {
    const spec = (svc.spec ?? {}) as Spec;
    if (spec.type === 'ExternalName') continue;
    const next = structuredClone(svc) as KubeObject;
    const ns = next.spec as Spec;
    let touched = false;
    if (!ns.clusterIP && range) {
      const ip = pickIp(world, range.addr & maskOf(range.len), range.len, usedIPs);
      if (ip) {
        usedIPs.add(ip);
        ns.clusterIP = ip;
        ns.clusterIPs = [ip];
        touched = true;
      }
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const p of ns.ports ?? []) {
        if (p.nodePort) continue;
        let port: number;
        do port = randomInt(world.rng, 30000, 32767); while (usedPorts.has(port));
        usedPorts.add(port);
        p.nodePort = port;
        touched = true;
      }
    }
    // A LoadBalancer with externalTrafficPolicy Local also gets spec.healthCheckNodePort, from
    // the same range (the cloud LB's health check asks kube-proxy there).
    if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !ns.healthCheckNodePort) {
      let port: number;
      do port = randomInt(world.rng, 30000, 32767); while (usedPorts.has(port));
      usedPorts.add(port);
      ns.healthCheckNodePort = port;
      touched = true;
    }
    // Writes to the store are seen by reconcileAll through the resourceVersion.
    if (touched) updateObject(world, next);
  }
  return false;
}

function pickIp(world: World, net: number, len: number, used: Set<string>): string | undefined {
  const size = 2 ** (32 - len);
  // The upper band: the lower min(max(16, size/16), 256) addresses are for static assignment.
  const reserved = Math.min(Math.max(16, Math.floor(size / 16)), 256);
  for (let tries = 0; tries < 1000; tries++) {
    const off = randomInt(world.rng, reserved, size - 2);
    const ip = formatIpv4((net + off) >>> 0);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}
