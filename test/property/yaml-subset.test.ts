/**
 * The subset reader (src/k8s/yaml.ts `readSubset`) against the full reader (js-yaml with the
 * kubectl schema, `parseYamlDocumentFull`): whenever the subset reader returns a value, the full
 * reader reads the same text without a problem or a duplicate key, to the same value with its keys
 * in the same order. Documents are rendered from random trees in the styles manifests use (plain
 * and quoted scalars, block and flow collections, sequences at or inside their key's
 * indentation, block scalars, comments, blank lines), with scalars and keys chosen from a pool of
 * the cases v2's resolve table and YAML's indicators make hard, then often broken by one random
 * edit, so both the subset's inside and its edges are reached.
 */
import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';
import { parseYamlDocument, parseYamlDocumentFull, readSubset } from '../../src/k8s/yaml';
import { checkProperty, TIMEOUT } from './_fc';

const KEYS = [
  'name',
  'apiVersion',
  'app.kubernetes.io/name',
  'storage',
  'y',
  'yes',
  'on',
  'No',
  'null',
  '~',
  '1',
  '0x1F',
  '2024-01-01',
  '.5',
  '__proto__',
  '<<',
  'a b',
  'a:b',
  'key#x',
  '-k',
  '"q"',
  "'s'",
  'constructor',
  'x-y_z',
];

const SCALARS = [
  'nginx',
  'nginx:1.27-alpine',
  'http://x:80/a',
  '/var/lib/data',
  '10Gi',
  '500m',
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  'true',
  'False',
  '~',
  'null',
  '',
  '0',
  '-0',
  '007',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1e3',
  '1.5',
  '-1.5e-3',
  '.5',
  '.nan',
  '.inf',
  '-.Inf',
  '9007199254740993',
  '99999999999999999999',
  '2024-01-01',
  '2024-01-01T10:00:00Z',
  '1:30',
  'a #b',
  'a#b',
  'a: b',
  'a:',
  '- a',
  '-a',
  '-',
  '"',
  "'",
  "it's",
  'a\\b',
  '[a]',
  '{a}',
  'a,b',
  '&a',
  '*a',
  '!t',
  '%x',
  '@x',
  '`x',
  '|',
  '>',
  '?x',
  ':x',
  '<<',
  ' lead',
  'trail ',
  'ünïcode',
  '...',
  '---x',
];

type Tree = string | Tree[] | Array<[string, Tree]> | { map: Array<[string, Tree]> } | { lines: string[] };

// Mostly ordinary words (most manifests are), now and then one of the hard cases above.
const COMMON_KEYS = ['name', 'image', 'spec', 'metadata', 'app', 'claimName', 'mountPath'];
const COMMON_SCALARS = ['web', 'data-1', '/data', '8080', '1Gi', 'true', 'ReadWriteOnce', 'a b c'];
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...COMMON_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS) },
);
const leaf = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...COMMON_SCALARS) },
  { weight: 1, arbitrary: fc.constantFrom(...SCALARS) },
);
const blockText = fc.record({
  lines: fc.array(fc.constantFrom('a', 'b c', '  indented', '', '# not a comment', 'x: y', '- z'), {
    minLength: 1,
    maxLength: 4,
  }),
});
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree; map: { map: Array<[string, Tree]> } }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    blockText as fc.Arbitrary<Tree>,
    fc.array(tie('node'), { maxLength: 3 }),
    tie('map'),
  ),
  map: fc.record({
    map: fc.uniqueArray(fc.tuple(keyArb, tie('node')), {
      minLength: 1,
      maxLength: 4,
      selector: (e) => e[0],
    }),
  }),
})).node;

interface Style {
  readonly indent: number;
  readonly quote: number; // per scalar: 0 plain, 1 single, 2 double
  readonly compact: boolean;
  readonly flow: boolean;
  readonly comments: boolean;
  readonly blockHeader: string;
}

const styleArb = fc.record({
  indent: fc.constantFrom(1, 2, 4),
  quote: fc.constantFrom(0, 0, 1, 2),
  compact: fc.boolean(),
  flow: fc.boolean(),
  comments: fc.boolean(),
  blockHeader: fc.constantFrom('|', '|-', '>', '>-', '|+', '|2', '| # c'),
});

function scalarText(s: string, style: Style, salt: number): string {
  const q = (style.quote + salt) % 3;
  if (q === 1) return `'${s}'`;
  if (q === 2) return `"${s}"`;
  return s;
}

function isMap(t: Tree): t is { map: Array<[string, Tree]> } {
  return typeof t === 'object' && !Array.isArray(t) && 'map' in t;
}
function isBlock(t: Tree): t is { lines: string[] } {
  return typeof t === 'object' && !Array.isArray(t) && 'lines' in t;
}
function isScalarList(t: Tree): boolean {
  return Array.isArray(t) && t.every((x) => typeof x === 'string');
}

/** `t` as the lines of a block node at `indent`; `inline`, when set, is what goes after a key or a `- `. */
function render(t: Tree, indent: number, style: Style, out: string[], head: string, salt: number): void {
  const pad = ' '.repeat(indent);
  if (typeof t === 'string') {
    out.push(`${head} ${scalarText(t, style, salt)}${style.comments && salt % 3 === 0 ? ' # c' : ''}`);
    return;
  }
  if (isBlock(t)) {
    out.push(`${head} ${style.blockHeader}`);
    for (const l of t.lines) out.push(l === '' ? '' : `${pad}${' '.repeat(style.indent)}${l}`);
    return;
  }
  if (Array.isArray(t)) {
    if (t.length === 0 || (style.flow && isScalarList(t))) {
      out.push(`${head} [${(t as string[]).map((x, i) => scalarText(x, style, salt + i)).join(', ')}]`);
      return;
    }
    out.push(head);
    const at = style.compact && head.endsWith(':') ? indent : indent + style.indent;
    t.forEach((item, i) => renderItem(item, at, style, out, salt + i));
    return;
  }
  if (isMap(t)) {
    if (style.flow && t.map.every(([, v]) => typeof v === 'string')) {
      out.push(
        `${head} {${t.map.map(([k, v], i) => `${k}: ${scalarText(v as string, style, salt + i)}`).join(', ')}}`,
      );
      return;
    }
    out.push(head);
    renderMap(t, indent + style.indent, style, out, salt);
  }
}

function renderMap(
  t: { map: Array<[string, Tree]> },
  indent: number,
  style: Style,
  out: string[],
  salt: number,
): void {
  const pad = ' '.repeat(indent);
  t.map.forEach(([k, v], i) => {
    if (style.comments && i === 1) out.push(`${pad}# a comment`, '');
    render(v, indent, style, out, `${pad}${k}:`, salt + i);
  });
}

function renderItem(item: Tree, indent: number, style: Style, out: string[], salt: number): void {
  const pad = ' '.repeat(indent);
  if (isMap(item) && !style.flow) {
    // `- key: value`, the other keys below the first
    const inner: string[] = [];
    renderMap(item, indent + 2, style, inner, salt);
    inner[0] = `${pad}- ${inner[0].slice(indent + 2)}`;
    out.push(...inner);
    return;
  }
  render(item, indent, style, out, `${pad}-`, salt);
}

function documentOf(root: { map: Array<[string, Tree]> }, style: Style): string {
  const out: string[] = [];
  if (style.comments) out.push('# Source: chart/templates/x.yaml');
  renderMap(root, 0, style, out, 0);
  return `${out.join('\n')}\n`;
}

const EDIT_CHARS = [' ', ':', '-', '#', '\n', '"', "'", '[', ']', '{', ',', '|', '&', '*', '\t', '\r', 'a'];

function edit(text: string, at: number, kind: number, ch: number): string {
  const i = at % (text.length + 1);
  switch (kind) {
    case 0:
      return text;
    case 1:
      return text.slice(0, i) + text.slice(i + 1); // delete a character
    case 2:
      return text.slice(0, i) + EDIT_CHARS[ch % EDIT_CHARS.length] + text.slice(i); // insert one
    default: {
      const lines = text.split('\n');
      const l = i % lines.length;
      lines.splice(l, 0, lines[l]); // a line twice
      return lines.join('\n');
    }
  }
}

function agree(text: string): 'subset' | 'left' {
  const quick = readSubset(text);
  if (quick === undefined) return 'left';
  const full = parseYamlDocumentFull(text);
  expect({ text, error: full.error, duplicate: full.duplicate }).toEqual({
    text,
    error: undefined,
    duplicate: undefined,
  });
  expect({ text, same: isDeepStrictEqual(quick, full.value) }).toEqual({ text, same: true });
  // the same keys in the same order (JSON writes them in order)
  expect({ text, json: JSON.stringify(quick) }).toEqual({ text, json: JSON.stringify(full.value) });
  return 'subset';
}

describe('the YAML subset reader agrees with the full reader', () => {
  test(
    'on generated documents, whole and broken by one edit',
    () => {
      const seen = { subset: 0, left: 0 };
      checkProperty(
        fc.property(
          tree.filter(isMap),
          styleArb,
          fc.nat(),
          fc.constantFrom(0, 0, 1, 2, 3),
          fc.nat(),
          (root, style, at, kind, ch) => {
            seen[agree(edit(documentOf(root as { map: Array<[string, Tree]> }, style), at, kind, ch))]++;
          },
        ),
        { numRuns: 4000 },
      );
      // Both sides of the subset's edge were reached: the agreement is no vacuous one.
      expect(seen.subset).toBeGreaterThan(800);
      expect(seen.left).toBeGreaterThan(800);
    },
    TIMEOUT,
  );

  test('the shapes of manifests are read by the subset', () => {
    const text = [
      '# Source: shop/templates/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels: {app: web, tier: "gold"}',
      '  annotations:',
      '    description: >-',
      '      Serves the files',
      '      on port 8080.',
      '    script: |',
      '      echo a',
      '',
      '        echo b # kept',
      'spec:',
      '  replicas: 1',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: web',
      "        image: 'nginx:1.27'",
      '        ports: [8080, "9090"]',
      '        args:',
      '          - --flag',
      '          - on',
      '      volumes: []',
      '  empty:',
      '  date: 2024-01-01',
      '',
    ].join('\n');
    const quick = readSubset(text);
    expect(quick).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        labels: { app: 'web', tier: 'gold' },
        annotations: { description: 'Serves the files on port 8080.', script: 'echo a\n\n  echo b # kept\n' },
      },
      spec: {
        replicas: 1,
        template: {
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.27', ports: [8080, '9090'], args: ['--flag', true] }],
            volumes: [],
          },
        },
        empty: null,
        date: '2024-01-01',
      },
    });
    expect(parseYamlDocumentFull(text).value).toEqual(quick);
  });

  test.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a key that resolves to a number', '1: a\n'],
    ['.nan, which JSON cannot hold', 'a: .nan\n'],
    ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['an escape in double quotes', 'a: "b\\n"\n'],
    ['a tab', 'a:\tb\n'],
    ['a merge key', 'a: {x: 1}\n<<: {y: 2}\n'],
    ['an empty document', '# only a comment\n'],
    ['a document end marker', 'a: 1\n...\nb: 2\n'],
  ])('leaves the subset on %s, and the full reader decides', (_, text) => {
    expect(readSubset(text)).toBeUndefined();
    expect(parseYamlDocument(text)).toEqual(parseYamlDocumentFull(text));
  });
});
