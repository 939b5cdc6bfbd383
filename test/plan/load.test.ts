import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests, parseManifestsText } from '../../src/plan/load';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'load');
const ROOT = path.join(__dirname, '..', '..');
const names = (manifests: unknown[]): string[] =>
  manifests.map((m) => {
    const o = m as { kind: string; metadata: { name: string } };
    return `${o.kind}/${o.metadata.name}`;
  });

describe('parseManifestsText', () => {
  test('reads every document, skipping empty ones and comments', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'multi-doc.yaml'), 'utf-8');
    const { manifests, findings } = parseManifestsText(text, 'multi-doc.yaml');
    expect(findings).toEqual([]);
    expect(names(manifests)).toEqual([
      'PersistentVolume/pv-data',
      'PersistentVolumeClaim/data',
      'ConfigMap/modes',
    ]);
    expect((manifests[1] as any).metadata.namespace).toBe('shop');
    expect((manifests[1] as any).spec.resources.requests.storage).toBe('5Gi');
  });

  test('reads YAML 1.1 like kubectl and cdk8s: 0644 is octal, quoted strings stay strings', () => {
    const { manifests } = parseManifestsText(
      fs.readFileSync(path.join(FIXTURES, 'multi-doc.yaml'), 'utf-8'),
      'x',
    );
    const cm = manifests[2] as any;
    expect(cm.mode).toBe(420);
    expect(cm.data.mode).toBe('0644');
    expect(cm.immutable).toBe(false);
  });

  test('expands kind: List and typed lists, nested, in order', () => {
    const { manifests, findings } = parseManifestsText(
      fs.readFileSync(path.join(FIXTURES, 'list.yaml'), 'utf-8'),
      'list.yaml',
    );
    expect(findings).toEqual([]);
    expect(names(manifests)).toEqual([
      'PersistentVolumeClaim/first',
      'PersistentVolume/nested',
      'PersistentVolumeClaim/second',
      'PersistentVolumeClaim/after-list',
    ]);
  });

  test('a document that fails to parse is an error finding; the others are still read', () => {
    const { manifests, findings } = parseManifestsText(
      fs.readFileSync(path.join(FIXTURES, 'bad.yaml'), 'utf-8'),
      'fixtures/bad.yaml',
    );
    expect(names(manifests)).toEqual(['PersistentVolumeClaim/before', 'PersistentVolumeClaim/after']);
    // the parser's own message, first line only, with its position in the file
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:fixtures/bad.yaml#1',
        message: 'cannot parse YAML: Map keys must be unique at line 13, column 3',
      },
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:fixtures/bad.yaml#3',
        message: 'the document is a string, not a Kubernetes object',
      },
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:fixtures/bad.yaml#4',
        message:
          'cannot parse YAML: Unresolved alias (the anchor must be set before the alias): undefined-anchor',
      },
    ]);
  });

  test('a syntax error spoils only its own document', () => {
    const text =
      'kind: A\nmetadata:\n  name: a\n---\nkind: B\nmetadata:\n  labels: [unclosed\n---\nkind: C\n';
    const { manifests, findings } = parseManifestsText(text, 'syntax.yaml');
    expect(manifests.map((m: any) => m.kind)).toEqual(['A', 'C']);
    expect(findings).toHaveLength(1);
    expect(findings[0].object).toBe('file:syntax.yaml#1');
    expect(findings[0].message).toMatch(/^cannot parse YAML: Flow sequence .* at line 8, column 1$/);
  });

  test('duplicate keys, unresolved aliases and top-level lists are findings, never throws', () => {
    const dup = parseManifestsText('kind: A\nkind: B\n', 'dup');
    expect(dup.manifests).toEqual([]);
    expect(dup.findings[0].message).toMatch(
      /^cannot parse YAML: Map keys must be unique at line 2, column 1$/,
    );

    const alias = parseManifestsText('kind: A\nmetadata: *nowhere\n', 'alias');
    expect(alias.findings[0]).toMatchObject({ object: 'file:alias#0' });
    expect(alias.findings[0].message).toMatch(/^cannot parse YAML: Unresolved alias/);

    const list = parseManifestsText('- kind: A\n', 'seq');
    expect(list.findings[0].message).toBe('the document is a list, not a Kubernetes object');

    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n' +
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n';
    expect(parseManifestsText(bomb, 'bomb').findings[0].message).toBe(
      'cannot parse YAML: Excessive alias count indicates a resource exhaustion attack',
    );
  });

  test('empty text, only comments, JSON', () => {
    expect(parseManifestsText('', 'e')).toEqual({ manifests: [], findings: [] });
    expect(parseManifestsText('# nothing\n---\n', 'e')).toEqual({ manifests: [], findings: [] });
    expect(names(parseManifestsText('{"kind":"Pod","metadata":{"name":"p"}}', 'j').manifests)).toEqual([
      'Pod/p',
    ]);
  });
});

describe('loadManifests', () => {
  test('walks a directory recursively in code-unit name order, only *.yaml, *.yml and *.json', () => {
    const { manifests, findings } = loadManifests(['test/fixtures/load/tree'], { cwd: ROOT });
    expect(findings).toEqual([]);
    // Z.yaml, a.yml, b.yaml, notes.txt (not a manifest extension), sub/ (c.json, d.yaml); .hidden/ is
    // skipped. Z sorts first in code-unit order whatever the locale.
    expect(names(manifests)).toEqual([
      'ConfigMap/z-upper',
      'ConfigMap/a',
      'ConfigMap/b',
      'ConfigMap/c',
      'ConfigMap/d',
    ]);
  });

  test('a file named explicitly is read whatever its extension; paths keep argument order', () => {
    const { manifests } = loadManifests(
      ['test/fixtures/load/tree/notes.txt', 'test/fixtures/load/tree/a.yml'],
      { cwd: ROOT },
    );
    expect(names(manifests)).toEqual(['ConfigMap/not-a-manifest-file', 'ConfigMap/a']);
  });

  test('finding objects name files relative to cwd, with forward slashes', () => {
    const { findings } = loadManifests(['fixtures/load/bad.yaml'], { cwd: path.join(ROOT, 'test') });
    expect(findings.map((f) => f.object)).toEqual([
      'file:fixtures/load/bad.yaml#1',
      'file:fixtures/load/bad.yaml#3',
      'file:fixtures/load/bad.yaml#4',
    ]);
  });

  test('a missing path is an error finding, not a throw, and the rest is still read', () => {
    const { manifests, findings } = loadManifests(['missing.yaml', 'test/fixtures/load/list.yaml'], {
      cwd: ROOT,
    });
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:missing.yaml',
        message: 'cannot read: no such file or directory',
      },
    ]);
    expect(manifests).toHaveLength(4);
  });

  test('reads a file once however it is reached; skips node_modules; survives symlink loops', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-volumes-load-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), 'kind: ConfigMap\nmetadata:\n  name: a\n');
      fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'node_modules', 'pkg', 'x.yaml'),
        'kind: ConfigMap\nmetadata:\n  name: dep\n',
      );
      fs.symlinkSync(dir, path.join(dir, 'loop'), 'dir');
      const { manifests, findings } = loadManifests([dir, path.join(dir, 'a.yaml')], { cwd: dir });
      expect(findings).toEqual([]);
      expect(names(manifests)).toEqual(['ConfigMap/a']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the same input loads the same, twice', () => {
    const a = loadManifests(['test/fixtures/load'], { cwd: ROOT });
    const b = loadManifests(['test/fixtures/load'], { cwd: ROOT });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.findings.map((f) => f.object)).toEqual([
      'file:test/fixtures/load/bad.yaml#1',
      'file:test/fixtures/load/bad.yaml#3',
      'file:test/fixtures/load/bad.yaml#4',
    ]);
  });
});

describe('what a synth writes beside the manifests', () => {
  test('construct-metadata.json is skipped in a directory; a document without kind names its file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-meta-'));
    fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
    fs.writeFileSync(path.join(dir, 'construct-metadata.json'), '{"version":"1.0.0","resources":{}}');
    fs.writeFileSync(path.join(dir, 'notes.json'), '{"hello":"world"}');
    const { manifests, findings } = loadManifests([dir], { cwd: dir });
    expect(manifests).toEqual([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:notes.json#0',
        message: 'the document has no kind: it is not a Kubernetes object',
      },
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('200 000 manifests in one file: no spread arguments that overflow the call stack', () => {
  test('loadManifests returns every manifest and every finding of the file', () => {
    // push(...result.manifests) threw RangeError from about 120 000 items. Parsing 200 000 real
    // documents takes ~10 s, so the parser is stubbed: this test is about what loadManifests
    // does with a result that large. One List of N objects, then N documents that fail to parse.
    const N = 200_000;
    const items = Array.from({ length: N }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}` },
    }));
    const docs = [
      { errors: [], toJS: () => ({ apiVersion: 'v1', kind: 'List', items }) },
      ...Array.from({ length: N }, () => ({ errors: [{ message: 'bad indentation' }], toJS: () => null })),
    ];
    const yaml = require('yaml') as typeof import('yaml');
    const parse = jest.spyOn(yaml, 'parseAllDocuments').mockReturnValue(docs as any);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-big-'));
    try {
      fs.writeFileSync(path.join(dir, 'big.yaml'), 'kind: List\n');
      const { manifests, findings } = loadManifests([dir], { cwd: dir });
      expect(parse).toHaveBeenCalledTimes(1);
      expect(manifests).toHaveLength(N);
      expect(names([manifests[0], manifests[N - 1]])).toEqual(['ConfigMap/cm-0', `ConfigMap/cm-${N - 1}`]);
      expect(findings).toHaveLength(N);
      expect(findings[N - 1]).toEqual({
        severity: 'error',
        rule: 'manifest-unreadable',
        object: `file:big.yaml#${N}`,
        message: 'cannot parse YAML: bad indentation',
      });
    } finally {
      parse.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
