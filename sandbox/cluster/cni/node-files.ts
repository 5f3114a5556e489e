/**
 * The CNI files a node starts with. Plugin binaries in /opt/cni/bin: `bridge`, `host-local`
 * and `portmap` from the kubernetes-cni package a kubeadm node installs, `flannel` copied by
 * kube-flannel's install-cni-plugin init container. Only the plugins the simulator runs are
 * installed (the package has about twenty). The binaries' contents are not modelled: a file
 * holds the ELF magic so that `ls` and `cat` see a file, and running it runs the plugin.
 * A node whose pod routes come from the cloud (routes mode) gets a bridge config over its
 * podCIDR instead of flannel's, as a cloud's node image ships one.
 */
import { PLUGIN_DIR } from './plugins.ts';
import { CONF_DIR } from './runtime.ts';

/** What the kubernetes-cni package installs that the simulator runs. */
export const PACKAGE_PLUGINS = ['bridge', 'host-local', 'portmap'] as const;

/** The start of every ELF file (what `cat` shows of a binary before the rest scrolls by). */
const ELF = '\x7fELF\x02\x01\x01';

/** Puts the plugin binaries `types` into /opt/cni/bin of `files` (absent ones only). */
export function installPlugins(files: Map<string, string>, types: readonly string[]): void {
  for (const t of types) if (!files.has(`${PLUGIN_DIR}/${t}`)) files.set(`${PLUGIN_DIR}/${t}`, ELF);
}

/** The routes-mode node's config file. */
export const BRIDGE_CONFLIST = `${CONF_DIR}/10-bridge.conflist`;

/**
 * The routes-mode config: bridge `cni0` with the node's podCIDR, a default route and one to
 * the cluster CIDR via the gateway, then portmap. Named `cbr0` like flannel's network, so the
 * host-local store is in the same place whichever mode a scenario uses.
 */
export const bridgeConflist = (podCidr: string, clusterCidr: string, mtu: number): string => `{
  "cniVersion": "0.3.1",
  "name": "cbr0",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "isDefaultGateway": true,
      "hairpinMode": true,
      "mtu": ${mtu},
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "${podCidr}" }]],
        "routes": [{ "dst": "${clusterCidr}" }]
      }
    },
    {
      "type": "portmap",
      "capabilities": { "portMappings": true }
    }
  ]
}
`;
