/**
 * Lesson frontmatter: what an author writes at the top of content/lessons/*.mdx, on top of
 * Starlight's own fields (title, description, sidebar ...). Each field's description is the
 * authoring documentation; each error message says how to fix it, and Astro prefixes it with
 * the file and the field, so a bad lesson fails the build with "file, field, fix".
 *
 * Pure zod (no Astro imports) so it is unit-tested in Node.
 */
import { z } from 'zod';
import { ExerciseSchema } from '../../sandbox/api/index.ts';

/** A scenario's name: the file content/scenarios/<name>.yaml, such as `default`. */
export const scenarioName = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'scenario is required: name the cluster this lesson runs on, e.g. `scenario: default`'
        : 'scenario must be a name (text), e.g. `scenario: default`',
  })
  .regex(/^[a-z0-9][a-z0-9-]*$/, {
    error: 'scenario must be a file name in content/scenarios/ without `.yaml` (lower-case letters, digits, dashes), e.g. `default`',
  })
  .describe('The cluster the lesson boots: content/scenarios/<name>.yaml (`default`, `bare-host` ...).');

/** The fields a lesson adds to Starlight's frontmatter. */
export const lessonFields = z.object({
  scenario: scenarioName,
  order: z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? 'order is required: a whole number placing the lesson in the course, e.g. `order: 1`'
          : 'order must be a whole number, e.g. `order: 1`',
    })
    .int({ error: 'order must be a whole number, e.g. `order: 1`' })
    .positive({ error: 'order must be 1 or more' })
    .describe('Position of the lesson in the course (1 first); also orders the sidebar.'),
  on: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/, { error: 'on must be a machine name from the scenario, e.g. `node-1`' })
    .optional()
    .describe('The machine the terminal starts on (default: the scenario\'s first machine).'),
  exercises: z
    .array(ExerciseSchema, { error: 'exercises must be a list of exercise specs (see sandbox/grading/spec.ts)' })
    .default([])
    .describe('Graded exercises, each placed in the text with <Exercise id="..."> (format: sandbox/grading/spec.ts; `npm run check-lessons` proves each is solvable).'),
  capstone: z
    .boolean()
    .optional()
    .describe('A capstone page: the cluster is broken from a seed (sandbox/capstone/) and <Capstone /> lists its symptoms.'),
  objectives: z
    .array(z.string().min(1, { error: 'objectives must not contain empty items' }))
    .default([])
    .describe('What the learner can do after the lesson, one short sentence each.'),
});

/** Starlight needs a description for search results and social cards: lessons must have one. */
export const lessonDescription = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'description is required: one sentence saying what the lesson teaches'
        : 'description must be text: one sentence saying what the lesson teaches',
  })
  .min(10, { error: 'description is too short: one sentence saying what the lesson teaches' })
  .describe('One sentence saying what the lesson teaches (shown in search results).');

/** The whole lesson frontmatter, as every lesson file must satisfy it. */
export const lessonSchema = lessonFields.extend({ description: lessonDescription });

/**
 * What is passed to Starlight's docsSchema: the lesson fields, optional at this level, because
 * Starlight validates non-lesson pages (the `splash` front page) with the same schema; the
 * refinement below makes them required on every lesson page.
 */
export const lessonExtension = lessonFields.partial().extend({ description: lessonDescription.optional() });

/**
 * Requires the lesson fields on every page but splash pages, with the same messages as
 * `lessonSchema` (use with `.superRefine` on the full docs schema).
 */
export function requireLessonFields(data: { template?: string } & Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (data.template === 'splash') return;
  const result = lessonSchema.safeParse(data);
  if (result.success) return;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
}
