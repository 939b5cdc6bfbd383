/**
 * YAML read as kubectl reads it: `kubectl apply -f` reads a file through cli-runtime's
 * `StreamVisitor.Visit` (pkg/resource/visitor.go), which decodes it with apimachinery's
 * `NewYAMLOrJSONDecoder` (pkg/util/yaml/decoder.go):
 *
 * - the stream is JSON when its first non-space character is `{` (`GuessJSONStream`,
 *   `IsJSONBuffer`): a series of JSON values, each one object; if the first or second value is not
 *   JSON, the rest is read as YAML (`YAMLOrJSONDecoder.Decode`);
 * - otherwise it is YAML, cut into documents by `YAMLReader.Read` at every line that starts with
 *   `---` (whatever YAML would make of it: inside a block scalar too); only spaces or a comment may
 *   follow the `---`, else kubectl stops with `invalid Yaml document separator`;
 * - each document is read by sigs.k8s.io/yaml's `Unmarshal` (yaml.go: `yamlToJSONTarget`, not the
 *   strict variant) over go-yaml v2 (go.yaml.in/yaml/v2, a fork of gopkg.in/yaml.v2 2.4): plain
 *   scalars resolved by v2's table (resolve.go `resolve`, written below as data), a scalar that looks
 *   like a timestamp kept as the string it is (decode.go `scalar`: "for backward compatibility
 *   reasons we set it as a string"), no base-60 numbers, and the result converted to JSON by
 *   `convertToJSONableObject` (boolean and number keys become strings);
 * - an empty document, or one of only comments, is no object (`ext.Raw` is `null`: skipped).
 *
 * The YAML itself is parsed by js-yaml with a schema that resolves plain scalars by v2's table and
 * knows no other implicit type. Duplicate keys: kubectl keeps the last value (`Unmarshal` is not
 * strict; go-yaml v2's `setMapIndex` overwrites), so does this reader, and it names the first
 * duplicate for the caller to report. Where the result differs from kubectl's (none of these is
 * met in Kubernetes manifests):
 * - an integer beyond 2^53 is a JavaScript number, not exact (Go keeps int64 and uint64 exact);
 * - a float key is written as JavaScript writes the number (`1000000`), Go as float32 `%g` (`1e+06`);
 *   a null key or a collection as a key is a string here, an error in kubectl;
 * - a merge (`<<`) after a key of the same mapping: the key wins here (as the YAML merge spec
 *   says), the merged value in go-yaml v2, which merges in document order;
 * - a bare `!` with no value is null here, the empty string in v2;
 * - js-yaml reads YAML 1.2 syntax, libyaml YAML 1.1: they differ in corners of escapes and
 *   indentation that manifests do not use.
 */
// `import =`, not `import * as`: a plain require, so tests can spy on js-yaml's functions
import jsyaml = require('js-yaml');
import { GO_SPACE_CLASS } from './names';

// ---------------------------------------------------------------------------------------------
// go-yaml v2's resolve table (resolve.go `init` and `resolve`)

/** The tags `resolve` returns, short form. */
export type ResolvedTag = '!!str' | '!!bool' | '!!int' | '!!float' | '!!null' | '!!timestamp';

/**
 * `resolveTable`: what the first byte of a plain scalar hints it may be. `S` sign, `D` digit,
 * `M` a word of the map below, `.` a float (or a word of the map). Any other first byte (letters
 * other than those, quotes, `<`, non-ASCII) makes the scalar a string without further checks.
 */
export const RESOLVE_HINTS: Readonly<Record<string, 'S' | 'D' | 'M' | '.'>> = {
  '+': 'S',
  '-': 'S',
  ...Object.fromEntries([...'0123456789'].map((c) => [c, 'D' as const])),
  ...Object.fromEntries([...'yYnNtTfFoO~'].map((c) => [c, 'M' as const])),
  '.': '.',
};

/**
 * `resolveMapList`: the words v2 resolves by lookup, exactly as written (no other case
 * variants: `tRUE` is a string). YAML 1.1 booleans, so `on`, `off`, `y` and `n` are booleans.
 */
export const RESOLVE_WORDS: readonly (readonly [
  value: unknown,
  tag: ResolvedTag,
  words: readonly string[],
])[] = [
  [true, '!!bool', ['y', 'Y', 'yes', 'Yes', 'YES']],
  [true, '!!bool', ['true', 'True', 'TRUE']],
  [true, '!!bool', ['on', 'On', 'ON']],
  [false, '!!bool', ['n', 'N', 'no', 'No', 'NO']],
  [false, '!!bool', ['false', 'False', 'FALSE']],
  [false, '!!bool', ['off', 'Off', 'OFF']],
  [null, '!!null', ['', '~', 'null', 'Null', 'NULL']],
  [NaN, '!!float', ['.nan', '.NaN', '.NAN']],
  [Infinity, '!!float', ['.inf', '.Inf', '.INF']],
  [Infinity, '!!float', ['+.inf', '+.Inf', '+.INF']],
  [-Infinity, '!!float', ['-.inf', '-.Inf', '-.INF']],
];

/** A scalar as v2's `resolve` returns it: its tag and its value. */
export interface ResolvedScalar {
  readonly tag: ResolvedTag;
  readonly value: unknown;
}

const HINT = new Uint8Array(128);
for (const [c, h] of Object.entries(RESOLVE_HINTS)) HINT[c.charCodeAt(0)] = h.charCodeAt(0);
const [HINT_SIGN, HINT_DIGIT, HINT_DOT] = ['S', 'D', '.'].map((c) => c.charCodeAt(0));

const WORDS = new Map<string, ResolvedScalar>();
for (const [value, tag, words] of RESOLVE_WORDS) for (const w of words) WORDS.set(w, { tag, value });

/**
 * `yamlStyleFloat`: the only floats the digit and sign hints accept (no hex floats, no `inf`);
 * tried after the integers, on the text with its underscores removed.
 */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's `strconv.ParseFloat` accepts of a text starting with `.` (the `.` hint): digits, `_` between digits. */
const DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;
/** Integers that need no range check: up to 15 digits, no leading zero (that would be octal). */
const SMALL_DECIMAL = /^[-+]?(0|[1-9][0-9]{0,14})$/;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * go-yaml v2's `resolve(tag, in)` for the tags it resolves (`""`, `!!str`, `!!bool`, `!!int`,
 * `!!float`, `!!null`, `!!timestamp`): the tag and value of a scalar. With `tag` `""` (a plain
 * scalar without a tag) this is the implicit resolution every plain scalar gets. A timestamp keeps
 * its text (decode.go keeps timestamps as strings when decoding into `interface{}`, as
 * sigs.k8s.io/yaml does). Integers and floats become JavaScript numbers: an integer beyond 2^53
 * loses precision here where Go keeps it (int64, uint64).
 */
export function resolveScalar(input: string, tag: '' | ResolvedTag = ''): ResolvedScalar {
  const code = input === '' ? 0 : input.charCodeAt(0);
  // an empty scalar gets the hint 'N': only the map lookup (it holds "" as null)
  const hint = input === '' ? 1 : code < 128 ? HINT[code] : 0;
  if (hint !== 0 && tag !== '!!str') {
    const word = WORDS.get(input);
    if (word) return word;
    if (hint === HINT_DOT) {
      if (DOT_FLOAT.test(input)) {
        const f = Number(input.replace(/_/g, ''));
        if (Number.isFinite(f)) return { tag: '!!float', value: f }; // ParseFloat fails on overflow
      }
    } else if (hint === HINT_DIGIT || hint === HINT_SIGN) {
      // v2 tries a timestamp first, only for an untagged scalar or !!timestamp; it resolves to the
      // text itself, and a text that looks like one is never an int or a float, so an untagged
      // scalar needs no check here.
      if (tag === '!!timestamp' && isGoTimestamp(input)) return { tag: '!!timestamp', value: input };
      const plain = input.indexOf('_') < 0 ? input : input.replace(/_/g, '');
      if (SMALL_DECIMAL.test(plain)) return { tag: '!!int', value: Number(plain) || 0 };
      // strconv.ParseInt(plain, 0, 64), then ParseUint(plain, 0, 64), which takes no sign
      const int = parseGoInt(plain, 0);
      if (int !== undefined && int >= INT64_MIN && int <= INT64_MAX) return intOf(int);
      if (int !== undefined && int > 0n && int <= UINT64_MAX && plain[0] !== '+') return intOf(int);
      if (YAML_STYLE_FLOAT.test(plain)) {
        const f = Number(plain);
        if (Number.isFinite(f)) return { tag: '!!float', value: f }; // ParseFloat fails on overflow
      }
      // v2 then tries `strconv.ParseInt(plain[2:], 2, 64)` for a `0b` prefix, where base 0 above
      // already read every `0b` number but those with a sign after the prefix: `0b-101` is -5.
      // (Its `-0b` branch reads nothing base 0 did not.)
      if (plain.startsWith('0b') && (plain[2] === '-' || plain[2] === '+')) {
        const b = parseGoInt(plain.slice(2), 2);
        if (b !== undefined && b >= INT64_MIN && b <= INT64_MAX) return intOf(b);
      }
    }
  }
  return { tag: '!!str', value: input };
}

function intOf(n: bigint): ResolvedScalar {
  return { tag: '!!int', value: Number(n) };
}

/**
 * Go's `strconv.ParseInt(s, base, 64)` without its range check (the caller makes it): a sign, then
 * with base 0 a prefix `0b`, `0o`, `0x` or `0` (octal) chosen as Go does, then digits of that base.
 * Undefined where Go reports a syntax error.
 */
function parseGoInt(s: string, base: number): bigint | undefined {
  let neg = false;
  let i = 0;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  if (i >= s.length) return undefined;
  if (base === 0) {
    base = 10;
    if (s[i] === '0') {
      const p = s.length - i >= 3 ? s[i + 1].toLowerCase() : '';
      if (p === 'b' || p === 'o' || p === 'x') {
        base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
        i += 2;
      } else {
        base = 8;
        i += 1;
      }
    }
  }
  let n = 0n;
  const b = BigInt(base);
  for (; i < s.length; i++) {
    const d = parseInt(s[i], 36); // Go accepts a-z and A-Z alike, then checks the digit against the base
    if (Number.isNaN(d) || d >= base) return undefined;
    n = n * b + BigInt(d);
  }
  return neg ? -n : n;
}

/**
 * v2's `parseTimestamp`: a `YYYY-` prefix, then one of `allowedTimestampFormats`
 * (`2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`, `2006-1-2`)
 * as Go's `time.Parse` reads them: one- or two-digit fields, any number of fraction digits, a zone
 * `Z` or `±hh:mm`, and fields in range. Only an explicit `!!timestamp` needs it (see above).
 */
export function isGoTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-](\d{2}):(\d{2})))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/.exec(
      s,
    );
  if (!m) return false;
  const [, y, mo, d] = m.map(Number);
  const [h, mi, se] = (m[4] !== undefined ? [m[4], m[5], m[6]] : [m[9], m[10], m[11]]).map((x) =>
    x === undefined ? 0 : Number(x),
  );
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate(); // days in month `mo` of year `y`
  const zoneOk = m[7] === undefined || (Number(m[7]) < 24 && Number(m[8]) < 60);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h < 24 && mi < 60 && se < 60 && zoneOk;
}

// ---------------------------------------------------------------------------------------------
// The js-yaml schema

const PRIVATE_TAG = 'tag:cdk8s-volumes,2026:resolved';

/** Set when a document's scalars include `.nan` or `.inf`, which JSON cannot hold (see parseYamlDocument). */
let sawNonFinite = false;
/** `resolve` hands its result to `construct`: js-yaml calls them back to back for the same scalar. */
let lastResolved: unknown;

function resolved(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) sawNonFinite = true;
  return value;
}

/** Every plain scalar that v2 resolves to something other than a string. */
const PLAIN = new jsyaml.Type(PRIVATE_TAG, {
  kind: 'scalar',
  resolve: (data: string) => {
    const code = data.charCodeAt(0);
    if (code < 128 && HINT[code] === 0) return false; // the common case: a word, a name, a path
    const r = resolveScalar(data);
    if (r.tag === '!!str' || r.tag === '!!timestamp') return false;
    lastResolved = r.value;
    return true;
  },
  construct: () => resolved(lastResolved),
});

/** `<<` as a key merges a mapping in (v2's `isMerge`: a plain `<<`, or one tagged `!!merge`). */
const MERGE = new jsyaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: string | null) => data === '<<' || data === null,
});

/**
 * An explicit tag v2 resolves (`!!int 0x1F`, `!!bool "yes"`): the scalar must resolve to that
 * tag, except that an int may be tagged `!!float` (resolve.go's deferred check); else v2 fails
 * with "cannot decode !!str `x` as a !!int" and js-yaml with "cannot resolve a node with … explicit tag".
 */
function explicitType(tag: ResolvedTag): jsyaml.Type {
  return new jsyaml.Type(`tag:yaml.org,2002:${tag.slice(2)}`, {
    kind: 'scalar',
    resolve: (data: string | null) => {
      const r = resolveScalar(data ?? '', tag);
      if (r.tag !== tag && !(tag === '!!float' && r.tag === '!!int')) return false;
      lastResolved = r.value;
      return true;
    },
    construct: () => resolved(lastResolved),
  });
}

/**
 * `!!binary`: Go's base64 `StdEncoding` (padded; `\r` and `\n` ignored), the bytes as a Go string,
 * which JSON then writes with U+FFFD for bytes that are not UTF-8, as Node's decoder does.
 */
const BINARY = new jsyaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: string | null) => {
    const b64 = (data ?? '').replace(/[\r\n]/g, '');
    return b64.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(b64);
  },
  construct: (data: string | null) =>
    Buffer.from((data ?? '').replace(/[\r\n]/g, ''), 'base64').toString('utf8'),
});

/**
 * Any other tag (`!local`, `!!set`, `!<tag:example.com,2000:x>`): v2 resolves only the tags above
 * and decodes anything else by its node kind (resolve.go `resolvableTag`): a scalar stays its text,
 * a mapping a map, a sequence a list. js-yaml tries multi types by tag prefix after the exact tags;
 * the empty prefix takes every tag.
 */
const ANY_TAG = ['scalar', 'sequence', 'mapping'].map(
  (kind) =>
    new jsyaml.Type('', {
      kind: kind as 'scalar',
      multi: true,
      // no content at all is a scalar: the empty string, as v2 keeps an unresolvable tag's text
      construct: (data: unknown) => (data === null ? '' : data),
    }),
);

/** The schema: js-yaml's failsafe types (str, seq, map), v2's implicit resolution, and its explicit tags. */
export const KUBECTL_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [MERGE, PLAIN],
  explicit: [
    ...(['!!bool', '!!int', '!!float', '!!null', '!!timestamp'] as const).map(explicitType),
    BINARY,
    ...ANY_TAG,
  ],
});

// ---------------------------------------------------------------------------------------------
// One document

/**
 * Deeper than any manifest (CRD schemas nest a few dozen levels); js-yaml's default is 100, go-yaml
 * v2's scanner stops at 10 000. The bound keeps the parser's recursion far from the stack's end.
 */
export const MAX_DEPTH = 1000;

/** What {@link parseYamlDocument} found wrong, at a line and column of the document (0-based). */
export interface YamlProblem {
  readonly message: string;
  /** 0-based line in the document's text, when the parser gave one. */
  readonly line?: number;
  readonly column?: number;
}

/** A document read: its value (undefined when unreadable), a problem that spoiled it, a duplicate key. */
export interface ParsedYamlDocument {
  /** The JSON-compatible value (`null` for an empty document); undefined when `error` is set. */
  readonly value?: unknown;
  readonly error?: YamlProblem;
  /**
   * The first key set twice in one mapping. kubectl keeps the last value (sigs.k8s.io/yaml
   * `Unmarshal` is not strict: go-yaml v2 overwrites the map entry), and so does `value`.
   */
  readonly duplicate?: YamlProblem & { readonly key: string };
}

/** At most this many characters of input are quoted in a message. */
export const EXCERPT_CHARS = 80;

/** `text` on one line, at most {@link EXCERPT_CHARS} characters of it, quoted as code. */
export function excerpt(text: string): string {
  return `\`${cut(text)}\``;
}

/** `text` on one line, at most {@link EXCERPT_CHARS} characters of it. */
function cut(text: string): string {
  const head = text.length > 4 * EXCERPT_CHARS ? text.slice(0, 4 * EXCERPT_CHARS) : text;
  const oneLine = head.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > EXCERPT_CHARS || head !== text ? `${oneLine.slice(0, EXCERPT_CHARS)}…` : oneLine;
}

/**
 * Parses one document's text (as {@link splitDocuments} cuts it) as sigs.k8s.io/yaml's
 * `Unmarshal` reads it. Never throws.
 */
export function parseYamlDocument(text: string): ParsedYamlDocument {
  // Most documents are written in a small subset of YAML, which is read in a fraction of the
  // time; any other text, or anything in it the subset reader is unsure of, goes to js-yaml.
  const quick = readSubset(text); // its strings are its own already (see `own`)
  if (quick !== undefined) return { value: quick };
  return parseYamlDocumentFull(text);
}

/**
 * {@link parseYamlDocument} by js-yaml alone, whatever the text: what the subset reader's values
 * are held to.
 * @internal
 */
export function parseYamlDocumentFull(text: string): ParsedYamlDocument {
  const source = firstDocumentOf(text);
  sawNonFinite = false;
  let value: unknown;
  let duplicate: ParsedYamlDocument['duplicate'];
  try {
    value = loadOne(source, false);
  } catch (e) {
    if (!isYamlError(e) || e.reason !== 'duplicated mapping key') return { error: problemOf(e) };
    duplicate = { ...problemOf(e), key: keyAt(source, e.mark) };
    try {
      sawNonFinite = false;
      value = loadOne(source, true); // as go-yaml v2: the last value of the key wins
    } catch (e2) {
      return { error: problemOf(e2) };
    }
  }
  if (value === undefined) value = null;
  // A mapping used as a key (`namespace: {{ .Namespace }}` reads as one): js-yaml writes it as the
  // key "[object Object]"; go-yaml v2 refuses it (decode.go mapping: "invalid map key"), so kubectl
  // cannot read the document. Looked for only where the text has such a key's shapes.
  if (COMPLEX_KEY_SHAPE.test(source)) {
    const at = collectionKeyPath(value, '');
    if (at !== undefined) {
      return {
        error: {
          message:
            `${at ? cut(at) : 'the document'} has a mapping as a key, which kubectl refuses ("yaml: invalid map key"); ` +
            'an unrendered template ({{ … }})?',
        },
      };
    }
  }
  if (sawNonFinite) {
    const where = nonFinitePath(value, '');
    if (where !== undefined) {
      return {
        error: {
          message:
            `${where.path ? cut(where.path) : 'the document'} is ${where.text}, which JSON cannot hold: kubectl fails on it ` +
            `("json: unsupported value: ${where.go}")`,
        },
      };
    }
  }
  if (mayHaveAliases(source)) {
    const problem = boundAliases(value);
    if (problem) return { error: { message: problem } };
    value = unshare(value);
  }
  value = ownStrings(value);
  return duplicate ? { value, duplicate } : { value };
}

/**
 * js-yaml's strings are slices of the text it parsed (V8 shares the characters of a substring of
 * 13 or more), so one short value would keep its whole document's text alive, and the manifests
 * of a file would hold the file's text as well. This gives each such string its own characters
 * (concatenated, then sliced: V8 flattens the pair into a new string), so the text of a document
 * is let go once it is read: about a fifth less memory for a file of manifests. Keys need not:
 * property names are copied into V8's string table.
 */
function ownStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.length >= 13 ? (' ' + value).slice(1) : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' || typeof item === 'string') value[i] = ownStrings(item);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const k in record) {
    const item = record[k];
    if (typeof item === 'object' || typeof item === 'string') record[k] = ownStrings(item);
  }
  return record;
}

function loadOne(text: string, json: boolean): unknown {
  // maxDepth is js-yaml 4.3's, not yet in its typings
  return jsyaml.load(text, { schema: KUBECTL_SCHEMA, json, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions);
}

/** A `...` line: the document end marker (followed by nothing, spaces or a comment). */
const DOCUMENT_END = /^\.\.\.(?=[ \t\r\n]|$)/gm;

/**
 * v2's `Unmarshal` reads the first document of what it is given: text after a `...` line (the
 * document end marker) up to the next `---` is never read by kubectl. `...` lines before any
 * content are skipped, as libyaml skips extra document end markers (here turned into comments,
 * so lines keep their numbers).
 */
function firstDocumentOf(text: string): string {
  if (text.indexOf('...') < 0) return text;
  let out = '';
  let from = 0;
  for (const m of text.matchAll(DOCUMENT_END)) {
    const before = text.slice(from, m.index);
    if (hasContent(before)) return out + before;
    out += `${before}#..`;
    from = (m.index as number) + 3;
  }
  return out + text.slice(from);
}

/** Whether `text` holds anything but blank lines and comments. */
function hasContent(text: string): boolean {
  return text.split('\n').some((l) => {
    const t = l.trim();
    return t !== '' && !t.startsWith('#');
  });
}

function isYamlError(e: unknown): e is jsyaml.YAMLException {
  return e instanceof jsyaml.YAMLException;
}

/** js-yaml's reason and position, without its excerpt of the input (which may be a 2 MB line). */
function problemOf(e: unknown): YamlProblem {
  if (isYamlError(e)) {
    const reason = e.reason.replace(/!<tag:yaml\.org,2002:([^>]*)>/g, '!!$1');
    return { message: limitQuotes(reason), line: e.mark?.line, column: e.mark?.column };
  }
  if (e instanceof RangeError) return { message: `the document nests too deeply to read` };
  const message = (e as { message?: unknown } | null)?.message;
  return { message: limitQuotes(typeof message === 'string' ? message.split('\n')[0] : String(e)) };
}

/**
 * A reason that quotes input (`unidentified alias "name"`, an unknown tag `!<tag>`) quotes at most
 * {@link EXCERPT_CHARS} characters of it.
 */
function limitQuotes(reason: string): string {
  return reason
    .replace(/"([^"]*)"/g, (_, q: string) => `"${cut(q)}"`)
    .replace(/!<([^>]*)>/g, (_, q: string) => `!<${cut(q)}>`);
}

/** The key js-yaml stopped at when it found a duplicate: the text from its position to the `:`. */
function keyAt(text: string, mark: jsyaml.YAMLException['mark']): string {
  let start = 0;
  for (let l = 0; l < mark.line; l++) start = text.indexOf('\n', start) + 1;
  const end = text.indexOf('\n', start);
  const line = text.slice(start + mark.column, end < 0 ? undefined : end).replace(/\r$/, '');
  const key = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#]*?)\s*:(\s|$)/.exec(line)?.[1] ?? line;
  return key.trim();
}

/** The first value (not key) that is NaN or infinite, with its path and how Go's JSON error names it. */
function nonFinitePath(value: unknown, path: string): { path: string; text: string; go: string } | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    const [text, go] = Number.isNaN(value)
      ? ['.nan', 'NaN']
      : value > 0
        ? ['.inf', '+Inf']
        : ['-.inf', '-Inf'];
    return { path, text, go };
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = nonFinitePath(value[i], `${path}[${i}]`);
      if (r) return r;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const r = nonFinitePath(v, path ? `${path}.${k}` : k);
    if (r) return r;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Aliases

/**
 * An alias needs an anchor of the same document (`&name`), so a document without `&` or `*` has
 * none and is not walked.
 */
function mayHaveAliases(text: string): boolean {
  return text.indexOf('&') >= 0 && text.indexOf('*') >= 0;
}

/**
 * go-yaml v2's bound on alias expansion (decode.go `allowedAliasRatio`): of the nodes a decode
 * visits, up to 99 % may come from aliases in a document of up to 400 000 nodes, falling to 10 %
 * from 4 000 000 on; it counts as it expands and fails with "document contains excessive aliasing".
 */
export function allowedAliasRatio(decodeCount: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/**
 * js-yaml hands every alias the anchored object itself, so a document of a few lines can name
 * billions of nodes while its object holds a few hundred. This counts, without expanding, the nodes
 * of the document as kubectl would decode them (`expanded`: each mapping, key, sequence and scalar,
 * every alias counted again in full) and the nodes written in it (`written`), and refuses the
 * document when the aliases' share passes v2's ratio for its expanded size, as v2 would (v2 counts
 * while it expands, so it may refuse a little earlier). An alias to the collection that holds it
 * is refused as v2 refuses it ("anchor … value contains itself").
 */
function boundAliases(root: unknown): string | undefined {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let written = 0;
  let cycle = false;
  const size = (v: unknown): number => {
    if (v === null || typeof v !== 'object') {
      written++;
      return 1;
    }
    const known = sizes.get(v);
    if (known !== undefined) return known;
    if (open.has(v)) {
      cycle = true;
      return 1;
    }
    open.add(v);
    written++;
    let n = 1;
    if (Array.isArray(v)) {
      for (const item of v) n += size(item);
    } else {
      for (const item of Object.values(v)) {
        written++;
        n += 1 + size(item);
      }
    }
    open.delete(v);
    sizes.set(v, n);
    return n;
  };
  const expanded = size(root);
  if (cycle)
    return 'an alias refers to the collection that contains it (go-yaml: "anchor value contains itself")';
  const aliased = expanded - written;
  if (aliased > 100 && expanded > 1000 && aliased / expanded > allowedAliasRatio(expanded)) {
    return (
      `the document contains excessive aliasing: its ${written} nodes expand to ${expanded} through aliases ` +
      '(go-yaml refuses it: "document contains excessive aliasing")'
    );
  }
  return undefined;
}

/** Text that may hold a collection as a mapping key: two opening brackets on a line, or a `?` key. */
const COMPLEX_KEY_SHAPE = /[{[][^\n]*[{[]|(^|\n)[ \t-]*\?(\s|$)/;

/** The path of the first mapping whose key was a mapping (js-yaml's "[object Object]"), or undefined. */
function collectionKeyPath(v: unknown, at: string, depth = 0): string | undefined {
  if (v === null || typeof v !== 'object' || depth > 1000) return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = collectionKeyPath(v[i], `${at}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const k of Object.keys(v)) {
    if (k === '[object Object]') return at;
    const found = collectionKeyPath((v as Record<string, unknown>)[k], at ? `${at}.${k}` : k, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Gives every alias its own copy, as go-yaml v2 decodes one per alias, so no caller meets the same
 * object twice. Bounded by {@link boundAliases}: what is copied is what kubectl would decode.
 */
function unshare(root: unknown): unknown {
  const seen = new Set<object>();
  const visit = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const copy = seen.has(v);
    seen.add(v);
    if (Array.isArray(v)) {
      const out = copy ? new Array<unknown>(v.length) : v;
      for (let i = 0; i < v.length; i++) out[i] = copy ? clone(v[i]) : visit(v[i]);
      return out;
    }
    const rec = v as Record<string, unknown>;
    if (copy) return clone(rec);
    for (const k of Object.keys(rec)) rec[k] = visit(rec[k]);
    return rec;
  };
  return visit(root);
}

function clone(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone);
  const out: Record<string, unknown> = {};
  for (const [k, item] of Object.entries(v)) setKey(out, k, clone(item));
  return out;
}

/** `out[k] = v`, `__proto__` included as an own key (as js-yaml stores it). */
function setKey(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

// ---------------------------------------------------------------------------------------------
// A stream of documents

/** One document of a stream, read: where it starts, and what it holds or what spoiled it. */
export interface StreamDocument {
  /** 0-based, among the documents kubectl's reader returns (empty ones between two `---` are not counted). */
  readonly index: number;
  /** 1-based line of its first content (not blank, not a comment), else of its first line. */
  readonly line: number;
  /** 1-based line of its first line (the line after its `---`): the parser's lines count from there. */
  readonly firstLine: number;
  /** Its text (empty for a problem that is not one of its content). */
  readonly text: string;
  readonly parsed: ParsedYamlDocument;
}

/**
 * Go's `unicode.IsSpace`: what `strings.TrimSpace` trims after a `---`, and what `bytes.TrimLeftFunc`
 * skips before the `{` that makes a stream JSON.
 */
const GO_SPACES = new RegExp(`^${GO_SPACE_CLASS}*`);

/**
 * Cuts a stream of text, given in pieces, into documents as kubectl does (see the top of this
 * file) and parses each as it completes, so the text of a document can be let go once it is read.
 * A document longer than `maxDocumentChars` characters is reported, not read (the stream goes on
 * at the next `---`). Never throws.
 */
export class KubectlDocumentStream {
  private buf = '';
  /** 1-based line number of `buf[0]`, which is always the start of a line. */
  private line = 1;
  private index = 0;
  private mode: 'start' | 'json' | 'yaml' | 'skip' | 'stopped' = 'start';
  /** Where the next search for a `\n---` in `buf` starts. */
  private scanFrom = 0;
  /** Whether `buf[0]` starts a line (not so while skipping the rest of a long line). */
  private atLineStart = true;
  private jsonValues = 0;
  private jsonScan: JsonScan = newJsonScan();

  public constructor(
    private readonly emit: (doc: StreamDocument) => void,
    private readonly maxDocumentChars: number,
  ) {}

  /** Adds the next piece of the stream. */
  public push(text: string): void {
    if (this.mode === 'stopped' || text === '') return;
    this.buf += text;
    this.drain(false);
  }

  /** Ends the stream: its last document need not end with a line break. */
  public end(): void {
    this.drain(true);
    this.buf = '';
  }

  private drain(atEnd: boolean): void {
    if (this.mode === 'start') {
      const lead = GO_SPACES.exec(this.buf)![0].length;
      if (lead === this.buf.length && !atEnd) return;
      this.mode = this.buf[lead] === '{' ? 'json' : 'yaml';
    }
    if (this.mode === 'json') this.drainJson(atEnd);
    if (this.mode === 'yaml' || this.mode === 'skip') this.drainYaml(atEnd);
  }

  // ----- YAML: `YAMLReader.Read`

  private drainYaml(atEnd: boolean): void {
    for (;;) {
      const sep = this.nextSeparator();
      if (sep < 0) break;
      let eol = this.buf.indexOf('\n', sep);
      if (eol < 0) {
        if (!atEnd) {
          this.scanFrom = Math.max(0, sep - 1); // the separator line is not complete yet
          return;
        }
        eol = this.buf.length;
      }
      const docText = this.buf.slice(0, sep);
      const rest = this.buf.slice(sep + 3, eol);
      const sepLine = this.line + countLines(docText);
      if (this.mode === 'skip') this.mode = 'yaml';
      else this.document(docText, this.line);
      const trimmed = rest.replace(GO_SPACES, '');
      if (trimmed !== '' && trimmed[0] !== '#') {
        // kubectl stops reading the file here: "invalid Yaml document separator"
        this.problem(
          sepLine,
          false,
          `invalid document separator ${excerpt(`---${rest.replace(/\s+$/, '')}`)}: only a comment may ` +
            'follow `---` on its line (kubectl stops reading the file here: "invalid Yaml document separator")',
        );
      }
      this.buf = this.buf.slice(Math.min(eol + 1, this.buf.length));
      this.line = sepLine + 1;
      this.scanFrom = 0;
      this.atLineStart = true;
    }
    if (atEnd) {
      if (this.mode === 'yaml') this.document(this.buf, this.line);
      return;
    }
    if (this.mode === 'skip') {
      // keep only what may start a separator with the next piece: the last line's first 3 characters
      const lineStart = this.buf.lastIndexOf('\n') + 1;
      const keep = Math.max(lineStart, this.buf.length - 3);
      this.line += countLines(this.buf.slice(0, keep));
      this.atLineStart = keep === lineStart && (lineStart > 0 || this.atLineStart);
      this.buf = this.buf.slice(keep);
      this.scanFrom = 0;
    } else if (this.buf.length > this.maxDocumentChars) {
      this.problem(
        this.contentLine(this.buf, this.line),
        true,
        this.tooLarge('the stream goes on at the next `---`'),
      );
      this.mode = 'skip';
      this.drainYaml(false);
    } else {
      this.scanFrom = Math.max(0, this.buf.length - 3);
    }
  }

  /** The offset of the next line of `buf` that starts with `---`, or -1. */
  private nextSeparator(): number {
    if (this.scanFrom === 0 && this.atLineStart && this.buf.startsWith('---')) return 0;
    const at = this.buf.indexOf('\n---', this.scanFrom);
    return at < 0 ? -1 : at + 1;
  }

  private document(text: string, line: number): void {
    if (text === '') return; // YAMLReader returns no empty buffer
    const at = this.contentLine(text, line);
    const index = this.index++;
    if (text.length > this.maxDocumentChars) {
      const message = this.tooLarge('the stream goes on at the next `---`');
      this.emit({ index, line: at, firstLine: line, text: '', parsed: { error: { message } } });
      return;
    }
    this.emit({ index, line: at, firstLine: line, text, parsed: parseYamlDocument(text) });
  }

  /** A problem of the document at this index: its own (`counted`), or of the separator before it. */
  private problem(line: number, counted: boolean, message: string): void {
    const index = counted ? this.index++ : this.index;
    this.emit({ index, line, firstLine: line, text: '', parsed: { error: { message } } });
  }

  private tooLarge(then: string): string {
    return (
      `the document is larger than the ${sizeText(this.maxDocumentChars)} the plan reads in one document ` +
      `(it is not read; ${then}): split it`
    );
  }

  /** The line of the first content of `text` (which starts at `line`): not blank, not a comment. */
  private contentLine(text: string, line: number): number {
    let from = 0;
    for (let l = line; from < text.length; l++) {
      const eol = text.indexOf('\n', from);
      const end = eol < 0 ? text.length : eol;
      const head = text.slice(from, Math.min(end, from + 256));
      const first = /[^\s\ufeff]/.exec(head);
      // a `---` can begin the first line only after a BOM (kubectl does not cut there): not content
      if (first && first[0] !== '#' && !/^\ufeff---\s*(#.*)?$/.test(head)) return l;
      if (eol < 0) break;
      from = eol + 1;
    }
    return line;
  }

  // ----- JSON: `YAMLOrJSONDecoder.Decode` with its JSON decoder

  private drainJson(atEnd: boolean): void {
    for (;;) {
      const s = this.jsonScan;
      const lead = GO_SPACES.exec(this.buf)![0];
      if (lead.length === this.buf.length) {
        if (atEnd) this.buf = '';
        return;
      }
      if (s.pos === 0) s.pos = lead.length;
      const end = scanJsonValue(this.buf, s);
      if (end < 0 && !atEnd) {
        if (this.buf.length - lead.length > this.maxDocumentChars) {
          this.problem(this.line + countLines(lead), true, this.tooLarge('nor is the rest of the stream'));
          this.mode = 'stopped';
          this.buf = '';
        }
        return;
      }
      const valueEnd = end < 0 ? this.buf.length : end;
      const text = this.buf.slice(lead.length, valueEnd);
      const line = this.line + countLines(lead);
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(text);
      } catch {
        parsed = false;
      }
      if (!parsed) {
        if (this.jsonValues <= 1) {
          // Not a JSON stream after all: YAML from here, after the spaces up to the first line
          // break (`consumeWhitespace`).
          const nl = lead.indexOf('\n');
          const skip = nl < 0 ? lead.length : nl + 1;
          this.line += countLines(this.buf.slice(0, skip));
          this.buf = this.buf.slice(skip);
          this.mode = 'yaml';
          this.scanFrom = 0;
          return;
        }
        this.problem(
          line,
          true,
          `the value is not JSON: ${excerpt(text)} (the file is a stream of JSON values; kubectl stops reading it here)`,
        );
        this.mode = 'stopped';
        this.buf = '';
        return;
      }
      this.jsonValues++;
      if (text.length > this.maxDocumentChars) {
        this.problem(line, true, this.tooLarge('the stream goes on after it'));
      } else {
        this.emit({ index: this.index++, line, firstLine: line, text, parsed: { value } });
      }
      this.line = line + countLines(text);
      this.buf = this.buf.slice(valueEnd);
      this.jsonScan = newJsonScan();
      if (end < 0) return;
    }
  }
}

/** Where the scan of a JSON value stands, kept across pieces of the stream. */
interface JsonScan {
  pos: number;
  depth: number;
  inString: boolean;
  started: boolean;
}

function newJsonScan(): JsonScan {
  return { pos: 0, depth: 0, inString: false, started: false };
}

/**
 * The offset just past the JSON value that starts at `s.pos` (after spaces), or -1 when `text` ends
 * first. Objects, arrays and strings are matched by their brackets and quotes; a bare number or
 * word ends at a space or bracket. `JSON.parse` judges the value afterwards.
 */
function scanJsonValue(text: string, s: JsonScan): number {
  let i = s.pos;
  if (!s.started) {
    const c = text[i];
    if (c !== '{' && c !== '[' && c !== '"') {
      const m = /[\s{}[\]"]/.exec(text.slice(i + 1));
      return m ? i + 1 + m.index : -1;
    }
    s.started = true;
  }
  const n = text.length;
  while (i < n) {
    if (s.inString) {
      const q = text.indexOf('"', i);
      if (q < 0) {
        i = n;
        break;
      }
      let back = 0;
      while (text.charCodeAt(q - 1 - back) === 0x5c) back++;
      i = q + 1;
      if (back % 2 === 0) {
        s.inString = false;
        if (s.depth === 0) return i;
      }
      continue;
    }
    const c = text.charCodeAt(i++);
    if (c === 0x22) s.inString = true;
    else if (c === 0x7b || c === 0x5b) s.depth++;
    else if (c === 0x7d || c === 0x5d) {
      s.depth--;
      if (s.depth <= 0) return i;
    }
  }
  s.pos = i;
  return -1;
}

/** The number of line breaks (`\n`) in `text`. */
export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** `1048576` as `1 MiB`. */
export function sizeText(bytes: number): string {
  return bytes >= 2 ** 20 && bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20} MiB` : `${bytes} bytes`;
}

// ---------------------------------------------------------------------------------------------
// The common subset, read quickly

/** Thrown inside {@link readSubset} when the text leaves the subset: the full reader takes it. */
const LEAVE = new Error('not in the subset');

/** js-yaml refuses these characters anywhere in a document (its NON_PRINTABLE test, loader.js). */
const NON_PRINTABLE =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** Characters that may not start a plain scalar here (YAML's indicators, and `-`/`:` handled apart). */
const PLAIN_START_BAD = new Set([...'&*!|>\'"%@`#,[]{}?:']);
/** Deeper than this, the full reader decides (it bounds depth at MAX_DEPTH and says so). */
const SUBSET_DEPTH = 100;

/** Short values repeat across manifests (`ReadWriteOnce`, `apps/v1`, a namespace): one copy each. */
const SHARED_MAX_CHARS = 40;
/** At most this many shared values (under 1 MiB), the first ones met: the process may be long-lived. */
const SHARED_MAX_ENTRIES = 8192;
const shared = new Map<string, string>();

/**
 * A string value with characters of its own, not a slice of the document's text (which would keep
 * the text alive, as {@link ownStrings} explains), and a short one shared with its earlier
 * occurrences: the manifests of a big input hold each repeated value once.
 */
function own(s: string): string {
  if (s.length > SHARED_MAX_CHARS) return (' ' + s).slice(1);
  const known = shared.get(s);
  if (known !== undefined) return known;
  const copy = s.length >= 13 ? (' ' + s).slice(1) : s; // shorter slices are copies in V8 already
  if (shared.size < SHARED_MAX_ENTRIES) shared.set(copy, copy);
  return copy;
}

/**
 * The value of a document written in the subset of YAML that manifests are written in, or
 * undefined for any other text, which the full reader ({@link loadOne}) then reads. The subset:
 * block mappings and sequences indented with spaces (sequences under a key at the key's
 * indentation too), keys of plain words or simple quotes, plain scalars on one line (resolved by
 * v2's table, {@link resolveScalar}, as the full reader's schema resolves them), single- and
 * double-quoted scalars on one line without escapes, one-line flow sequences and mappings of such
 * scalars, literal block scalars (`|`, `|-`) and folded ones (`>`, `>-`) of equally indented lines,
 * comments. Anything else leaves the subset: tabs, `\r`, anchors, aliases, tags, directives,
 * `...`, escapes, multi-line plain or quoted scalars, explicit keys, merge keys, a key set twice,
 * keys that resolve to other than a string, `.nan` and `.inf`, characters js-yaml refuses, an empty
 * document. Property tests (test/property/yaml-subset.test.ts) hold its values equal to the full
 * reader's.
 */
export function readSubset(text: string): unknown {
  if (
    text.indexOf('\t') >= 0 ||
    text.indexOf('\r') >= 0 ||
    text.charCodeAt(0) === 0xfeff ||
    NON_PRINTABLE.test(text)
  )
    return undefined;
  try {
    return new SubsetReader(text).document();
  } catch (e) {
    if (e === LEAVE) return undefined;
    throw e;
  }
}

function indentOf(line: string): number {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 0x20) n++;
  return n;
}

class SubsetReader {
  private readonly lines: string[];
  private i = 0;

  public constructor(text: string) {
    this.lines = text.split('\n');
  }

  public document(): unknown {
    this.skip();
    if (this.i >= this.lines.length) throw LEAVE; // no content: the full reader says what it is
    const indent = indentOf(this.lines[this.i]);
    const value = this.node(indent, 0);
    this.skip();
    if (this.i < this.lines.length) throw LEAVE;
    return value;
  }

  /** Past blank lines and comment lines; `...` ends a document, which the full reader handles. */
  private skip(): void {
    const lines = this.lines;
    while (this.i < lines.length) {
      const l = lines[this.i];
      const n = indentOf(l);
      if (n === l.length || l.charCodeAt(n) === 0x23) {
        this.i++;
        continue;
      }
      if (n === 0 && l.startsWith('...')) throw LEAVE;
      return;
    }
  }

  private node(indent: number, depth: number): unknown {
    if (depth > SUBSET_DEPTH) throw LEAVE;
    return isSequenceItem(this.lines[this.i], indent)
      ? this.sequence(indent, depth)
      : this.mapping(indent, -1, depth);
  }

  /** A block sequence whose `-` are at column `indent`, from the current line. */
  private sequence(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[this.i];
      let c = indent + 1;
      while (c < line.length && line.charCodeAt(c) === 0x20) c++;
      if (c >= line.length || line.charCodeAt(c) === 0x23) {
        this.i++;
        this.skip();
        const next = this.i < this.lines.length ? indentOf(this.lines[this.i]) : -1;
        out.push(next > indent ? this.node(next, depth + 1) : null);
      } else if (isSequenceItem(line, c)) {
        throw LEAVE; // `- - a`
      } else if (keyEnd(line, c) >= 0) {
        out.push(this.mapping(c, c, depth + 1));
      } else {
        out.push(this.inline(line, c, indent));
      }
      this.skip();
      if (this.i >= this.lines.length) return out;
      const l = this.lines[this.i];
      const n = indentOf(l);
      if (n > indent) throw LEAVE;
      if (n < indent || !isSequenceItem(l, n)) return out;
    }
  }

  /**
   * A block mapping whose keys are at column `indent`, from the current line; its first key at
   * column `inline` of that line when it follows a sequence item's `- `.
   */
  private mapping(indent: number, inline: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let col = inline >= 0 ? inline : indent;
    for (;;) {
      const line = this.lines[this.i];
      if (isSequenceItem(line, col)) throw LEAVE;
      const end = keyEnd(line, col);
      if (end < 0) throw LEAVE;
      const key = keyOf(line, col, end);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw LEAVE; // a duplicate: the full reader names it
      let v = end + 1;
      while (v < line.length && line.charCodeAt(v) === 0x20) v++;
      let value: unknown;
      if (v >= line.length || line.charCodeAt(v) === 0x23) {
        this.i++;
        this.skip();
        const next = this.i < this.lines.length ? indentOf(this.lines[this.i]) : -1;
        if (next > indent) value = this.node(next, depth + 1);
        else if (next === indent && isSequenceItem(this.lines[this.i], next))
          value = this.sequence(next, depth + 1);
        else value = null;
      } else {
        value = this.inline(line, v, indent);
      }
      out[key] = value;
      this.skip();
      if (this.i >= this.lines.length) return out;
      const n = indentOf(this.lines[this.i]);
      if (n > indent) throw LEAVE;
      if (n < indent) return out;
      col = n;
    }
  }

  /** The scalar or flow collection at column `c` of `line` (the current line), to its end. */
  private inline(line: string, c: number, parentIndent: number): unknown {
    const ch = line[c];
    if (ch === '|' || ch === '>') return this.blockScalar(line, c, parentIndent);
    this.i++;
    if (ch === '"' || ch === "'") {
      const [value, end] = quoted(line, c);
      restIsComment(line, end);
      return value;
    }
    if (ch === '[' || ch === '{') return flow(line, c);
    return plainValue(line, c, line.length);
  }

  /** `|`, `|-`, `>`, `>-`: the lines after the current one, more indented than `parentIndent`. */
  private blockScalar(line: string, c: number, parentIndent: number): string {
    const folded = line[c] === '>';
    let h = c + 1;
    let strip = false;
    if (line[h] === '-') {
      strip = true;
      h++;
    }
    restIsComment(line, h); // no `+`, no indentation indicator: the full reader takes those
    const lines = this.lines;
    let j = this.i + 1;
    let blockIndent = -1;
    let blankBefore = 0;
    const parts: string[] = [];
    let lastContent = -1;
    for (; j < lines.length; j++) {
      const l = lines[j];
      const n = indentOf(l);
      if (n === l.length) {
        if (blockIndent < 0) {
          blankBefore++; // leading blank lines are kept, and their spaces may set the indentation
        } else if (n > blockIndent) {
          throw LEAVE; // spaces past the indentation on a blank line: content the full reader keeps
        }
        if (blockIndent >= 0) parts.push('');
        continue;
      }
      if (blockIndent < 0) {
        if (n <= parentIndent || blankBefore > 0) throw LEAVE;
        blockIndent = n;
      }
      if (n < blockIndent) break;
      if (folded && n > blockIndent) throw LEAVE; // more-indented lines keep their breaks in `>`
      parts.push(l.slice(blockIndent));
      lastContent = parts.length - 1;
    }
    if (lastContent < 0) throw LEAVE;
    this.i = j;
    const content = parts.slice(0, lastContent + 1);
    if (folded && content.some((p) => p === '')) throw LEAVE;
    const body = content.join(folded ? ' ' : '\n');
    return own(strip ? body : `${body}\n`);
  }
}

/** Whether `line` holds a sequence item's `-` at column `c` (followed by a space or the end). */
function isSequenceItem(line: string, c: number): boolean {
  return line.charCodeAt(c) === 0x2d && (c + 1 === line.length || line.charCodeAt(c + 1) === 0x20);
}

/**
 * The column of the `:` that ends a mapping key starting at column `c`, or -1 when the text there
 * is no key of the subset (a plain word without spaces, or a simple quoted key).
 */
function keyEnd(line: string, c: number): number {
  const ch = line[c];
  if (ch === '"' || ch === "'") {
    let end: number;
    try {
      end = quoted(line, c)[1];
    } catch {
      return -1;
    }
    return line[end] === ':' && (end + 1 === line.length || line[end + 1] === ' ') ? end : -1;
  }
  if (PLAIN_START_BAD.has(ch) || ch === '-' || ch === ' ') return -1;
  for (let k = c + 1; k < line.length; k++) {
    const code = line.charCodeAt(k);
    if (code === 0x3a) return k + 1 === line.length || line.charCodeAt(k + 1) === 0x20 ? k : -1;
    if (code === 0x20 || code === 0x23) return -1;
  }
  return -1;
}

/** The key that starts at column `c` and ends before the `:` at `end`. */
function keyOf(line: string, c: number, end: number): string {
  const ch = line[c];
  const key = ch === '"' || ch === "'" ? quoted(line, c)[0] : line.slice(c, end);
  if (ch !== '"' && ch !== "'") {
    // A plain key resolves as a plain value does (js-yaml turns `1:` or `true:` into "1", "true"):
    // only keys that stay the text they are belong to the subset.
    const code = key.charCodeAt(0);
    if (!(code < 128 && HINT[code] === 0)) {
      const r = resolveScalar(key);
      if (r.tag !== '!!str' && r.tag !== '!!timestamp') throw LEAVE;
    }
  }
  if (key === '__proto__' || key === '<<') throw LEAVE;
  return key;
}

/** A one-line quoted scalar at column `c` without escapes: its value and the column after it. */
function quoted(line: string, c: number): [string, number] {
  const q = line[c];
  if (q === '"') {
    const close = line.indexOf('"', c + 1);
    if (close < 0) throw LEAVE;
    const value = line.slice(c + 1, close);
    if (value.indexOf('\\') >= 0) throw LEAVE;
    return [own(value), close + 1];
  }
  let value = '';
  let from = c + 1;
  for (;;) {
    const close = line.indexOf("'", from);
    if (close < 0) throw LEAVE;
    if (line[close + 1] === "'") {
      value += line.slice(from, close + 1);
      from = close + 2;
      continue;
    }
    return [own(value + line.slice(from, close)), close + 1];
  }
}

/** What follows column `c` of `line` is spaces, then nothing or a comment (after a space). */
function restIsComment(line: string, c: number): void {
  let k = c;
  while (k < line.length && line.charCodeAt(k) === 0x20) k++;
  if (k < line.length && !(line.charCodeAt(k) === 0x23 && k > c)) throw LEAVE;
}

/** A plain scalar from column `c` up to `end` (exclusive) of `line`, or up to a ` #` comment. */
function plainValue(line: string, c: number, end: number): unknown {
  const first = line[c];
  if (PLAIN_START_BAD.has(first) || (first === '-' && (c + 1 === end || line[c + 1] === ' '))) throw LEAVE;
  let stop = line.indexOf(' #', c);
  if (stop < 0 || stop > end) stop = end;
  while (stop > c && line.charCodeAt(stop - 1) === 0x20) stop--;
  const text = line.slice(c, stop);
  if (text.indexOf(': ') >= 0 || text.endsWith(':') || text === '<<') throw LEAVE;
  return scalarValue(text);
}

/** A plain scalar's value, as the full reader's schema resolves it (PLAIN above). */
function scalarValue(text: string): unknown {
  const code = text.charCodeAt(0);
  if (code < 128 && HINT[code] === 0) return own(text);
  const r = resolveScalar(text);
  if (r.tag === '!!str' || r.tag === '!!timestamp') return own(text);
  if (typeof r.value === 'number' && !Number.isFinite(r.value)) throw LEAVE; // JSON cannot hold it
  return r.value;
}

/** A one-line flow sequence or mapping at column `c` of `line`, of scalars only. */
function flow(line: string, c: number): unknown[] | Record<string, unknown> {
  const open = line[c];
  const closer = open === '[' ? ']' : '}';
  const items: Array<[string | undefined, unknown]> = [];
  let k = c + 1;
  const spaces = (): void => {
    while (k < line.length && line.charCodeAt(k) === 0x20) k++;
  };
  spaces();
  if (line[k] === closer) {
    k++;
  } else {
    for (;;) {
      spaces();
      let key: string | undefined;
      if (open === '{') {
        const colon = line.indexOf(':', k);
        if (colon < 0 || line[colon + 1] !== ' ') throw LEAVE;
        key = line.slice(k, colon);
        if (!/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(key)) throw LEAVE;
        const r = resolveScalar(key);
        if (r.tag !== '!!str' && r.tag !== '!!timestamp') throw LEAVE;
        if (key === '__proto__') throw LEAVE;
        k = colon + 1;
        spaces();
      }
      let value: unknown;
      const ch = line[k];
      if (ch === '"' || ch === "'") {
        const [v, end] = quoted(line, k);
        value = v;
        k = end;
        spaces();
      } else {
        let e = k;
        while (e < line.length && !',[]{}#:'.includes(line[e])) e++;
        let t = e;
        while (t > k && line.charCodeAt(t - 1) === 0x20) t--;
        if (t === k || line[e] === ':' || line[e] === '#') throw LEAVE;
        value = plainValue(line, k, t);
        k = e;
      }
      items.push([key, value]);
      if (line[k] === ',') {
        k++;
        continue;
      }
      if (line[k] !== closer) throw LEAVE;
      k++;
      break;
    }
  }
  restIsComment(line, k);
  if (open === '[') return items.map((x) => x[1]);
  const out: Record<string, unknown> = {};
  for (const [key, value] of items) {
    if (Object.prototype.hasOwnProperty.call(out, key!)) throw LEAVE;
    out[key!] = value;
  }
  return out;
}
