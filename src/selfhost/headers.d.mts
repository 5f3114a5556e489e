/** Types of headers.mjs. */
export type Headers = Record<string, string>;
export function inlineScriptHashes(htmlTexts: string[]): string[];
export function contentSecurityPolicy(hashes: string[]): string;
export function securityHeaders(distDir: string): Headers;
export function nginxHeaders(headers: Headers): string;
export function headersFile(headers: Headers, base: string): string;
export function writeHeadersFile(distDir: string, base: string): void;
