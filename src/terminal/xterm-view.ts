/**
 * The only module of the site that imports xterm. It turns a host element into a terminal
 * (DOM renderer, so the text is real DOM text; screen-reader mode, so it reaches assistive
 * technology through xterm's live region) that fits its container as the page resizes, and
 * hands the line editor a plain `Screen`.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { Screen } from './line-editor.ts';

export interface TerminalView {
  screen: Screen;
  onData(listener: (data: string) => void): void;
  focus(): void;
  /**
   * The whole buffer as text, wrapped rows joined back into their lines, trailing blanks
   * trimmed (a terminal cannot tell them from empty cells). For tests and the bench.
   */
  text(): string;
  /** Clears the screen and scrollback (after a restart). */
  reset(): void;
  dispose(): void;
}

/** Colours readable in both Starlight themes: the terminal stays dark, as most are. */
const theme = {
  background: '#14161a',
  foreground: '#e6e6e6',
  cursor: '#e6e6e6',
  selectionBackground: '#44506a',
};

/**
 * `onEscape` runs when the learner presses Escape: xterm keeps Tab for completion, so Escape
 * is the keyboard way out of the terminal (WCAG 2.1.2, no keyboard trap).
 */
export function createTerminalView(host: HTMLElement, onEscape: () => void): TerminalView {
  const terminal = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: 14,
    scrollback: 5000,
    theme,
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.attachCustomKeyEventHandler((event) => {
    if (event.key !== 'Escape') return true;
    if (event.type === 'keydown') onEscape();
    return false;
  });
  terminal.open(host);
  fit.fit();
  // Screen-reader mode from here on, once the grid has its final size: its accessibility tree
  // sizes every row with a layout read (xterm's AccessibilityManager), so made at open it would
  // lay out the default 24 rows, then every row again after the fit.
  terminal.options.screenReaderMode = true;
  // Follow the page: a resized window or a rotated phone refits the grid.
  const observer = new ResizeObserver(() => fit.fit());
  observer.observe(host);
  const screen: Screen = {
    write: (text) => terminal.write(text),
    get columns() {
      return terminal.cols;
    },
  };
  return {
    screen,
    onData: (listener) => {
      terminal.onData(listener);
    },
    focus: () => terminal.focus(),
    text: () => {
      const buffer = terminal.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buffer.length; i += 1) {
        const row = buffer.getLine(i);
        if (!row) continue;
        // A row that continues on the next one is full width: keep its trailing spaces.
        const text = row.translateToString(!buffer.getLine(i + 1)?.isWrapped);
        if (row.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
        else lines.push(text);
      }
      const trimmed = lines.map((line) => line.trimEnd());
      while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
      return trimmed.join('\n');
    },
    reset: () => terminal.reset(),
    dispose: () => {
      observer.disconnect();
      terminal.dispose();
    },
  };
}
