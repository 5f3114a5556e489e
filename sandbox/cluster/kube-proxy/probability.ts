/**
 * The `--probability` text kube-proxy writes for the i-th of n endpoint rules:
 * computeProbability(n) = fmt.Sprintf("%0.10f", 1.0/float64(n)) (pkg/proxy/iptables/proxier.go).
 * Go formats the exact binary value and rounds a tie to even (strconv's decimal rounding);
 * JavaScript's toFixed rounds a tie up, and 1/n is an exact tie at the 11th digit only when n is
 * a power of two of 2048 or more, so those are computed exactly.
 */

const cache: string[] = [];

/** `1/n` with 10 decimals, exactly as Go's `%0.10f` prints it. */
export function computeProbability(n: number): string {
  const hit = cache[n];
  if (hit !== undefined) return hit;
  const text = (n & (n - 1)) === 0 && n >= 2048 ? powerOfTwoReciprocal(n) : (1 / n).toFixed(10);
  cache[n] = text;
  return text;
}

/** 1/2^k = 5^k / 10^k exactly; round to 10 decimals, half to even. */
function powerOfTwoReciprocal(n: number): string {
  const k = Math.log2(n);
  const digits = (5n ** BigInt(k)).toString().padStart(k, '0'); // the k decimals of 1/2^k
  let kept = BigInt(digits.slice(0, 10) || '0');
  const rest = digits.slice(10);
  const half = '5' + '0'.repeat(rest.length - 1);
  if (rest > half || (rest === half && kept % 2n === 1n)) kept += 1n;
  return `0.${kept.toString().padStart(10, '0')}`;
}
