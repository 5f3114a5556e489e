/**
 * The Progress panel (LessonContent.astro): this lesson's history, newest first, each earlier
 * state with a "Restore" button; export of every lesson's progress in one file; import, which
 * replaces it once the file is checked in full (progress/bundle.ts) and reloads.
 */
import type { LessonProgress } from '../progress/lesson.ts';

export function createProgressPanel(root: HTMLElement, progress: () => Promise<LessonProgress>): void {
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
    const lesson = await progress();
    const items = await lesson.history();
    list.replaceChildren(...items.map((item, i) => {
      const li = document.createElement('li');
      const time = document.createElement('time');
      const when = new Date(item.time * 1000);
      time.dateTime = when.toISOString();
      time.textContent = when.toLocaleString();
      const text = document.createElement('span');
      text.className = 'pw-history-message';
      text.textContent = item.message;
      li.append(time, ' ', text);
      if (i > 0) {
        // Any earlier state can come back (as a new commit: the history keeps growing).
        const restore = document.createElement('button');
        restore.type = 'button';
        restore.className = 'pw-history-restore';
        restore.textContent = 'Restore';
        restore.setAttribute('aria-label', `Restore the lesson as it was after: ${item.message}`);
        restore.addEventListener('click', () => {
          tell('Restoring…');
          lesson.restore(item.oid, item.message)
            .then(() => location.reload())
            .catch((error: unknown) => tell(`Restore failed: ${why(error)}`));
        });
        li.append(' ', restore);
      }
      return li;
    }));
    if (items.length === 0) {
      const li = document.createElement('li');
      li.textContent = lesson.notSaved ? `Nothing saved: ${lesson.notSaved}.` : 'Nothing saved yet: change the cluster or pass an exercise.';
      list.append(li);
    }
  };
  panel?.addEventListener('toggle', () => {
    if (panel.open) showHistory().catch((error: unknown) => tell(`The history could not be read: ${why(error)}`));
  });
  exportButton?.addEventListener('click', () => {
    progress()
      .then((lesson) => lesson.exportFile())
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
    Promise.all([progress(), file.text()])
      .then(([lesson, text]) => lesson.importFile(text))
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
