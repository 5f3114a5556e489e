/**
 * Grading: runs an exercise's checks against a world and reports each one in the learner's
 * terms, in layers (report.ts): what is wrong, then where, then the rule. It reads state
 * (routes, API objects) and sends probes; it never looks at what was typed. The caller passes
 * a copy of the world: probes move packets and time.
 */
import type { World } from '../fabric/world.ts';
import type { CheckReport, CheckResult } from './report.ts';
import { clusterOf, getObject, listObjects } from '../cluster/index.ts';
import { linkByIndex } from '../net/link.ts';
import { formatCidr, formatIpv4, networkOf, parseCidr, parseIpv4 } from '../wire/index.ts';
import { traceHops } from '../net/datapath/state.ts';
import { fromMap } from '../cluster/selector.ts';
import { Exercise, type CheckSpec } from './spec.ts';
import { placeLabel, probe, told } from './reach.ts';
import { httpProbe } from './http.ts';
import { resolveSource, resolveTarget, type Resolved } from './resolve.ts';
import { isHostName, resolveName } from './dns.ts';
import type { Machine } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';

/** Grades `exercise` (an Exercise spec, validated here) against `world`. */
export function grade(world: World, exercise: unknown): CheckReport {
  const spec = Exercise.safeParse(exercise);
  if (!spec.success) {
    const why = spec.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    const message = `invalid exercise: ${why}`;
    return { passed: false, results: [{ name: 'exercise definition', passed: false, problem: message, message }] };
  }
  const results = spec.data.checks.map((c) => runCheck(world, c));
  return { passed: results.every((r) => r.passed), results };
}

function runCheck(world: World, c: CheckSpec): CheckResult {
  if ('reach' in c) return reachCheck(world, c.reach, c.expect);
  if ('http' in c) return httpCheck(world, c.http, c.expect);
  if ('route' in c) return routeCheck(world, c.route, c.expect);
  if ('replaced' in c) return replacedCheck(world, c.replaced);
  if ('seesClient' in c) return seesClientCheck(world, c.seesClient);
  return objectCheck(world, c.object, c.expect);
}

/** A failed check: the problem at once, where and rule behind hints, the sentence for logs. */
function failed(name: string, problem: string, where?: string, rule?: string, trace?: number): CheckResult {
  const message = where ? told({ where, ...(rule ? { rule } : {}) }) : rule ?? problem;
  return { name, passed: false, problem, ...(where ? { where } : {}), ...(rule ? { rule } : {}), message, ...(trace === undefined ? {} : { trace }) };
}

/** Source and destination of a probe, resolved; a failure is told as the check's rule. */
function endpoints(world: World, from: string, to: string): Resolved<{ ns: Netns; ip: number; port: number }> & { unresolved?: boolean } {
  const src = resolveSource(world, from);
  if (!src.ok) return src;
  const dst = targetOf(world, src.value.machine, src.value.netns, to);
  return dst.ok ? { ok: true, value: { ns: src.value.netns, ...dst.value } } : dst;
}

function reachCheck(world: World, r: { from: string; to: string; proto: 'tcp' | 'udp' | 'icmp' }, expect: boolean): CheckResult {
  const what = `${r.to}${r.proto === 'tcp' ? '' : ` (${r.proto})`}`;
  const name = `${r.from} ${expect ? 'can' : 'cannot'} reach ${what}`;
  const problem = expect ? `${r.from} cannot reach ${what}` : `${r.from} can still reach ${what}`;
  const e = endpoints(world, r.from, r.to);
  if (!e.ok) return expect === false && e.unresolved === true ? { name, passed: true } : failed(name, problem, undefined, e.message);
  const out = probe(world, e.value.ns, e.value.ip, e.value.port, r.proto);
  if (out.connected === expect) return { name, passed: true };
  return expect
    ? { ...failed(name, problem, out.where ?? out.why, out.rule, out.trace), hint: 'Follow the packet with pwru, or check routes and rules along its path.' }
    : failed(name, problem, undefined, `the connection from ${r.from} to ${r.to} still succeeds`);
}

/** The server sees the client's own address: the first SYN accepted carries `from`'s source address. */
function seesClientCheck(world: World, s: { from: string; to: string }): CheckResult {
  const name = `the server behind ${s.to} sees ${s.from}'s own address`;
  const problem = `the server behind ${s.to} does not see ${s.from}'s own address`;
  const e = endpoints(world, s.from, s.to);
  if (!e.ok) return failed(name, problem, undefined, e.message);
  const out = probe(world, e.value.ns, e.value.ip, e.value.port, 'tcp');
  const hops = out.trace === undefined ? [] : traceHops(world, out.trace) ?? [];
  const sent = /^(\d+\.\d+\.\d+\.\d+):/.exec(hops[0]?.packet ?? '')?.[1];
  const seen = hops.find((h) => h.event === 'tcp_conn_request');
  const got = /^(\d+\.\d+\.\d+\.\d+):/.exec(seen?.packet ?? '')?.[1];
  if (!out.connected || !seen) return failed(name, `${s.from} cannot reach ${s.to}`, out.where ?? out.why, out.rule, out.trace);
  if (got !== undefined && got === sent) return { name, passed: true };
  return failed(name, problem, `the connection arrived at ${placeLabel(world, seen.netns)}`, `as ${seen.packet}: the source was translated on the way (${sent ?? '?'} became ${got ?? '?'})`);
}

function httpCheck(world: World, h: { from: string; to: string; host?: string | undefined; path: string; contains?: string | undefined }, expect: boolean): CheckResult {
  const at = `${h.host ? `http://${h.host}` : `http://${h.to}`}${h.path}${h.host ? ` (at ${h.to})` : ''}`;
  const name = `${h.from} ${expect ? 'gets' : 'does not get'} an answer from ${at}`;
  const problem = expect ? `${h.from} gets no good answer from ${at}` : `${h.from} still gets an answer from ${at}`;
  const e = endpoints(world, h.from, h.to);
  if (!e.ok) return expect === false && e.unresolved === true ? { name, passed: true } : failed(name, problem, undefined, e.message);
  const out = httpProbe(world, e.value.ns, e.value.ip, e.value.port, h.host ?? h.to.replace(/:80$/, ''), h.path);
  const good = out.status !== undefined && out.status >= 200 && out.status < 400 && (h.contains === undefined || (out.body ?? '').includes(h.contains));
  if (good === expect) return { name, passed: true };
  if (!expect) return failed(name, problem, undefined, `the answer was HTTP ${out.status ?? 0}`);
  if (!out.connected || out.status === undefined) return failed(name, problem, out.where ?? out.why, out.rule, out.trace);
  return failed(name, problem, `the server at ${h.to} answered`, `HTTP ${out.status}${h.contains !== undefined && out.status < 400 ? ' from another backend' : ''}${out.body ? `: ${out.body.trim().split('\n')[0]!.slice(0, 120)}` : ''}`);
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

/**
 * A route of the main table. The name says only which prefix is checked: the gateway and
 * device asked for are the answer, so they appear in the rule, behind the hints.
 */
function routeCheck(world: World, r: { on: string; dst: string; via?: string | undefined; dev?: string | undefined }, expect: boolean): CheckResult {
  const name = `${r.on}'s route to ${r.dst} ${expect ? 'is the one asked for' : 'is gone'}`;
  const problem = expect ? `${r.on} does not route ${r.dst} the way the exercise asks` : `${r.on} still has that route to ${r.dst}`;
  const src = resolveSource(world, r.on);
  if (!src.ok) return failed(name, problem, undefined, src.message);
  const ns = src.value.netns;
  const want = r.dst === 'default' ? { addr: 0, len: 0 } : parseCidr(r.dst);
  if (!want) return failed(name, problem, undefined, `"${r.dst}" is not a prefix`);
  const via = r.via === undefined ? undefined : parseIpv4(r.via);
  const found = ns.routes.find((rt) => rt.table === 254 && rt.dst.len === want.len && networkOf(rt.dst) === networkOf(want) &&
    (via === undefined || rt.via === via) &&
    (r.dev === undefined || (rt.dev !== undefined && linkByIndex(ns, rt.dev)?.name === r.dev)));
  if (Boolean(found) === expect) return { name, passed: true };
  const prefix = formatCidr({ addr: networkOf(want), len: want.len });
  if (expect) {
    const same = ns.routes.find((rt) => rt.table === 254 && rt.dst.len === want.len && networkOf(rt.dst) === networkOf(want));
    const have = same
      ? `the route there is ${same.type === 'unicast' ? '' : `${same.type} `}${prefix}${same.via === undefined ? '' : ` via ${formatIpv4(same.via)}`}${same.dev === undefined ? '' : ` dev ${linkByIndex(ns, same.dev)?.name ?? same.dev}`}`
      : `there is no route for ${prefix}`;
    return failed(name, problem, `${r.on}'s main routing table`, have);
  }
  return failed(name, problem, undefined, `${r.on} still has that route`);
}

/** A Deployment whose pods are all running and at least one of them came after a deletion. */
function replacedCheck(world: World, d: { name: string; namespace: string }): CheckResult {
  const name = `Deployment ${d.namespace}/${d.name} replaced a deleted pod`;
  const dep = world.cluster ? getObject(clusterOf(world), 'Deployment', d.namespace, d.name) as { metadata: { creationTimestamp: string }; spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> } } } | undefined : undefined;
  if (!dep) return failed(name, `there is no Deployment ${d.namespace}/${d.name}`);
  const want = dep.spec?.replicas ?? 1;
  const pods = listObjects(clusterOf(world), 'Pod', d.namespace, fromMap(dep.spec?.selector?.matchLabels ?? {})) as { metadata: { creationTimestamp: string; deletionTimestamp?: string }; status?: { phase?: string } }[];
  const live = pods.filter((p) => p.metadata.deletionTimestamp === undefined);
  const running = live.filter((p) => p.status?.phase === 'Running').length;
  if (running < want) return failed(name, `Deployment ${d.namespace}/${d.name} has ${running} running pods, not ${want}`);
  if (!live.some((p) => p.metadata.creationTimestamp > dep.metadata.creationTimestamp)) {
    return failed(name, `every pod of ${d.name} is one of the first it made: none has been replaced yet`, 'kubectl get pods -l ... -o wide: compare the AGE column', 'a pod that is deleted is replaced by a new one, with a new name and address');
  }
  return { name, passed: true };
}

/**
 * An API object (and a field's value). The name says which object; the field and the value
 * wanted are the answer, so they appear only in the rule.
 */
function objectCheck(
  world: World,
  o: { kind: string; name: string; namespace: string; path?: string | undefined; equals?: string | number | boolean | undefined },
  expect: boolean,
): CheckResult {
  const id = `${o.kind} ${o.namespace}/${o.name}`;
  const name = o.path ? `${id} is as the exercise asks` : `${id} ${expect ? 'exists' : 'does not exist'}`;
  const obj = world.cluster ? getObject(clusterOf(world), o.kind, o.namespace, o.name) : undefined;
  if (!obj) return expect ? failed(name, `${id} does not exist`) : { name, passed: true };
  if (!o.path) return expect ? { name, passed: true } : failed(name, `${id} still exists`);
  let v: unknown = obj;
  for (const key of o.path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  const matches = o.equals === undefined ? v !== undefined : v === o.equals || String(v) === String(o.equals);
  if (matches === expect) return { name, passed: true };
  return failed(name, `${id} is not as the exercise asks yet`, `the ${o.kind} ${o.namespace}/${o.name} itself`, `${o.path} is ${v === undefined ? 'not set' : JSON.stringify(v)}`);
}
