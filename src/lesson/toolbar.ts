/**
 * The lesson's toolbar and banners (LessonContent.astro): Run all; Reset lesson, which asks
 * first and offers Undo after; the kernel's status; the banner of a hung or crashed simulator
 * with Restart (and "Start from the scenario" when saved lines could not be replayed); the
 * banner that says progress is not saved. Renders what the composition root hands it.
 */
import type { KernelEvent } from '../kernel/kernel.ts';

export interface ToolbarActions {
  runAll(): Promise<void>;
  reset(): Promise<void>;
  /** Undoes the last reset (restores the lesson as it was just before). */
  undoReset(): Promise<void>;
  restart(): Promise<void>;
  startFromScenario(): Promise<void>;
}

export interface Toolbar {
  kernelEvent(event: KernelEvent): void;
  /** Progress stopped (or resumed: undefined) being saved. */
  notSaved(reason: string | undefined): void;
  /** The Progress panel's summary: saving, saved, off. */
  saving(state: 'saving' | 'saved' | 'off'): void;
  say(text: string): void;
}

const make = (tag: string, props: Record<string, string>, text = ''): HTMLElement => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) element.setAttribute(name, value);
  element.textContent = text;
  return element;
};

export function createToolbar(root: HTMLElement, actions: ToolbarActions): Toolbar {
  const status = root.querySelector<HTMLElement>('.pw-kernel-status');
  const alert = root.querySelector<HTMLElement>('.pw-kernel-alert');
  const alertText = root.querySelector<HTMLElement>('.pw-kernel-alert-text');
  const runAll = root.querySelector<HTMLButtonElement>('.pw-run-all');
  const reset = root.querySelector<HTMLButtonElement>('.pw-reset');
  const restart = root.querySelector<HTMLButtonElement>('.pw-restart');
  const progressAlert = root.querySelector<HTMLElement>('.pw-progress-alert');
  const stateText = root.querySelector<HTMLElement>('.pw-progress-state');
  const say = (text: string): void => {
    if (status) status.textContent = text;
  };
  const why = (error: unknown): string => (error instanceof Error ? error.message : String(error));

  // "Start from the scenario", shown with the banner when the saved lines are what failed.
  const fresh = make('button', { type: 'button', class: 'pw-start-fresh', hidden: '' }, 'Start from the scenario') as HTMLButtonElement;
  restart?.after(fresh);
  fresh.addEventListener('click', () => {
    void actions.startFromScenario().catch((error: unknown) => say(`Could not start: ${why(error)}`));
  });
  restart?.addEventListener('click', () => {
    void actions.restart().catch(() => undefined);
  });

  runAll?.addEventListener('click', () => {
    runAll.disabled = true;
    void actions.runAll().finally(() => {
      runAll.disabled = false;
    });
  });

  // Reset asks first, in place (no modal): Reset / Cancel; after it, Undo.
  const confirm = make('span', { class: 'pw-reset-confirm', role: 'group', 'aria-label': 'Confirm reset', hidden: '' });
  const question = make('span', {}, 'Start this lesson over? Your changes and passed exercises go (Undo brings them back).');
  const yes = make('button', { type: 'button', class: 'pw-reset-yes' }, 'Reset') as HTMLButtonElement;
  const no = make('button', { type: 'button', class: 'pw-reset-no' }, 'Cancel') as HTMLButtonElement;
  confirm.append(question, ' ', yes, ' ', no);
  const undo = make('button', { type: 'button', class: 'pw-undo-reset', hidden: '' }, 'Undo reset') as HTMLButtonElement;
  reset?.after(confirm);
  status?.after(undo);
  reset?.addEventListener('click', () => {
    confirm.hidden = false;
    reset.hidden = true;
    yes.focus();
  });
  const closeConfirm = (): void => {
    confirm.hidden = true;
    if (reset) {
      reset.hidden = false;
    }
  };
  no.addEventListener('click', () => {
    closeConfirm();
    reset?.focus();
  });
  yes.addEventListener('click', () => {
    closeConfirm();
    if (reset) reset.disabled = true;
    void actions.reset().then(() => {
      undo.hidden = false;
    }, () => undefined).finally(() => {
      if (reset) reset.disabled = false;
    });
  });
  undo.addEventListener('click', () => {
    undo.disabled = true;
    say('Restoring…');
    void actions.undoReset().catch((error: unknown) => {
      say(`Undo failed: ${why(error)}`);
      undo.disabled = false;
    });
  });

  return {
    kernelEvent(event) {
      if (event.type === 'state') {
        if (event.state === 'failed') {
          if (restart) restart.hidden = false;
          if (alertText) alertText.textContent = `${event.message ?? 'The simulator stopped.'} `;
          fresh.hidden = event.during !== 'replay';
          if (alert) alert.hidden = false;
          say('Simulator stopped');
        } else {
          if (alert) alert.hidden = true;
          say(event.state === 'starting' ? 'Starting the cluster…' : '');
        }
      } else if (event.type === 'booted' && event.replay?.cut) {
        // The saved lines replayed only in part: the lesson runs on what did; the learner may start clean.
        if (alertText) alertText.textContent = `Your saved work was restored only up to line ${event.replay.cut.index + 1} (${event.replay.cut.message}). `;
        if (restart) restart.hidden = true;
        fresh.hidden = false;
        if (alert) alert.hidden = false;
      } else if (event.type === 'booted' && event.reason !== 'start') {
        if (event.reason !== 'reset') undo.hidden = true;
        say(event.reason === 'reset' ? 'Lesson reset' : event.reason === 'scenario' ? 'Started from the scenario' : 'Simulator restarted');
      } else if (event.type === 'ran' && !undo.hidden && event.entry.changed) {
        // Undo brings back the state before the reset; once the learner changes the new one, it goes.
        undo.hidden = true;
      }
    },
    notSaved(reason) {
      if (!progressAlert) return;
      progressAlert.textContent = reason === undefined ? '' : `Progress is not being saved: ${reason}.`;
      progressAlert.hidden = reason === undefined;
    },
    saving(state) {
      root.dataset.progress = state;
      if (stateText) stateText.textContent = state === 'off' ? '(not saved)' : state === 'saving' ? '(saving…)' : '(all changes saved)';
    },
    say,
  };
}
