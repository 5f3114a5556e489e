/**
 * Tab completion (bash's programmable completion, simplified): the first word of a command
 * completes to the builtins and binaries present on the machine; later words ask the
 * command's own `complete` (subcommands, flags, interface and pod names), and fall back to
 * file names. Candidates are filtered by the typed prefix and sorted.
 */
import type { World } from '../fabric/world.ts';
import type { CommandSpec } from './types.ts';
import type { Builtin, Frame } from './frame.ts';
import { isDir, listDir, resolvePath } from './fs.ts';

/** Replace line[from, cursor) with one of `candidates`. */
export interface CompletionResult {
  from: number;
  candidates: string[];
}

/** What completion looks at. */
export interface CompletionEnv {
  world: World;
  frame: Frame;
  commands: ReadonlyMap<string, CommandSpec>;
  builtins: ReadonlyMap<string, Builtin>;
}

/** The words of the current command before the cursor, the last one partial (quotes stripped). */
function wordsBefore(text: string): { words: string[]; partialStart: number } {
  const words: string[] = [];
  let cur = '';
  let start = 0;
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      if (!inWord) { inWord = true; start = i; }
      quote = c;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if ('|;&()'.includes(c)) {
      // A new command starts after a control operator.
      words.length = 0;
      cur = '';
      inWord = false;
    } else {
      if (!inWord) { inWord = true; start = i; }
      cur += c;
    }
  }
  if (!inWord) start = text.length;
  words.push(cur);
  return { words, partialStart: start };
}

function files(env: CompletionEnv, partial: string): string[] {
  const slash = partial.lastIndexOf('/');
  const dirPart = slash >= 0 ? partial.slice(0, slash + 1) : '';
  const dir = resolvePath(env.frame.cwd, dirPart === '' ? '.' : dirPart);
  if (!isDir(env.frame.place, dir)) return [];
  return listDir(env.frame.place, dir).map((n) => {
    const full = dirPart + n;
    return isDir(env.frame.place, resolvePath(env.frame.cwd, full)) ? full + '/' : full;
  });
}

/** Completes the word under the cursor. */
export function complete(line: string, cursor: number, env: CompletionEnv): CompletionResult {
  const before = line.slice(0, Math.max(0, Math.min(cursor, line.length)));
  const { words, partialStart } = wordsBefore(before);
  const partial = words[words.length - 1] ?? '';
  const prior = words.slice(0, -1);
  const machine = env.frame.place.machine;
  let candidates: string[];
  if (prior.length === 0) {
    if (partial.includes('/')) candidates = files(env, partial);
    else {
      const names = new Set<string>();
      for (const b of env.builtins.values()) if (!b.binary || !machine.binaries || machine.binaries.includes(b.name)) names.add(b.name);
      for (const c of env.commands.keys()) if (!machine.binaries || machine.binaries.includes(c)) names.add(c);
      candidates = [...names];
    }
  } else {
    const spec = env.commands.get(prior[0] ?? '');
    const own = spec?.complete?.(prior.slice(1), partial, { ...env.frame.place, world: env.world });
    candidates = own && own.length > 0 ? own : files(env, partial);
  }
  const matching = [...new Set(candidates.filter((c) => c.startsWith(partial)))].sort();
  return { from: partialStart, candidates: matching };
}
