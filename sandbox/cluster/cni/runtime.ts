/**
 * The container runtime's side of CNI (containerd's CRI plugin through containerd/go-cni and
 * containernetworking/cni libcni): which network config a node uses and how a pod's sandbox
 * is wired with it.
 * - The config: the files of /etc/cni/net.d ending in .conf, .conflist or .json, sorted by
 *   name; the runtime loads only the first (go-cni loadFromConfDir with the CRI default
 *   max_conf_num 1). A .conf holds one plugin and becomes a list of one. Every other file is
 *   ignored, however good. No loadable file: "cni plugin not initialized".
 * - ADD (libcni AddNetworkList): the list's plugins in order, each exec'd from /opt/cni/bin
 *   with the list's name and cniVersion, the previous plugin's result as `prevResult`, and
 *   `runtimeConfig` for the capabilities it declares (portMappings); the first failure is
 *   `plugin type="T" failed (add): ...`, and the runtime then tears the sandbox down (DEL).
 * - DEL (DelNetworkList): the plugins in reverse, with the list the ADD used (libcni keeps
 *   it in its cache; here the pod's runtime state keeps it).
 */
import type { Machine, World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { goJsonParse } from './go-json.ts';
import { execPlugin, PLUGIN_DIR } from './plugins.ts';
import { errorText, parseResult, type CniResult } from './result.ts';

/** containerd's `conf_dir`. */
export const CONF_DIR = '/etc/cni/net.d';

/** A loaded network configuration list. */
export interface NetworkList {
  /** The file it came from. */
  file: string;
  name: string;
  cniVersion: string;
  plugins: Record<string, unknown>[];
}

/** The config files in the order the runtime considers them (libcni ConfFiles, sort.Strings). */
export function confFiles(files: ReadonlyMap<string, string>): string[] {
  return [...files.keys()].filter((p) => p.startsWith(CONF_DIR + '/') && !p.slice(CONF_DIR.length + 1).includes('/') && /\.(conf|conflist|json)$/.test(p)).sort();
}

/** Loads one file as libcni does (ConfListFromBytes / ConfFromBytes); a string is its error. */
export function loadConfFile(file: string, text: string): NetworkList | string {
  const parsed = goJsonParse(text);
  const list = file.endsWith('.conflist');
  if (!parsed.ok) return `error parsing configuration${list ? ' list' : ''}: ${parsed.error}`;
  const o = parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? (parsed.value as Record<string, unknown>) : {};
  if (!list) {
    if (typeof o.type !== 'string' || !o.type) return "error parsing configuration: missing 'type'";
    return { file, name: typeof o.name === 'string' ? o.name : '', cniVersion: typeof o.cniVersion === 'string' ? o.cniVersion : '', plugins: [o] };
  }
  if (typeof o.name !== 'string' || !o.name) return 'error parsing configuration list: no name';
  const plugins = Array.isArray(o.plugins) ? o.plugins.filter((p): p is Record<string, unknown> => !!p && typeof p === 'object') : [];
  if (plugins.length === 0) return 'error parsing configuration list: no plugins in list';
  return { file, name: o.name, cniVersion: typeof o.cniVersion === 'string' ? o.cniVersion : '', plugins };
}

/** The network the runtime uses on `machine`: the first config file, or why there is none. */
export function defaultNetwork(machine: Machine): { ok: true; value: NetworkList } | { ok: false; error: string } {
  const first = confFiles(machine.files)[0];
  if (!first) return { ok: false, error: 'cni plugin not initialized' };
  const loaded = loadConfFile(first, machine.files.get(first)!);
  return typeof loaded === 'string' ? { ok: false, error: 'cni plugin not initialized' } : { ok: true, value: loaded };
}

/** Who the sandbox belongs to (CNI_ARGS as the CRI plugin passes them). */
export interface SandboxRef {
  containerId: string;
  netnsPath: string;
  ifname: string;
  podNamespace: string;
  podName: string;
  podUid: string;
  /** The pod's hostPorts (the portMappings capability). */
  portMappings: readonly Record<string, unknown>[];
}

/** The plugin config exactly as libcni builds it for one step of the list. */
function stepConf(list: NetworkList, plugin: Record<string, unknown>, ref: SandboxRef, prev: CniResult | undefined): Record<string, unknown> {
  const conf: Record<string, unknown> = { ...plugin, name: list.name, cniVersion: list.cniVersion };
  const caps = plugin.capabilities && typeof plugin.capabilities === 'object' ? (plugin.capabilities as Record<string, unknown>) : {};
  if (caps.portMappings === true && ref.portMappings.length > 0) conf.runtimeConfig = { portMappings: ref.portMappings };
  if (prev) conf.prevResult = prev;
  return conf;
}

function env(command: string, ref: SandboxRef): Map<string, string> {
  return new Map([
    ['CNI_COMMAND', command], ['CNI_CONTAINERID', ref.containerId], ['CNI_NETNS', ref.netnsPath], ['CNI_IFNAME', ref.ifname],
    ['CNI_ARGS', `IgnoreUnknown=1;K8S_POD_NAMESPACE=${ref.podNamespace};K8S_POD_NAME=${ref.podName};K8S_POD_INFRA_CONTAINER_ID=${ref.containerId};K8S_POD_UID=${ref.podUid}`],
    ['CNI_PATH', PLUGIN_DIR],
  ]);
}

const typeOf = (p: Record<string, unknown>): string => (typeof p.type === 'string' ? p.type : '');

/** AddNetworkList: the final result, or the error text libcni hands the runtime. */
export function addNetworkList(world: World, machine: Machine, hostNs: Netns, list: NetworkList, ref: SandboxRef): { ok: true; value: CniResult } | { ok: false; error: string } {
  let prev: CniResult | undefined;
  for (const plugin of list.plugins) {
    const type = typeOf(plugin);
    const path = `${PLUGIN_DIR}/${type}`;
    if (!type || !machine.files.has(path)) {
      return { ok: false, error: `plugin type="${type}" failed (add): failed to find plugin "${type}" in path [${PLUGIN_DIR}]` };
    }
    const r = execPlugin({ world, machine, hostNs, path, env: env('ADD', ref), stdin: JSON.stringify(stepConf(list, plugin, ref, prev)) });
    if (r.error) return { ok: false, error: `plugin type="${type}" failed (add): ${errorText(r.error)}` };
    prev = r.result ? parseResult(JSON.parse(JSON.stringify(r.result)) as unknown) : prev;
  }
  return prev ? { ok: true, value: prev } : { ok: false, error: `plugin type="${typeOf(list.plugins[0] ?? {})}" failed (add): no result` };
}

/** DelNetworkList: every plugin in reverse; failures do not stop the teardown. */
export function delNetworkList(world: World, machine: Machine, hostNs: Netns, list: NetworkList, ref: SandboxRef, result: CniResult | undefined): void {
  for (const plugin of [...list.plugins].reverse()) {
    const type = typeOf(plugin);
    const path = `${PLUGIN_DIR}/${type}`;
    if (!machine.files.has(path)) continue;
    execPlugin({ world, machine, hostNs, path, env: env('DEL', ref), stdin: JSON.stringify(stepConf(list, plugin, ref, result)) });
  }
}
