/** Types of service-worker-integration.mjs. */
import type { AstroIntegration } from 'astro';
export function precacheUrls(files: string[], base: string): string[];
export function offlineServiceWorker(): AstroIntegration;
