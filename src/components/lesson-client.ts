/**
 * The lesson's toolbar, progress panel and banners (LessonContent.astro), and the "Run in
 * terminal" action added to shell code blocks. Imports only the kernel and progress clients:
 * the terminal's and git's code stay unloaded until they are needed.
 */
import { lessonKernel, lessonRoot } from '../kernel/lesson-kernel.ts';
import { hasSavedProgress, lessonProgress } from '../progress/client.ts';
import { clearCells, runAllCells } from './cells.ts';
import { clearDone } from './exercise.ts';
import { PASTE_EVENT } from '../terminal/terminal-loader-event.ts';

const root = lessonRoot();
if (root) {
  const kernel = lessonKernel();
  const status = root.querySelector<HTMLElement>('.pw-kernel-status');
  const alert = root.querySelector<HTMLElement>('.pw-kernel-alert');
  const alertText = root.querySelector<HTMLElement>('.pw-kernel-alert-text');
  const runAll = root.querySelector<HTMLButtonElement>('.pw-run-all');
  const reset = root.querySelector<HTMLButtonElement>('.pw-reset');
  const restart = root.querySelector<HTMLButtonElement>('.pw-restart');
  const say = (text: string): void => {
    if (status) status.textContent = text;
  };

  kernel.subscribe((event) => {
    if (event.type === 'state') {
      if (event.state === 'failed') {
        if (alertText) alertText.textContent = `${event.message ?? 'The simulator stopped.'} `;
        if (alert) alert.hidden = false;
        say('Simulator stopped');
      } else {
        if (alert) alert.hidden = true;
        say(event.state === 'starting' ? 'Starting the cluster…' : '');
      }
    } else if (event.type === 'booted' && event.reason !== 'start') {
      if (event.reason === 'reset') clearLesson();
      say(event.reason === 'reset' ? 'Lesson reset' : 'Simulator restarted');
    }
  });

  runAll?.addEventListener('click', () => {
    runAll.disabled = true;
    void runAllCells().finally(() => {
      runAll.disabled = false;
    });
  });
  reset?.addEventListener('click', () => {
    reset.disabled = true;
    void kernel.reset().catch(() => undefined).finally(() => {
      reset.disabled = false;
    });
  });
  // A returning learner: show the saved cells and exercises now, not when the cluster starts.
  if (hasSavedProgress(root.dataset.workbook ?? '', root.dataset.lesson ?? '')) void lessonProgress();
  wireProgressPanel(root);
  restart?.addEventListener('click', () => {
    void kernel.restart().catch(() => undefined);
  });

  // "Run in terminal" on shell code blocks (Expressive Code frames with a shell language).
  for (const pre of document.querySelectorAll<HTMLElement>('.sl-markdown-content .expressive-code pre[data-language]')) {
    if (!/^(sh|bash|shell|console)$/.test(pre.dataset.language ?? '')) continue;
    const figure = pre.closest('figure');
    if (!figure) continue;
    const lines = [...pre.querySelectorAll('.ec-line')].map((line) => line.textContent ?? '');
    const text = (lines.length > 0 ? lines : (pre.textContent ?? '').split('\n')).join('\r').replace(/\r+$/, '');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pw-to-terminal';
    button.textContent = 'Run in terminal';
    button.addEventListener('click', () => {
      document.dispatchEvent(new CustomEvent(PASTE_EVENT, { detail: text }));
    });
    figure.after(button);
  }
}

/** After Reset lesson: cells, exercises and edited manifests as the page first showed them (progress resets itself). */
function clearLesson(): void {
  clearCells();
  for (const section of document.querySelectorAll<HTMLElement>('.pw-exercise')) clearDone(section);
  for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('.pw-cell textarea')) textarea.value = textarea.defaultValue;
}

/** The Progress panel: this lesson's history, export and import. */
function wireProgressPanel(root: HTMLElement): void {
  const panel = root.querySelector<HTMLDetailsElement>('.pw-progress');
  const list = root.querySelector<HTMLOListElement>('.pw-history');
  const message = root.querySelector<HTMLElement>('.pw-progress-message');
  const exportButton = root.querySelector<HTMLButtonElement>('.pw-export');
  const importInput = root.querySelector<HTMLInputElement>('.pw-import');
  const tell = (text: string): void => {
    if (message) message.textContent = text;
  };
  const why = (error: unknown): string => (error instanceof Error ? error.message : String(error));

  const showHistory = async (): Promise<void> => {
    if (!list) return;
    const progress = await lessonProgress();
    const items = await progress.history();
    list.replaceChildren(...items.map((item) => {
      const li = document.createElement('li');
      const time = document.createElement('time');
      const when = new Date(item.time * 1000);
      time.dateTime = when.toISOString();
      time.textContent = when.toLocaleString();
      const text = document.createElement('span');
      text.className = 'pw-history-message';
      text.textContent = item.message;
      li.append(time, ' ', text);
      return li;
    }));
    if (items.length === 0) {
      const li = document.createElement('li');
      li.textContent = progress.notSaved ? `Nothing saved: ${progress.notSaved}.` : 'Nothing saved yet: change the cluster or pass an exercise.';
      list.append(li);
    }
  };
  panel?.addEventListener('toggle', () => {
    if (panel.open) showHistory().catch((error: unknown) => tell(`The history could not be read: ${why(error)}`));
  });
  exportButton?.addEventListener('click', () => {
    lessonProgress()
      .then((progress) => progress.exportFile())
      .then(({ name, text }) => {
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
        link.download = name;
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
        tell(`Exported to ${name}.`);
      })
      .catch((error: unknown) => tell(`Export failed: ${why(error)}`));
  });
  importInput?.addEventListener('change', () => {
    const file = importInput.files?.[0];
    if (!file) return;
    tell('Importing…');
    Promise.all([lessonProgress(), file.text()])
      .then(([progress, text]) => progress.importFile(text))
      .then((done) => {
        tell(`${done} Reloading…`);
        location.reload();
      })
      .catch((error: unknown) => tell(`${error instanceof Error && error.name === 'ImportError' ? '' : 'Import failed: '}${why(error)} Your progress is unchanged.`))
      .finally(() => {
        importInput.value = '';
      });
  });
}
