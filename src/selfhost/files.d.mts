/** Types of files.mjs (plain JavaScript so astro.config.mjs can import it before any build). */
export function listFiles(root: string): string[];
