/**
 * Grading: runs an exercise's checks against a world and reports each one in the learner's
 * terms. It reads state (routes, API objects) and sends probes; it never looks at what was
 * typed. The caller passes a copy of the world: probes move packets and time.
 */
import type { World } from '../fabric/world.ts';
import type { CheckReport, CheckResult } from './report.ts';
import { clusterOf, getObject } from '../cluster/index.ts';
import { linkByIndex } from '../net/link.ts';
import { formatCidr, formatIpv4, networkOf, parseCidr, parseIpv4 } from '../wire/index.ts';
import { Exercise, type CheckSpec } from './spec.ts';
import { probe } from './reach.ts';
import { resolveSource, resolveTarget } from './resolve.ts';
import { isHostName, resolveName } from './dns.ts';
import type { Machine } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';

/** Grades `exercise` (an Exercise spec, validated here) against `world`. */
export function grade(world: World, exercise: unknown): CheckReport {
  const spec = Exercise.safeParse(exercise);
  if (!spec.success) {
    const why = spec.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { passed: false, results: [{ name: 'exercise definition', passed: false, message: `invalid exercise: ${why}` }] };
  }
  const results = spec.data.checks.map((c) => runCheck(world, c));
  return { passed: results.every((r) => r.passed), results };
}

function runCheck(world: World, c: CheckSpec): CheckResult {
  if ('reach' in c) return reachCheck(world, c.reach, c.expect);
  if ('route' in c) return routeCheck(world, c.route, c.expect);
  return objectCheck(world, c.object, c.expect);
}

function reachCheck(world: World, r: { from: string; to: string; proto: 'tcp' | 'udp' | 'icmp' }, expect: boolean): CheckResult {
  const name = `${r.from} ${expect ? 'can' : 'cannot'} reach ${r.to}${r.proto === 'tcp' ? '' : ` (${r.proto})`}`;
  const src = resolveSource(world, r.from);
  if (!src.ok) return { name, passed: false, message: src.message };
  const dst = targetOf(world, src.value.machine, src.value.netns, r.to);
  if (!dst.ok) return { name, passed: expect === false && dst.unresolved === true, ...(expect === false && dst.unresolved ? {} : { message: dst.message }) };
  const out = probe(world, src.value.netns, dst.value.ip, dst.value.port, r.proto);
  if (out.connected === expect) return { name, passed: true };
  return expect
    ? { name, passed: false, message: out.why ?? 'the connection failed', hint: 'Follow the packet with pwru, or check routes and rules along its path.' }
    : { name, passed: false, message: `the connection from ${r.from} to ${r.to} still succeeds` };
}

/**
 * Where a reach check goes: an address, service/ or pod/ (resolve.ts), or a host name with a
 * port, looked up by the source's own resolver (dns.ts). A name that does not resolve is a
 * failed connection (curl exits 6), so `expect: false` passes; `unresolved` marks that case.
 */
function targetOf(world: World, machine: Machine, ns: Netns, to: string): { ok: true; value: { ip: number; port: number } } | { ok: false; message: string; unresolved?: boolean } {
  const m = /^(.*):(\d{1,5})$/.exec(to);
  if (m && isHostName(m[1]!) && !/^(service|pod)\//.test(m[1]!)) {
    const r = resolveName(world, machine, ns, m[1]!);
    return r.ok ? { ok: true, value: { ip: r.value, port: Number(m[2]) } } : { ok: false, message: r.message, unresolved: true };
  }
  return resolveTarget(world, to);
}

function routeCheck(world: World, r: { on: string; dst: string; via?: string | undefined; dev?: string | undefined }, expect: boolean): CheckResult {
  const name = `${r.on} ${expect ? 'has' : 'has no'} route to ${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`;
  const src = resolveSource(world, r.on);
  if (!src.ok) return { name, passed: false, message: src.message };
  const ns = src.value.netns;
  const want = r.dst === 'default' ? { addr: 0, len: 0 } : parseCidr(r.dst);
  if (!want) return { name, passed: false, message: `"${r.dst}" is not a prefix` };
  const via = r.via === undefined ? undefined : parseIpv4(r.via);
  const found = ns.routes.find((rt) => rt.table === 254 && rt.dst.len === want.len && networkOf(rt.dst) === networkOf(want) &&
    (via === undefined || rt.via === via) &&
    (r.dev === undefined || (rt.dev !== undefined && linkByIndex(ns, rt.dev)?.name === r.dev)));
  if (Boolean(found) === expect) return { name, passed: true };
  if (expect) {
    const same = ns.routes.find((rt) => rt.table === 254 && rt.dst.len === want.len && networkOf(rt.dst) === networkOf(want));
    const have = same ? ` (there is one via ${same.via === undefined ? 'no gateway' : formatIpv4(same.via)})` : '';
    return { name, passed: false, message: `${r.on} has no such route to ${formatCidr({ addr: networkOf(want), len: want.len })}${have}` };
  }
  return { name, passed: false, message: `${r.on} still has that route` };
}

function objectCheck(
  world: World,
  o: { kind: string; name: string; namespace: string; path?: string | undefined; equals?: string | number | boolean | undefined },
  expect: boolean,
): CheckResult {
  const name = `${o.kind} ${o.namespace}/${o.name}${o.path ? ` has ${o.path} = ${String(o.equals)}` : expect ? ' exists' : ' does not exist'}`;
  const obj = world.cluster ? getObject(clusterOf(world), o.kind, o.namespace, o.name) : undefined;
  if (!obj) return expect ? { name, passed: false, message: `${o.kind} ${o.namespace}/${o.name} does not exist` } : { name, passed: true };
  if (!o.path) return expect ? { name, passed: true } : { name, passed: false, message: `${o.kind} ${o.namespace}/${o.name} still exists` };
  let v: unknown = obj;
  for (const key of o.path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  const matches = o.equals === undefined ? v !== undefined : v === o.equals || String(v) === String(o.equals);
  if (matches === expect) return { name, passed: true };
  return { name, passed: false, message: `${o.path} is ${v === undefined ? 'not set' : JSON.stringify(v)}` };
}
