/**
 * A small readline for the lesson terminal, pure (no DOM, no xterm), in three parts as
 * xterm-readline has them: the line's state (line-buffer.ts), the key map (keys.ts: what the
 * terminal sends, decoded into keys and text) and this driver, which feeds keys to the state,
 * redraws the line on a `Screen` with plain VT100 sequences, and runs finished lines and
 * completions through a `LineShell`. Bindings follow bash's emacs mode (`man 3 readline`).
 *
 * Everything drawn that is not the driver's own cursor movement (prompt, line, completions,
 * output, notices) passes the one sanitiser (format.ts), so a control sequence in a prompt or
 * a recalled line shows as `^[` and never acts.
 *
 * Redraw model: positions are counted in cells from the start of the prompt, so a line that
 * wraps past the screen's width is still redrawn in place (cursor up N rows, CR, rewrite,
 * erase below). A character counts as the cells of its shown form (`^[` is two); wide
 * CJK/emoji are not measured.
 */
import type { Completion, ExecReport, OutputChunk } from '../../sandbox/api/types.ts';
import { decodeInput, type InputToken, type KeyName } from './keys.ts';
import { commonPrefix, formatColumns, sanitizeInline, sanitizeOutput } from './format.ts';
import { createLineBuffer, type EditKey } from './line-buffer.ts';

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

/** Characters after which a completed word takes no trailing space (a path, `--flag=`). */
const openEnded = /[/=:]$/;

/** How a character of the line is drawn (control characters in caret notation). */
const shownForm = (ch: string): string => sanitizeInline(ch);
/** Cells a run of the line's characters takes on screen. */
const cellsOf = (chars: readonly string[]): number => chars.reduce((n, ch) => n + Array.from(shownForm(ch)).length, 0);

export function createLineEditor(options: LineEditorOptions): LineEditor {
  const { screen, shell } = options;
  /** The prompt as drawn (sanitised once, when it arrives). */
  let prompt = '';
  // The prompt of the last complete command; while the shell asks for more lines (`more`),
  // `prompt` is its continuation prompt and Ctrl-C returns here.
  let mainPrompt = '';
  let more = false;
  const line = createLineBuffer();
  /** Where the screen's cursor stands, in cells from the prompt's start. */
  let shown = 0;
  /**
   * Where the last drawn line ended (cells from the prompt's start), so a redraw erases only
   * what it must: the rest of its own row (CSI K) unless the line was longer before (CSI J).
   * Erasing the whole screen below on every keystroke makes the terminal redraw every row.
   */
  let drawnEnd = 0;
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
  const setPrompt = (next: string): void => {
    prompt = sanitizeInline(next);
  };

  /** The screen's cursor is at the start of a fresh row: nothing of the line is drawn. */
  const freshLine = (): void => {
    shown = 0;
    drawnEnd = 0;
  };

  const cols = (): number => Math.max(1, screen.columns);
  const promptWidth = (): number => Array.from(prompt).length;
  const endCell = (): number => promptWidth() + cellsOf(line.chars);
  const cursorCell = (): number => promptWidth() + cellsOf(line.chars.slice(0, line.cursor));

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

  /** Rewrites prompt and line from the prompt's start, erasing what the line left behind. */
  const render = (): void => {
    const c = cols();
    const end = endCell();
    let seq = moveTo(0);
    const erase = Math.floor(drawnEnd / c) > Math.floor(end / c) ? '\x1b[J' : '\x1b[K';
    seq += prompt + line.chars.map(shownForm).join('') + erase;
    drawnEnd = end;
    // At an exact multiple of the width the terminal waits to wrap; make the wrap happen so
    // the cursor arithmetic holds (what readline does with its "auto-margin" handling).
    if (end > 0 && end % c === 0) seq += '\r\n';
    shown = end;
    seq += moveTo(cursorCell());
    screen.write(seq);
  };

  /** Leaves the line as it is and moves to a fresh screen line below it. */
  const newlineBelow = (): void => {
    const end = endCell();
    let seq = moveTo(end);
    if (!(end > 0 && end % cols() === 0)) seq += '\r\n';
    screen.write(seq);
    freshLine();
  };

  const run = async (): Promise<void> => {
    const text = line.chars.join('');
    newlineBelow();
    line.set([]);
    line.toEnd();
    // An empty line ends nothing at the main prompt, but inside a here-document it is data.
    if (text.trim() === '' && !more) {
      render();
      return;
    }
    line.remember(text);
    running = true;
    let endsWithNewline = true;
    try {
      const report = await shell.exec(text, (chunk) => {
        if (chunk.text === '') return;
        screen.write(sanitizeOutput(chunk.text));
        endsWithNewline = chunk.text.endsWith('\n');
      });
      setPrompt(report.prompt);
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
    freshLine();
    render();
  };

  const completeWord = async (): Promise<void> => {
    const chars = line.chars;
    const cursor = line.cursor;
    const before = chars.slice(0, cursor).join('');
    let answer: Completion;
    try {
      answer = await shell.complete(chars.join(''), before.length);
    } catch (error) {
      screen.write(sanitizeOutput(`\n${error instanceof Error ? error.message : String(error)}\n`));
      freshLine();
      render();
      return;
    }
    const from = Math.max(0, Math.min(answer.from, before.length));
    const partial = before.slice(from);
    const head = Array.from(before.slice(0, from));
    const tail = chars.slice(cursor);
    const replace = (word: string): void => {
      const added = Array.from(word);
      line.set([...head, ...added, ...tail], head.length + added.length);
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
    screen.write(formatColumns(candidates.map(sanitizeInline), cols()));
    freshLine();
    render();
  };

  /** Applies one key that needs no shell. */
  const edit = (key: KeyName): void => {
    switch (key) {
      case 'interrupt': {
        // No command runs: abandon the line as bash does, the tty echoing ^C after it.
        screen.write(`${moveTo(endCell())}^C\r\n`);
        freshLine();
        line.set([]);
        if (more) {
          // The unfinished command is discarded too, as bash does at its PS2 prompt.
          shell.interrupt();
          more = false;
          prompt = mainPrompt;
        }
        line.toEnd();
        break;
      }
      case 'clear':
        screen.write('\x1b[H\x1b[2J');
        freshLine();
        break;
      case 'enter':
      case 'tab':
        return;
      default:
        if (!line.edit(key as EditKey)) return;
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
          line.insert(token.text);
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
      line.load(earlier);
      setPrompt(next);
      mainPrompt = prompt;
      more = false;
      started = true;
      freshLine();
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
      if (next !== undefined) setPrompt(next);
      freshLine();
      render();
    },
    output(text) {
      if (running || !started) {
        screen.write(sanitizeOutput(text));
        return;
      }
      screen.write(moveTo(0) + '\x1b[J' + sanitizeOutput(text.endsWith('\n') ? text : `${text}\n`));
      freshLine();
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
      return line.chars.join('');
    },
    get cursor() {
      return line.chars.slice(0, line.cursor).join('').length;
    },
    get history() {
      return line.history;
    },
  };
}
