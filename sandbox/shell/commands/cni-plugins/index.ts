/**
 * The CNI plugin binaries of /opt/cni/bin (bridge, host-local, flannel, portmap), run by hand
 * as the container runtime runs them: `CNI_COMMAND=ADD CNI_CONTAINERID=… CNI_NETNS=… \
 * CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin /opt/cni/bin/bridge < conf.json`. The variables come
 * from the command's environment, the network config from its standard input; the plugin
 * (sandbox/cluster/cni/plugins.ts, pkg/skel's rules) prints the result or the error JSON on
 * stdout and exits 0 or 1. They are known by their full path: /opt/cni/bin is not on PATH.
 * The plugin runs in the shell's namespace, so `ip netns exec` would move it (as on Linux), and
 * sees only the exported variables and the command's own assignments, as execve passes them.
 */
import { execPlugin, PLUGINS, PLUGIN_DIR } from '../../../cluster/cni/plugins.ts';
import type { CommandSpec } from '../../types.ts';

/** One command per plugin, named `/opt/cni/bin/<type>`. */
export const cniPlugins: CommandSpec[] = PLUGINS.map((p) => ({
  name: `${PLUGIN_DIR}/${p.type}`,
  run(ctx) {
    const r = execPlugin({ world: ctx.world, machine: ctx.machine, hostNs: ctx.netns, path: `${PLUGIN_DIR}/${p.type}`, env: ctx.environ ?? ctx.env, stdin: ctx.stdin });
    if (r.stdout) ctx.stdout.write(r.stdout);
    if (r.stderr) ctx.stderr.write(r.stderr);
    return r.code;
  },
}));
