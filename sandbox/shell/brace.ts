/**
 * Brace expansion (bash(1) "Brace Expansion"), the first expansion bash performs and the
 * one tutorials lean on: `{a,b,c}`, `{1..10}`, `{01..10}`, `{a..e}`, `{10..1..2}`, nested
 * and with a prefix and suffix (`/etc/{hosts,resolv.conf}`). Only unquoted text takes part;
 * a brace with no comma and no valid range stays as typed.
 */
import type { Part } from './lexer.ts';

/** Expands one string's braces; returns [s] when there is nothing to expand. */
export function braceExpand(s: string): string[] {
  for (let open = s.indexOf('{'); open >= 0; open = s.indexOf('{', open + 1)) {
    if (s[open - 1] === '$') continue;
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let i = open; i < s.length; i++) {
      const c = s[i];
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) { close = i; break; }
      } else if (c === ',' && depth === 1) commas.push(i);
    }
    if (close < 0) return [s];
    const pre = s.slice(0, open);
    const post = s.slice(close + 1);
    const body = s.slice(open + 1, close);
    let alts: string[] | undefined;
    if (commas.length > 0) {
      const cuts = [open, ...commas, close];
      alts = cuts.slice(0, -1).map((c, i) => s.slice(c + 1, cuts[i + 1]));
    } else alts = range(body);
    if (!alts) continue;
    return alts.flatMap((a) => braceExpand(pre + a + post));
  }
  return [s];
}

/** `{x..y[..step]}` over integers (zero-padded when an end is) or single letters. */
function range(body: string): string[] | undefined {
  const num = /^(-?[0-9]+)\.\.(-?[0-9]+)(?:\.\.(-?[0-9]+))?$/.exec(body);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[2]);
    const step = Math.abs(Number(num[3] ?? '1')) || 1;
    const width = [num[1] ?? '', num[2] ?? ''].some((t) => /^-?0[0-9]/.test(t)) ? Math.max((num[1] ?? '').length, (num[2] ?? '').length) : 0;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
      out.push(width ? (v < 0 ? '-' + String(-v).padStart(width - 1, '0') : String(v).padStart(width, '0')) : String(v));
      if (out.length > 100_000) break;
    }
    return out;
  }
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?[0-9]+))?$/.exec(body);
  if (chr) {
    const a = (chr[1] ?? 'a').charCodeAt(0);
    const b = (chr[2] ?? 'a').charCodeAt(0);
    const step = Math.abs(Number(chr[3] ?? '1')) || 1;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) out.push(String.fromCharCode(v));
    return out;
  }
  return undefined;
}

/** Brace-expands a word's parts: each unquoted literal with braces multiplies the word. */
export function braceParts(parts: Part[]): Part[][] {
  const idx = parts.findIndex((p) => p.k === 'lit' && !p.quoted && /\{.*(,|\.\.).*\}/s.test(p.text));
  if (idx < 0) return [parts];
  const p = parts[idx] as Part & { k: 'lit' };
  const alts = braceExpand(p.text);
  if (alts.length === 1 && alts[0] === p.text) return [parts];
  return alts.flatMap((text) => braceParts([...parts.slice(0, idx), { ...p, text, quoted: false }, ...parts.slice(idx + 1)]));
}
