/**
 * The Content-Security-Policy as a `<meta http-equiv>` tag in every built page, for hosts that
 * send no headers (GitHub Pages, `python3 -m http.server`). A meta policy covers what comes
 * after it in the document, so it goes first in <head>, right after the charset. It cannot
 * carry `frame-ancestors` (nor report-uri or sandbox; CSP3 §3.3, "Delivery via meta"), so those
 * stay header-only (headers.mjs); everything else is the same policy, with the same hashes of
 * the page's inline scripts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './files.mjs';
import { contentSecurityPolicy, inlineScriptHashes } from './headers.mjs';

/** Directives a meta element cannot deliver (user agents ignore them there, with a console warning). */
const HEADER_ONLY = /^(frame-ancestors|report-uri|report-to|sandbox)\b/;

/** The policy as a meta element may carry it. */
export function metaPolicy(hashes) {
  return contentSecurityPolicy(hashes).split('; ').filter((directive) => !HEADER_ONLY.test(directive)).join('; ');
}

/** Puts the meta policy into one page's HTML (replacing one already there). */
export function withCspMeta(html, hashes) {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${metaPolicy(hashes).replace(/"/g, '&quot;')}">`;
  const without = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
  // The charset goes first (the parser must meet it early), then the policy, before any script
  // (the lesson head starts its worker from an inline script at the top of <head>).
  const charset = /<meta charset="?utf-8"?\s*\/?>/i.exec(without);
  const rest = charset ? without.slice(0, charset.index) + without.slice(charset.index + charset[0].length) : without;
  return rest.replace(/<head>/i, `<head>${charset ? charset[0] : ''}${tag}`);
}

/** Writes the meta policy into every page of the build in `distDir`. */
export function injectCspMeta(distDir) {
  const pages = listFiles(distDir).filter((file) => file.endsWith('.html'));
  const texts = pages.map((file) => readFileSync(join(distDir, file), 'utf8'));
  // The same policy on every page, as the header has: hashes of every page's inline scripts.
  const hashes = inlineScriptHashes(texts);
  pages.forEach((file, i) => writeFileSync(join(distDir, file), withCspMeta(texts[i], hashes)));
  return pages.length;
}
