/**
 * Predictions ("predict, then run"): a question a lesson asks before a cell runs, answered by
 * the simulator from the live state of a copy of the world, never by the lesson. Each kind
 * asks what a real probe or a real lookup shows: does the connection succeed, what source
 * address does the server see, what is the conntrack reply tuple's source, does a packet of N
 * bytes fit the device it leaves by, which device a packet leaves by, what a name resolves
 * to, how likely kube-proxy's first rule for a Service is to be taken. `judge` compares a
 * learner's answer with the simulator's (yes/no words, numbers and fractions, addresses).
 */
import { z } from 'zod';
import type { World } from '../fabric/world.ts';
import { formatIpv4 } from '../wire/index.ts';
import { chooseRoute } from '../net/datapath/output.ts';
import { traceHops } from '../net/datapath/state.ts';
import { saveRuleSpec } from '../net/netfilter/save.ts';
import { clusterOf, listObjects } from '../cluster/index.ts';
import { probe, told } from './reach.ts';
import { resolveSource, resolveTarget, type Resolved } from './resolve.ts';
import { isHostName, resolveName } from './dns.ts';

const Source = z.string().min(1).describe('Where from: a machine, pod/[NS/]NAME or netns/MACHINE/NAME');
const Target = z.string().min(1).describe('Where to: IP:PORT, service/[NS/]NAME:PORT, pod/[NS/]NAME:PORT or NAME:PORT');

/** A question, validated (the descriptions are the authoring documentation). */
export const Question = z.union([
  z.object({ reach: z.object({ from: Source, to: Target, proto: z.enum(['tcp', 'icmp']).default('tcp') }).strict() }).strict()
    .describe('Does the connection succeed? Answer: yes or no'),
  z.object({ source: z.object({ from: Source, to: Target }).strict() }).strict()
    .describe('Which source address does the server see (after every NAT on the way)? Answer: an IPv4 address'),
  z.object({ keeps: z.object({ from: Source, to: Target }).strict() }).strict()
    .describe("Does the server see `from`'s own address (no SNAT on the way)? Answer: yes or no"),
  z.object({ reply: z.object({ from: Source, to: Target }).strict() }).strict()
    .describe("The conntrack entry's reply tuple: from which address and port does the answer come? Answer: IP:PORT"),
  z.object({ fits: z.object({ from: Source, to: z.string().min(1), size: z.number().int().min(20).max(65535) }).strict() }).strict()
    .describe('Does an IP packet of `size` bytes with DF set fit the MTU of the device it leaves `from` by? Answer: yes or no'),
  z.object({ route: z.object({ on: Source, to: z.string().min(1) }).strict() }).strict()
    .describe('Which device does a packet to `to` leave `on` by (ip route get)? Answer: a device name'),
  z.object({ resolve: z.object({ from: Source, name: z.string().min(1) }).strict() }).strict()
    .describe("What does `name` resolve to from `from`, with its resolver's search list? Answer: the Service it is the ClusterIP of (NAME.NAMESPACE), else the IPv4 address"),
  z.object({ probability: z.object({ on: z.string().min(1), service: z.string().min(1) }).strict() }).strict()
    .describe("The probability kube-proxy's first rule of a Service's KUBE-SVC chain on `on` is taken (service: [NS/]NAME). Answer: a number or fraction"),
]);
export type QuestionSpec = z.infer<typeof Question>;

/**
 * The simulator's answer, how it found it (shown after the learner answered), and whether the
 * learner's answer `given` says the same (present when one was given).
 */
export type Prediction = { ok: true; answer: string; because: string; correct?: boolean } | { ok: false; error: string };

/** Answers `question` (validated here) from `world`, and judges `given`; the caller passes a copy. */
export function predict(world: World, question: unknown, given?: string): Prediction {
  const q = Question.safeParse(question);
  if (!q.success) return { ok: false, error: `invalid question: ${q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  const r = answer(world, q.data);
  if (!r.ok) return { ok: false, error: r.message };
  return { ok: true, ...r.value, ...(given === undefined ? {} : { correct: judge(r.value.answer, given) }) };
}

type Answer = Resolved<{ answer: string; because: string }>;

function answer(world: World, q: QuestionSpec): Answer {
  if ('reach' in q) {
    const e = ends(world, q.reach.from, q.reach.to);
    if (!e.ok) return { ok: true, value: { answer: 'no', because: e.message } };
    const out = probe(world, e.value.ns, e.value.ip, e.value.port, q.reach.proto);
    return { ok: true, value: out.connected ? { answer: 'yes', because: 'the connection was established' } : { answer: 'no', because: out.where ? told({ where: out.where, ...(out.rule ? { rule: out.rule } : {}) }) : out.why ?? 'it failed' } };
  }
  if ('source' in q || 'reply' in q || 'keeps' in q) {
    const { from, to } = 'source' in q ? q.source : 'reply' in q ? q.reply : q.keeps;
    const e = ends(world, from, to);
    if (!e.ok) return e;
    const out = probe(world, e.value.ns, e.value.ip, e.value.port, 'tcp');
    const arrived = out.trace === undefined ? undefined : (traceHops(world, out.trace) ?? []).find((h) => h.event === 'tcp_conn_request');
    const m = arrived ? /^(\d+\.\d+\.\d+\.\d+):(\d+) > (\d+\.\d+\.\d+\.\d+):(\d+)/.exec(arrived.packet) : null;
    if (!m) return { ok: false, message: `no server accepted the connection from ${from} to ${to}` };
    if ('keeps' in q) {
      const sent = /^(\d+\.\d+\.\d+\.\d+):/.exec((traceHops(world, out.trace!) ?? [])[0]?.packet ?? '')?.[1];
      return { ok: true, value: { answer: sent === m[1] ? 'yes' : 'no', because: `${from} sent from ${sent ?? '?'}; the SYN arrived as ${arrived!.packet}` } };
    }
    return 'source' in q
      ? { ok: true, value: { answer: m[1]!, because: `the SYN arrived as ${arrived!.packet}` } }
      : { ok: true, value: { answer: `${m[3]}:${m[4]}`, because: `the server answers from the address the SYN arrived at: ${arrived!.packet}` } };
  }
  if ('fits' in q || 'route' in q) {
    const [from, to] = 'fits' in q ? [q.fits.from, q.fits.to] : [q.route.on, q.route.to];
    const src = resolveSource(world, from);
    if (!src.ok) return src;
    const dst = resolveTarget(world, /:\d+$/.test(to) ? to : `${to}:0`);
    if (!dst.ok) return dst;
    const rt = chooseRoute(src.value.netns, dst.value.ip);
    if (!rt.ok) return { ok: false, message: `${from} has no route to ${formatIpv4(dst.value.ip)} (${rt.errno})` };
    if ('route' in q) return { ok: true, value: { answer: rt.value.dev.name, because: rt.value.text } };
    const fits = q.fits.size <= rt.value.dev.mtu;
    return { ok: true, value: { answer: fits ? 'yes' : 'no', because: `it leaves by ${rt.value.dev.name}, whose MTU is ${rt.value.dev.mtu}` } };
  }
  if ('resolve' in q) {
    const src = resolveSource(world, q.resolve.from);
    if (!src.ok) return src;
    const r = resolveName(world, src.value.machine, src.value.netns, q.resolve.name);
    if (!r.ok) return r;
    const ip = formatIpv4(r.value);
    const svc = world.cluster ? listObjects(clusterOf(world), 'Service').find((s) => (s as { spec?: { clusterIP?: string } }).spec?.clusterIP === ip) : undefined;
    const named = svc ? `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}` : ip;
    return { ok: true, value: { answer: named, because: `${q.resolve.name} resolved to ${ip}${svc ? `, the ClusterIP of the Service ${named}` : ''}` } };
  }
  return probability(world, q.probability.on, q.probability.service);
}

/** The first KUBE-SVC rule's `--probability` for a Service on machine `on` (1 with one endpoint). */
function probability(world: World, on: string, service: string): Answer {
  const src = resolveSource(world, on);
  if (!src.ok) return src;
  const key = service.includes('/') ? service : `default/${service}`;
  const nat = src.value.netns.netfilter.tables.get('nat');
  const entry = nat?.chains.get('KUBE-SERVICES')?.rules.map(saveRuleSpec).find((r) => r.includes(`--comment "${key}`) && / -j KUBE-SVC-/.test(r));
  const chain = entry ? / -j (KUBE-SVC-\S+)/.exec(entry)?.[1] : undefined;
  const first = chain ? nat?.chains.get(chain)?.rules.map(saveRuleSpec).find((r) => / -j KUBE-SEP-/.test(r)) : undefined;
  if (!chain || !first) return { ok: false, message: `kube-proxy has no rules for ${key} with endpoints on ${on}` };
  const p = /--probability (\S+)/.exec(first)?.[1];
  return { ok: true, value: { answer: p === undefined ? '1' : String(Number(p)), because: `-A ${chain}${first}` } };
}

function ends(world: World, from: string, to: string): Resolved<{ ns: import('../net/types.ts').Netns; ip: number; port: number }> {
  const src = resolveSource(world, from);
  if (!src.ok) return src;
  const m = /^(.*):(\d{1,5})$/.exec(to);
  if (m && isHostName(m[1]!) && !/^(service|pod)\//.test(m[1]!)) {
    const r = resolveName(world, src.value.machine, src.value.netns, m[1]!);
    return r.ok ? { ok: true, value: { ns: src.value.netns, ip: r.value, port: Number(m[2]) } } : r;
  }
  const dst = resolveTarget(world, to);
  return dst.ok ? { ok: true, value: { ns: src.value.netns, ...dst.value } } : dst;
}

const YES = new Set(['yes', 'y', 'true', 'it fits', 'fits', 'succeeds', 'works']);
const NO = new Set(['no', 'n', 'false', 'does not fit', 'fails', 'dropped']);

/** A number written as 0.5, .5, 50%, or 1/2; undefined when it is not one. */
function numberOf(text: string): number | undefined {
  const frac = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (frac) return Number(frac[2]) === 0 ? undefined : Number(frac[1]) / Number(frac[2]);
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (pct) return Number(pct[1]) / 100;
  return /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : undefined;
}

/** Does the learner's answer `given` say the same as the simulator's `answer`? */
export function judge(answer: string, given: string): boolean {
  const a = answer.trim().toLowerCase();
  const g = given.trim().toLowerCase().replace(/[.!]+$/, '');
  if (a === 'yes' || a === 'no') return (a === 'yes' ? YES : NO).has(g);
  const an = numberOf(a);
  const gn = numberOf(g);
  if (an !== undefined && gn !== undefined) return Math.abs(an - gn) < 0.005;
  return a === g;
}
