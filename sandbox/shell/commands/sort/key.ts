/**
 * sort's KEYDEF (`-k F[.C][OPTS][,F[.C][OPTS]]`, sort(1)): fields and characters count from
 * 1; an omitted end means the end of the line; OPTS (b d f g h i M n R r V) on a key
 * replace the global ordering options for that key.
 */
import { q } from '../../getopt.ts';

/** One sort key. */
export interface Key {
  startField: number;
  /** 0 when not given (the field's first character). */
  startChar: number;
  endField: number | undefined;
  /** 0 when not given (the field's last character). */
  endChar: number;
  skipStartBlanks: boolean;
  skipEndBlanks: boolean;
  numeric: boolean;
  human: boolean;
  reverse: boolean;
  fold: boolean;
  blanks: boolean;
}

type Global = Pick<Key, 'numeric' | 'human' | 'reverse' | 'fold' | 'blanks'>;

/** Parses a KEYDEF, or gives sort's message. */
export function parseKey(spec: string, global: Global): { ok: true; key: Key } | { ok: false; message: string } {
  const m = /^([0-9]+)(?:\.([0-9]+))?([bdfghiMnRrV]*)(?:,([0-9]+)(?:\.([0-9]+))?([bdfghiMnRrV]*))?$/.exec(spec);
  if (!m) {
    const lead = /^[0-9]+/.exec(spec);
    if (!lead) return { ok: false, message: `invalid number at field start: invalid count at start of ${q(spec)}` };
    return { ok: false, message: `stray character in field spec: invalid field specification ${q(spec)}` };
  }
  const startField = Number(m[1]);
  if (startField === 0) return { ok: false, message: `field number is zero: invalid field specification ${q(spec)}` };
  if (m[2] !== undefined && Number(m[2]) === 0) return { ok: false, message: `character offset is zero: invalid field specification ${q(spec)}` };
  const opts = (m[3] ?? '') + (m[6] ?? '');
  const own = opts.replace(/b/g, '') !== '';
  const base: Global = own
    ? { numeric: /[ng]/.test(opts), human: opts.includes('h'), reverse: opts.includes('r'), fold: opts.includes('f'), blanks: false }
    : global;
  return {
    ok: true,
    key: {
      ...base,
      startField,
      startChar: m[2] === undefined ? 0 : Number(m[2]),
      endField: m[4] === undefined ? undefined : Number(m[4]),
      endChar: m[5] === undefined ? 0 : Number(m[5]),
      skipStartBlanks: (m[3] ?? '').includes('b') || global.blanks,
      skipEndBlanks: (m[6] ?? '').includes('b') || global.blanks,
    },
  };
}
