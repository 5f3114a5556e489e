/** Types of config.mjs (plain JavaScript: astro.config.mjs imports it). */
export interface Workshop {
  title: string;
  lessons: string[];
  /** The workbook's id: progress storage and export files are keyed by it. */
  id: string;
  /** The capstone seed the whole class gets (`?seed=` in a URL still wins). */
  capstoneSeed?: number;
  /** A time limit for the capstone, in minutes (timed mode); `?minutes=` in a URL also sets one. */
  capstoneMinutes?: number;
}
export function courseLessons(dir?: URL): string[];
export function validateWorkshop(value: unknown, known: string[], source?: string): Workshop;
export function loadWorkshop(env?: Record<string, string | undefined>): Workshop;
