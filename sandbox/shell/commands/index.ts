/**
 * The command registry: every binary the shell can run, by its real name. Each command lives
 * in commands/<binary>/index.ts and exports a `CommandSpec` (see ../types.ts). To add one,
 * import it here and append it to `commands` (a small, careful edit: others edit this file
 * too). Shell builtins that need the shell's own state (cd, export, exit, sh ...) are listed
 * in ../builtins/index.ts instead; they are not binaries.
 *
 * May import: commands/* only. A machine whose `binaries` is set runs only those names.
 */
import type { CommandSpec } from '../types.ts';
import { awk } from './awk/index.ts';
import { bridge } from './bridge/index.ts';
import { cat } from './cat/index.ts';
import { clear } from './clear/index.ts';
import { conntrack } from './conntrack/index.ts';
import { cut } from './cut/index.ts';
import { grep } from './grep/index.ts';
import { head } from './head/index.ts';
import { hostname } from './hostname/index.ts';
import { ls } from './ls/index.ts';
import { iptables, iptablesNft } from './iptables/index.ts';
import { iptablesSave } from './iptables/save.ts';
import { iptablesRestoreCommand } from './iptables/restore.ts';
import { ip } from './ip/index.ts';
import { kubectl } from './kubectl/index.ts';
import { dig } from './dig/index.ts';
import { nslookup } from './nslookup/index.ts';
import { host } from './host/index.ts';
import { seq } from './seq/index.ts';
import { sleep } from './sleep/index.ts';
import { sort } from './sort/index.ts';
import { sysctl } from './sysctl/index.ts';
import { ssh } from './ssh/index.ts';
import { tail } from './tail/index.ts';
import { tee } from './tee/index.ts';
import { tr } from './tr/index.ts';
import { uniq } from './uniq/index.ts';
import { wc } from './wc/index.ts';
import { curl } from './curl/index.ts';
import { nc } from './nc/index.ts';
import { socat } from './socat/index.ts';
import { ping } from './ping/index.ts';
import { pwru } from './pwru/index.ts';
import { tcpdump } from './tcpdump/index.ts';
import { traceroute } from './traceroute/index.ts';
import { rm } from './rm/index.ts';
import { mv } from './mv/index.ts';
import { cniPlugins } from './cni-plugins/index.ts';
import { ipset } from './ipset/index.ts';
import { ipvsadm } from './ipvsadm/index.ts';
import { ss } from './ss/index.ts';
import { ps } from './ps/index.ts';
import { arp } from './arp/index.ts';
import { getent } from './getent/index.ts';
import { birdcl } from './birdcl/index.ts';
import { calicoctl } from './calicoctl/index.ts';
import { wget } from './wget/index.ts';
import { arping } from './arping/index.ts';

/** Every binary, in no particular order (the shell indexes them by name). */
export const commands: CommandSpec[] = [
  // shell utilities
  awk, cat, clear, cut, grep, head, hostname, ls, seq, sleep, sort, ssh, tail, tee, tr, uniq, wc, ps,
  // network state commands
  ip, bridge, sysctl, ss, arp, arping,
  // netfilter commands
  iptables, iptablesNft, iptablesSave, iptablesRestoreCommand, conntrack,
  // Kubernetes client
  kubectl,
  // DNS clients
  dig, nslookup, host, getent,
  // traffic and packet tracing
  curl, ping, nc, socat, traceroute, tcpdump, pwru, wget,
  // files
  rm, mv,
  // CNI plugins, known by their full path (/opt/cni/bin is not on PATH)
  ...cniPlugins,
  // IP sets and the IPVS load balancer (kube-proxy's IPVS mode)
  ipset, ipvsadm,
  // Calico's tools (the node's BIRD and its BGP sessions)
  birdcl, calicoctl,
];
