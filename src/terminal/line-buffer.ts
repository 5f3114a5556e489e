/**
 * The line editor's state: the line being edited (as code points, so the cursor never splits
 * a surrogate pair), the cursor, and the history with its place and the draft put aside while
 * browsing it. Pure: the editing keys of bash's emacs mode (`man 3 readline`) as operations on
 * it; line-editor.ts drives it and draws it.
 */
import type { KeyName } from './keys.ts';

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

/** The keys that only edit the line (no shell, no screen of their own). */
export type EditKey = Extract<KeyName,
  'left' | 'right' | 'home' | 'end' | 'word-left' | 'word-right' | 'backspace' | 'delete' | 'eof' |
  'kill-start' | 'kill-end' | 'kill-word' | 'up' | 'down'>;

export interface LineBuffer {
  readonly chars: readonly string[];
  readonly cursor: number;
  readonly history: readonly string[];
  /** Replaces the line; the cursor goes to `at` (default: the end). */
  set(chars: string[], at?: number): void;
  insert(text: string): void;
  /** Applies an editing key; false when it changed nothing (nothing to redraw). */
  edit(key: EditKey): boolean;
  /** Adds a line that ran to the history (not blanks, not a repeat of the last) and leaves history browsing. */
  remember(line: string): void;
  /** Replaces the history (a reload brings the saved lines back), oldest first. */
  load(earlier: readonly string[]): void;
  /** Leaves history browsing (after a line ran or was abandoned). */
  toEnd(): void;
}

export function createLineBuffer(): LineBuffer {
  let chars: string[] = [];
  let cursor = 0;
  const history: string[] = [];
  let index = 0;
  let draft: string[] = [];

  const set = (next: string[], at = next.length): void => {
    chars = next;
    cursor = Math.min(Math.max(0, at), next.length);
  };
  const historyMove = (delta: -1 | 1): boolean => {
    const next = index + delta;
    if (next < 0 || next > history.length) return false;
    if (index === history.length) draft = chars;
    index = next;
    set(next === history.length ? draft : Array.from(history[next] ?? ''));
    return true;
  };

  return {
    get chars() {
      return chars;
    },
    get cursor() {
      return cursor;
    },
    get history() {
      return history;
    },
    set,
    insert(text) {
      const add = Array.from(text);
      set([...chars.slice(0, cursor), ...add, ...chars.slice(cursor)], cursor + add.length);
    },
    edit(key) {
      switch (key) {
        case 'left': set(chars, cursor - 1); return true;
        case 'right': set(chars, cursor + 1); return true;
        case 'home': set(chars, 0); return true;
        case 'end': set(chars, chars.length); return true;
        case 'word-left': set(chars, wordStart(chars, cursor)); return true;
        case 'word-right': set(chars, wordEnd(chars, cursor)); return true;
        case 'backspace':
          if (cursor === 0) return false;
          set([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
          return true;
        case 'delete':
        case 'eof':
          // C-d deletes the character under the cursor; on an empty line bash would end the
          // shell, which a lesson terminal does not do.
          if (cursor >= chars.length) return false;
          set([...chars.slice(0, cursor), ...chars.slice(cursor + 1)], cursor);
          return true;
        case 'kill-start': set(chars.slice(cursor), 0); return true;
        case 'kill-end': set(chars.slice(0, cursor), cursor); return true;
        case 'kill-word': {
          const start = wordStart(chars, cursor);
          set([...chars.slice(0, start), ...chars.slice(cursor)], start);
          return true;
        }
        case 'up': return historyMove(-1);
        case 'down': return historyMove(1);
      }
    },
    remember(line) {
      if (line.trim() !== '' && history[history.length - 1] !== line) history.push(line);
      index = history.length;
      draft = [];
    },
    load(earlier) {
      history.splice(0, history.length, ...earlier);
      index = history.length;
    },
    toEnd() {
      index = history.length;
    },
  };
}
