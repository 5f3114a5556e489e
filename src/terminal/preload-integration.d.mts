/** Types of preload-integration.mjs (plain JavaScript so astro.config.mjs can import it before any build). */
import type { AstroIntegration } from 'astro';

export const DOCKED_MEDIA: string;
export function preloadTags(files: string[], base: string): string;
export function withPreloads(html: string, tags: string): string;
/** A bundle's outputs as the plugin sees them (only the fields read). */
export interface BundleOutput {
  type: 'chunk' | 'asset';
  fileName: string;
  facadeModuleId?: string | null;
  imports?: string[];
  viteMetadata?: { importedCss?: Set<string> };
}
export function terminalFiles(bundle: Record<string, BundleOutput>): string[] | undefined;
export function terminalPreload(): AstroIntegration;
