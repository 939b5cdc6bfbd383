/**
 * YAML output, byte for byte what cdk8s's `Yaml.stringify` writes (the `yaml` package, YAML 1.1,
 * `lineWidth: 0`, `keepUndefined`), several times faster for Kubernetes objects.
 *
 * Why own this: writing YAML is most of the time of a synth (the `yaml` package builds a full
 * document tree per object before it prints it), and with checks on the library would otherwise
 * be several times slower than writing the same plain objects (docs/performance.md). The fast path
 * covers the shapes Kubernetes objects have (block maps and sequences of plain or quoted
 * scalars); anything else, or any doubt, is handed to the `yaml` package itself, for the whole
 * document: cdk8s's own Yaml.stringify, so the bytes follow the cdk8s (and `yaml`) the app
 * runs with. test/property/yaml.test.ts checks the two agree on generated documents.
 */
import { Yaml } from 'cdk8s';

/**
 * A string that the `yaml` package writes plain both as a key and as a value: it starts with a
 * letter or "/", holds no space, quote, "#", "," or flow indicator, does not end with ":", and
 * is not one of the YAML 1.1 words it would read back as a boolean or null. (Digits first could
 * read back as a number, date or base-60 value: those go through {@link quoted}.)
 */
const PLAIN = /^[A-Za-z/](?:[A-Za-z0-9_./:@=+~^$()<>-]*[A-Za-z0-9_./@=+~^$()<>-])?$/;
const PLAIN_MAX = 1024; // longer keys are written as explicit keys ("? key")
const READS_BACK =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/** Strings outside PLAIN, as the `yaml` package writes them as a single-line map value. */
const scalarMemo = new Map<string, string | null>();
const MEMO_MAX = 50_000;

/** Thrown (and caught below) when a document leaves the fast path. */
const SLOW = Symbol('slow');

/** One document, as `Yaml.stringify(doc)` writes it. */
export function stringifyDocument(doc: unknown): string {
  if (doc === undefined) return '\n';
  if (isMap(doc) && hasKeys(doc)) {
    try {
      return writeMap(doc, '', '');
    } catch {
      // SLOW, or anything odd (a getter that throws, nesting deeper than the stack): the
      // library decides, and throws its own error if it has one.
    }
  }
  return Yaml.stringify(doc);
}

/** What `Yaml.stringify(...docs)` puts between documents. */
export const DOCUMENT_SEPARATOR = '---\n';

function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function hasKeys(m: object): boolean {
  return Object.keys(m).length > 0;
}

// The writers return strings built by `+`: V8 joins them lazily, faster than an array join.

/** A non-empty map at `indent`; `first` replaces the indent of its first key (a sequence's "- "). */
function writeMap(map: Record<string, unknown>, indent: string, first: string): string {
  let out = '';
  let lead = first || indent;
  for (const key of Object.keys(map)) {
    out += lead + key_(key) + ':' + writeValue(map[key], indent);
    lead = indent;
  }
  return out;
}

/** What follows "key:" for a value. */
function writeValue(v: unknown, indent: string): string {
  if (v === null || typeof v !== 'object') return ' ' + scalar(v) + '\n';
  if (Array.isArray(v)) return v.length === 0 ? ' []\n' : '\n' + writeSeq(v, indent + '  ');
  if (!isMap(v)) throw SLOW;
  return hasKeys(v) ? '\n' + writeMap(v, indent + '  ', '') : ' {}\n';
}

function writeSeq(seq: readonly unknown[], indent: string): string {
  let out = '';
  for (let i = 0; i < seq.length; i++) {
    if (!(i in seq)) throw SLOW; // a hole
    const item = seq[i];
    if (item === null || typeof item !== 'object') out += indent + '- ' + scalar(item) + '\n';
    else if (Array.isArray(item)) {
      if (item.length) throw SLOW; // a sequence in a sequence: rare, left to the library
      out += indent + '- []\n';
    } else if (!isMap(item)) throw SLOW;
    else out += hasKeys(item) ? writeMap(item, indent + '  ', indent + '- ') : indent + '- {}\n';
  }
  return out;
}

function key_(key: string): string {
  if (key.length <= PLAIN_MAX && PLAIN.test(key) && !READS_BACK.test(key)) return key;
  throw SLOW;
}

function scalar(v: unknown): string {
  switch (typeof v) {
    case 'string':
      if (v.length <= PLAIN_MAX && PLAIN.test(v) && !READS_BACK.test(v)) return v;
      return quoted(v);
    case 'number':
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
      throw SLOW;
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v === null) return 'null';
      throw SLOW;
  }
}

/** How the library writes a string as a map value, when that fits on one line. */
function quoted(s: string): string {
  let text = scalarMemo.get(s);
  if (text === undefined) {
    const doc = Yaml.stringify({ k: s });
    // "k: <text>\n" on one line, else (a block scalar, a folded line) the document goes slow
    text = doc.startsWith('k: ') && doc.indexOf('\n') === doc.length - 1 ? doc.slice(3, -1) : null;
    if (scalarMemo.size >= MEMO_MAX) scalarMemo.clear();
    scalarMemo.set(s, text);
  }
  if (text === null) throw SLOW;
  return text;
}
