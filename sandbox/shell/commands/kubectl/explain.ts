/**
 * `kubectl explain RESOURCE[.FIELD...]` as kubectl 1.31 prints it from the server's OpenAPI v3
 * document (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl): GROUP/KIND/
 * VERSION, then FIELD with its typeGuess (and ENUM) for a field path, DESCRIPTION wrapped at
 * 76 columns and indented 4 (the field's description, then its type's), and FIELDS sorted by
 * name (`name\t<type> -required-`, a short `enum:` line, the description wrapped and indented).
 * `--recursive` lists the field tree without descriptions. The schema is explain-schema.ts.
 */
import { resolveResource } from '../../../cluster/index.ts';
import type { Kctx } from './common.ts';
import { EXPLAINED, TYPES, type FieldSchema, type TypeRef, type TypeSchema } from './explain-schema.ts';

/** typeGuess: `string`, `[]Container`, `map[string]string`, `PodSpec`. */
function typeName(t: TypeRef): string {
  if (typeof t === 'string') return t;
  if ('array' in t) return `[]${typeName(t.array)}`;
  if ('map' in t) return `map[string]${typeName(t.map)}`;
  return t.ref;
}

/** The named object type a field's values are (through arrays and maps), if any. */
function objectOf(t: TypeRef): string | undefined {
  if (typeof t === 'string') return undefined;
  if ('array' in t) return objectOf(t.array);
  if ('map' in t) return objectOf(t.map);
  return t.ref;
}

/** sprig's wrap: greedy word wrap of each line at `width`, long words left whole. */
function wrap(text: string, width: number): string {
  return text.split('\n').map((line) => {
    const out: string[] = [];
    let cur = '';
    for (const w of line.split(' ')) {
      if (cur !== '' && cur.length + 1 + w.length > width) {
        out.push(cur);
        cur = w;
      } else cur = cur === '' ? w : `${cur} ${w}`;
    }
    out.push(cur);
    return out.join('\n');
  }).join('\n');
}

/** sprig's indent: the pad before every line, including a last empty one. */
const indent = (text: string, n: number): string => ' '.repeat(n) + text.replace(/\n/g, `\n${' '.repeat(n)}`);

/** One entry of FIELDS (fieldDetail); `short` for --recursive. */
function fieldDetail(name: string, fs: FieldSchema, level: number, short: boolean): string {
  const pad = level * 2;
  let s = `${' '.repeat(pad)}${name}\t<${typeName(fs.type)}>${fs.required ? ' -required-' : ''}`;
  if (fs.enum) s += `\n${' '.repeat(pad)}enum: ${fs.enum.slice(0, 4).join(', ')}${fs.enum.length > 4 ? ', ....' : ''}`;
  s += '\n';
  if (!short) s += `${indent(wrap(fs.description, 78 - pad), pad + 2)}\n\n`;
  return s;
}

/** FIELDS of `type` (fieldList), recursing for --recursive without revisiting a type on the way down. */
function fieldList(type: TypeSchema, level: number, recursive: boolean, seen: ReadonlySet<string>): string {
  let s = '';
  for (const name of Object.keys(type.fields).sort()) {
    const fs = type.fields[name]!;
    s += fieldDetail(name, fs, level, recursive);
    const sub = objectOf(fs.type);
    if (recursive && sub && !seen.has(sub) && TYPES[sub]) s += fieldList(TYPES[sub], level + 1, true, new Set([...seen, sub]));
  }
  return s;
}

/** `kubectl explain`. */
export function runExplain(k: Kctx, words: string[]): number {
  const out = k.ctx.stdout;
  if (words.length === 0) {
    k.ctx.stderr.write('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n\nSee \'kubectl explain -h\' for help and examples\n');
    return 1;
  }
  if (words.length > 1) {
    k.ctx.stderr.write("error: We accept only this format: explain RESOURCE\n\nSee 'kubectl explain -h' for help and examples\n");
    return 1;
  }
  const [resource = '', ...path] = words[0]!.split('.');
  const info = resolveResource(resource);
  if (!info) {
    k.ctx.stderr.write(`error: the server doesn't have a resource type "${resource}"\n`);
    return 1;
  }
  const gv = EXPLAINED[info.kind];
  if (!gv) {
    k.ctx.stderr.write(`error: this sandbox's schema describes ${Object.keys(EXPLAINED).map((x) => x.toLowerCase() + 's').join(', ')}, not ${info.plural} (not modelled)\n`);
    return 1;
  }
  let type = TYPES[info.kind]!;
  let field: { name: string; fs: FieldSchema } | undefined;
  for (const seg of path) {
    const fs: FieldSchema | undefined = field && !objectOf(field.fs.type) ? undefined : type.fields[seg];
    if (!fs) {
      // The template reports the last element of the path, whichever one was missing.
      k.ctx.stderr.write(`error: field "${path.at(-1)}" does not exist\n`);
      return 1;
    }
    field = { name: seg, fs };
    const next = objectOf(fs.type);
    if (next && TYPES[next]) type = TYPES[next];
  }
  const recursive = k.args.flags.get('recursive')?.[0] === 'true';
  let s = `${gv.group ? `GROUP:      ${gv.group}\n` : ''}KIND:       ${info.kind}\nVERSION:    ${gv.version}\n\n`;
  let description = `${type.description}\n`;
  const leaf = field && !objectOf(field.fs.type);
  if (field) {
    s += `FIELD: ${field.name} <${typeName(field.fs.type)}>\n${field.fs.enum ? `ENUM:${field.fs.enum.map((e) => `\n    ${e}`).join('')}` : ''}\n\n`;
    description = leaf ? `${field.fs.description}\n` : `${field.fs.description}\n${type.description}\n`;
  }
  s += `DESCRIPTION:\n${indent(wrap(description, 76), 4)}\n`;
  if (!leaf) s += `FIELDS:\n${fieldList(type, 1, recursive, new Set([objectOf(field?.fs.type ?? { ref: info.kind }) ?? '']))}`;
  out.write(`${s}\n`);
  return 0;
}
