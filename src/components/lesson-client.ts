/**
 * The lesson's toolbar and failure banner (LessonContent.astro), and the "Run in terminal"
 * action added to shell code blocks. Imports only the kernel client, not the terminal: the
 * terminal's code stays unloaded until it is needed.
 */
import { lessonKernel, lessonRoot } from '../kernel/lesson-kernel.ts';
import { clearCells, runAllCells } from './cells.ts';
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
    } else if (event.reason !== 'start') {
      clearCells();
      say(event.reason === 'reset' ? 'Cluster reset' : 'Simulator restarted');
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
