/**
 * Which capstone a page shows: the seed from the URL (`?seed=N`, what an instructor hands out),
 * else the workshop's (workshop.config.json `capstoneSeed`, one seed for the whole class), else
 * a new one, written into the URL so a reload keeps it. The lesson's progress is kept per seed
 * (`data-lesson` gets `-seed-N`): a learner's lines belong to the cluster they broke.
 */
import { generateCapstone, normalSeed, type CapstonePlan } from '../../sandbox/api/capstone.ts';

/** Settles the seed on the lesson root once; returns the plan, or undefined on other pages. */
export function settleCapstone(root: HTMLElement): CapstonePlan | undefined {
  if (root.dataset.capstone === undefined) return undefined;
  if (root.dataset.capstoneSeed === undefined || root.dataset.capstoneSettled !== 'true') {
    const url = new URL(window.location.href);
    const fromUrl = Number(url.searchParams.get('seed'));
    const fromWorkshop = Number(root.dataset.capstoneSeed);
    const seed = normalSeed(Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : Number.isInteger(fromWorkshop) && fromWorkshop > 0 ? fromWorkshop : Math.floor(Math.random() * 0x7ffffffe) + 1);
    if (url.searchParams.get('seed') !== String(seed)) {
      url.searchParams.set('seed', String(seed));
      window.history.replaceState(window.history.state, '', url);
    }
    root.dataset.capstoneSeed = String(seed);
    root.dataset.lesson = `${root.dataset.lesson ?? 'capstone'}-seed-${seed}`;
    root.dataset.capstoneSettled = 'true';
  }
  return generateCapstone(Number(root.dataset.capstoneSeed));
}
