import { describe, expect, it } from 'vitest';
import { lessonSchema } from './schema.ts';

const good = { title: 'The pod IP model', description: 'Where a pod address lives.', scenario: 'default', order: 1 };

/** The first issue's path and message, as Astro shows them. */
function problem(data: unknown): { path: string; message: string } | undefined {
  const result = lessonSchema.safeParse(data);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  return issue ? { path: issue.path.join('.'), message: issue.message } : undefined;
}

describe('lesson frontmatter', () => {
  it('accepts a complete lesson and defaults objectives', () => {
    const result = lessonSchema.parse(good);
    expect(result.objectives).toEqual([]);
    expect(result.scenario).toBe('default');
  });

  it('names the missing scenario and how to fix it', () => {
    const { scenario: _, ...rest } = good;
    expect(problem(rest)).toEqual({ path: 'scenario', message: expect.stringContaining('scenario: default') });
  });

  it('rejects a scenario that is a path, not a name', () => {
    expect(problem({ ...good, scenario: 'scenarios/default.yaml' })?.path).toBe('scenario');
  });

  it('rejects an order that is not a positive whole number', () => {
    expect(problem({ ...good, order: 1.5 })).toEqual({ path: 'order', message: expect.stringContaining('whole number') });
    expect(problem({ ...good, order: 0 })?.path).toBe('order');
    expect(problem({ ...good, order: '1' })?.path).toBe('order');
  });

  it('requires a description sentence', () => {
    expect(problem({ ...good, description: undefined })?.path).toBe('description');
  });

  it('checks the starting machine name', () => {
    expect(problem({ ...good, on: 'Node 1' })?.path).toBe('on');
    expect(lessonSchema.parse({ ...good, on: 'node-2' }).on).toBe('node-2');
  });
});

describe('the docs-collection refinement', () => {
  it('requires lesson fields on lesson pages, naming each missing field', async () => {
    const { requireLessonFields } = await import('./schema.ts');
    const { z } = await import('zod');
    const schema = z.object({ template: z.string().default('doc') }).passthrough().superRefine(requireLessonFields);
    const result = schema.safeParse({ title: 'x' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['description', 'order', 'scenario']);
    expect(schema.safeParse({ title: 'Home', template: 'splash' }).success).toBe(true);
  });
});
