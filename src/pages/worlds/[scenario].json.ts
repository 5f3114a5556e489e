/**
 * `worlds/<scenario>.json`: the world each lesson's scenario builds, written at build time
 * (sandbox/api/world-image.ts), so the page's worker reads it instead of building the cluster
 * (LessonContent.astro fetches it while the worker starts). One file per scenario a lesson names.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { worldImage } from '../../../sandbox/api/index.ts';
import { lessonScenario } from '../../lesson/scenario-spec.ts';

export const getStaticPaths = (async () => {
  const lessons = new Map<string, string>();
  for (const entry of await getCollection('docs')) {
    const scenario = (entry.data as { scenario?: string }).scenario;
    if (scenario !== undefined && !lessons.has(scenario)) lessons.set(scenario, entry.filePath ?? entry.id);
  }
  return [...lessons].map(([scenario, lesson]) => ({ params: { scenario }, props: { scenario, lesson } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { scenario, lesson } = props as { scenario: string; lesson: string };
  return new Response(worldImage(lessonScenario(scenario, lesson)), { headers: { 'Content-Type': 'application/json' } });
};
