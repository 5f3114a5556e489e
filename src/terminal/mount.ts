/**
 * Puts the lesson terminal on the page: xterm view + line editor + the lesson's kernel.
 * Loaded by terminal-loader.ts with a dynamic import, only once the terminal is scrolled into
 * view or focused. Publishes its life on the host element (`data-state`: loading, ready,
 * busy) for tests, and `window.__pwTerminalReadyAt` (ms since navigation) for the bench.
 */
import { lessonKernel } from '../kernel/lesson-kernel.ts';
import { createLineEditor, type LineEditor } from './line-editor.ts';
import { createTerminalView } from './xterm-view.ts';
import { lessonProgress } from '../progress/client.ts';
import type { ReplayReport } from '../../sandbox/api/types.ts';

/** What a replay did, for a notice: `, 12 saved command lines replayed` (and any that ended differently). */
function restored(replay: ReplayReport | undefined): string {
  if (!replay) return '';
  const lines = `${replay.replayed} saved command line${replay.replayed === 1 ? '' : 's'} replayed`;
  const diverged = replay.diverged.length === 0 ? '' : `; ${replay.diverged.length} ended differently than before (first: ${replay.diverged[0]!.line.split('\n')[0]})`;
  return `, ${lines}${diverged}`;
}

declare global {
  interface Window {
    __pwTerminalReadyAt?: number;
    /** Test hook: the terminal's text (see TerminalView.text). */
    __pwTerminalText?: () => string;
    /** Bench hook: ms for one command line page -> worker -> page (output discarded). */
    __pwRoundTrip?: (line: string) => Promise<number>;
  }
}

export interface MountedTerminal {
  editor: LineEditor;
  focus(): void;
}

export async function mountTerminal(host: HTMLElement): Promise<MountedTerminal> {
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
  const kernel = lessonKernel();
  const editor = createLineEditor({
    screen: view.screen,
    shell: {
      exec: (line, onOutput) => kernel.exec(line, onOutput, 'terminal'),
      interrupt: () => kernel.interrupt(),
      complete: (line, cursor) => kernel.complete(line, cursor),
    },
    onBusy: (busy) => {
      host.dataset.state = busy ? 'busy' : 'ready';
    },
  });
  view.onData((data) => editor.feed(data));
  // Background jobs print while the prompt waits: above the prompt, the line being typed kept.
  kernel.onJobOutput((chunk) => editor.output(chunk.text));
  kernel.subscribe((event) => {
    if (event.type !== 'booted' || event.reason === 'start') return;
    if (event.reason === 'restart') view.reset();
    editor.notice(
      event.reason === 'reset' ? '[lesson reset: the cluster is back to its starting state]' : `[simulator restarted${restored(event.replay)}]`,
      event.boot.prompt,
    );
  });
  let replay: ReplayReport | undefined;
  const stopWatching = kernel.subscribe((event) => {
    if (event.type === 'booted' && event.reason === 'start') replay = event.replay;
  });
  const boot = await kernel.start();
  stopWatching();
  // A reload: the saved lines were replayed; the terminal's own become its history again.
  const history = replay ? (await lessonProgress()).terminalHistory() : [];
  if (replay) view.screen.write(`[progress restored: ${restored(replay).slice(2)}]\r\n`);
  editor.start(boot.prompt, history);
  host.dataset.state = 'ready';
  window.__pwTerminalReadyAt = performance.now();
  window.__pwTerminalText = () => view.text();
  window.__pwRoundTrip = async (line) => {
    const t0 = performance.now();
    await kernel.exec(line, () => undefined);
    return performance.now() - t0;
  };
  return { editor, focus: () => view.focus() };
}
