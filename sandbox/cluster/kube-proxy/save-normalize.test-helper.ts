/**
 * Test helper: rewrites the rule lines kube-proxy writes into the canonical form iptables-save
 * prints them in (iptables 1.8.9): address and interface matches first with `/32` added, the
 * protocol after them, other matches in the order given, comments quoted, MARK targets as
 * `--set-xmark`, mark values without zero padding, probabilities with 11 decimals (xt_statistic
 * stores them as a fraction of 2^31). Covers only what kube-proxy and the policy agent write;
 * the simulator's own iptables-save is sandbox/net/netfilter's.
 */

/** Splits a rule line into words, keeping double-quoted strings together (without quotes). */
export function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]!);
  return out;
}

const hexNum = (t: string) => `0x${parseInt(t, 16).toString(16)}`;
const withLen = (a: string) => (a.includes('/') ? a : `${a}/32`);

/** The iptables-save text of one `-A CHAIN ...` line. */
export function canonicalRule(line: string): string {
  const w = words(line);
  const chain = w[1]!;
  const head: Record<string, string> = {};
  const rest: string[] = [];
  let i = 2;
  let neg = false;
  while (i < w.length) {
    const t = w[i]!;
    if (t === '!') { neg = true; i++; continue; }
    if (t === '-s' || t === '-d' || t === '-p' || t === '-i' || t === '-o') {
      const v = t === '-s' || t === '-d' ? withLen(w[i + 1]!) : w[i + 1]!;
      head[t] = `${neg ? '! ' : ''}${t} ${v}`;
      neg = false; i += 2; continue;
    }
    if (t === '--comment') { rest.push(t, `"${w[i + 1]}"`); i += 2; continue; }
    if (t === '--or-mark') { rest.push('--set-xmark', `${hexNum(w[i + 1]!)}/${hexNum(w[i + 1]!)}`); i += 2; continue; }
    if (t === '--xor-mark') { rest.push('--set-xmark', `${hexNum(w[i + 1]!)}/0x0`); i += 2; continue; }
    if (t === '--mark') { const [a, b] = w[i + 1]!.split('/'); rest.push(...(neg ? ['!'] : []), t, `${hexNum(a!)}/${hexNum(b!)}`); neg = false; i += 2; continue; }
    if (t === '--probability') { rest.push(t, Number(w[i + 1]).toFixed(11)); i += 2; continue; }
    if (neg) { rest.push('!'); neg = false; }
    rest.push(t);
    i++;
  }
  const h = ['-s', '-d', '-i', '-o', '-p'].map((k) => head[k]).filter((x) => x !== undefined);
  return ['-A', chain, ...h, ...rest].join(' ');
}

/**
 * The rules of an iptables-restore payload for `table`, as iptables-save lists them: chains
 * sorted by name, each chain's rules in order. Chains `keep` selects only.
 */
export function savedRules(payload: string, table: string, keep: (chain: string) => boolean): string[] {
  const byChain = new Map<string, string[]>();
  let current = '';
  for (const line of payload.split('\n')) {
    if (line.startsWith('*')) current = line.slice(1);
    else if (current === table && line.startsWith(':')) {
      const c = line.slice(1).split(' ')[0]!;
      byChain.set(c, []); // a chain line flushes the chain
    } else if (current === table && line.startsWith('-A ')) {
      const c = line.split(' ')[1]!;
      if (!byChain.has(c)) byChain.set(c, []);
      byChain.get(c)!.push(canonicalRule(line));
    } else if (current === table && line.startsWith('-X ')) byChain.delete(line.slice(3));
  }
  return [...byChain.keys()].filter(keep).sort().flatMap((c) => byChain.get(c)!);
}
