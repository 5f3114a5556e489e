/**
 * The CNI plugin binaries a node has in /opt/cni/bin, as one table, and how one is executed
 * (containernetworking/cni pkg/skel, which every plugin's main calls): the CNI_* variables
 * are read and validated, the network config is read from stdin and checked (JSON, `name`,
 * `cniVersion` against the versions the plugin supports), then ADD, DEL, CHECK or VERSION
 * runs. ADD prints the result in the config's version; a failure prints the error JSON on
 * stdout and exits 1; with no CNI_COMMAND at all the plugin prints its about line to stderr.
 * The shell (`/opt/cni/bin/bridge`) and the container runtime (runtime.ts) both come here.
 */
import type { Machine, World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { bridgePlugin } from './bridge.ts';
import { flannelPlugin } from './flannel-plugin.ts';
import { goJsonParse } from './go-json.ts';
import { hostLocalPlugin } from './host-local.ts';
import type { Cni, CniPlugin, PluginCall } from './plugin-types.ts';
import { portmapPlugin } from './portmap.ts';
import { calicoPlugin } from './calico-plugin.ts';
import { CNI_ERR, SUPPORTED_VERSIONS, cniError, formatError, formatResult, type CniError, type CniResult } from './result.ts';

/** The plugins, by the file name the runtime finds them under. */
export const PLUGINS: readonly CniPlugin[] = [bridgePlugin, hostLocalPlugin, flannelPlugin, portmapPlugin, calicoPlugin];

/** Where the kubelet's runtime looks for plugins (containerd's `bin_dir`). */
export const PLUGIN_DIR = '/opt/cni/bin';

/** The version the plugins report (the containernetworking/plugins release a node ships). */
export const PLUGINS_RELEASE = 'v1.1.1';

/** A plugin run: the binary's path, its environment and its stdin, where it runs. */
export interface ExecRequest {
  world: World;
  machine: Machine;
  hostNs: Netns;
  /** The binary as found (`/opt/cni/bin/bridge`). */
  path: string;
  env: ReadonlyMap<string, string>;
  stdin: string;
  /** How many plugins up the chain exec'd this one (a config delegating to itself ends). */
  depth?: number;
}

/**
 * A delegation deeper than this fails as fork does when the process limit is reached (a
 * bridge config whose `ipam.type` is `bridge` execs itself without end on a real node).
 */
const MAX_DEPTH = 8;

/** What the plugin wrote and its exit status, with the decoded result or error. */
export interface ExecReply {
  stdout: string;
  stderr: string;
  code: number;
  result?: CniResult;
  error?: CniError;
}

const pluginOf = (type: string): CniPlugin | undefined => PLUGINS.find((p) => p.type === type);

/** The plugin a path names, when that file is on the machine. */
export function pluginAt(machine: Machine, path: string): CniPlugin | undefined {
  const dir = path.slice(0, path.lastIndexOf('/'));
  const type = path.slice(path.lastIndexOf('/') + 1);
  return machine.files.has(path) && dir ? pluginOf(type) : undefined;
}

/** invoke.FindInPath: the first CNI_PATH directory holding `type`. */
function findInPath(machine: Machine, dirs: readonly string[], type: string): Cni<string> {
  for (const d of dirs) {
    const full = `${d.replace(/\/$/, '')}/${type}`;
    if (pluginAt(machine, full)) return { ok: true, value: full };
  }
  return { ok: false, error: cniError(`failed to find plugin "${type}" in path [${dirs.join(' ')}]`) };
}

/** The variables each command needs (skel.go getCmdArgsFromEnv's table), in its order. */
const REQUIRED: Record<string, readonly string[]> = {
  ADD: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  CHECK: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  DEL: ['CNI_CONTAINERID', 'CNI_IFNAME', 'CNI_PATH'],
  VERSION: [],
};

const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** utils.ValidateContainerID / ValidateInterfaceName. */
function validateEnv(cmd: string, env: ReadonlyMap<string, string>): CniError | undefined {
  if (!REQUIRED[cmd]?.includes('CNI_CONTAINERID')) return undefined;
  const id = env.get('CNI_CONTAINERID') ?? '';
  if (!VALID_NAME.test(id)) return cniError('invalid characters in containerID', CNI_ERR.invalidEnvironment, id);
  const ifname = env.get('CNI_IFNAME') ?? '';
  if (ifname.length > 15) return cniError('interface name is too long', CNI_ERR.invalidEnvironment, 'interface name should be less than 16 characters');
  if (ifname === '.' || ifname === '..') return cniError('interface name is . or ..', CNI_ERR.invalidEnvironment);
  if (/[/:\s]/.test(ifname)) return cniError('interface name contains / or : or whitespace characters', CNI_ERR.invalidEnvironment);
  return undefined;
}

/** The namespace a CNI_NETNS path names on the machine (/run/netns or /var/run/netns). */
function netnsAt(world: World, machine: Machine, path: string): Netns | undefined {
  const m = /^(?:\/var)?\/run\/netns\/([^/]+)$/.exec(path);
  const id = m ? machine.namedNetns.get(m[1]!) : undefined;
  return id === undefined ? undefined : world.netns.get(id);
}

/** Runs a plugin as skel does. Never throws; a bad request is the plugin's error JSON. */
export function execPlugin(req: ExecRequest): ExecReply {
  const type = req.path.slice(req.path.lastIndexOf('/') + 1);
  const plugin = pluginOf(type);
  const fail = (e: CniError): ExecReply => ({ stdout: formatError(e), stderr: '', code: 1, error: e });
  if (!plugin) return fail(cniError(`unknown plugin ${type}`));
  const cmd = req.env.get('CNI_COMMAND') ?? '';
  const missing = ['CNI_COMMAND', ...(REQUIRED[cmd] ?? [])].filter((v) => !req.env.get(v));
  if (missing.length > 0) {
    if (!cmd) return { stdout: '', stderr: `CNI ${type} plugin ${PLUGINS_RELEASE}\nCNI protocol versions supported: ${SUPPORTED_VERSIONS.join(', ')}\n`, code: 0 };
    return fail(cniError(`required env variables [${missing.join(',')}] missing`, CNI_ERR.invalidEnvironment));
  }
  const envErr = validateEnv(cmd, req.env);
  if (envErr) return fail(envErr);
  if (cmd === 'VERSION') return { stdout: JSON.stringify({ cniVersion: '1.0.0', supportedVersions: SUPPORTED_VERSIONS }) + '\n', stderr: '', code: 0 };
  const parsed = goJsonParse(req.stdin);
  if (!parsed.ok) return fail(cniError(`error unmarshall network config: ${parsed.error}`, CNI_ERR.decodingFailure));
  const conf = parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? (parsed.value as Record<string, unknown>) : {};
  const name = typeof conf.name === 'string' ? conf.name : '';
  if (!name) return fail(cniError('missing network name', CNI_ERR.invalidNetworkConfig));
  if (!VALID_NAME.test(name)) return fail(cniError('invalid characters found in network name', CNI_ERR.invalidNetworkConfig, name));
  if (!REQUIRED[cmd]) return fail(cniError(`unknown CNI_COMMAND: ${cmd}`, CNI_ERR.invalidEnvironment));
  const version = typeof conf.cniVersion === 'string' && conf.cniVersion ? conf.cniVersion : '0.1.0';
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    return fail(cniError('incompatible CNI versions', CNI_ERR.incompatibleVersion, `config is "${version}", plugin supports [${SUPPORTED_VERSIONS.map((v) => `"${v}"`).join(' ')}]`));
  }
  if (cmd === 'CHECK' && ['0.1.0', '0.2.0', '0.3.0', '0.3.1'].includes(version)) return fail(cniError('config version does not allow CHECK', CNI_ERR.incompatibleVersion));
  const call = makeCall(req, conf);
  const out = cmd === 'ADD' ? plugin.add(call) : cmd === 'DEL' ? plugin.del(call) : plugin.check(call);
  if (!out.ok) return fail(out.error);
  if (cmd !== 'ADD') return { stdout: '', stderr: '', code: 0 };
  const result = out.value as CniResult;
  return { stdout: formatResult(result, version), stderr: '', code: 0, result };
}

/** The call a plugin gets, with `delegate` running another plugin of CNI_PATH the same way. */
function makeCall(req: ExecRequest, conf: Record<string, unknown>): PluginCall {
  const env = req.env;
  const path = (env.get('CNI_PATH') ?? '').split(':').filter(Boolean);
  const netnsPath = env.get('CNI_NETNS') ?? '';
  return {
    world: req.world, machine: req.machine, hostNs: req.hostNs, conf,
    containerId: env.get('CNI_CONTAINERID') ?? '', ifname: env.get('CNI_IFNAME') ?? '', args: env.get('CNI_ARGS') ?? '', path,
    netnsPath, netns: netnsPath ? netnsAt(req.world, req.machine, netnsPath) : undefined,
    delegate(command, type, dconf) {
      const found = findInPath(req.machine, path, type);
      if (!found.ok) return found;
      if ((req.depth ?? 0) >= MAX_DEPTH) return { ok: false, error: cniError(`fork/exec ${found.value}: resource temporarily unavailable`) };
      const denv = new Map(env);
      denv.set('CNI_COMMAND', command);
      const r = execPlugin({ ...req, path: found.value, env: denv, stdin: JSON.stringify(dconf), depth: (req.depth ?? 0) + 1 });
      if (r.error) return { ok: false, error: r.error };
      return { ok: true, value: r.result };
    },
  };
}
