/**
 * Redirections (XCU 2.7, bash(1) "REDIRECTION"), applied left to right to a copy of the
 * command's file descriptors, so `>/dev/null 2>&1` and `2>&1 >/dev/null` differ as in bash.
 * Output to a file is collected and written when the command ends (`close`), which is when
 * a /proc/sys write is parsed by the kernel and may fail with EINVAL.
 */
import type { Output } from './types.ts';
import type { Redirect } from './parser.ts';
import type { ExpandEnv } from './expand.ts';
import { expandHeredoc, expandWord } from './expand.ts';
import type { Frame } from './frame.ts';
import { ERRNO_TEXT, isDir, readFile, resolvePath, writeFile } from './fs.ts';
import { procSysRead } from './proc-sys.ts';

/** A command's standard streams. */
export interface Io {
  stdin: string;
  /** How much of stdin has been consumed (by `read` in a loop); shared by the commands reading it. */
  cursor: { pos: number };
  stdout: Output;
  stderr: Output;
}

/** Redirected streams, and `close` that flushes files (returns an error text on failure). */
export interface Opened {
  io: Io;
  close(): string | undefined;
}

/** Collects output for a file; written at close. */
interface FileSink extends Output {
  path: string;
  append: boolean;
  text: string;
}

/** An output that keeps what is written (pipes, command substitution). */
export function buffer(): Output & { text: string } {
  const b = {
    text: '',
    write(t: string) {
      b.text += t;
    },
  };
  return b;
}

/** Applies redirections; fails with bash's message (without the `bash: ` prefix). */
export async function openRedirects(rs: Redirect[], f: Frame, io: Io, env: ExpandEnv): Promise<{ ok: true; value: Opened } | { ok: false; message: string }> {
  const fds = new Map<number, Output>([[1, io.stdout], [2, io.stderr]]);
  let stdin = io.stdin;
  let cursor = io.cursor;
  const sinks: FileSink[] = [];
  const place = f.place;
  const openOut = (target: string, append: boolean): { ok: true; out: Output } | { ok: false; message: string } => {
    if (target === '/dev/stdout') return { ok: true, out: fds.get(1) ?? io.stdout };
    if (target === '/dev/stderr') return { ok: true, out: fds.get(2) ?? io.stderr };
    if (target === '/dev/null') return { ok: true, out: { write() {} } };
    const path = resolvePath(f.cwd, target);
    if (isDir(place, path)) return { ok: false, message: `${target}: ${ERRNO_TEXT.EISDIR}` };
    if (path.startsWith('/proc/')) {
      if (procSysRead(place, path) === undefined) return { ok: false, message: `${target}: ${ERRNO_TEXT.ENOENT}` };
      if (place.machine.procSysReadOnly) return { ok: false, message: `${target}: ${ERRNO_TEXT.EROFS}` };
    } else {
      // Truncation (or creation) happens when the redirection is opened, before the command runs.
      const r = writeFile(place, path, '', true);
      if (!r.ok) return { ok: false, message: `${target}: ${ERRNO_TEXT[r.errno]}` };
      if (!append) writeFile(place, path, '', false);
    }
    const sink: FileSink = {
      path, append, text: '',
      write(t: string) {
        sink.text += t;
      },
    };
    sinks.push(sink);
    return { ok: true, out: sink };
  };
  for (const r of rs) {
    if (r.op === '<<' || r.op === '<<-') {
      const body = await expandHeredoc(r.heredoc?.body ?? '', r.heredoc?.quoted ?? true, env);
      if (!body.ok) return body;
      stdin = body.value;
      cursor = { pos: 0 };
      continue;
    }
    const t = await expandWord(r.target, env);
    if (!t.ok) return t;
    const target = t.value;
    if (target === '' && r.op !== '<<<') return { ok: false, message: `${r.target.raw}: ambiguous redirect` };
    switch (r.op) {
      case '<<<':
        stdin = target + '\n';
        cursor = { pos: 0 };
        break;
      case '<':
      case '<>': {
        const path = resolvePath(f.cwd, target);
        const c = readFile(place, path);
        if (!c.ok) return { ok: false, message: `${target}: ${ERRNO_TEXT[c.errno]}` };
        stdin = c.value;
        cursor = { pos: 0 };
        break;
      }
      case '<&':
        break;
      case '>':
      case '>|':
      case '>>': {
        const o = openOut(target, r.op === '>>');
        if (!o.ok) return o;
        fds.set(r.fd ?? 1, o.out);
        break;
      }
      case '&>':
      case '&>>': {
        const o = openOut(target, r.op === '&>>');
        if (!o.ok) return o;
        fds.set(1, o.out);
        fds.set(2, o.out);
        break;
      }
      case '>&': {
        if (target === '-') {
          fds.set(r.fd ?? 1, { write() {} });
        } else if (/^[0-9]+$/.test(target)) {
          const src = fds.get(Number(target));
          if (!src) return { ok: false, message: `${target}: Bad file descriptor` };
          fds.set(r.fd ?? 1, src);
        } else {
          // `>& file` is `&> file` in bash.
          const o = openOut(target, false);
          if (!o.ok) return o;
          fds.set(r.fd ?? 1, o.out);
          if (r.fd === undefined) fds.set(2, o.out);
        }
        break;
      }
    }
  }
  return {
    ok: true,
    value: {
      io: { stdin, cursor, stdout: fds.get(1) ?? io.stdout, stderr: fds.get(2) ?? io.stderr },
      close() {
        let err: string | undefined;
        for (const s of sinks) {
          if (s.text === '') continue;
          // Regular files were truncated when opened; /proc/sys files take one write.
          const w = writeFile(place, s.path, s.text, !s.path.startsWith('/proc/'));
          if (!w.ok) err ??= `write error: ${ERRNO_TEXT[w.errno]}`;
        }
        return err;
      },
    },
  };
}
