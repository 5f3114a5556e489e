/**
 * Puts a terminal on the page: xterm view + line editor + one shell session of the lesson's
 * kernel. Loaded with a dynamic import (src/workbench/terminals.ts) once a terminal is needed.
 * Publishes its life on the host element (`data-state`: loading, ready, busy) for tests; the
 * first terminal also publishes `window.__pwTerminalReadyAt` (ms since navigation) for the
 * bench and the test hooks below.
 */
import type { Kernel, SessionId } from '../kernel/kernel.ts';
import { createLineEditor, type LineEditor } from './line-editor.ts';
import { createTerminalView } from './xterm-view.ts';
import type { ReplayReport } from '../../sandbox/api/types.ts';

/** What a replay did, for a notice: `, 12 saved command lines replayed` (and any that ended differently). */
function restored(replay: ReplayReport | undefined): string {
  if (!replay) return '';
  const lines = `${replay.replayed} saved command line${replay.replayed === 1 ? '' : 's'} replayed`;
  const diverged = replay.diverged.length === 0 ? '' : `; ${replay.diverged.length} ended differently than before (first: ${replay.diverged[0]!.line.split('\n')[0]})`;
  const cut = replay.cut ? `; stopped at line ${replay.cut.index + 1}: ${replay.cut.message}` : '';
  return `, ${lines}${diverged}${cut}`;
}

declare global {
  interface Window {
    __pwTerminalReadyAt?: number;
    /** Test hook: the first terminal's text (see TerminalView.text). */
    __pwTerminalText?: () => string;
    /** Test hook: a terminal's text by session. */
    __pwTerminalTexts?: Record<string, () => string>;
    /** Test hook: the first terminal's size in cells. */
    __pwTerminalSize?: () => { columns: number };
    /** Bench hook: ms for one command line page -> worker -> page (output discarded). */
    __pwRoundTrip?: (line: string) => Promise<number>;
  }
}

export interface MountedTerminal {
  editor: LineEditor;
  focus(): void;
  dispose(): void;
}

export interface MountOptions {
  kernel: Kernel;
  session: SessionId;
  /** The session's first prompt when it was just opened (the first session asks the kernel's boot). */
  prompt?: string;
  /** The session's earlier lines (a reload: the saved lines of this terminal). */
  history?: () => Promise<string[]>;
}

export async function mountTerminal(host: HTMLElement, options: MountOptions): Promise<MountedTerminal> {
  const { kernel, session } = options;
  host.dataset.state = 'loading';
  const hadFocus = document.activeElement === host;
  host.replaceChildren();
  // xterm brings its own focusable textarea; the placeholder's tab stop goes.
  host.removeAttribute('tabindex');
  host.removeAttribute('role');
  host.removeAttribute('aria-label');
  const exit = host.closest<HTMLElement>('.pw-terminal');
  const view = createTerminalView(host, () => exit?.focus());
  if (hadFocus) view.focus();
  const editor = createLineEditor({
    screen: view.screen,
    shell: {
      exec: (line, onOutput) => kernel.exec(line, onOutput, { origin: 'terminal', session }),
      interrupt: () => kernel.interrupt(session),
      complete: (line, cursor) => kernel.complete(line, cursor, session),
    },
    onBusy: (busy) => {
      host.dataset.state = busy ? 'busy' : 'ready';
    },
  });
  view.onData((data) => editor.feed(data));
  // Background jobs print while the prompt waits: above the prompt, the line being typed kept.
  const stopJobs = kernel.onJobOutput((chunk, from) => {
    if (from === session) editor.output(chunk.text);
  });
  const stopEvents = kernel.subscribe((event) => {
    if (event.type !== 'booted' || event.reason === 'start') return;
    if (event.reason !== 'reset') view.reset();
    const what = event.reason === 'reset'
      ? '[lesson reset: the cluster is back to its starting state]'
      : event.reason === 'scenario'
        ? '[simulator restarted from the scenario: your saved lines were not replayed]'
        : `[simulator restarted${restored(event.replay)}]`;
    editor.notice(what, event.boot.prompt);
  });
  let replay: ReplayReport | undefined;
  let prompt = options.prompt;
  if (prompt === undefined) {
    const stopWatching = kernel.subscribe((event) => {
      if (event.type === 'booted' && event.reason === 'start') replay = event.replay;
    });
    prompt = (await kernel.start()).prompt;
    stopWatching();
  }
  // A reload: the saved lines were replayed; the terminal's own become its history again.
  const history = replay && options.history ? await options.history() : [];
  if (replay) view.screen.write(`[progress restored: ${restored(replay).slice(2)}]\r\n`);
  editor.start(prompt, history);
  host.dataset.state = 'ready';
  window.__pwTerminalTexts ??= {};
  window.__pwTerminalTexts[session] = () => view.text();
  if (session === '1') {
    window.__pwTerminalReadyAt = performance.now();
    window.__pwTerminalText = () => view.text();
    window.__pwTerminalSize = () => ({ columns: view.screen.columns });
    window.__pwRoundTrip = async (line) => {
      const t0 = performance.now();
      await kernel.exec(line, () => undefined);
      return performance.now() - t0;
    };
  }
  return {
    editor,
    focus: () => view.focus(),
    dispose: () => {
      stopJobs();
      stopEvents();
      if (window.__pwTerminalTexts) delete window.__pwTerminalTexts[session];
      view.dispose();
    },
  };
}
