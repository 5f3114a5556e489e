/**
 * Decodes what a terminal sends on keystrokes and pastes (xterm's onData) into editing keys
 * and runs of plain text. Sequences follow xterm's defaults (ctlseqs, "PC-Style Function
 * Keys"): CSI A-D arrows, CSI H/F or SS3 H/F or CSI 1~/4~/7~/8~ Home/End, CSI 3~ Delete,
 * CSI 1;5C/D Ctrl-arrows. Anything else (unknown sequences, other C0/C1 controls) is dropped,
 * so a pasted control sequence never reaches the line or the screen.
 */

/** An editing key. */
export type KeyName =
  | 'enter' | 'backspace' | 'delete' | 'tab'
  | 'left' | 'right' | 'up' | 'down' | 'home' | 'end' | 'word-left' | 'word-right'
  | 'kill-start' | 'kill-end' | 'kill-word' | 'interrupt' | 'clear' | 'eof';

/** One decoded input item: a key, or printable text to insert. */
export type InputToken = { kind: 'key'; key: KeyName } | { kind: 'text'; text: string };

/** Single control characters (readline's emacs bindings, `man 3 readline`). */
const controls: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x01': 'home', // C-a beginning-of-line
  '\x05': 'end', // C-e end-of-line
  '\x02': 'left', // C-b backward-char
  '\x06': 'right', // C-f forward-char
  '\x10': 'up', // C-p previous-history
  '\x0e': 'down', // C-n next-history
  '\x15': 'kill-start', // C-u unix-line-discard
  '\x0b': 'kill-end', // C-k kill-line
  '\x17': 'kill-word', // C-w unix-word-rubout
  '\x03': 'interrupt', // C-c (SIGINT via the tty)
  '\x0c': 'clear', // C-l clear-screen
  '\x04': 'eof', // C-d delete-char / end of input
};

/** CSI sequences by their parameter+final bytes. */
const csi: Record<string, KeyName> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end',
  '1~': 'home', '7~': 'home', '4~': 'end', '8~': 'end', '3~': 'delete',
  '1;5C': 'word-right', '1;5D': 'word-left', '1;3C': 'word-right', '1;3D': 'word-left',
};

/** SS3 sequences (application cursor mode). */
const ss3: Record<string, KeyName> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };

/** True for characters that are printed as they are (not C0, DEL or C1 controls). */
function printable(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f);
}

/** Decodes `data` into tokens; consecutive printable characters form one text token. */
export function decodeInput(data: string): InputToken[] {
  const tokens: InputToken[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') tokens.push({ kind: 'text', text });
    text = '';
  };
  const key = (name: KeyName): void => {
    flush();
    tokens.push({ kind: 'key', key: name });
  };
  let i = 0;
  while (i < data.length) {
    const ch = data[i] ?? '';
    if (ch === '\x1b') {
      const next = data[i + 1];
      if (next === '[') {
        // CSI: parameter bytes 0x30-0x3f, intermediates 0x20-0x2f, final 0x40-0x7e.
        let j = i + 2;
        while (j < data.length && /[\x20-\x3f]/.test(data[j] ?? '')) j += 1;
        const body = data.slice(i + 2, j + 1);
        const name = csi[body];
        if (name) key(name);
        i = j + 1;
      } else if (next === 'O') {
        const name = ss3[data[i + 2] ?? ''];
        if (name) key(name);
        i += 3;
      } else if (next !== undefined && ']PX^_'.includes(next)) {
        // OSC, DCS, SOS, PM, APC strings run to BEL or ST (ESC \\): drop them whole.
        let j = i + 2;
        while (j < data.length && data[j] !== '\x07' && !(data[j] === '\x1b' && data[j + 1] === '\\')) j += 1;
        i = data[j] === '\x07' ? j + 1 : j + 2;
      } else {
        // ESC alone or Meta-x: not bound here.
        i += next === undefined ? 1 : 2;
      }
      continue;
    }
    if (ch === '\r' && data[i + 1] === '\n') {
      // A pasted CRLF is one line end.
      key('enter');
      i += 2;
      continue;
    }
    const name = controls[ch];
    if (name) {
      key(name);
    } else {
      const cp = data.codePointAt(i) ?? 0;
      const full = String.fromCodePoint(cp);
      if (printable(full)) text += full;
      i += full.length;
      continue;
    }
    i += 1;
  }
  flush();
  return tokens;
}
