/** Types of config.mjs (plain JavaScript: astro.config.mjs imports it). */
export interface Workshop {
  title: string;
  lessons: string[];
  /** The workbook's id: progress storage and export files are keyed by it. */
  id: string;
}
export function courseLessons(dir?: URL): string[];
export function validateWorkshop(value: unknown, known: string[], source?: string): Workshop;
export function loadWorkshop(env?: Record<string, string | undefined>): Workshop;
