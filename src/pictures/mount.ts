/**
 * `mountPictures(el, ctx)`: the workbench's Pictures panel (src/pictures/README.md has the
 * contract). It shows the live topology, redrawn after every command whose journal entry says
 * `changed` and after every boot, and the walk of the last command that sent packets.
 */
import type { JournalEntry, TopologyPicture, WalkPicture } from '../../sandbox/api/types.ts';
import { createTopologyView, type PictureHost } from './topology-view.ts';
import { createWalkView } from './walk-view.ts';

/** What the panel needs from the workbench: the lesson's kernel (or anything shaped like it) and the terminal. */
export interface PicturesContext extends PictureHost {
  kernel: {
    topology(options?: { expand?: string[] }): Promise<TopologyPicture>;
    walk(back?: number): Promise<WalkPicture | undefined>;
    subscribe(listener: (event: { type: string; entry?: JournalEntry }) => void): () => void;
  };
}

/** A mounted panel: `refresh` redraws now; `dispose` unsubscribes and empties the element. */
export interface MountedPictures {
  refresh(): Promise<void>;
  dispose(): void;
}

/** Identity of a walk, to tell a new command's walk from the one already shown. */
const walkId = (w: WalkPicture): string => `${w.command}|${w.steps[0]?.t ?? ''}|${w.steps.length}`;

/** Mounts the Pictures panel into `el` (its children are replaced). */
export function mountPictures(el: HTMLElement, ctx: PicturesContext): MountedPictures {
  const topo = createTopologyView(ctx, 'Topology');
  const walk = createWalkView(ctx, 'Packet walk');
  walk.element.hidden = true;
  el.replaceChildren(topo.element, walk.element);
  let shown: string | undefined;
  let last: TopologyPicture | undefined;
  let queue: Promise<void> = Promise.resolve();
  const drawTopology = async (): Promise<TopologyPicture> => {
    const t = await ctx.kernel.topology();
    topo.update(t);
    last = t;
    return t;
  };
  const drawWalk = async (t: TopologyPicture): Promise<void> => {
    const w = await ctx.kernel.walk();
    if (!w || walkId(w) === shown) return;
    shown = walkId(w);
    // A walk through a large world expands the machines on its path.
    const on = t.machines.some((m) => m.collapsed) ? await ctx.kernel.topology({ expand: w.machines }) : t;
    walk.element.hidden = false;
    walk.update(w, on);
  };
  // One redraw at a time, in the order the commands ran.
  const later = (job: () => Promise<void>): Promise<void> => {
    queue = queue.then(job).catch((error: unknown) => {
      el.dataset.error = error instanceof Error ? error.message : String(error);
    });
    return queue;
  };
  const refresh = (): Promise<void> => later(async () => drawWalk(await drawTopology()));
  const unsubscribe = ctx.kernel.subscribe((event) => {
    if (event.type === 'booted') {
      shown = undefined;
      walk.element.hidden = true;
      void refresh();
    } else if (event.type === 'ran') {
      void later(async () => {
        const t = event.entry?.changed || !last ? await drawTopology() : last;
        await drawWalk(t);
      });
    }
  });
  void refresh();
  return {
    refresh,
    dispose() {
      unsubscribe();
      el.replaceChildren();
    },
  };
}
