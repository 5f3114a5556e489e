/**
 * The workshop configuration (docs/workshops.md): `{ "title": "...", "lessons": ["slug", ...], "id": "..." }`
 * in workshop.config.json at the repository root or the file named by WORKSHOP_CONFIG. Read at
 * build time by astro.config.mjs and the front page. A bad file stops the build with a message
 * that names the file and the problem (an unknown lesson lists the known ones).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

// The repository root: builds and tests run there (import.meta.url moves when Astro bundles this).
const root = pathToFileURL(`${process.cwd()}/`);

/** Every lesson's slug, in course order (frontmatter `order`, then name). */
export function courseLessons(dir = new URL('content/lessons/', root)) {
  return readdirSync(dir)
    .filter((file) => /^[^_].*\.mdx?$/.test(file))
    .map((file) => {
      const match = /^---\n([\s\S]*?)\n---/.exec(readFileSync(new URL(file, dir), 'utf8'));
      const data = match ? (parse(match[1]) ?? {}) : {};
      return { slug: file.replace(/\.mdx?$/, ''), order: Number.isInteger(data.order) ? data.order : Infinity };
    })
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
    .map((lesson) => lesson.slug);
}

/**
 * Validates a parsed configuration against the known lessons; returns `{ title, lessons }` or
 * throws an Error whose message says what is wrong.
 */
export function validateWorkshop(value, known, source) {
  const where = source ?? 'workshop configuration';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: expected a JSON object`);
  for (const key of Object.keys(value)) {
    if (!['title', 'lessons', 'id', 'capstoneSeed', 'capstoneMinutes', '$schema'].includes(key)) throw new Error(`${where}: unknown field "${key}" (fields: title, lessons, id, capstoneSeed, capstoneMinutes)`);
  }
  const title = value.title ?? 'packetwalk';
  if (typeof title !== 'string' || title.trim() === '') throw new Error(`${where}: "title" must be a non-empty string`);
  const lessons = value.lessons ?? known;
  if (!Array.isArray(lessons) || lessons.length === 0 || lessons.some((l) => typeof l !== 'string')) {
    throw new Error(`${where}: "lessons" must be a non-empty list of lesson names`);
  }
  const seen = new Set();
  for (const lesson of lessons) {
    if (!known.includes(lesson)) throw new Error(`${where}: unknown lesson "${lesson}"; lessons: ${known.join(', ')}`);
    if (seen.has(lesson)) throw new Error(`${where}: lesson "${lesson}" is listed twice`);
    seen.add(lesson);
  }
  // Progress files and browser storage are keyed by the id: a file exported from another
  // workbook is refused on import (src/progress/bundle.ts).
  const id = value.id ?? (title.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'packetwalk');
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) {
    throw new Error(`${where}: "id" must be lower-case letters, digits and dashes (up to 64), starting with a letter or digit`);
  }
  // The capstone every learner of the workshop gets (a URL's ?seed= still wins), and its time
  // limit in minutes for a timed run, as in the CKA exam.
  const capstone = {};
  for (const key of ['capstoneSeed', 'capstoneMinutes']) {
    const v = value[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1 || v > 0x7ffffffe) throw new Error(`${where}: "${key}" must be a whole number from 1`);
    capstone[key] = v;
  }
  return { title: title.trim(), lessons, id, ...capstone };
}

/** The workshop in force for this build. */
export function loadWorkshop(env = process.env) {
  const known = courseLessons();
  const file = env.WORKSHOP_CONFIG ? new URL(env.WORKSHOP_CONFIG, root) : new URL('workshop.config.json', root);
  if (!existsSync(file)) {
    if (env.WORKSHOP_CONFIG) throw new Error(`WORKSHOP_CONFIG: no file ${file.pathname}`);
    return { title: 'packetwalk', lessons: known, id: 'packetwalk' };
  }
  let value;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file.pathname}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return validateWorkshop(value, known, file.pathname);
}
