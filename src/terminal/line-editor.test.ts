import { describe, expect, it } from 'vitest';
import type { Completion, ExecReport, OutputChunk } from '../../sandbox/api/types.ts';
import { createFakeScreen, type FakeScreen } from './fake-screen.ts';
import { createLineEditor, type LineEditor, type LineShell } from './line-editor.ts';

const PROMPT = 'root@node-1:~# ';

/** A shell that records lines, answers from a table, and runs `ping` until interrupted. */
function fakeShell(words: string[] = ['ip', 'iptables', 'iptables-save', 'kubectl']) {
  const ran: string[] = [];
  const completions: [string, number][] = [];
  let stop: (() => void) | undefined;
  let interrupts = 0;
  let heredoc = false;
  const shell: LineShell = {
    exec(line: string, onOutput: (chunk: OutputChunk) => void): Promise<ExecReport> {
      ran.push(line);
      if (line === 'ping') {
        onOutput({ stream: 'stdout', text: 'PING 10.0.0.1\n' });
        return new Promise((resolve) => {
          stop = () => {
            onOutput({ stream: 'stdout', text: '^C\n' });
            resolve({ status: 130, prompt: PROMPT });
          };
        });
      }
      if (line === 'ssh node-2') return Promise.resolve({ status: 0, prompt: 'root@node-2:~# ' });
      // A here-document: the shell keeps lines until `EOF`, asking for more with PS2.
      if (line === 'cat <<EOF' || (heredoc && line !== 'EOF')) {
        heredoc = true;
        return Promise.resolve({ status: 0, prompt: '> ', more: true });
      }
      if (heredoc) {
        heredoc = false;
        onOutput({ stream: 'stdout', text: 'body\n' });
        return Promise.resolve({ status: 0, prompt: PROMPT });
      }
      if (line.startsWith('echo -n ')) {
        onOutput({ stream: 'stdout', text: line.slice(8) });
        return Promise.resolve({ status: 0, prompt: PROMPT });
      }
      if (line.startsWith('echo ')) {
        onOutput({ stream: 'stdout', text: `${line.slice(5)}\n` });
        return Promise.resolve({ status: 0, prompt: PROMPT });
      }
      onOutput({ stream: 'stderr', text: `bash: ${line.split(' ')[0]}: command not found\n` });
      return Promise.resolve({ status: 127, prompt: PROMPT });
    },
    interrupt() {
      interrupts += 1;
      heredoc = false;
      stop?.();
    },
    complete(line: string, cursor: number): Promise<Completion> {
      completions.push([line, cursor]);
      const before = line.slice(0, cursor);
      const from = before.lastIndexOf(' ') + 1;
      const partial = before.slice(from);
      return Promise.resolve({ from, candidates: words.filter((w) => w.startsWith(partial)) });
    },
  };
  return { shell, ran, completions, interrupts: () => interrupts };
}

async function setup(columns = 80, words?: string[]): Promise<{
  screen: FakeScreen; editor: LineEditor; shell: ReturnType<typeof fakeShell>;
}> {
  const screen = createFakeScreen(columns);
  const shell = fakeShell(words);
  const editor = createLineEditor({ screen, shell: shell.shell });
  editor.start(PROMPT);
  await editor.idle();
  return { screen, editor, shell };
}

async function type(editor: LineEditor, ...inputs: string[]): Promise<void> {
  for (const input of inputs) {
    editor.feed(input);
    await editor.idle();
  }
}

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const HOME = '\x1b[H';
const END = '\x1b[F';
const DEL = '\x1b[3~';

describe('line editor: sanitised drawing', () => {
  it('draws a prompt and a recalled line with control sequences in caret notation', async () => {
    const screen = createFakeScreen(80);
    const shell = fakeShell();
    const editor = createLineEditor({ screen, shell: shell.shell });
    // A prompt and a history line from an imported session, each carrying an OSC 8 link.
    editor.start('\x1b]8;;http://x\x07u\x1b]8;;\x07@node-2:~# ', ['ssh "\x1b]8;;http://x\x07u@node-2"']);
    await type(editor, UP);
    // The fake screen throws on any raw control; the caret forms are plain text.
    expect(screen.lines()).toEqual(['^[]8;;http://x^Gu^[]8;;^G@node-2:~# ssh "^[]8;;http://x^Gu@node-2"']);
    // The cursor stands after the shown form (two cells per control character).
    expect(screen.cursor().col).toBe(screen.lines()[0]!.length);
    await type(editor, LEFT, LEFT);
    expect(screen.cursor().col).toBe(screen.lines()[0]!.length - 2);
  });

  it('a keystroke erases only its own row, not the screen below (a full redraw per key is slow)', async () => {
    const { screen, editor } = await setup();
    const before = screen.written.length;
    await type(editor, 'i', 'p');
    expect(screen.written.slice(before)).not.toContain('\x1b[J');
  });

  it('a line that shrinks by a row erases the row it left', async () => {
    const { screen, editor } = await setup(20);
    await type(editor, 'x'.repeat(10));
    expect(screen.lines()).toHaveLength(2);
    await type(editor, '\x15');
    expect(screen.lines()).toEqual([PROMPT]);
  });
});

describe('line editor: editing', () => {
  it('echoes typed text after the prompt and places the cursor after it', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'ip route');
    expect(screen.lines()).toEqual([`${PROMPT}ip route`]);
    expect(screen.cursor()).toEqual({ row: 0, col: PROMPT.length + 8 });
  });

  it('inserts at the cursor after moving left and right', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'ip rote', LEFT, LEFT, 'u', RIGHT, 'X');
    expect(editor.line).toBe('ip routXe');
    expect(screen.lines()).toEqual([`${PROMPT}ip routXe`]);
    expect(screen.cursor().col).toBe(PROMPT.length + editor.cursor);
  });

  it('Home/End and Ctrl-A/Ctrl-E move to the ends', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'link', HOME, 'ip ');
    expect(editor.line).toBe('ip link');
    await type(editor, END, ' show', '\x01', '#');
    expect(editor.line).toBe('#ip link show');
    await type(editor, '\x05', '!');
    expect(editor.line).toBe('#ip link show!');
    expect(screen.lines()).toEqual([`${PROMPT}#ip link show!`]);
  });

  it('Backspace and Delete remove the characters before and under the cursor', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'ip addrr', '\x7f', HOME, DEL, 'I');
    expect(editor.line).toBe('Ip addr');
    expect(screen.lines()).toEqual([`${PROMPT}Ip addr`]);
  });

  it('Ctrl-U, Ctrl-K and Ctrl-W kill to the start, to the end, and the word before', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'kubectl get pods -o wide', '\x17');
    expect(editor.line).toBe('kubectl get pods -o ');
    await type(editor, LEFT, LEFT, LEFT, LEFT, '\x0b');
    expect(editor.line).toBe('kubectl get pods');
    await type(editor, LEFT, LEFT, LEFT, LEFT, '\x15');
    expect(editor.line).toBe('pods');
    expect(editor.cursor).toBe(0);
    expect(screen.lines()).toEqual([`${PROMPT}pods`]);
  });

  it('drops pasted control sequences instead of echoing them', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'echo a\x1b[2Jb\x07c\x1b]0;title\x07');
    // CSI 2J, BEL and the whole OSC string (up to its BEL) vanish.
    expect(editor.line).toBe('echo abc');
    expect(screen.lines().join('\n')).not.toContain('\x1b');
  });

  it('redraws a line that wraps past the screen width in place', async () => {
    const { screen, editor } = await setup(20);
    const text = 'kubectl get pods -o wide --all-namespaces';
    await type(editor, text);
    expect(screen.lines().join('')).toBe(PROMPT + text);
    await type(editor, HOME, 'X');
    expect(screen.lines().join('')).toBe(`${PROMPT}X${text}`);
    expect(screen.cursor()).toEqual({ row: 0, col: PROMPT.length + 1 });
    await type(editor, END);
    const end = PROMPT.length + text.length + 1;
    expect(screen.cursor()).toEqual({ row: Math.floor(end / 20), col: end % 20 });
  });
});

describe('line editor: running lines', () => {
  it('runs the line on Enter, prints its output and a new prompt', async () => {
    const { screen, editor, shell } = await setup();
    await type(editor, 'foo', '\r');
    expect(shell.ran).toEqual(['foo']);
    expect(screen.lines()).toEqual([`${PROMPT}foo`, 'bash: foo: command not found', PROMPT]);
  });

  it('takes the next prompt from the shell', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'ssh node-2\r');
    expect(screen.lines()).toEqual([`${PROMPT}ssh node-2`, 'root@node-2:~# ']);
  });

  it('puts the prompt on a new line after output without a final newline', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'echo -n hi\r');
    expect(screen.lines()).toEqual([`${PROMPT}echo -n hi`, 'hi', PROMPT]);
  });

  it('never lets a typed control character into the line it runs', async () => {
    const { editor, shell } = await setup();
    await type(editor, 'echo \x16x\x1b[5~y', '\r');
    expect(shell.ran).toEqual(['echo xy']);
  });

  it('an empty line just prints a new prompt', async () => {
    const { screen, editor, shell } = await setup();
    await type(editor, '\r', '   \r');
    expect(shell.ran).toEqual([]);
    expect(screen.lines()).toEqual([PROMPT, `${PROMPT}   `, PROMPT]);
  });

  it('runs a multi-line paste line by line, in order', async () => {
    const { screen, editor, shell } = await setup();
    await type(editor, 'echo one\recho two\r\necho three');
    expect(shell.ran).toEqual(['echo one', 'echo two']);
    expect(editor.line).toBe('echo three');
    expect(screen.lines()).toEqual([
      `${PROMPT}echo one`, 'one', `${PROMPT}echo two`, 'two', `${PROMPT}echo three`,
    ]);
  });

  it('shows the continuation prompt and sends every line of an unfinished command, empty ones too', async () => {
    const { screen, editor, shell } = await setup();
    await type(editor, 'cat <<EOF\r', 'body\r', '\r', 'EOF\r');
    expect(shell.ran).toEqual(['cat <<EOF', 'body', '', 'EOF']);
    expect(screen.lines()).toEqual([`${PROMPT}cat <<EOF`, '> body', '> ', '> EOF', 'body', PROMPT]);
  });

  it('Ctrl-C at the continuation prompt discards the unfinished command', async () => {
    const { screen, editor, shell } = await setup();
    await type(editor, 'cat <<EOF\r', 'half', '\x03');
    expect(shell.interrupts()).toBe(1);
    expect(screen.lines()).toEqual([`${PROMPT}cat <<EOF`, '> half^C', PROMPT]);
    await type(editor, 'echo ok\r');
    expect(screen.lines().slice(-2)).toEqual(['ok', PROMPT]);
  });

  it('handles a 100 KB paste as one line', async () => {
    const { editor, shell } = await setup();
    const big = 'x'.repeat(100_000);
    await type(editor, `echo ${big}\r`);
    expect(shell.ran).toEqual([`echo ${big}`]);
  });
});

describe('line editor: history', () => {
  it('walks back and forth with up/down and keeps the unfinished line', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'echo a\r', 'echo b\r', 'echo c\r', 'draft');
    await type(editor, UP);
    expect(editor.line).toBe('echo c');
    await type(editor, UP, UP, UP);
    expect(editor.line).toBe('echo a');
    await type(editor, DOWN);
    expect(editor.line).toBe('echo b');
    await type(editor, DOWN, DOWN);
    expect(editor.line).toBe('draft');
    expect(screen.lines().at(-1)).toBe(`${PROMPT}draft`);
  });

  it('does not record empty lines or an immediate repeat', async () => {
    const { editor } = await setup();
    await type(editor, 'echo a\r', 'echo a\r', '\r', 'echo b\r');
    expect(editor.history).toEqual(['echo a', 'echo b']);
  });

  it('starts with the lines of an earlier session (a reload) and goes on from them', async () => {
    const screen = createFakeScreen(80);
    const editor = createLineEditor({ screen, shell: fakeShell().shell });
    editor.start(PROMPT, ['ip route', 'kubectl get pods']);
    await editor.idle();
    await type(editor, UP);
    expect(editor.line).toBe('kubectl get pods');
    await type(editor, '\x03', 'ip link\r');
    expect(editor.history).toEqual(['ip route', 'kubectl get pods', 'ip link']);
  });
});

describe('line editor: completion', () => {
  it('inserts a single candidate with a trailing space', async () => {
    const { editor, shell } = await setup();
    await type(editor, 'kub', '\t');
    expect(shell.completions).toEqual([['kub', 3]]);
    expect(editor.line).toBe('kubectl ');
  });

  it('extends to the common prefix, then lists the candidates bash-style', async () => {
    const { screen, editor } = await setup(40);
    await type(editor, 'ipt\t');
    expect(editor.line).toBe('iptables');
    await type(editor, '\t');
    expect(editor.line).toBe('iptables');
    expect(screen.lines()).toEqual([`${PROMPT}iptables`, 'iptables       iptables-save', `${PROMPT}iptables`]);
  });

  it('completes in the middle of a line, keeping the text after the cursor', async () => {
    const { editor, shell } = await setup(80, ['node-1', 'node-2']);
    await type(editor, 'ssh n x', LEFT, LEFT, '\t');
    expect(shell.completions.at(-1)).toEqual(['ssh n x', 5]);
    expect(editor.line).toBe('ssh node- x');
    expect(editor.cursor).toBe(9);
  });
});

describe('line editor: Ctrl-C and Ctrl-L', () => {
  it('interrupts a running command and returns to the prompt', async () => {
    const { screen, editor, shell } = await setup();
    editor.feed('ping\r');
    await Promise.resolve();
    expect(editor.busy).toBe(true);
    editor.feed('typed ahead');
    editor.feed('\x03');
    await editor.idle();
    expect(shell.interrupts()).toBe(1);
    expect(editor.line).toBe('');
    expect(screen.lines()).toEqual([`${PROMPT}ping`, 'PING 10.0.0.1', '^C', PROMPT]);
  });

  it('abandons the line with ^C when nothing runs', async () => {
    const { screen, editor, shell } = await setup();
    await type(editor, 'ip ro', LEFT, '\x03');
    expect(shell.interrupts()).toBe(0);
    expect(shell.ran).toEqual([]);
    expect(editor.line).toBe('');
    expect(screen.lines()).toEqual([`${PROMPT}ip ro^C`, PROMPT]);
  });

  it('clears the screen and keeps the line', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'echo a\r', 'ip', '\x0c');
    expect(screen.lines()).toEqual([`${PROMPT}ip`]);
    expect(editor.line).toBe('ip');
  });
});

describe('line editor: output of background jobs at the prompt', () => {
  it('prints above the prompt and keeps the line being typed and its cursor', async () => {
    const { screen, editor } = await setup();
    await type(editor, 'ip ro', LEFT);
    editor.output('64 bytes from 10.244.1.3: icmp_seq=1 ttl=64 time=0.070 ms\n');
    editor.output('64 bytes from 10.244.1.3: icmp_seq=2 ttl=64 time=0.071 ms\n');
    expect(screen.lines()).toEqual([
      '64 bytes from 10.244.1.3: icmp_seq=1 ttl=64 time=0.070 ms',
      '64 bytes from 10.244.1.3: icmp_seq=2 ttl=64 time=0.071 ms',
      `${PROMPT}ip ro`,
    ]);
    expect(screen.cursor()).toEqual({ row: 2, col: PROMPT.length + 4 });
    await type(editor, 'u');
    expect(editor.line).toBe('ip ruo');
  });
});
