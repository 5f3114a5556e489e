/**
 * A small readline for the lesson terminal, pure (no DOM, no xterm): it takes what the
 * terminal sends (keys, pastes), keeps the line, the cursor and the history, redraws the line
 * on a `Screen` with plain VT100 sequences, and runs finished lines through a `LineShell`.
 * Bindings follow bash's emacs mode (`man 3 readline`); see keys.ts.
 *
 * Redraw model: positions are counted in cells from the start of the prompt, so a line that
 * wraps past the screen's width is still redrawn in place (cursor up N rows, CR, rewrite,
 * erase below). Characters count one cell each (wide CJK/emoji are not measured).
 */
import type { Completion, ExecReport, OutputChunk } from '../../sandbox/api/types.ts';
import { decodeInput, type InputToken, type KeyName } from './keys.ts';
import { commonPrefix, formatColumns, sanitizeOutput } from './format.ts';

/** Where the editor draws: a VT100-compatible terminal. */
export interface Screen {
  write(text: string): void;
  readonly columns: number;
}

/** What the editor runs lines with: the lesson kernel's shell. */
export interface LineShell {
  exec(line: string, onOutput: (chunk: OutputChunk) => void): Promise<ExecReport>;
  interrupt(): void;
  complete(line: string, cursor: number): Promise<Completion>;
}

export interface LineEditor {
  /** Feeds terminal input (a keystroke or a whole paste). */
  feed(data: string): void;
  /** Shows `prompt` on a fresh line and starts accepting input. */
  /** Shows the first prompt; `earlier` lines (oldest first) become the history, as a reload restores it. */
  start(prompt: string, earlier?: readonly string[]): void;
  /** Prints a notice above the prompt (e.g. "cluster reset") and redraws the prompt and line. */
  notice(text: string, prompt?: string): void;
  /**
   * Prints output that arrived while the prompt waits (a background job's `ping` lines): the
   * prompt and line are lifted off, the text takes their place, and they are redrawn below.
   */
  output(text: string): void;
  /** True while a line runs or a completion is pending. */
  readonly busy: boolean;
  /** Resolves once all fed input has been handled and no command runs. */
  idle(): Promise<void>;
  /** The line being edited and the cursor in it (for tests and assistive UI). */
  readonly line: string;
  readonly cursor: number;
  readonly history: readonly string[];
}

export interface LineEditorOptions {
  screen: Screen;
  shell: LineShell;
  /** Called whenever `busy` changes. */
  onBusy?: (busy: boolean) => void;
}

/** Readline's unix-word-rubout: a word is delimited by whitespace. */
function wordStart(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(chars[i - 1] ?? '')) i -= 1;
  while (i > 0 && !/\s/.test(chars[i - 1] ?? '')) i -= 1;
  return i;
}

function wordEnd(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i < chars.length && /\s/.test(chars[i] ?? '')) i += 1;
  while (i < chars.length && !/\s/.test(chars[i] ?? '')) i += 1;
  return i;
}

/** Characters after which a completed word takes no trailing space (a path, `--flag=`). */
const openEnded = /[/=:]$/;

export function createLineEditor(options: LineEditorOptions): LineEditor {
  const { screen, shell } = options;
  let prompt = '';
  // The prompt of the last complete command; while the shell asks for more lines (`more`),
  // `prompt` is its continuation prompt and Ctrl-C returns here.
  let mainPrompt = '';
  let more = false;
  /** The line as code points, so the cursor never splits a surrogate pair. */
  let chars: string[] = [];
  let cursor = 0;
  /** Where the screen's cursor stands, in cells from the prompt's start. */
  let shown = 0;
  const history: string[] = [];
  let historyIndex = 0;
  let draft: string[] = [];
  let busy = false;
  let running = false;
  let started = false;
  const pending: InputToken[] = [];
  let idleWaiters: (() => void)[] = [];

  const setBusy = (value: boolean): void => {
    if (busy === value) return;
    busy = value;
    options.onBusy?.(value);
  };

  const cols = (): number => Math.max(1, screen.columns);
  const promptWidth = (): number => Array.from(prompt).length;

  /** Moves the screen's cursor from `shown` to cell `target` (both from the prompt's start). */
  const moveTo = (target: number): string => {
    const c = cols();
    const up = Math.floor(shown / c) - Math.floor(target / c);
    let seq = '';
    if (up > 0) seq += `\x1b[${up}A`;
    if (up < 0) seq += `\x1b[${-up}B`;
    seq += '\r';
    if (target % c > 0) seq += `\x1b[${target % c}C`;
    shown = target;
    return seq;
  };

  /** Rewrites prompt and line from the prompt's start, erasing what was below. */
  const render = (): void => {
    const c = cols();
    let seq = moveTo(0);
    seq += prompt + chars.join('') + '\x1b[J';
    const end = promptWidth() + chars.length;
    // At an exact multiple of the width the terminal waits to wrap; make the wrap happen so
    // the cursor arithmetic holds (what readline does with its "auto-margin" handling).
    if (end > 0 && end % c === 0) seq += '\r\n';
    shown = end;
    seq += moveTo(promptWidth() + cursor);
    screen.write(seq);
  };

  /** Leaves the line as it is and moves to a fresh screen line below it. */
  const newlineBelow = (): void => {
    const end = promptWidth() + chars.length;
    let seq = moveTo(end);
    if (!(end > 0 && end % cols() === 0)) seq += '\r\n';
    screen.write(seq);
    shown = 0;
  };

  const setLine = (next: string[], at = next.length): void => {
    chars = next;
    cursor = Math.min(Math.max(0, at), next.length);
  };

  const insert = (text: string): void => {
    const add = Array.from(text);
    setLine([...chars.slice(0, cursor), ...add, ...chars.slice(cursor)], cursor + add.length);
  };

  const run = async (): Promise<void> => {
    const line = chars.join('');
    newlineBelow();
    setLine([]);
    historyIndex = history.length;
    // An empty line ends nothing at the main prompt, but inside a here-document it is data.
    if (line.trim() === '' && !more) {
      render();
      return;
    }
    if (line.trim() !== '' && history[history.length - 1] !== line) history.push(line);
    historyIndex = history.length;
    draft = [];
    running = true;
    let endsWithNewline = true;
    try {
      const report = await shell.exec(line, (chunk) => {
        if (chunk.text === '') return;
        screen.write(sanitizeOutput(chunk.text));
        endsWithNewline = chunk.text.endsWith('\n');
      });
      prompt = report.prompt;
      more = report.more === true;
      if (!more) mainPrompt = prompt;
    } catch (error) {
      // The kernel failed under the command (hung, crashed, restarted); the page shows it.
      screen.write(sanitizeOutput(`\n${error instanceof Error ? error.message : String(error)}\n`));
      endsWithNewline = true;
    } finally {
      running = false;
    }
    // The prompt must start at column 0 for redraws to work: finish a partial last line.
    if (!endsWithNewline) screen.write('\r\n');
    shown = 0;
    render();
  };

  const completeWord = async (): Promise<void> => {
    const before = chars.slice(0, cursor).join('');
    let answer: Completion;
    try {
      answer = await shell.complete(chars.join(''), before.length);
    } catch (error) {
      screen.write(sanitizeOutput(`\n${error instanceof Error ? error.message : String(error)}\n`));
      shown = 0;
      render();
      return;
    }
    const from = Math.max(0, Math.min(answer.from, before.length));
    const partial = before.slice(from);
    const head = Array.from(before.slice(0, from));
    const tail = chars.slice(cursor);
    const replace = (word: string): void => {
      const added = Array.from(word);
      setLine([...head, ...added, ...tail], head.length + added.length);
    };
    const candidates = [...new Set(answer.candidates)];
    const [only] = candidates;
    if (only !== undefined && candidates.length === 1) {
      const space = openEnded.test(only) || only.endsWith(' ') || tail[0] === ' ' ? '' : ' ';
      replace(only + space);
      render();
      return;
    }
    if (candidates.length === 0) return;
    const shared = commonPrefix(candidates);
    if (shared.length > partial.length && shared.startsWith(partial)) {
      replace(shared);
      render();
      return;
    }
    // Nothing more to insert: list the possibilities below and redraw, as readline does.
    newlineBelow();
    screen.write(formatColumns(candidates, cols()));
    shown = 0;
    render();
  };

  const historyMove = (delta: -1 | 1): void => {
    const next = historyIndex + delta;
    if (next < 0 || next > history.length) return;
    if (historyIndex === history.length) draft = chars;
    historyIndex = next;
    const entry = next === history.length ? draft : Array.from(history[next] ?? '');
    setLine(entry);
    render();
  };

  /** Applies one editing key that needs no shell. */
  const edit = (key: KeyName): void => {
    switch (key) {
      case 'left': setLine(chars, cursor - 1); break;
      case 'right': setLine(chars, cursor + 1); break;
      case 'home': setLine(chars, 0); break;
      case 'end': setLine(chars, chars.length); break;
      case 'word-left': setLine(chars, wordStart(chars, cursor)); break;
      case 'word-right': setLine(chars, wordEnd(chars, cursor)); break;
      case 'backspace':
        if (cursor === 0) return;
        setLine([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
        break;
      case 'delete':
      case 'eof':
        // C-d deletes the character under the cursor; on an empty line bash would end the
        // shell, which a lesson terminal does not do.
        if (cursor >= chars.length) return;
        setLine([...chars.slice(0, cursor), ...chars.slice(cursor + 1)], cursor);
        break;
      case 'kill-start': setLine(chars.slice(cursor), 0); break;
      case 'kill-end': setLine(chars.slice(0, cursor), cursor); break;
      case 'kill-word': {
        const start = wordStart(chars, cursor);
        setLine([...chars.slice(0, start), ...chars.slice(cursor)], start);
        break;
      }
      case 'up': historyMove(-1); return;
      case 'down': historyMove(1); return;
      case 'interrupt': {
        // No command runs: abandon the line as bash does, the tty echoing ^C after it.
        const end = promptWidth() + chars.length;
        screen.write(`${moveTo(end)}^C\r\n`);
        shown = 0;
        setLine([]);
        if (more) {
          // The unfinished command is discarded too, as bash does at its PS2 prompt.
          shell.interrupt();
          more = false;
          prompt = mainPrompt;
        }
        historyIndex = history.length;
        break;
      }
      case 'clear':
        screen.write('\x1b[H\x1b[2J');
        shown = 0;
        break;
      case 'enter':
      case 'tab':
        return;
    }
    render();
  };

  /** Handles queued input in order; Enter and Tab wait for the shell before the next token. */
  let pumping = false;
  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (started && pending.length > 0) {
        const token = pending.shift();
        if (token === undefined) break;
        if (token.kind === 'text') {
          insert(token.text);
          render();
        } else if (token.key === 'enter') {
          setBusy(true);
          await run();
        } else if (token.key === 'tab') {
          setBusy(true);
          await completeWord();
        } else {
          edit(token.key);
        }
      }
    } finally {
      pumping = false;
      setBusy(false);
      if (pending.length === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
  };

  return {
    feed(data) {
      for (const token of decodeInput(data)) {
        if (token.kind === 'key' && token.key === 'interrupt' && running) {
          // Ctrl-C reaches the running command at once; typed-ahead input is discarded,
          // as the tty driver flushes its input queue on SIGINT (termios ISIG, NOFLSH unset).
          pending.length = 0;
          shell.interrupt();
          continue;
        }
        pending.push(token);
      }
      void pump();
    },
    start(next, earlier = []) {
      history.splice(0, history.length, ...earlier);
      historyIndex = history.length;
      prompt = next;
      mainPrompt = next;
      more = false;
      started = true;
      shown = 0;
      render();
      void pump();
    },
    notice(text, next) {
      if (running) {
        screen.write(sanitizeOutput(text));
        return;
      }
      newlineBelow();
      screen.write(sanitizeOutput(text.endsWith('\n') ? text : `${text}\n`));
      if (next !== undefined) prompt = next;
      shown = 0;
      render();
    },
    output(text) {
      if (running || !started) {
        screen.write(sanitizeOutput(text));
        return;
      }
      screen.write(moveTo(0) + '\x1b[J' + sanitizeOutput(text.endsWith('\n') ? text : `${text}\n`));
      shown = 0;
      render();
    },
    get busy() {
      return busy || pending.length > 0;
    },
    idle() {
      if (!busy && !pumping && pending.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get line() {
      return chars.join('');
    },
    get cursor() {
      return chars.slice(0, cursor).join('').length;
    },
    get history() {
      return history;
    },
  };
}
