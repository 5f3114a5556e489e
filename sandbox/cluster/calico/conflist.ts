/**
 * The CNI configuration calico-node's install-cni container writes to
 * /etc/cni/net.d/10-calico.conflist (calico.yaml's `cni_network_config`, with the node's
 * name and the MTU filled in): the calico plugin with calico-ipam and the Kubernetes policy
 * type, then portmap (with SNAT). The manifest's last entry, bandwidth, is left out: the
 * simulator has no traffic control, and a listed plugin it cannot run would fail every pod.
 */

/** The conflist text for node `node`. */
export const calicoConflist = (node: string): string => `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "log_level": "info",
      "log_file_path": "/var/log/calico/cni/cni.log",
      "datastore_type": "kubernetes",
      "nodename": "${node}",
      "mtu": 0,
      "ipam": {
          "type": "calico-ipam"
      },
      "policy": {
          "type": "k8s"
      },
      "kubernetes": {
          "kubeconfig": "/etc/cni/net.d/calico-kubeconfig"
      }
    },
    {
      "type": "portmap",
      "snat": true,
      "capabilities": {"portMappings": true}
    }
  ]
}`;
