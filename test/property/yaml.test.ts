/**
 * The fast YAML writer (src/integrations/_yaml.ts) against the `yaml` package with cdk8s's options: the same
 * bytes for any JSON document, Kubernetes-shaped or not. Where the fast path does not know a
 * shape it hands the document to the library, so a failure here is a wrong byte, not a gap.
 */
import { Yaml } from 'cdk8s';
import fc from 'fast-check';
import { DOCUMENT_SEPARATOR, stringifyDocument } from '../../src/integrations/_yaml';
import { checkProperty, FUZZ_RUNS } from './_fc';

/** Strings that sit on every edge of YAML's plain-scalar rules. */
const EDGE_STRINGS = [
  '',
  ' ',
  'a b',
  ' a',
  'a ',
  'a:',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '#a',
  '-',
  '- a',
  '-a',
  '?',
  '? a',
  ':a',
  'y',
  'Y',
  'yes',
  'No',
  'ON',
  'off',
  'true',
  'False',
  'null',
  'NULL',
  '~',
  'Null',
  'nULL',
  'yES',
  '0',
  '1',
  '-1',
  '+1',
  '08',
  '0x1F',
  '0b101',
  '0o17',
  '1_000',
  '1e3',
  '1.5',
  '.5',
  '.inf',
  '-.inf',
  '.NaN',
  '1:30',
  '190:20:30',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2Gi',
  '100Mi',
  '1.5Gi',
  '<<',
  '=',
  '*a',
  '&a',
  '!a',
  '|',
  '>',
  "'",
  '"',
  '%a',
  '@a',
  '`a',
  '[a]',
  '{a}',
  'a,b',
  'a]',
  '---',
  '...',
  '--- a',
  'a\nb',
  'a\n',
  '\na',
  'a\tb',
  'é',
  'ünïcode',
  '日本',
  '\u0085',
  '\u2028',
  'nginx:alpine',
  '/var/htdocs',
  'app.kubernetes.io/name',
  'luksa/fortune',
  'a/b:c',
  'x'.repeat(1100),
  'a$b',
  'a(b)',
  'a<b>',
  'a~',
  'a^b',
  'a=b',
  'a+b',
  'a@b',
  'C:\\dir',
  'http://x.y/z?q=1&r=2',
];

const str = fc.oneof(
  fc.constantFrom(...EDGE_STRINGS),
  fc.string({
    unit: fc.constantFrom('a', 'Z', '0', '9', '.', '-', '/', ':', ' ', '#', '_', '"', "'", '\n', 'y'),
  }),
  fc.string(),
);
const scalar = fc.oneof(
  str,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 2 ** 53, -(2 ** 53) - 2, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(fc.constantFrom(...EDGE_STRINGS), fc.string({ maxLength: 12 }));

const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));
const document = fc.dictionary(key, json, { maxKeys: 6 });

test('any document: the same bytes as cdk8s Yaml.stringify', () => {
  checkProperty(
    fc.property(document, (doc) => {
      expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
    }),
    { numRuns: FUZZ_RUNS * 5 },
  );
});

test('several documents, undefined ones and non-maps: the same bytes', () => {
  checkProperty(
    fc.property(fc.array(fc.oneof(document, json, fc.constant(undefined)), { maxLength: 4 }), (docs) => {
      expect(docs.map(stringifyDocument).join(DOCUMENT_SEPARATOR)).toBe(Yaml.stringify(...docs));
    }),
  );
});

test('edge strings as keys, values and sequence items', () => {
  for (const s of EDGE_STRINGS) {
    const doc = { [s]: s, list: [s, { [s]: [s] }], nested: { k: s } };
    expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
  }
});

test('a Kubernetes object takes the fast path and reads back the same', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: { 'app.kubernetes.io/name': 'web' }, name: 'web', annotations: { 'a/b': 'yes' } },
    spec: {
      containers: [
        { image: 'nginx:alpine', name: 'web', ports: [{ containerPort: 8080 }], args: ['-c', 'echo hi'] },
      ],
      volumes: [
        { emptyDir: {}, name: 'html' },
        { name: 'data', persistentVolumeClaim: { claimName: 'c', readOnly: true } },
      ],
    },
  };
  // The library is asked about single strings ("yes", "echo hi", "8080"-like), never the document.
  const library = jest.spyOn(Yaml, 'stringify');
  let text: string;
  try {
    text = stringifyDocument(pod);
    expect(library.mock.calls.every((args) => !args.includes(pod))).toBe(true);
  } finally {
    library.mockRestore();
  }
  expect(text).toBe(Yaml.stringify(pod));
  expect(text).toContain('annotations:\n    a/b: "yes"\n');
  // and a block scalar does go to the library, whole
  const script = { ...pod, data: { 'run.sh': 'set -e\necho hi\n' } };
  const expected = Yaml.stringify(script);
  const fallback = jest.spyOn(Yaml, 'stringify');
  try {
    expect(stringifyDocument(script)).toBe(expected);
    expect(fallback.mock.calls.some((args) => args.includes(script))).toBe(true);
  } finally {
    fallback.mockRestore();
  }
});

test('odd documents get exactly what the library does with them', () => {
  const outcome = (f: () => string) => {
    try {
      return f();
    } catch (e) {
      return `throws ${(e as Error).constructor.name}`;
    }
  };
  // nesting deeper than the writer's stack
  let deep: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < 20_000; i++) deep = { k: deep };
  expect(outcome(() => stringifyDocument(deep))).toBe(outcome(() => Yaml.stringify(deep)));
  // a getter that throws
  const getter = {
    a: 1,
    get b(): string {
      throw new Error('no');
    },
  };
  expect(outcome(() => stringifyDocument(getter))).toBe(outcome(() => Yaml.stringify(getter)));
  // class instances, Dates, Maps: the library's rendering
  for (const odd of [
    { d: new Date(0) },
    { m: new Map([['a', 1]]) },
    { s: new Set([1]) },
    { u: undefined },
    { n: NaN },
    { b: 10n },
  ]) {
    expect(outcome(() => stringifyDocument(odd))).toBe(outcome(() => Yaml.stringify(odd)));
  }
});

test('an enumerable property added to Object.prototype changes nothing', () => {
  const doc = { apiVersion: 'v1', kind: 'ConfigMap', data: {} };
  const before = stringifyDocument(doc);
  (Object.prototype as any).polluted = 'yes';
  try {
    expect(stringifyDocument(doc)).toBe(before);
    expect(before).toBe(Yaml.stringify(doc));
  } finally {
    delete (Object.prototype as any).polluted;
  }
});
