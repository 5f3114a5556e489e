/**
 * A world image: the world a scenario builds for a seed, written as text ahead of time (the
 * site writes one per scenario at build time, src/pages/worlds/) so that boot reads it instead
 * of building, which runs every controller until the cluster settles. Building is
 * deterministic for a scenario and a seed, so the image is that same world: `boot` takes it only
 * when it was made from the scenario and seed being booted, and builds otherwise (a stale file
 * costs time, never a different world).
 */
import { decodeGraph, encodeGraph } from '../core/index.ts';
import type { World } from '../fabric/world.ts';
import { buildWorld } from '../scenarios/build.ts';
import type { ScenarioSpec } from '../scenarios/schema.ts';

/** What an image holds: the world and what it was built from. */
interface Image {
  spec: ScenarioSpec;
  seed: number;
  world: World;
}

/** Builds `spec`'s world for `seed` and writes it as an image (BootOptions.image). */
export function worldImage(spec: ScenarioSpec, seed = 1): string {
  const image: Image = { spec, seed, world: buildWorld(spec, seed) };
  return encodeGraph(image);
}

/** The world in `text` if it was built from `spec` and `seed`, else undefined. */
export function worldFromImage(text: string, spec: ScenarioSpec, seed: number): World | undefined {
  const image = decodeGraph(text) as Partial<Image> | undefined;
  if (image?.seed !== seed || image.world === undefined || JSON.stringify(image.spec) !== JSON.stringify(spec)) return undefined;
  return image.world;
}
