/**
 * The command registry: every binary the shell can run, by its real name. Each command lives
 * in commands/<binary>/index.ts and exports a `CommandSpec` (see ../types.ts). To add one,
 * give its name and its module here (a small, careful edit: others edit this file too).
 * A command's code is loaded on first use (its own chunk in the worker's build), so the
 * simulator starts without compiling every tool it has; its name is known from the start
 * (`command -v`, completion of the first word, "command not found"). Shell builtins that need
 * the shell's own state (cd, export, exit, sh ...) are listed in ../builtins/index.ts instead;
 * they are not binaries.
 *
 * May import: commands/* only. A machine whose `binaries` is set runs only those names.
 */
import type { CommandSpec } from '../types.ts';
import { cniPlugins } from './cni-plugins/index.ts';

/**
 * A command whose code loads when it first runs or completes. The module system keeps the
 * loaded module, so later uses wait only for the promise of an already evaluated module.
 */
function onFirstUse(name: string, load: () => Promise<CommandSpec>): CommandSpec {
  const code = async (): Promise<CommandSpec> => {
    const spec = await load();
    // The registry's name is the one the shell finds; code answering to another is a wiring bug.
    if (spec.name !== name) throw new Error(`command registry: '${name}' loads the code of '${spec.name}'`);
    return spec;
  };
  return {
    name,
    run: async (ctx) => (await code()).run(ctx),
    complete: async (words, partial, place) => (await code()).complete?.(words, partial, place) ?? [],
  };
}

/** The binaries whose code loads on first use, the most used first: each name and the import of its code. */
const loaded: [string, () => Promise<CommandSpec>][] = [
  // network state commands
  ['ip', async () => (await import('./ip/index.ts')).ip],
  ['bridge', async () => (await import('./bridge/index.ts')).bridge],
  ['sysctl', async () => (await import('./sysctl/index.ts')).sysctl],
  ['ss', async () => (await import('./ss/index.ts')).ss],
  ['arp', async () => (await import('./arp/index.ts')).arp],
  ['arping', async () => (await import('./arping/index.ts')).arping],
  // Kubernetes client
  ['kubectl', async () => (await import('./kubectl/index.ts')).kubectl],
  // netfilter commands
  ['iptables', async () => (await import('./iptables/index.ts')).iptables],
  ['iptables-nft', async () => (await import('./iptables/index.ts')).iptablesNft],
  ['iptables-save', async () => (await import('./iptables/save.ts')).iptablesSave],
  ['iptables-restore', async () => (await import('./iptables/restore.ts')).iptablesRestoreCommand],
  ['conntrack', async () => (await import('./conntrack/index.ts')).conntrack],
  // traffic and packet tracing
  ['curl', async () => (await import('./curl/index.ts')).curl],
  ['ping', async () => (await import('./ping/index.ts')).ping],
  ['nc', async () => (await import('./nc/index.ts')).nc],
  ['socat', async () => (await import('./socat/index.ts')).socat],
  ['traceroute', async () => (await import('./traceroute/index.ts')).traceroute],
  ['tcpdump', async () => (await import('./tcpdump/index.ts')).tcpdump],
  ['pwru', async () => (await import('./pwru/index.ts')).pwru],
  ['wget', async () => (await import('./wget/index.ts')).wget],
  // DNS clients
  ['dig', async () => (await import('./dig/index.ts')).dig],
  ['nslookup', async () => (await import('./nslookup/index.ts')).nslookup],
  ['host', async () => (await import('./host/index.ts')).host],
  ['getent', async () => (await import('./getent/index.ts')).getent],
  // shell utilities
  ['awk', async () => (await import('./awk/index.ts')).awk],
  ['cat', async () => (await import('./cat/index.ts')).cat],
  ['clear', async () => (await import('./clear/index.ts')).clear],
  ['cut', async () => (await import('./cut/index.ts')).cut],
  ['grep', async () => (await import('./grep/index.ts')).grep],
  ['head', async () => (await import('./head/index.ts')).head],
  ['hostname', async () => (await import('./hostname/index.ts')).hostname],
  ['ls', async () => (await import('./ls/index.ts')).ls],
  ['seq', async () => (await import('./seq/index.ts')).seq],
  ['sleep', async () => (await import('./sleep/index.ts')).sleep],
  ['sort', async () => (await import('./sort/index.ts')).sort],
  ['ssh', async () => (await import('./ssh/index.ts')).ssh],
  ['tail', async () => (await import('./tail/index.ts')).tail],
  ['tee', async () => (await import('./tee/index.ts')).tee],
  ['tr', async () => (await import('./tr/index.ts')).tr],
  ['uniq', async () => (await import('./uniq/index.ts')).uniq],
  ['wc', async () => (await import('./wc/index.ts')).wc],
  ['ps', async () => (await import('./ps/index.ts')).ps],
  // files
  ['rm', async () => (await import('./rm/index.ts')).rm],
  ['mv', async () => (await import('./mv/index.ts')).mv],
  // IP sets and the IPVS load balancer (kube-proxy's IPVS mode)
  ['ipset', async () => (await import('./ipset/index.ts')).ipset],
  ['ipvsadm', async () => (await import('./ipvsadm/index.ts')).ipvsadm],
  // Calico's tools (the node's BIRD and its BGP sessions)
  ['birdcl', async () => (await import('./birdcl/index.ts')).birdcl],
  ['calicoctl', async () => (await import('./calicoctl/index.ts')).calicoctl],
];

/**
 * Every binary, in no particular order (the shell indexes them by name). The CNI plugins,
 * known by their full path (/opt/cni/bin is not on PATH), are the cluster's own CNI code
 * (cluster/cni/plugins.ts), which the simulator has loaded anyway.
 */
export const commands: CommandSpec[] = [...loaded.map(([name, load]) => onFirstUse(name, load)), ...cniPlugins];

/**
 * Loads every command's code now, the most used first and one module at a time, so that a
 * command line can run between two: a host calls it once the simulator has booted, and a
 * learner's first use of a tool then does not wait for its code.
 */
export async function loadEveryCommand(): Promise<void> {
  for (const [, load] of loaded) await load();
}
