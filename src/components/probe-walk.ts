/**
 * The hook for drawing a failed Check's probe walk: the report carries the walk of the probe
 * that failed (CheckResult.walk, drawn in the graded copy of the cluster); a picture module
 * registers a renderer here, and the exercise feedback calls it when the learner opens the
 * "where" hint. Without a renderer the hint shows the text only. Each exercise section also
 * emits `pw:probe-walk` (detail: { check, walk }) when a Check fails with a walk.
 */
import type { WalkPicture } from '../../sandbox/api/types.ts';

/** Draws `walk` into `target` (a clean element the feedback owns). */
export type WalkRenderer = (target: HTMLElement, walk: WalkPicture, check: string) => void;

let renderer: WalkRenderer | undefined;

/** Registers the renderer for probe walks (one per page; a later call replaces it). */
export function setWalkRenderer(draw: WalkRenderer | undefined): void {
  renderer = draw;
}

/** Draws a walk with the registered renderer; false when there is none. */
export function drawWalk(target: HTMLElement, walk: WalkPicture, check: string): boolean {
  if (renderer === undefined) return false;
  target.replaceChildren();
  renderer(target, walk, check);
  return true;
}
