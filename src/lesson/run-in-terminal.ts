/** "Run in terminal" under the lesson's shell code blocks: types the block into the terminal in view. */
import { PASTE_EVENT } from '../terminal/terminal-loader-event.ts';

/** Adds the button to every Expressive Code frame with a shell language. */
export function addRunInTerminal(document: Document): void {
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
