/**
 * `istio-iptables`, the program the injected istio-init container runs: from its flags it
 * builds the pod's nat rules and loads them with iptables-restore in the pod's own network
 * namespace (tools/istio-iptables/pkg/capture/run.go, REDIRECT mode, DNS capture off). Inbound
 * TCP goes PREROUTING -> ISTIO_INBOUND -> ISTIO_IN_REDIRECT (REDIRECT to the inbound capture
 * port), except the tunnel port 15008 and the `-d` ports; outbound traffic goes OUTPUT ->
 * ISTIO_OUTPUT, which lets the proxy's own uid and gid through (`-m owner ... -j RETURN`),
 * sends the proxy's connections back to the pod itself over lo to the inbound side, and
 * hands the rest to ISTIO_REDIRECT (REDIRECT to the proxy port). The rules come out in
 * run.go's order, which is the order `iptables -t nat -S` lists them in.
 *
 * Flags modelled (short and long forms): -p/--envoy-port, -z/--inbound-capture-port,
 * -u/--proxy-uid, -g/--proxy-gid, -m/--istio-inbound-interception-mode (REDIRECT only),
 * -i/--istio-service-cidr, -x/--istio-service-exclude-cidr, -b/--istio-inbound-ports,
 * -d/--istio-local-exclude-ports, -o/--istio-local-outbound-ports-exclude; logging flags are
 * accepted and ignored.
 */

/** The configuration the flags give (run.go's config.Config, the fields used here). */
export interface IstioIptablesConfig {
  proxyPort: string;
  inboundCapturePort: string;
  proxyUid: string;
  proxyGid: string;
  outboundInclude: string;
  outboundExclude: string;
  inboundInclude: string;
  inboundExclude: string;
  outboundPortsExclude: string;
}

/** The inbound tunnel port (HBONE) every sidecar leaves alone (constants.HBONEInboundListenPort). */
const TUNNEL_PORT = '15008';
/** HostIPv4LoopbackCidr's default. */
const LOOPBACK = '127.0.0.1/32';

const FLAGS: Record<string, keyof IstioIptablesConfig | 'mode' | 'ignored'> = {
  '-p': 'proxyPort', '--envoy-port': 'proxyPort', '-z': 'inboundCapturePort', '--inbound-capture-port': 'inboundCapturePort',
  '-u': 'proxyUid', '--proxy-uid': 'proxyUid', '-g': 'proxyGid', '--proxy-gid': 'proxyGid',
  '-m': 'mode', '--istio-inbound-interception-mode': 'mode',
  '-i': 'outboundInclude', '--istio-service-cidr': 'outboundInclude', '-x': 'outboundExclude', '--istio-service-exclude-cidr': 'outboundExclude',
  '-b': 'inboundInclude', '--istio-inbound-ports': 'inboundInclude', '-d': 'inboundExclude', '--istio-local-exclude-ports': 'inboundExclude',
  '-o': 'outboundPortsExclude', '--istio-local-outbound-ports-exclude': 'outboundPortsExclude',
  '--log_output_level': 'ignored', '--log_as_json': 'ignored',
};

/** Parses the container's args (after `istio-iptables`); an error message for a flag it does not know. */
export function parseIstioIptables(args: string[]): IstioIptablesConfig | string {
  const cfg: IstioIptablesConfig = {
    proxyPort: '15001', inboundCapturePort: '15006', proxyUid: '', proxyGid: '', outboundInclude: '', outboundExclude: '',
    inboundInclude: '', inboundExclude: '', outboundPortsExclude: '',
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const field = FLAGS[flag];
    if (field === undefined) return `unknown flag: ${flag}`;
    const value = flag !== a ? a.slice(eq + 1) : args[++i];
    if (value === undefined) return `flag needs an argument: ${flag}`;
    if (field === 'mode') {
      if (value !== 'REDIRECT') return `interception mode ${value} is not modelled (REDIRECT only)`;
    } else if (field !== 'ignored') cfg[field] = value;
  }
  // run.go: the proxy's gid defaults to its uid, and the uid to 1337 (istio-proxy).
  if (cfg.proxyUid === '') cfg.proxyUid = '1337';
  if (cfg.proxyGid === '') cfg.proxyGid = cfg.proxyUid;
  return cfg;
}

const split = (s: string): string[] => (s === '' ? [] : s.split(','));

/** The iptables-restore input istio-iptables loads for `cfg` (nat table, IPv4). */
export function istioRestoreText(cfg: IstioIptablesConfig): string {
  const rules: string[] = [];
  const add = (chain: string, spec: string): void => { rules.push(`-A ${chain} ${spec}`); };
  add('ISTIO_INBOUND', `-p tcp --dport ${TUNNEL_PORT} -j RETURN`);
  add('ISTIO_REDIRECT', `-p tcp -j REDIRECT --to-ports ${cfg.proxyPort}`);
  add('ISTIO_IN_REDIRECT', `-p tcp -j REDIRECT --to-ports ${cfg.inboundCapturePort}`);
  if (cfg.inboundInclude !== '') {
    add('PREROUTING', '-p tcp -j ISTIO_INBOUND');
    if (cfg.inboundInclude === '*') {
      for (const port of split(cfg.inboundExclude)) add('ISTIO_INBOUND', `-p tcp --dport ${port} -j RETURN`);
      add('ISTIO_INBOUND', '-p tcp -j ISTIO_IN_REDIRECT');
    } else {
      for (const port of split(cfg.inboundInclude)) add('ISTIO_INBOUND', `-p tcp --dport ${port} -j ISTIO_IN_REDIRECT`);
    }
  }
  add('OUTPUT', '-j ISTIO_OUTPUT');
  for (const port of split(cfg.outboundPortsExclude)) {
    add('ISTIO_OUTPUT', `-p tcp --dport ${port} -j RETURN`);
    add('ISTIO_OUTPUT', `-p udp --dport ${port} -j RETURN`);
  }
  add('ISTIO_OUTPUT', '-o lo -s 127.0.0.6/32 -j RETURN');
  const loopbackIncluded = split(cfg.outboundInclude).some((c) => c.startsWith('127.'));
  for (const [flag, ids] of [['--uid-owner', cfg.proxyUid], ['--gid-owner', cfg.proxyGid]] as const) {
    for (const id of split(ids)) {
      // The proxy calling the pod's own address over lo goes to the inbound side (app -> Envoy -> Envoy -> app).
      add('ISTIO_OUTPUT', `-o lo ! -d ${LOOPBACK} -p tcp ! --dport ${TUNNEL_PORT} -m owner ${flag} ${id} -j ISTIO_IN_REDIRECT`);
      // The application calling itself by its own address stays on lo.
      if (!loopbackIncluded) add('ISTIO_OUTPUT', `-o lo -m owner ! ${flag} ${id} -j RETURN`);
      // The proxy's own connections are never captured again: without this, a loop.
      add('ISTIO_OUTPUT', `-m owner ${flag} ${id} -j RETURN`);
    }
  }
  add('ISTIO_OUTPUT', `-d ${LOOPBACK} -j RETURN`);
  for (const cidr of split(cfg.outboundExclude)) add('ISTIO_OUTPUT', `-d ${cidr} -j RETURN`);
  if (cfg.outboundInclude === '*') add('ISTIO_OUTPUT', '-j ISTIO_REDIRECT');
  else for (const cidr of split(cfg.outboundInclude)) add('ISTIO_OUTPUT', `-d ${cidr} -j ISTIO_REDIRECT`);
  const chains = ['ISTIO_INBOUND', 'ISTIO_REDIRECT', 'ISTIO_IN_REDIRECT', 'ISTIO_OUTPUT'].map((c) => `:${c} - [0:0]`);
  return ['*nat', ...chains, ...rules, 'COMMIT', ''].join('\n');
}
