/**
 * Programs a machine really has that the sandbox does not run. Typing one gets one honest
 * line (`packetwalk: nmap is not simulated`, exit 1) instead of the shell's "not found",
 * which would be untrue: the image or node does have it. A pod's programs are its image's
 * `binaries` (cluster/images.ts) that no command implements; a node's are the Debian 12
 * node tools listed here.
 */

/** Tools a kubeadm node on Debian 12 has on PATH that no command implements. */
const NODE_PROGRAMS: ReadonlySet<string> = new Set([
  'tc', 'ethtool', 'nft', 'ipvsadm', 'ipset', 'crictl', 'ctr', 'systemctl', 'journalctl', 'nsenter', 'lsns', 'mount', 'sed', 'xargs',
  'find', 'id', 'uname', 'date', 'mkdir', 'rm', 'touch', 'cp', 'mv', 'chmod', 'df', 'free', 'top', 'kill', 'less', 'vi', 'nano',
  'tracepath', 'mtr', 'telnet', 'netstat', 'ifconfig', 'route', 'brctl', 'lsof', 'strace', 'kubeadm', 'containerd', 'kubelet',
]);

/** Whether `name` exists on a machine with `binaries` (undefined: a node) without being simulated. */
export function unsimulated(binaries: readonly string[] | undefined, name: string, simulated: (n: string) => boolean): boolean {
  if (simulated(name)) return false;
  return binaries ? binaries.includes(name) : NODE_PROGRAMS.has(name);
}

/** The one line such a program prints. */
export const unsimulatedMessage = (name: string): string => `packetwalk: ${name} is not simulated\n`;
