/**
 * flannel's CNI plugin (flannel-io/cni-plugin): it configures nothing itself. ADD reads
 * /run/flannel/subnet.env (what flanneld wrote for this node), builds the delegate config
 * (flannel_linux.go doCmdAdd: the list's name, `type` bridge unless the delegate says
 * otherwise, `ipMasq` = !FLANNEL_IPMASQ, `mtu` = FLANNEL_MTU, `isGateway` true, the list's
 * cniVersion, and host-local IPAM over FLANNEL_SUBNET's network with a route to
 * FLANNEL_NETWORK), saves it under /var/lib/cni/flannel/<container id> for DEL, and execs
 * the delegate. DEL reads that file back and delegates DEL; without it there is nothing to do.
 * A delegate's error comes back unchanged: skel finds the plugin error inside flannel's
 * wrapping (errors.As) and prints that one.
 */
import { formatCidr, networkOf, parseCidr } from '../../wire/index.ts';
import { goJsonParse } from './go-json.ts';
import { cniError, parseResult, type CniResult } from './result.ts';
import { confName, confVersion, type Cni, type CniPlugin, type PluginCall } from './plugin-types.ts';

/** flannel's defaults (flannel.go defaultSubnetFile, defaultDataDir). */
const SUBNET_FILE = '/run/flannel/subnet.env';
const DATA_DIR = '/var/lib/cni/flannel';

/** Go's json.Marshal of a map: keys sorted at every level, no spaces. */
function marshalSorted(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(marshalSorted).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${marshalSorted(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

interface SubnetEnv { network: string; subnet: string; mtu: number; ipmasq: boolean }

/** loadFlannelSubnetEnv: the four variables, or the plugin's error. */
function loadSubnetEnv(call: PluginCall, file: string): Cni<SubnetEnv> {
  const text = call.machine.files.get(file);
  const wrap = (why: string) => ({ ok: false as const, error: cniError(`failed to load flannel 'subnet.env' file: ${why}. Check the flannel pod log for this node.`) });
  if (text === undefined) return wrap(`open ${file}: no such file or directory`);
  const vars = new Map(text.split('\n').map((l) => l.split('=')).filter((p) => p.length >= 2).map((p) => [p[0]!.trim(), p.slice(1).join('=').trim()]));
  const missing = ['FLANNEL_NETWORK', 'FLANNEL_SUBNET', 'FLANNEL_MTU', 'FLANNEL_IPMASQ'].filter((k) => !vars.has(k));
  if (missing.length) return wrap(`${file} is missing ${missing.join(', ')}`);
  const net = parseCidr(vars.get('FLANNEL_NETWORK')!);
  const sub = parseCidr(vars.get('FLANNEL_SUBNET')!);
  const mtu = Number(vars.get('FLANNEL_MTU'));
  if (!net || !sub || !Number.isInteger(mtu)) return wrap(`invalid CIDR address: ${!net ? vars.get('FLANNEL_NETWORK')! : vars.get('FLANNEL_SUBNET')!}`);
  return { ok: true, value: { network: formatCidr({ addr: networkOf(net), len: net.len }), subnet: formatCidr({ addr: networkOf(sub), len: sub.len }), mtu, ipmasq: vars.get('FLANNEL_IPMASQ') === 'true' } };
}

function add(call: PluginCall): Cni<CniResult> {
  const file = typeof call.conf.subnetFile === 'string' ? call.conf.subnetFile : SUBNET_FILE;
  const dataDir = typeof call.conf.dataDir === 'string' ? call.conf.dataDir : DATA_DIR;
  const env = loadSubnetEnv(call, file);
  if (!env.ok) return env;
  const given = call.conf.delegate && typeof call.conf.delegate === 'object' ? (call.conf.delegate as Record<string, unknown>) : {};
  if ('name' in given) return { ok: false, error: cniError("'delegate' dictionary must not have 'name' field, it'll be set by flannel") };
  if ('ipam' in given) return { ok: false, error: cniError("'delegate' dictionary must not have 'ipam' field, it'll be set by flannel") };
  const d: Record<string, unknown> = { ...given, name: confName(call.conf) };
  d.type ??= 'bridge';
  d.ipMasq ??= !env.value.ipmasq;
  d.mtu ??= env.value.mtu;
  if (d.type === 'bridge') d.isGateway ??= true;
  if (confVersion(call.conf)) d.cniVersion = confVersion(call.conf);
  d.ipam = { type: 'host-local', ranges: [[{ subnet: env.value.subnet }]], routes: [{ dst: env.value.network }] };
  call.machine.files.set(`${dataDir}/${call.containerId}`, marshalSorted(d));
  const r = call.delegate('ADD', String(d.type), d);
  if (!r.ok) return r;
  const res = parseResult(r.value);
  return res ? { ok: true, value: res } : { ok: false, error: cniError('failed to delegate add: no result') };
}

function del(call: PluginCall): Cni<void> {
  const dataDir = typeof call.conf.dataDir === 'string' ? call.conf.dataDir : DATA_DIR;
  const path = `${dataDir}/${call.containerId}`;
  const saved = call.machine.files.get(path);
  if (saved === undefined) return { ok: true, value: undefined };
  call.machine.files.delete(path);
  const parsed = goJsonParse(saved);
  // A saved file that does not parse: flannel prints "failed to parse netconf" and succeeds.
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object') return { ok: true, value: undefined };
  const d = parsed.value as Record<string, unknown>;
  const r = call.delegate('DEL', typeof d.type === 'string' ? d.type : 'bridge', d);
  return r.ok ? { ok: true, value: undefined } : r;
}

/** The flannel plugin. */
export const flannelPlugin: CniPlugin = { type: 'flannel', add, del, check: () => ({ ok: true, value: undefined }) };
