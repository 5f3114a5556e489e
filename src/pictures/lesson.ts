/**
 * The lesson pictures (Topology.astro, PacketWalk.astro), loaded by loader.ts only when a
 * picture is scrolled into view or its Run button is pressed. Both draw from the lesson's own
 * kernel: `<Topology />` redraws after every command that changed the configuration (and after
 * Reset), `<PacketWalk command=… on=…/>` runs its command where it says and draws that
 * command's walk.
 */
import { lessonKernel, lessonRoot } from '../kernel/lesson-kernel.ts';
import { PASTE_EVENT } from '../terminal/terminal-loader-event.ts';
import type { PictureHost } from './topology-view.ts';
import { createTopologyView } from './topology-view.ts';
import { createWalkView } from './walk-view.ts';

/** The machine in a bash prompt `user@machine:dir# ` (a pod's `/ # ` names none). */
const hostOfPrompt = (prompt: string): string | undefined => /^[^@\s]+@([^:\s]+):/.exec(prompt)?.[1];

/** Pastes into the lesson terminal, hopping with `ssh` when the shell stands elsewhere. */
export const lessonHost: PictureHost = {
  paste(command, on) {
    const send = (line: string): void => {
      document.dispatchEvent(new CustomEvent(PASTE_EVENT, { detail: line }));
    };
    if (on === undefined) return send(command);
    lessonKernel().prompt().then(
      (prompt) => send(hostOfPrompt(prompt) === on ? command : `ssh ${on} ${command}`),
      () => send(`ssh ${on} ${command}`),
    );
  },
};

/** Machines of the lesson's scenario (to tell `on="node-1"` from `on="toolbox"`, a pod). */
function machines(): string[] {
  try {
    const spec = JSON.parse(lessonRoot()?.dataset.scenarioSpec ?? '{}') as { machines?: { name: string }[]; cluster?: { nodes?: { name: string }[] } };
    return [...(spec.machines ?? []), ...(spec.cluster?.nodes ?? [])].map((m) => m.name);
  } catch {
    return [];
  }
}

/** Shows the picture that `el` stands for (idempotent). */
export function showPicture(el: HTMLElement): void {
  if (el.dataset.shown === 'true') return;
  el.dataset.shown = 'true';
  if (el.dataset.picture === 'topology') showTopology(el);
  else if (el.dataset.picture === 'walk') prepareWalk(el);
}

function showTopology(el: HTMLElement): void {
  const kernel = lessonKernel();
  const view = createTopologyView(lessonHost, el.dataset.caption || 'Topology');
  const status = el.querySelector<HTMLElement>('.pw-picture-status');
  el.append(view.element);
  let queue: Promise<void> = Promise.resolve();
  const draw = (): void => {
    queue = queue
      .then(() => kernel.topology())
      .then((t) => {
        // The bench (bench/pictures.bench.ts) reads how long drawing took in the page.
        const start = performance.now();
        view.update(t);
        performance.measure('pw:topology-draw', { start });
        if (status) status.hidden = true;
        el.dataset.state = 'drawn';
      })
      .catch((error: unknown) => {
        if (status) status.textContent = `The topology could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
      });
  };
  kernel.subscribe((event) => {
    if ((event.type === 'ran' && event.entry.changed) || event.type === 'booted') draw();
  });
  draw();
}

function prepareWalk(el: HTMLElement): void {
  const button = el.querySelector<HTMLButtonElement>('.pw-walk-run');
  button?.addEventListener('click', () => void runWalk(el));
  if (el.dataset.runRequested === 'true') void runWalk(el);
}

/** Runs the component's command on the lesson's kernel and draws its walk. */
export async function runWalk(el: HTMLElement): Promise<void> {
  const kernel = lessonKernel();
  const command = el.dataset.command ?? '';
  const on = el.dataset.on ?? '';
  const button = el.querySelector<HTMLButtonElement>('.pw-walk-run');
  const output = el.querySelector<HTMLElement>('.pw-output');
  const status = el.querySelector<HTMLElement>('.pw-picture-status');
  if (button) button.disabled = true;
  el.dataset.state = 'running';
  if (output) {
    output.hidden = false;
    output.textContent = '';
  }
  try {
    // `on` names a machine (run there) or a pod (run in it with kubectl exec from the node).
    const pod = on !== '' && !machines().includes(on);
    const line = pod ? `kubectl exec ${on} -- ${command}` : command;
    const where = pod || on === '' ? {} : { on };
    await kernel.exec(line, (chunk) => output?.append(document.createTextNode(chunk.text)), where);
    const [walk, topology] = await Promise.all([kernel.walk(), kernel.topology()]);
    if (!walk) {
      if (status) status.textContent = 'This command sent no packets.';
      el.dataset.state = 'empty';
      return;
    }
    const full = topology.machines.some((m) => m.collapsed) ? await kernel.topology({ expand: walk.machines }) : topology;
    let view = (el as HTMLElement & { pwWalk?: ReturnType<typeof createWalkView> }).pwWalk;
    if (!view) {
      view = createWalkView(lessonHost, el.dataset.caption || 'Packet walk');
      (el as HTMLElement & { pwWalk?: ReturnType<typeof createWalkView> }).pwWalk = view;
      el.append(view.element);
    }
    const start = performance.now();
    view.update(walk, full);
    performance.measure('pw:walk-draw', { start });
    if (status) status.hidden = true;
    el.dataset.state = 'drawn';
  } catch (error) {
    if (status) status.textContent = `The walk could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
    el.dataset.state = 'failed';
  } finally {
    if (button) button.disabled = false;
  }
}
