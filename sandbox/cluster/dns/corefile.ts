/**
 * What the simulated CoreDNS reads from its Corefile (the `coredns` ConfigMap in kube-system,
 * mounted at /etc/coredns/Corefile): the kubernetes plugin's `ttl` option. CoreDNS
 * plugin/kubernetes/setup.go parses `ttl N` (an integer in [0, 3600], else the config is
 * rejected); kubernetes.go's defaultTTL is 5 when the option is absent. The `reload` plugin
 * re-reads a changed Corefile; a rejected one leaves the running config in place, which here
 * is approximated by the default.
 */

/** The kubernetes plugin's default record TTL (plugin/kubernetes/kubernetes.go defaultTTL). */
export const DEFAULT_TTL = 5;

/** Lines of the first `kubernetes ... {` block of a Corefile, comments stripped. */
function kubernetesBlock(corefile: string): string[] | undefined {
  const lines = corefile.split('\n').map((l) => l.replace(/#.*$/, '').trim());
  const start = lines.findIndex((l) => /^kubernetes(\s|$).*\{$/.test(l));
  if (start < 0) return undefined;
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l === '}') return out;
    out.push(l);
  }
  return undefined;
}

/** The TTL the kubernetes plugin gives its records under `corefile` (`ttl`, default 5). */
export function kubernetesTtl(corefile: string | undefined): number {
  const block = corefile === undefined ? undefined : kubernetesBlock(corefile);
  const opt = block?.map((l) => l.split(/\s+/)).find((w) => w[0] === 'ttl');
  if (!opt || opt[1] === undefined || !/^\d+$/.test(opt[1])) return DEFAULT_TTL;
  const t = Number(opt[1]);
  return t <= 3600 ? t : DEFAULT_TTL;
}

/**
 * The cache plugin's maximum TTL under `corefile` (plugin/cache/setup.go: `cache [TTL]
 * [ZONES...]`, with or without a block; a bare `cache` keeps successes up to 3600 s), or
 * undefined without a `cache` line (no cache). Options inside a `cache { }` block are not read.
 */
export function cacheMaxTtl(corefile: string | undefined): number | undefined {
  const line = corefile?.split('\n').map((l) => l.replace(/#.*$/, '').trim()).find((l) => /^cache(\s|\{|$)/.test(l));
  if (line === undefined) return undefined;
  const ttl = line.split(/\s+/)[1];
  return ttl !== undefined && /^\d+$/.test(ttl) && Number(ttl) > 0 ? Number(ttl) : 3600;
}
