/**
 * Container images and what they really contain: the binaries on their PATH (an exec of a
 * binary the image lacks fails as on a real cluster), the shell prompt their `sh` shows, and
 * the servers their entrypoint starts, with the ports the process binds (a container listens
 * where its image listens, not where `containerPort` says). Server behaviour itself is the
 * program named by `app` here (the tables in apps/index.ts and sandbox/net/apps/index.ts).
 */
import { INBOUND_PORT, OUTBOUND_PORT } from './mesh/envoy.ts';
import { istioRestoreText, parseIstioIptables } from './mesh/istio-iptables.ts';

import { agnhostFlags, httpEchoFlags, whoamiFlags } from './image-flags.ts';
import type { Parsed } from './go-flags.ts';

/** A socket the image's process opens. */
export interface ImageListener {
  proto: 'tcp' | 'udp' | 'sctp';
  port: number;
  /** The program's name in the app tables (apps/index.ts). */
  app: string;
  params: Record<string, string>;
}

/** What one image does when its container starts. */
export interface ImageBehaviour {
  /** Canonical short name (`nginx`, `traefik/whoami`, `agnhost`). */
  name: string;
  binaries: readonly string[];
  /** PS1 of its interactive shell as root (`# ` for dash, `/ # ` for busybox ash). */
  ps1: string;
  /** Sockets opened, from the container's command and args. */
  listeners(args: string[], ctx: { pod: string; namespace: string; container: string }): ImageListener[];
  /** Lines the process logs at start (`kubectl logs`). */
  startLogs(args: string[], ctx: { pod: string; stamp: string }): string[];
  /**
   * How the main process ends at once: its exit status (busybox's `sh` without a terminal
   * exits 0, a Go program refusing its flags 2), or undefined while it keeps running. The
   * kubelet's restartPolicy decides what follows (controllers/container-exit.ts).
   */
  exit(command: string[], args: string[]): number | undefined;
  /**
   * Its default command is a shell and it has no entrypoint (busybox's `sh`, netshoot's
   * `zsh`): a container's args replace that shell, and a shell given an open stdin waits.
   */
  shell?: true;
  /**
   * Run as an init container (command then args): the iptables-restore input the program
   * loads in the pod's namespace, or why it refuses its arguments (cluster/mesh/init-containers.ts).
   */
  init?(argv: string[]): { restore: string } | { error: string };
}

/** Coreutils a Debian-based image has. */
const DEBIAN = ['sh', 'bash', 'dash', 'cat', 'ls', 'echo', 'env', 'printenv', 'hostname', 'sleep', 'grep', 'head', 'tail', 'sed',
  'awk', 'wc', 'sort', 'cut', 'tr', 'id', 'uname', 'date', 'mkdir', 'rm', 'touch', 'true', 'false', 'test', 'kill', 'uniq', 'tee', 'xargs', 'seq'];
/** busybox applets people use in tutorials. */
const BUSYBOX = ['sh', 'ash', 'cat', 'ls', 'echo', 'env', 'printenv', 'hostname', 'sleep', 'grep', 'head', 'tail', 'sed', 'awk', 'wc',
  'sort', 'cut', 'tr', 'id', 'uname', 'date', 'mkdir', 'rm', 'touch', 'true', 'false', 'test', 'kill', 'uniq', 'tee', 'xargs', 'seq',
  'wget', 'nc', 'nslookup', 'ping', 'ip', 'ifconfig', 'route', 'arp', 'traceroute', 'telnet', 'netstat', 'ps', 'which', 'vi', 'timeout'];
/**
 * nicolaka/netshoot: the network toolbox. Its Dockerfile starts from an Alpine release (v0.14:
 * 3.22.0; v0.16, the untagged `latest` since 2026-07-01: 3.24.1) but appends Alpine's edge
 * repositories before `apk upgrade` and `apk add`, so its packages are edge's on the day the
 * tag was built (iproute2, iputils, bind-tools, conntrack-tools, netcat-openbsd, curl, tcpdump,
 * nmap, mtr, socat, iperf3 ...), busybox for the rest (ps, wget, traceroute, arp) and musl's
 * getent. The tool versions established per tag are in image-versions.ts.
 */
const NETSHOOT = [...new Set([...BUSYBOX, 'bash', 'zsh', 'curl', 'dig', 'host', 'nslookup', 'drill', 'ip', 'bridge', 'ss', 'tcpdump', 'tshark',
  'iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'nft', 'ipset', 'ipvsadm', 'conntrack', 'nmap', 'nping', 'mtr', 'ethtool',
  'iperf', 'iperf3', 'socat', 'jq', 'sysctl', 'arping', 'tracepath', 'getent', 'tcptraceroute', 'fping', 'ngrep', 'iftop', 'strace',
  'ltrace', 'openssl', 'ssh', 'vim', 'git', 'http', 'websocat', 'grpcurl', 'fortio', 'calicoctl', 'termshark', 'ctop', 'nsenter', 'brctl', 'swaks'])];

/** A parsed flag's value (the program's default when it was not given). */
const val = (p: Parsed | undefined, name: string): string => (p && 'values' in p ? p.values[name] ?? '' : '');
const parsedOk = (p: Parsed | undefined): boolean => p === undefined || 'values' in p;

/** A server that keeps running whatever its arguments. */
const idle = (): undefined => undefined;
/**
 * Go's flag package (flag.ExitOnError) exits 2 on a flag it cannot parse, before the program
 * does anything else (whoami, http-echo).
 */
const goFlagsExit = (p: Parsed): number | undefined => (parsedOk(p) ? undefined : 2);
/** A shell image's default `sh` reads its stdin, which is empty without `-i`: it exits 0 at once. */
const shellExit = (cmd: string[], args: string[]): number | undefined => (cmd.length > 0 || args.length > 0 ? undefined : 0);

/** The catalog, by canonical name. */
export const IMAGES: Readonly<Record<string, ImageBehaviour>> = {
  nginx: {
    name: 'nginx', binaries: [...DEBIAN, 'nginx', 'curl'], ps1: '# ',
    listeners: () => [{ proto: 'tcp', port: 80, app: 'nginx', params: {} }],
    startLogs: (_a, { stamp }) => [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      `${stamp} [notice] 1#1: using the "epoll" event method`,
      `${stamp} [notice] 1#1: nginx/1.27.3`,
      `${stamp} [notice] 1#1: start worker processes`,
    ],
    exit: idle,
  },
  'traefik/whoami': {
    name: 'traefik/whoami', binaries: ['whoami'], ps1: '',
    listeners: (args) => [{ proto: 'tcp', port: Number(val(whoamiFlags(args), 'port')), app: 'whoami', params: {} }],
    startLogs: (args, { stamp }) => [`${stamp.replace(/-/g, '/').replace('T', ' ')} Starting up on port ${val(whoamiFlags(args), 'port')}`],
    exit: (_c, args) => goFlagsExit(whoamiFlags(args)),
  },
  agnhost: {
    name: 'agnhost', binaries: [...BUSYBOX, 'bash', 'agnhost', 'curl', 'dig', 'host'], ps1: '/ # ',
    listeners: (args) => {
      const f = agnhostFlags(args);
      if (!f || 'error' in f) return [];
      if (args[0] === 'netexec') {
        const l: ImageListener[] = [
          { proto: 'tcp', port: Number(val(f, 'http-port')), app: 'agnhost-netexec', params: {} },
          { proto: 'udp', port: Number(val(f, 'udp-port')), app: 'agnhost-netexec-udp', params: {} },
        ];
        // netexec starts its SCTP server only when --sctp-port is given (default -1).
        const sctp = Number(val(f, 'sctp-port'));
        if (sctp !== -1) l.push({ proto: 'sctp', port: sctp, app: 'agnhost-netexec-sctp', params: {} });
        return l;
      }
      const port = Number(val(f, 'port'));
      const l: ImageListener[] = [];
      // Raw --tcp mode (hostname, then close) is served by the HTTP server's program: simplified.
      if (val(f, 'http') === 'true' || val(f, 'tcp') === 'true') l.push({ proto: 'tcp', port, app: 'agnhost-serve-hostname', params: {} });
      if (val(f, 'udp') === 'true') l.push({ proto: 'udp', port, app: 'agnhost-serve-hostname-udp', params: {} });
      return l;
    },
    startLogs: (args) => (args[0] === 'netexec'
      ? [`I1123 16:49:00.000000       1 log.go:245] Started HTTP server on port ${val(agnhostFlags(args), 'http-port')}`, `I1123 16:49:00.000000       1 log.go:245] Started UDP server on port  ${val(agnhostFlags(args), 'udp-port')}`,
        ...(val(agnhostFlags(args), 'sctp-port') !== '-1' ? ['I1123 16:49:00.000000       1 log.go:245] Started SCTP server'] : [])]
      : []),
    // agnhost.go ignores rootCmd.Execute()'s error: no subcommand (help) or flags cobra refuses
    // end with status 0; serve-hostname's own refusal is log.Fatalf, status 1.
    exit: (cmd, args) => {
      if (cmd.length === 0 && args.length === 0) return 0;
      const f = agnhostFlags(args);
      if (parsedOk(f)) return undefined;
      return f && 'error' in f && f.error.startsWith("Can't serve") ? 1 : 0;
    },
  },
  'hashicorp/http-echo': {
    name: 'hashicorp/http-echo', binaries: ['http-echo'], ps1: '',
    listeners: (args) => {
      const f = httpEchoFlags(args);
      return [{ proto: 'tcp', port: Number(val(f, 'listen').split(':').pop()), app: 'http-echo', params: { text: val(f, 'text') } }];
    },
    startLogs: (args, { stamp }) => [`${stamp.replace(/-/g, '/').replace('T', ' ')} [INFO] server is listening on ${val(httpEchoFlags(args), 'listen')}`],
    exit: (_c, args) => goFlagsExit(httpEchoFlags(args)),
  },
  'flannel/flannel': {
    name: 'flannel/flannel', binaries: [...BUSYBOX, 'flanneld', 'iptables', 'iptables-save', 'iptables-restore', 'ip', 'bridge'], ps1: '/ # ',
    listeners: () => [],
    startLogs: (_a, { pod }) => [`I1123 16:07:00.000000       1 main.go:212] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network kubeSubnetMgr:true ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}`, `I1123 16:07:00.000000       1 kube.go:139] Waiting 10m0s for node controller to sync (pod ${pod})`],
    exit: idle,
  },
  // calico-node runs BIRD (birdcl talks to it), confd and Felix; hostNetwork, so its shell sees the node's namespace.
  'calico/node': {
    name: 'calico/node', binaries: ['sh', 'bash', 'cat', 'ls', 'birdcl', 'calico-node', 'ip', 'iptables', 'iptables-save', 'ipset'], ps1: '[root@node /]# ',
    listeners: () => [],
    startLogs: () => [],
    exit: idle,
  },
  'kube-proxy': {
    name: 'kube-proxy', binaries: ['kube-proxy', 'iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'conntrack', 'ipset'], ps1: '',
    listeners: () => [],
    startLogs: () => ['I1123 16:07:00.000000       1 server_linux.go:66] "Using iptables proxy"', 'I1123 16:07:00.000000       1 server_linux.go:169] "Using iptables Proxier"'],
    exit: idle,
  },
  // kubeadm's control-plane images (static pods, controllers/static-pods.ts); the API server's
  // sockets are the node's host daemons (host-daemons/), so their processes open none here.
  ...Object.fromEntries(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((n): [string, ImageBehaviour] =>
    [n, { name: n, binaries: n === 'etcd' ? ['etcd', 'etcdctl', 'etcdutl'] : [n], ps1: '', listeners: () => [], startLogs: () => [], exit: idle }])),
  busybox: {
    name: 'busybox', binaries: BUSYBOX, ps1: '/ # ',
    listeners: () => [], startLogs: () => [],
    exit: shellExit, shell: true,
  },
  'nicolaka/netshoot': {
    name: 'nicolaka/netshoot', binaries: NETSHOOT, ps1: '',
    listeners: () => [], startLogs: () => [],
    // Its default command is zsh, which exits as busybox's sh does without a terminal.
    exit: shellExit, shell: true,
  },
  'coredns/coredns': {
    name: 'coredns/coredns', binaries: ['coredns'], ps1: '# ',
    listeners: () => [{ proto: 'udp', port: 53, app: 'coredns', params: {} }, { proto: 'tcp', port: 53, app: 'coredns-tcp', params: {} }],
    startLogs: () => ['.:53', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'],
    exit: idle,
  },
  'ingress-nginx/controller': {
    name: 'ingress-nginx/controller', binaries: ['sh', 'ash', 'cat', 'ls', 'nginx', 'curl', 'sleep', 'env', 'printenv', 'hostname'], ps1: '/etc/nginx $ ',
    listeners: () => [{ proto: 'tcp', port: 80, app: 'ingress-nginx', params: { class: 'nginx' } }],
    startLogs: () => ['-------------------------------------------------------------------------------', 'NGINX Ingress controller',
      '  Release:       v1.11.2', '  Build:         46e76e5916813cfca2a9b0bfdc34b69a0000f6b9', '  Repository:    https://github.com/kubernetes/ingress-nginx',
      '  nginx version: nginx/1.25.5', '', '-------------------------------------------------------------------------------', ''],
    exit: idle,
  },
};

/** docker.io/istio/proxyv2: pilot-agent and Envoy; the same image runs istio-init's istio-iptables. */
const ISTIO_PROXY: ImageBehaviour = {
  name: 'istio/proxyv2', binaries: [...DEBIAN, 'pilot-agent', 'envoy', 'istio-iptables', 'iptables', 'iptables-save', 'iptables-restore', 'curl'], ps1: '$ ',
  // `proxy sidecar`: Envoy's capture listeners (the uid and gid come from the container's securityContext).
  listeners: (args) => (args[0] === 'proxy'
    ? [{ proto: 'tcp', port: OUTBOUND_PORT, app: 'envoy-outbound', params: {} }, { proto: 'tcp', port: INBOUND_PORT, app: 'envoy-inbound', params: {} }]
    : []),
  startLogs: () => [],
  // pilot-agent (cobra): no subcommand prints its help (0); main() exits -1 (255) on
  // Execute's error, such as an unknown command. `proxy` runs Envoy.
  exit: (_cmd, args) => (args[0] === 'proxy' ? undefined : args.length === 0 || args[0] === 'version' ? 0 : 255),
  init: (argv) => {
    const args = argv[0] === 'istio-iptables' ? argv.slice(1) : argv;
    const cfg = parseIstioIptables(args);
    return typeof cfg === 'string' ? { error: cfg } : { restore: istioRestoreText(cfg) };
  },
};

/**
 * The catalog entry of an image reference (`nginx:1.27`, `docker.io/library/nginx`,
 * `registry.k8s.io/e2e-test-images/agnhost:2.52`, `traefik/whoami:v1.10`); undefined for an
 * image the sandbox does not model (its pods stay in ErrImagePull).
 */
export function imageBehaviour(ref: string): ImageBehaviour | undefined {
  let path = ref.split('@')[0]!;
  const lastColon = path.lastIndexOf(':');
  if (lastColon > path.lastIndexOf('/')) path = path.slice(0, lastColon);
  const parts = path.split('/');
  if (parts.length > 1 && /[.:]/.test(parts[0]!) || parts[0] === 'localhost') parts.shift();
  if (parts[0] === 'library') parts.shift();
  const name = parts.join('/');
  if (IMAGES[name]) return IMAGES[name];
  if (name === 'istio/proxyv2') return ISTIO_PROXY;
  const last = parts[parts.length - 1]!;
  if (last === 'agnhost') return IMAGES.agnhost;
  if (last === 'kube-proxy') return IMAGES['kube-proxy'];
  if (last === 'flannel') return IMAGES['flannel/flannel'];
  return undefined;
}
