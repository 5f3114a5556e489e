/**
 * The set operations ipset(8) asks the kernel for (create, destroy, flush, add, del, test) and
 * `ipset list`'s text (lib/print.c, lib/session.c), on a namespace's sets. Errors carry the
 * text ipset prints after `ipset v7.17: ` (lib/errcode.c), and the exit status it uses.
 */
import { randomInt, type RandomState } from '../../core/index.ts';
import type { Netns } from '../types.ts';
import type { IpSet, IpSetState, IpSetType } from './types.ts';
import { parseElement } from './entry.ts';

/** An operation's refusal: ipset's message and exit status. */
export interface IpSetError { message: string; status: number }
type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; error: IpSetError };
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const err = (message: string, status = 1): Outcome<never> => ({ ok: false, error: { message, status } });

/** Each type's revision in the running kernel (6.x), as `ipset list` shows it. */
export const REVISION: Record<IpSetType, number> = { 'hash:ip': 6, 'hash:ip,port': 7, 'hash:ip,port,ip': 6, 'hash:ip,port,net': 8, 'bitmap:port': 3 };

/**
 * `Size in memory`: the empty set, then per occupied hash bucket its header and room for two
 * elements (AHASH_INIT_SIZE). Measured on Linux 6.18 (tests/fixtures/ipvs/ipset); every
 * member is counted in a bucket of its own, since which members share a bucket depends on
 * the kernel's jhash of the random initval.
 */
const EMPTY_SIZE: Record<IpSetType, number> = { 'hash:ip': 216, 'hash:ip,port': 216, 'hash:ip,port,ip': 208, 'hash:ip,port,net': 464, 'bitmap:port': 8264 };
const BUCKET_SIZE: Record<IpSetType, number> = { 'hash:ip': 40, 'hash:ip,port': 48, 'hash:ip,port,ip': 56, 'hash:ip,port,net': 56, 'bitmap:port': 0 };

/** The types `ipset create` accepts here. */
export const SET_TYPES = Object.keys(REVISION) as IpSetType[];

/** The namespace's sets (created on first use). */
export function ipsetsOf(ns: Netns): IpSetState {
  return (ns.ipsets ??= { sets: [] });
}

/** A set by name. */
export const findSet = (ns: Netns, name: string): IpSet | undefined => ns.ipsets?.sets.find((s) => s.name === name);

/** What `create` was given beyond name and type. */
export interface CreateOptions { hashsize?: number; maxelem?: number; range?: { min: number; max: number } }

/**
 * `ipset create NAME TYPE ...`: with `exist`, an identical set already there is fine
 * (IPSET_ERR_EXIST is ignored only when the parameters match).
 */
export function createSet(ns: Netns, rng: RandomState, name: string, type: IpSetType, o: CreateOptions, exist: boolean): Outcome {
  const old = findSet(ns, name);
  if (old) {
    const same = old.type === type && (type === 'bitmap:port'
      ? old.range?.min === o.range?.min && old.range?.max === o.range?.max
      : old.hashsize === (o.hashsize ?? 1024) && old.maxelem === (o.maxelem ?? 65536));
    if (exist && same) return ok(undefined);
    return err(same ? 'Set cannot be created: set with the same name already exists' : 'Set cannot be created: set with the same name already exists');
  }
  if (type === 'bitmap:port' && !o.range) return err('Syntax error: Argument `range\' is required');
  const set: IpSet = { name, type, hashsize: o.hashsize ?? 1024, maxelem: o.maxelem ?? 65536, initval: randomInt(rng, 0, 0xffffffff), members: [] };
  if (o.range) set.range = o.range;
  ipsetsOf(ns).sets.push(set);
  return ok(undefined);
}

/** How many iptables rules hold a reference to `name` (xt_set takes one per match). */
export function setReferences(ns: Netns, name: string): number {
  let n = 0;
  for (const t of ns.netfilter.tables.values()) {
    for (const c of t.chains.values()) {
      for (const r of c.rules) for (const m of r.matches) if (m.module === 'set' && m.name === name) n++;
    }
  }
  return n;
}

/** `ipset destroy [NAME]`: a set some rule references is refused. */
export function destroySet(ns: Netns, name: string | undefined): Outcome {
  const sets = ipsetsOf(ns).sets;
  const doomed = name === undefined ? [...sets] : [findSet(ns, name)];
  if (doomed[0] === undefined && name !== undefined) return err('The set with the given name does not exist');
  for (const s of doomed) if (s && setReferences(ns, s.name) > 0) return err('Set cannot be destroyed: it is in use by a kernel component');
  ipsetsOf(ns).sets = sets.filter((s) => !doomed.includes(s));
  return ok(undefined);
}

/** `ipset flush [NAME]`. */
export function flushSet(ns: Netns, name: string | undefined): Outcome {
  if (name === undefined) {
    for (const s of ipsetsOf(ns).sets) s.members = [];
    return ok(undefined);
  }
  const s = findSet(ns, name);
  if (!s) return err('The set with the given name does not exist');
  s.members = [];
  return ok(undefined);
}

/** `ipset add|del|test NAME ELEM`; `test` answers whether the element is in the set. */
export function changeMember(ns: Netns, op: 'add' | 'del' | 'test', name: string, text: string, exist: boolean): Outcome<boolean> {
  const s = findSet(ns, name);
  if (!s) return err('The set with the given name does not exist');
  const e = parseElement(s, text);
  if (!e.ok) return err(e.message);
  const i = s.members.indexOf(e.elem);
  if (op === 'test') return ok(i >= 0);
  if (op === 'add') {
    if (i >= 0) return exist ? ok(true) : err("Element cannot be added to the set: it's already added");
    if (s.members.length >= s.maxelem && s.type !== 'bitmap:port') return err('Hash is full, cannot add more elements');
    s.members.push(e.elem);
    return ok(true);
  }
  if (i < 0) return exist ? ok(false) : err("Element cannot be deleted from the set: it's not added");
  s.members.splice(i, 1);
  return ok(true);
}

/** The `Header:` line's content. */
function header(s: IpSet): string {
  if (s.type === 'bitmap:port') return `range ${s.range?.min ?? 0}-${s.range?.max ?? 65535}`;
  return `family inet hashsize ${s.hashsize} maxelem ${s.maxelem} bucketsize 12 initval 0x${s.initval.toString(16).padStart(8, '0')}`;
}

/** One set as `ipset list NAME` prints it; `terse` leaves out the members (`-t`). */
export function formatSet(ns: Netns, s: IpSet, terse: boolean): string {
  const size = EMPTY_SIZE[s.type] + BUCKET_SIZE[s.type] * s.members.length;
  let out = `Name: ${s.name}\nType: ${s.type}\nRevision: ${REVISION[s.type]}\nHeader: ${header(s)}\n`;
  out += `Size in memory: ${size}\nReferences: ${setReferences(ns, s.name)}\nNumber of entries: ${s.members.length}\n`;
  if (terse) return out;
  // A bitmap lists in port order; a hash in bucket order, which the simulator stands in for
  // with insertion order.
  const members = s.type === 'bitmap:port' ? [...s.members].sort((a, b) => Number(a) - Number(b)) : s.members;
  return `${out}Members:\n${members.map((m) => `${m}\n`).join('')}`;
}
