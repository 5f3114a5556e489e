/**
 * Content collections. Lessons live at the top of the repository (content/lessons/, data not
 * code), so the docs collection uses a glob loader rooted there instead of Starlight's
 * src/content/docs default. Frontmatter = Starlight's schema + src/lessons/schema.ts.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { lessonExtension, requireLessonFields } from './lessons/schema.ts';

export const collections = {
  docs: defineCollection({
    // Files starting with `_` are drafts/partials, as in Starlight's own loader.
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/lessons' }),
    // Lesson fields are required on every page but the splash front page (see schema.ts).
    schema: (context) => docsSchema({ extend: lessonExtension })(context).superRefine(requireLessonFields),
  }),
  // Starlight's UI strings as the workbook words them (src/content/i18n/en.json: the 404 page).
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
