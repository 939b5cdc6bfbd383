import {
  allowedAliasRatio,
  countLines,
  excerpt,
  isGoTimestamp,
  KubectlDocumentStream,
  parseYamlDocument,
  RESOLVE_HINTS,
  RESOLVE_WORDS,
  resolveScalar,
  sizeText,
  StreamDocument,
} from '../../src/k8s/yaml';

/** The value of `k: <scalar>` as kubectl reads it. */
const plain = (scalar: string): unknown => (parseYamlDocument(`k: ${scalar}\n`).value as { k: unknown }).k;

/** Every document of `text` pushed in pieces of `piece` characters (the whole text by default). */
function split(text: string, piece = text.length || 1, max = 1e6): StreamDocument[] {
  const docs: StreamDocument[] = [];
  const stream = new KubectlDocumentStream((d) => docs.push(d), max);
  for (let i = 0; i < text.length; i += piece) stream.push(text.slice(i, i + piece));
  stream.end();
  return docs;
}

/** index, first content line and value (or error message) of each document. */
const brief = (docs: StreamDocument[]): unknown[] =>
  docs.map((d) => [d.index, d.line, d.parsed.error ? d.parsed.error.message : d.parsed.value]);

describe("go-yaml v2's resolve table (resolve.go), every row", () => {
  const rows = RESOLVE_WORDS.flatMap(([value, tag, words]) => words.map((w) => [w, tag, value] as const));

  test('the table is v2 resolveMapList: 11 rows, 39 words', () => {
    expect(RESOLVE_WORDS).toHaveLength(11);
    expect(rows).toHaveLength(39);
    expect(Object.keys(RESOLVE_HINTS).sort().join('')).toBe('+-.0123456789FNOTYfnoty~');
  });

  test.each(rows)('%s resolves to %s %p', (word, tag, value) => {
    expect(resolveScalar(word)).toEqual({ tag, value });
    if (tag === '!!float') return; // .nan and .inf: JSON cannot hold them (tested below)
    expect(plain(word === '' ? '""' : word)).toEqual(word === '' ? '' : value);
  });

  test.each([
    // other cases of the words are strings (only the three spellings of each are in the map)
    ['tRUE', 'tRUE'],
    ['yES', 'yES'],
    ['oN', 'oN'],
    ['NuLL', 'NuLL'],
    ['+.nan', '+.nan'],
    ['.iNf', '.iNf'],
    // YAML 1.1 booleans, as kubectl reads them (YAML 1.2 would keep them strings)
    ['yes', true],
    ['No', false],
    ['on', true],
    ['OFF', false],
    ['y', true],
    ['N', false],
    // null
    ['~', null],
    ['', null],
    ['null', null],
  ])('plain %p is %p', (scalar, value) => {
    expect(plain(scalar)).toEqual(value);
  });

  test.each([
    // ints: strconv.ParseInt(s, 0, 64) after removing underscores; octal by a leading 0
    ['0', 0],
    ['-0', 0],
    ['+5', 5],
    ['42', 42],
    ['0644', 420],
    ['0o17', 15],
    ['0O17', 15],
    ['0x1F', 31],
    ['0X1f', 31],
    ['+0x1F', 31],
    ['-0x1F', -31],
    ['0b101', 5],
    ['0B101', 5],
    ['1_000', 1000],
    ['1__0', 10],
    ['0x_1F', 31],
    ['0b_1', 1],
    // v2's own `0b` branch: a sign after the prefix
    ['0b-101', -5],
    ['0b+101', 5],
    // not octal, so float (yamlStyleFloat): 08 is 8
    ['08', 8],
    ['0888', 888],
    // int64 and uint64 limits (JavaScript numbers: precision beyond 2^53 is lost here)
    ['9223372036854775807', 9223372036854775807],
    ['-9223372036854775808', -9223372036854775808],
    ['18446744073709551615', 18446744073709551615],
    // past uint64: a float
    ['99999999999999999999', 1e20],
    ['-99999999999999999999', -1e20],
    // ParseUint takes no sign, so +2^64-1 is not a uint64: yamlStyleFloat makes it a float
    ['+18446744073709551615', 18446744073709551615],
    // floats
    ['1.5', 1.5],
    ['1.', 1],
    ['-.5e3', -500],
    ['1e3', 1000],
    ['+1.5E-3', 0.0015],
    ['1_000.5', 1000.5],
    ['.5', 0.5],
    ['.5_0', 0.5],
    ['.5e3', 500],
  ])('plain %p is the number %p', (scalar, value) => {
    expect(plain(scalar)).toBe(value);
  });

  test.each([
    // timestamps stay strings, as kubectl keeps them (decode.go: "for backward compatibility")
    '2024-01-01',
    '2001-12-14t21:59:43.10-05:00',
    '2001-12-14 21:59:43.10',
    // no base-60 numbers (the `yaml` package's YAML 1.1 reads 1:30 as 90)
    '1:30',
    '12:30:45',
    '-1:30',
    // not numbers
    '0.1.2',
    '1e400',
    '.5e400',
    '._5',
    '.5_',
    '_1',
    '0x',
    '0b',
    '0b2',
    '1e',
    '+',
    '0b-',
    '1Gi',
    '10Gi',
    '500m',
    'v1',
    '<<x',
    'é',
  ])('plain %p stays a string', (scalar) => {
    expect(plain(scalar)).toBe(scalar);
  });

  test.each([
    ['"yes"', 'yes'],
    ["'null'", 'null'],
    ['"0644"', '0644'],
    ['"1.5"', '1.5'],
    ['|\n  yes', 'yes\n'],
    ['>-\n  42', '42'],
  ])('quoted and block scalars are strings: %s', (scalar, value) => {
    expect(plain(scalar)).toBe(value);
  });

  test.each([
    ['!!int "0x1F"', 31],
    ['!!int 42', 42],
    ['!!float 1', 1],
    ['!!float "1.5"', 1.5],
    ['!!bool "yes"', true],
    ['!!null ~', null],
    ['!!null', null],
    ['!!str 123', '123'],
    ['!!str', ''],
    ['!!timestamp 2001-12-14', '2001-12-14'],
    ['!!binary aGVsbG8=', 'hello'],
    ['!!binary |\n  aGVs\n  bG8=', 'hello'],
    ['! 42', '42'],
    // a tag v2 does not resolve: the node by its kind
    ['!foo 42', '42'],
    ['!foo', ''],
    ['!<tag:example.com,2000:x> 5', '5'],
    ['!foo {a: 1}', { a: 1 }],
    ['!foo [1]', [1]],
    ['!!set {a, b}', { a: null, b: null }],
    ['!!int {a: 1}', { a: 1 }],
    ['!!map x', 'x'],
    ['!!seq {a: 1}', { a: 1 }],
  ])('explicit tag %s', (scalar, value) => {
    expect(plain(scalar)).toEqual(value);
  });

  test.each([
    ['!!int abc', 'cannot resolve a node with !!int explicit tag'],
    ['!!int 1.5', 'cannot resolve a node with !!int explicit tag'],
    ['!!bool 1', 'cannot resolve a node with !!bool explicit tag'],
    ['!!null x', 'cannot resolve a node with !!null explicit tag'],
    ['!!float x', 'cannot resolve a node with !!float explicit tag'],
    ['!!timestamp x', 'cannot resolve a node with !!timestamp explicit tag'],
    ['!!binary "not base64!"', 'cannot resolve a node with !!binary explicit tag'],
    ['!!binary abc', 'cannot resolve a node with !!binary explicit tag'],
  ])('explicit tag %s that does not fit is an error, as in v2', (scalar, message) => {
    // js-yaml reports the end of the scalar
    const column = `k: ${scalar}`.length;
    expect(parseYamlDocument(`k: ${scalar}`)).toEqual({ error: { message, line: 0, column } });
  });

  test('resolveScalar with a tag: !!str takes anything, !!float takes an int, others only their own', () => {
    expect(resolveScalar('yes', '!!str')).toEqual({ tag: '!!str', value: 'yes' });
    expect(resolveScalar('2001-12-14', '!!timestamp')).toEqual({ tag: '!!timestamp', value: '2001-12-14' });
    expect(resolveScalar('2001-13-14', '!!timestamp')).toEqual({ tag: '!!str', value: '2001-13-14' });
    // untagged, a timestamp is not looked for: its text is a string either way
    expect(resolveScalar('2001-12-14')).toEqual({ tag: '!!str', value: '2001-12-14' });
  });

  test('keys: booleans and numbers become strings, as convertToJSONableObject makes them', () => {
    const { value } = parseYamlDocument('yes: 1\nno: 2\n1: 3\n0x10: 4\n1.5: 5\non: 6\n~x: 7\n"true": 8\n');
    expect(value).toEqual({ true: 8, false: 2, '1': 3, '16': 4, '1.5': 5, '~x': 7 });
  });
});

describe('isGoTimestamp: allowedTimestampFormats as time.Parse reads them', () => {
  test.each([
    '2001-12-14',
    '2001-1-2',
    '2001-12-14T21:59:43Z',
    '2001-12-14t21:59:43.10-05:00',
    '2001-12-14T1:2:3+01:00',
    '2001-12-14 21:59:43.123456789',
    '2024-02-29',
  ])('%s is one', (s) => {
    expect(isGoTimestamp(s)).toBe(true);
  });

  test.each([
    '2001-12-14 21:59:43.10 -5', // the example time.Parse cannot read
    '2001-13-14',
    '2001-12-32',
    '2023-02-29',
    '2001-0-1',
    '2001-12-14T25:00:00Z',
    '2001-12-14T21:60:00Z',
    '2001-12-14T21:59:60Z',
    '2001-12-14T21:59:43+24:00',
    '2001-12-14T21:59:43+01:60',
    '2001-12-14T21:59:43',
    '01-12-14',
    '2001-12-14x',
  ])('%s is not', (s) => {
    expect(isGoTimestamp(s)).toBe(false);
  });
});

describe('parseYamlDocument', () => {
  test('an empty document, or only comments, is null', () => {
    expect(parseYamlDocument('')).toEqual({ value: null });
    expect(parseYamlDocument('# only a comment\n\n')).toEqual({ value: null });
  });

  test('a document that is a list, a scalar, JSON', () => {
    expect(parseYamlDocument('- a\n- 1\n')).toEqual({ value: ['a', 1] });
    expect(parseYamlDocument('just a string\n')).toEqual({ value: 'just a string' });
    expect(parseYamlDocument('{"kind": "Pod", "n": 1.5e3, "t": true}')).toEqual({
      value: { kind: 'Pod', n: 1500, t: true },
    });
  });

  test('BOM and CRLF', () => {
    expect(parseYamlDocument('\ufeffa: 1\r\nb: |\r\n  x\r\n  y\r\n')).toEqual({
      value: { a: 1, b: 'x\ny\n' },
    });
  });

  test('a duplicate key: the last value wins, as kubectl keeps it, and the first duplicate is named', () => {
    expect(parseYamlDocument('kind: A\nmetadata:\n  name: one\n  name: two\n')).toEqual({
      value: { kind: 'A', metadata: { name: 'two' } },
      duplicate: { message: 'duplicated mapping key', line: 3, column: 2, key: 'name' },
    });
    expect(parseYamlDocument('"a": 1\n"a": 2\n').duplicate?.key).toBe('"a"');
    expect(parseYamlDocument("'a b': 1\n'a b' : 2\n").duplicate?.key).toBe("'a b'");
    expect(parseYamlDocument('{a: 1, a: 2}').duplicate).toMatchObject({ key: 'a', line: 0 });
  });

  test('a duplicate key in a document that also fails to parse: the parse error', () => {
    expect(parseYamlDocument('a: 1\na: 2\nb: [\n')).toEqual({
      error: { message: 'unexpected end of the stream within a flow collection', line: 3, column: 0 },
    });
  });

  test('merge keys (<<): a mapping and a list of mappings; a plain << value is the string', () => {
    const { value } = parseYamlDocument(
      'base: &b {p: 1, q: 2}\nmore: &m {r: 3}\none:\n  <<: *b\n  q: 9\ntwo:\n  <<: [*b, *m]\nthree: <<\n',
    );
    expect(value).toMatchObject({ one: { p: 1, q: 9 }, two: { p: 1, q: 2, r: 3 }, three: '<<' });
  });

  test('the key y is the boolean true, as in kubectl: `y: 1` is {"true": 1}', () => {
    expect(parseYamlDocument('x: 0\ny: 1\n')).toEqual({ value: { x: 0, true: 1 } });
  });

  test('.nan and .inf as values: JSON cannot hold them, kubectl fails on them; as keys they are strings', () => {
    expect(parseYamlDocument('spec:\n  x: [1, .inf]\n')).toEqual({
      error: {
        message:
          'spec.x[1] is .inf, which JSON cannot hold: kubectl fails on it ("json: unsupported value: +Inf")',
      },
    });
    expect(parseYamlDocument('a: -.INF').error?.message).toBe(
      'a is -.inf, which JSON cannot hold: kubectl fails on it ("json: unsupported value: -Inf")',
    );
    expect(parseYamlDocument('.NaN').error?.message).toBe(
      'the document is .nan, which JSON cannot hold: kubectl fails on it ("json: unsupported value: NaN")',
    );
    expect(parseYamlDocument('.nan: 1\n')).toEqual({ value: { NaN: 1 } });
    expect(parseYamlDocument('a: !!float .inf\n').error?.message).toMatch(/^a is \.inf/);
    // a long path is cut to 80 characters
    expect(parseYamlDocument(`a:\n  ${'k'.repeat(3000)}: .inf\n`).error?.message).toBe(
      `a.${'k'.repeat(78)}… is .inf, which JSON cannot hold: kubectl fails on it ("json: unsupported value: +Inf")`,
    );
  });

  test('aliases: each gets its own copy; unknown ones and cycles are errors', () => {
    const { value } = parseYamlDocument('a: &x {l: [1]}\nb: *x\nc: [*x, *x]\ns: &s str\nt: *s\n') as {
      value: { a: unknown; b: unknown; c: unknown[]; t: string };
    };
    expect(value).toEqual({ a: { l: [1] }, b: { l: [1] }, c: [{ l: [1] }, { l: [1] }], s: 'str', t: 'str' });
    expect(value.b).not.toBe(value.a);
    expect(value.c[0]).not.toBe(value.c[1]);
    expect((value.c[0] as { l: unknown }).l).not.toBe((value.a as { l: unknown }).l);
    expect(parseYamlDocument('a: *nowhere\n')).toEqual({
      error: { message: 'unidentified alias "nowhere"', line: 0, column: 11 },
    });
    expect(parseYamlDocument('a: &a [*a]\n')).toEqual({
      error: {
        message:
          'an alias refers to the collection that contains it (go-yaml: "anchor value contains itself")',
      },
    });
    expect(parseYamlDocument('a: &a {b: *a}\n').error?.message).toMatch(/^an alias refers to the collection/);
    // `&` and `*` in strings are not aliases
    expect(parseYamlDocument('q: "a&b"\nglob: "*.yaml"\n')).toEqual({ value: { q: 'a&b', glob: '*.yaml' } });
  });

  test('a __proto__ key stays an own key, in copies too: no prototype is replaced', () => {
    const { value } = parseYamlDocument('a: &a {__proto__: {polluted: true}, x: 1}\nb: *a\n') as {
      value: { a: Record<string, unknown>; b: Record<string, unknown> };
    };
    expect(Object.keys(value.b)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(value.b)).toBe(Object.prototype);
    expect(JSON.stringify(value.b)).toBe('{"__proto__":{"polluted":true},"x":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('alias expansion is bounded as go-yaml bounds it: the billion laughs are refused, unread', () => {
    const laughs = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ].join('\n');
    const started = Date.now();
    expect(parseYamlDocument(laughs)).toEqual({
      error: {
        message:
          'the document contains excessive aliasing: its 28 nodes expand to 490329064 through aliases ' +
          '(go-yaml refuses it: "document contains excessive aliasing")',
      },
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("a document where aliases are a small share of its size is read (v2's ratio)", () => {
    const items = Array.from({ length: 2000 }, (_, i) => `  - n${i}`).join('\n');
    const { value, error } = parseYamlDocument(`list: &l\n${items}\nagain: *l\n`);
    expect(error).toBeUndefined();
    expect((value as { again: string[] }).again).toHaveLength(2000);
  });

  test('allowedAliasRatio: 99 % up to 400 000 nodes, 10 % from 4 000 000, linear between', () => {
    expect(allowedAliasRatio(1000)).toBe(0.99);
    expect(allowedAliasRatio(400_000)).toBe(0.99);
    expect(allowedAliasRatio(2_200_000)).toBeCloseTo(0.545, 6);
    expect(allowedAliasRatio(4_000_000)).toBe(0.1);
    expect(allowedAliasRatio(9e9)).toBe(0.1);
  });

  test('nesting deeper than 1000 levels is an error, not a stack overflow', () => {
    expect(parseYamlDocument(`a: ${'['.repeat(999)}${']'.repeat(999)}`).error).toBeUndefined();
    expect(parseYamlDocument(`a: ${'['.repeat(100_000)}`)).toEqual({
      error: { message: 'nesting exceeded maxDepth (1000)', line: 0, column: 1002 },
    });
  });

  test('messages quote at most 80 characters of the input', () => {
    const long = 'x'.repeat(2_000_000);
    expect(parseYamlDocument(`a: *${long}`)).toEqual({
      error: { message: `unidentified alias "${'x'.repeat(80)}…"`, line: 0, column: 2_000_004 },
    });
    expect(parseYamlDocument(`${long}: [1`).error?.message).toBe(
      'unexpected end of the stream within a flow collection',
    );
  });

  test('a document end marker (...): what follows it is not read, as v2 reads one document', () => {
    expect(parseYamlDocument('a: 1\n...\nb: [unclosed\n')).toEqual({ value: { a: 1 } });
    expect(parseYamlDocument('a: 1\n... # end\nb: 2\n')).toEqual({ value: { a: 1 } });
    // leading markers are skipped; `...x` and `a...` are not markers
    expect(parseYamlDocument('...\n# c\n...\na: 1\n')).toEqual({ value: { a: 1 } });
    expect(parseYamlDocument('a: 1...\nb: ...x\n')).toEqual({ value: { a: '1...', b: '...x' } });
    expect(parseYamlDocument('a: |\n  x\n...\n')).toEqual({ value: { a: 'x\n' } });
  });

  // A tag leaves the subset reader's subset, so js-yaml (mocked here) reads it.
  const OUTSIDE_SUBSET = 'a: !!str 1';

  test("errors other than the parser's are reported by their first line", () => {
    const yaml = require('js-yaml') as typeof import('js-yaml');
    const spy = jest.spyOn(yaml, 'load').mockImplementationOnce(() => {
      throw new Error('boom\nsecond line');
    });
    const thrown = jest.spyOn(yaml, 'load').mockImplementationOnce(() => {
      throw 'a string';
    });
    try {
      expect(parseYamlDocument(OUTSIDE_SUBSET)).toEqual({ error: { message: 'boom' } });
      expect(parseYamlDocument(OUTSIDE_SUBSET)).toEqual({ error: { message: 'a string' } });
    } finally {
      spy.mockRestore();
      thrown.mockRestore();
    }
  });

  test('a stack overflow while parsing is reported as nesting, never thrown', () => {
    const yaml = require('js-yaml') as typeof import('js-yaml');
    const spy = jest.spyOn(yaml, 'load').mockImplementationOnce(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      expect(parseYamlDocument(OUTSIDE_SUBSET)).toEqual({
        error: { message: 'the document nests too deeply to read' },
      });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('KubectlDocumentStream: documents as YAMLReader.Read cuts them', () => {
  test('at lines starting with ---, with or without a comment; empty documents are not counted', () => {
    const text = '# head\n---\n---\n\n# c\nkind: A\n---   \nkind: B\n--- # end of B\r\nkind: C\n---\n';
    expect(brief(split(text))).toEqual([
      [0, 1, null],
      [1, 6, { kind: 'A' }],
      [2, 8, { kind: 'B' }],
      [3, 10, { kind: 'C' }],
    ]);
  });

  test('the same documents whatever pieces the text comes in', () => {
    const text =
      'a: 1\n---\nb: [1,\n  2]\n--- #x\n\n---\nc: "---"\nd: |\n  ---\n---\r\ne: 3\n---foo\nf: 4\n...\ng: [\n---\nh: 5';
    const whole = brief(split(text));
    expect(whole).toEqual([
      [0, 1, { a: 1 }],
      [1, 3, { b: [1, 2] }],
      [2, 6, null], // the blank line between two separators is a document to kubectl
      [3, 8, { c: '---', d: '---\n' }],
      [4, 12, { e: 3 }],
      [
        5,
        13,
        'invalid document separator `---foo`: only a comment may follow `---` on its line (kubectl stops ' +
          'reading the file here: "invalid Yaml document separator")',
      ],
      [5, 14, { f: 4 }],
      [6, 18, { h: 5 }],
    ]);
    for (const piece of [1, 2, 3, 4, 5, 7, 13]) expect(brief(split(text, piece))).toEqual(whole);
  });

  test('a line starting with --- cuts the document even inside a scalar, as kubectl cuts it', () => {
    expect(brief(split('a: "x\n--- y"\n'))).toEqual([
      [0, 1, 'unexpected end of the stream within a double quoted scalar'],
      [
        1,
        2,
        'invalid document separator `--- y"`: only a comment may follow `---` on its line (kubectl stops ' +
          'reading the file here: "invalid Yaml document separator")',
      ],
    ]);
    expect((brief(split('----\na: 1\n'))[0] as unknown[])[2]).toMatch(/^invalid document separator `----`/);
  });

  test('a separator at the very end, with no line break', () => {
    expect(brief(split('a: 1\n---'))).toEqual([[0, 1, { a: 1 }]]);
    expect(brief(split('a: 1\n--- x', 3))).toEqual([
      [0, 1, { a: 1 }],
      [1, 2, expect.stringMatching(/^invalid document separator `--- x`/)],
    ]);
  });

  test('a BOM before the first --- is read as kubectl reads it (not a separator: the document starts ---)', () => {
    expect(brief(split('\ufeff---\na: 1\n---\nb: 2\n'))).toEqual([
      [0, 2, { a: 1 }],
      [1, 4, { b: 2 }],
    ]);
  });

  test('nothing, or only spaces', () => {
    expect(split('')).toEqual([]);
    expect(brief(split(' \n\n'))).toEqual([[0, 1, null]]);
    const stream = new KubectlDocumentStream(() => undefined, 10);
    stream.push('');
    stream.end();
  });

  test('a document larger than the limit is reported, not read; the stream goes on at the next ---', () => {
    const big = `big: ${'x'.repeat(200)}\n`;
    const text = `a: 1\n---\n# c\n${big}${big}---\nb: 2\n---\n${big}`;
    const tooLarge =
      'the document is larger than the 100 bytes the plan reads in one document (it is not read; the stream ' +
      'goes on at the next `---`): split it';
    const expected = [
      [0, 1, { a: 1 }],
      [1, 4, tooLarge],
      [2, 7, { b: 2 }],
      [3, 9, tooLarge],
    ];
    expect(brief(split(text, text.length, 100))).toEqual(expected);
    for (const piece of [1, 7, 50, 99]) expect(brief(split(text, piece, 100))).toEqual(expected);
  });

  test('one enormous line (a file of zeros, a minified blob) is skipped in bounded memory', () => {
    const docs: StreamDocument[] = [];
    const stream = new KubectlDocumentStream((d) => docs.push(d), 1000);
    const piece = 'y'.repeat(10_000);
    for (let i = 0; i < 100; i++) stream.push(piece);
    expect((stream as unknown as { buf: string }).buf.length).toBeLessThanOrEqual(3);
    stream.push('\n--');
    stream.push('-\nafter: 1\n');
    stream.end();
    expect(brief(docs)).toEqual([
      [0, 1, expect.stringMatching(/^the document is larger than the 1000 bytes/)],
      [1, 3, { after: 1 }],
    ]);
    // a piece that ends in "\n--" then one starting "-": still a separator
    const again: StreamDocument[] = [];
    const s2 = new KubectlDocumentStream((d) => again.push(d), 10);
    s2.push('x'.repeat(20));
    s2.push('abc\n--');
    s2.push('-\nok: 1\n');
    s2.end();
    expect(brief(again)).toEqual([
      [0, 1, expect.stringMatching(/^the document is larger/)],
      [1, 3, { ok: 1 }],
    ]);
    // "---" in the middle of a skipped line is not a separator
    const third: StreamDocument[] = [];
    const s3 = new KubectlDocumentStream((d) => third.push(d), 10);
    s3.push('x'.repeat(20));
    s3.push('---');
    s3.push('\nstill: skipped\n');
    s3.end();
    expect(brief(third)).toEqual([[0, 1, expect.stringMatching(/^the document is larger/)]]);
  });

  test('line numbers skip blank lines and comments; an empty document keeps its first line', () => {
    expect(split('\n\n  # c\n\n  a: 1\n').map((d) => [d.line, d.firstLine])).toEqual([[5, 1]]);
    expect(split('# c\n# d\n').map((d) => [d.line, d.firstLine])).toEqual([[1, 1]]);
  });
});

describe('KubectlDocumentStream: JSON, as NewYAMLOrJSONDecoder reads it', () => {
  test('a stream whose first non-space character is { is a series of JSON values', () => {
    const text = '\n  {"kind": "A", "n": 1}{"kind": "B"}\n\n{"kind": "C", "s": "}{\\"]"}\n[1, 2] "x" 42 true';
    expect(brief(split(text))).toEqual([
      [0, 2, { kind: 'A', n: 1 }],
      [1, 2, { kind: 'B' }],
      [2, 4, { kind: 'C', s: '}{"]' }],
      [3, 5, [1, 2]],
      [4, 5, 'x'],
      [5, 5, 42],
      [6, 5, true],
    ]);
    for (const piece of [1, 3, 8]) expect(brief(split(text, piece))).toEqual(brief(split(text)));
  });

  test('JSON duplicate keys: the last wins (encoding/json), not reported', () => {
    expect(split('{"a": 1, "a": 2}').map((d) => d.parsed)).toEqual([{ value: { a: 2 } }]);
  });

  test('not JSON in the first or second value: YAML from there on', () => {
    expect(brief(split('{a: 1, b: yes}\n---\nc: 0644\n'))).toEqual([
      [0, 1, { a: 1, b: true }],
      [1, 3, { c: 420 }],
    ]);
    expect(brief(split('{"a": 1}\n---\nb: on\n'))).toEqual([
      [0, 1, { a: 1 }],
      [1, 3, { b: true }],
    ]);
  });

  test('not JSON after two values: an error, and kubectl stops reading the file', () => {
    expect(brief(split('{"a": 1}\n{"b": 2}\n{c: 3}\n{"d": 4}\n'))).toEqual([
      [0, 1, { a: 1 }],
      [1, 2, { b: 2 }],
      [
        2,
        3,
        'the value is not JSON: `{c: 3}` (the file is a stream of JSON values; kubectl stops reading it here)',
      ],
    ]);
  });

  test('a JSON value larger than the limit: an error; the rest is read when the value ended', () => {
    const text = `{"a": "${'x'.repeat(300)}"}\n{"b": 1}\n`;
    const tooLarge =
      'the document is larger than the 100 bytes the plan reads in one document (it is not read; ';
    // in one piece, the value ends within it: the stream goes on after it
    expect(brief(split(text, text.length, 100))).toEqual([
      [0, 1, `${tooLarge}the stream goes on after it): split it`],
      [1, 2, { b: 1 }],
    ]);
    // in pieces, the limit passes before the value ends: nothing more is read
    expect(brief(split(text, 50, 100))).toEqual([
      [0, 1, `${tooLarge}nor is the rest of the stream): split it`],
    ]);
  });

  test('an unterminated JSON value at the end: YAML reads it (and fails)', () => {
    expect(brief(split('{"a": [1, 2'))).toEqual([
      [0, 1, 'unexpected end of the stream within a flow collection'],
    ]);
    expect(brief(split('{"a": "x'))).toEqual([
      [0, 1, 'unexpected end of the stream within a double quoted scalar'],
    ]);
  });

  test('pushes after the stream stopped are ignored', () => {
    const docs: StreamDocument[] = [];
    const stream = new KubectlDocumentStream((d) => docs.push(d), 1e6);
    stream.push('{"a": 1}{"b": 2}{c}');
    stream.push('{"d": 4}');
    stream.end();
    expect(docs.map((d) => d.index)).toEqual([0, 1, 2]);
  });
});

describe('helpers', () => {
  test('excerpt: one line, at most 80 characters, as code', () => {
    expect(excerpt('a\r\n\tb')).toBe('`a b`');
    expect(excerpt('y'.repeat(100))).toBe(`\`${'y'.repeat(80)}…\``);
    expect(excerpt(`${'y'.repeat(79)}\n${'z'.repeat(2_000_000)}`)).toBe(`\`${'y'.repeat(79)} …\``);
    expect(excerpt(`a${' '.repeat(400)}`)).toBe(`\`a${' '.repeat(79)}…\``);
  });

  test('countLines and sizeText', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a\nb\n\n')).toBe(3);
    expect(sizeText(256 * 2 ** 20)).toBe('256 MiB');
    expect(sizeText(1000)).toBe('1000 bytes');
    expect(sizeText(2 ** 20 + 1)).toBe('1048577 bytes');
  });
});
