/** Types of csp-meta.mjs. */
export function metaPolicy(hashes: string[]): string;
export function withCspMeta(html: string, hashes: string[]): string;
export function injectCspMeta(distDir: string): number;
