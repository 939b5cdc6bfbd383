import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  loadManifests,
  locateFindings,
  MAX_DOCUMENT_BYTES,
  MAX_FILE_BYTES,
  notAnApiObject,
  parseManifestsText,
  TOOL_CONFIG_GROUPS,
} from '../../src/plan/load';
import type { Finding } from '../../src/plan/types';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'load');
const ROOT = path.join(__dirname, '..', '..');
const names = (manifests: unknown[]): string[] =>
  manifests.map((m) => {
    const o = m as { kind: string; metadata: { name: string } };
    return `${o.kind}/${o.metadata.name}`;
  });
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf-8');
const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-volumes-${prefix}-`));
}

describe('parseManifestsText', () => {
  test('reads every document, skipping empty ones and comments, each with its file and line', () => {
    const { manifests, sources, findings, skipped } = parseManifestsText(
      fixture('multi-doc.yaml'),
      'multi-doc.yaml',
    );
    expect(findings).toEqual([]);
    expect(skipped).toEqual([]);
    expect(names(manifests)).toEqual([
      'PersistentVolume/pv-data',
      'PersistentVolumeClaim/data',
      'ConfigMap/modes',
    ]);
    expect(sources).toEqual([
      { file: 'multi-doc.yaml', line: 4 },
      { file: 'multi-doc.yaml', line: 16 },
      { file: 'multi-doc.yaml', line: 29 },
    ]);
    expect((manifests[1] as any).metadata.namespace).toBe('shop');
    expect((manifests[1] as any).spec.resources.requests.storage).toBe('5Gi');
  });

  test('reads YAML as kubectl does: 0644 is octal, quoted strings stay strings', () => {
    const { manifests } = parseManifestsText(fixture('multi-doc.yaml'), 'x');
    const cm = manifests[2] as any;
    expect(cm.mode).toBe(420);
    expect(cm.data.mode).toBe('0644');
    expect(cm.immutable).toBe(false);
  });

  test('timestamps and 1:30 stay strings, yes is true, the key y is "true" (go-yaml v2, sigs.k8s.io/yaml)', () => {
    const { manifests, sources, findings } = parseManifestsText(fixture('kubectl.yaml'), 'kubectl.yaml');
    expect(findings).toEqual([]);
    expect(manifests[0]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'scalars', annotations: { created: '2024-01-01' } },
      data: { duration: '1:30', quoted: '0644' },
      immutable: true,
      mode: 420,
      hex: 31,
      big: 1000,
      true: 'plain-y-key',
    });
    expect(sources).toEqual([
      { file: 'kubectl.yaml', line: 3 },
      { file: 'kubectl.yaml', line: 21 },
    ]);
  });

  test("expands kind: List and typed lists, nested, in order; the items share the list's source", () => {
    const { manifests, sources, findings } = parseManifestsText(fixture('list.yaml'), 'list.yaml');
    expect(findings).toEqual([]);
    expect(names(manifests)).toEqual([
      'PersistentVolumeClaim/first',
      'PersistentVolume/nested',
      'PersistentVolumeClaim/second',
      'PersistentVolumeClaim/after-list',
    ]);
    expect(sources.map((s) => s.line)).toEqual([1, 1, 1, 24]);
  });

  test('a document that fails to parse is an error finding; a duplicate key a warning; the others are read', () => {
    const { manifests, findings, skipped } = parseManifestsText(fixture('bad.yaml'), 'fixtures/bad.yaml');
    // the duplicate: the last value wins, as in kubectl
    expect(names(manifests)).toEqual([
      'PersistentVolumeClaim/before',
      'PersistentVolumeClaim/twice',
      'PersistentVolumeClaim/after',
    ]);
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: 'manifest-duplicate-key',
        object: 'file:fixtures/bad.yaml#1',
        message:
          'the key `name` is set twice in one mapping (line 13): kubectl apply -f keeps the last value, ' +
          'kustomize (kubectl apply -k, Flux, Argo CD) rejects the file',
        file: 'fixtures/bad.yaml',
        line: 9,
      },
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:fixtures/bad.yaml#4',
        message: 'cannot parse YAML: unidentified alias "undefined-anchor" at line 25, column 28',
        file: 'fixtures/bad.yaml',
        line: 22,
      },
    ]);
    expect(skipped).toEqual([
      {
        file: 'fixtures/bad.yaml',
        line: 20,
        reason: 'the document is a string, not a Kubernetes object',
      },
    ]);
  });

  test('strict: a duplicate key and what is not an object are errors', () => {
    const { manifests, findings, skipped } = parseManifestsText(fixture('bad.yaml'), 'bad.yaml', {
      strict: true,
    });
    expect(manifests).toHaveLength(3);
    expect(skipped).toEqual([]);
    expect(findings.map((f) => [f.severity, f.rule, f.object, f.line])).toEqual([
      ['error', 'manifest-duplicate-key', 'file:bad.yaml#1', 9],
      ['error', 'manifest-not-an-object', 'file:bad.yaml#3', 20],
      ['error', 'manifest-unreadable', 'file:bad.yaml#4', 22],
    ]);
    expect(findings[1].message).toBe('the document is a string, not a Kubernetes object (--strict)');
  });

  test('a syntax error spoils only its own document, and says where', () => {
    const text =
      'kind: A\nmetadata:\n  name: a\n---\nkind: B\nmetadata:\n  labels: [unclosed\n---\nkind: C\n';
    const { manifests, findings } = parseManifestsText(text, 'syntax.yaml');
    expect(manifests.map((m: any) => m.kind)).toEqual(['A', 'C']);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:syntax.yaml#1',
        message:
          'cannot parse YAML: unexpected end of the stream within a flow collection at line 8, column 1',
        file: 'syntax.yaml',
        line: 5,
      },
    ]);
  });

  test('unresolved aliases, alias bombs, .inf values: findings, never throws', () => {
    expect(parseManifestsText('kind: A\nmetadata: *nowhere\n', 'alias').findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:alias#0',
        message: 'cannot parse YAML: unidentified alias "nowhere" at line 2, column 19',
        file: 'alias',
        line: 1,
      },
    ]);
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n' +
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n';
    expect(parseManifestsText(bomb, 'bomb').findings[0].message).toBe(
      'the document contains excessive aliasing: its 20 nodes expand to 155929 through aliases ' +
        '(go-yaml refuses it: "document contains excessive aliasing")',
    );
    expect(parseManifestsText('kind: A\nspec:\n  x: .inf\n', 'inf').findings[0].message).toBe(
      'spec.x is .inf, which JSON cannot hold: kubectl fails on it ("json: unsupported value: +Inf")',
    );
  });

  test('an invalid separator and a document past the size limit: findings, and the stream goes on', () => {
    const text = `${configMap('a')}--- !tag\n${configMap('b')}---\nbig: ${'x'.repeat(200)}\n---\n${configMap('c')}`;
    const { manifests, findings } = parseManifestsText(text, 'limits.yaml', { maxDocumentBytes: 100 });
    expect(names(manifests)).toEqual(['ConfigMap/a', 'ConfigMap/b', 'ConfigMap/c']);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:limits.yaml#1',
        message:
          'invalid document separator `--- !tag`: only a comment may follow `---` on its line (kubectl stops ' +
          'reading the file here: "invalid Yaml document separator")',
        file: 'limits.yaml',
        line: 5,
      },
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:limits.yaml#2',
        message:
          'the document is larger than the 100 bytes the plan reads in one document (it is not read; the ' +
          'stream goes on at the next `---`): split it',
        file: 'limits.yaml',
        line: 11,
      },
    ]);
  });

  test('empty text, only comments, JSON, JSON streams', () => {
    expect(parseManifestsText('', 'e')).toEqual({ manifests: [], sources: [], findings: [], skipped: [] });
    expect(parseManifestsText('# nothing\n---\n', 'e')).toEqual({
      manifests: [],
      sources: [],
      findings: [],
      skipped: [],
    });
    expect(names(parseManifestsText('{"kind":"Pod","metadata":{"name":"p"}}', 'j').manifests)).toEqual([
      'Pod/p',
    ]);
    const stream = parseManifestsText(
      '{"kind":"Pod","metadata":{"name":"p"}}\n{"kind":"Pod","metadata":{"name":"q"}}',
      'j',
    );
    expect(names(stream.manifests)).toEqual(['Pod/p', 'Pod/q']);
    expect(stream.sources).toEqual([
      { file: 'j', line: 1 },
      { file: 'j', line: 2 },
    ]);
  });
});

describe('what is not a Kubernetes API object is skipped and counted, not an error', () => {
  test.each([
    [[], 'the document is a list, not a Kubernetes object'],
    ['text', 'the document is a string, not a Kubernetes object'],
    [42, 'the document is a number, not a Kubernetes object'],
    [true, 'the document is a boolean, not a Kubernetes object'],
    [
      { apiVersion: 'v2', name: 'chart' },
      expect.stringMatching(/^the document has no kind: not a Kubernetes object/),
    ],
    [{ kind: '' }, expect.stringMatching(/^the document has no kind/)],
    [{ kind: 7 }, expect.stringMatching(/^the document has no kind/)],
    [
      { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' },
      "kustomize.config.k8s.io/v1beta1 Kustomization is a tool's configuration file, not an API object",
    ],
    [
      { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' },
      "kubelet.config.k8s.io/v1beta1 KubeletConfiguration is a tool's configuration file, not an API object",
    ],
    [{ apiVersion: 'v1', kind: 'Config' }, 'a kubeconfig (v1 Config), not an API object'],
  ])('%j: %s', (value, reason) => {
    expect(notAnApiObject(value)).toEqual(reason);
  });

  test.each(TOOL_CONFIG_GROUPS.map((g) => [g]))('the tool config group %s', (group) => {
    expect(notAnApiObject({ apiVersion: `${group}/v1`, kind: 'X' })).toBe(
      `${group}/v1 X is a tool's configuration file, not an API object`,
    );
  });

  test.each([
    [{ apiVersion: 'v1', kind: 'ConfigMap' }],
    [{ kind: 'ConfigMap' }], // no apiVersion: an object all the same, the plan says what is missing
    [{ apiVersion: 'config.openshift.io/v1', kind: 'Proxy' }],
    [{ apiVersion: 'config.gatekeeper.sh/v1alpha1', kind: 'Config' }],
    [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization' }], // Flux's: an API object
  ])('%j is an API object', (value) => {
    expect(notAnApiObject(value)).toBeUndefined();
  });

  test('a Helm chart folder: Chart.yaml, values.yaml and kustomization.yaml skipped; a template that parses read', () => {
    const { manifests, findings, skipped } = loadManifests(['test/fixtures/load/chart'], { cwd: ROOT });
    expect(findings).toEqual([]);
    expect(names(manifests)).toEqual(['PersistentVolumeClaim/{{ .Release.Name }}-data']);
    expect(skipped).toEqual([
      {
        file: 'test/fixtures/load/chart/Chart.yaml',
        line: 1,
        reason:
          "the document has no kind: not a Kubernetes object (a Helm Chart.yaml or values file, a kustomization, a tool's configuration)",
      },
      {
        file: 'test/fixtures/load/chart/kustomization.yaml',
        line: 1,
        reason:
          "kustomize.config.k8s.io/v1beta1 Kustomization is a tool's configuration file, not an API object",
      },
      {
        file: 'test/fixtures/load/chart/values.yaml',
        line: 1,
        reason:
          "the document has no kind: not a Kubernetes object (a Helm Chart.yaml or values file, a kustomization, a tool's configuration)",
      },
    ]);
  });

  test('a Go template that does not parse is skipped whole, at its first {{; with strict, an error', () => {
    const dir = tmp('template');
    try {
      fs.writeFileSync(
        path.join(dir, 'pvc.yaml'),
        `${configMap('parsed-but-dropped')}---\n# c\n{{- if .Values.enabled }}\n${configMap('x')}{{- end }}\n`,
      );
      fs.writeFileSync(path.join(dir, 'z.yaml'), configMap('kept'));
      const { manifests, findings, skipped } = loadManifests([dir], { cwd: dir });
      expect(names(manifests)).toEqual(['ConfigMap/kept']);
      expect(findings).toEqual([]);
      expect(skipped).toEqual([
        {
          file: 'pvc.yaml',
          line: 7,
          reason: 'a Go template ({{ … }}) that does not parse as YAML: render it first (helm template)',
        },
      ]);
      const strict = loadManifests([dir], { cwd: dir, strict: true });
      expect(strict.findings).toEqual([
        {
          severity: 'error',
          rule: 'manifest-not-an-object',
          object: 'file:pvc.yaml',
          message:
            'a Go template ({{ … }}) that does not parse as YAML: render it first (helm template) (--strict)',
          file: 'pvc.yaml',
          line: 7,
        },
      ]);
      expect(strict.skipped).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file that does not parse and has no template markers is an error, not skipped', () => {
    const { findings, skipped } = parseManifestsText('a: [\n', 'x.yaml');
    expect(skipped).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual(['manifest-unreadable']);
  });
});

describe('loadManifests', () => {
  test('walks a directory recursively in code-unit name order, only *.yaml, *.yml and *.json', () => {
    const { manifests, sources, findings } = loadManifests(['test/fixtures/load/tree'], { cwd: ROOT });
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
    expect(sources[3]).toEqual({ file: 'test/fixtures/load/tree/sub/c.json', line: 1 });
  });

  test('a file named explicitly is read whatever its extension; paths keep argument order', () => {
    const { manifests } = loadManifests(
      ['test/fixtures/load/tree/notes.txt', 'test/fixtures/load/tree/a.yml'],
      {
        cwd: ROOT,
      },
    );
    expect(names(manifests)).toEqual(['ConfigMap/not-a-manifest-file', 'ConfigMap/a']);
  });

  test('finding objects and files are relative to cwd, with forward slashes', () => {
    const { findings } = loadManifests(['fixtures/load/bad.yaml'], { cwd: path.join(ROOT, 'test') });
    expect(findings.map((f) => [f.object, f.file])).toEqual([
      ['file:fixtures/load/bad.yaml#1', 'fixtures/load/bad.yaml'],
      ['file:fixtures/load/bad.yaml#4', 'fixtures/load/bad.yaml'],
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
        file: 'missing.yaml',
      },
    ]);
    expect(manifests).toHaveLength(4);
  });

  test('reads a file once however it is reached; skips node_modules; survives symlink loops', () => {
    const dir = tmp('load');
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), configMap('a'));
      fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'x.yaml'), configMap('dep'));
      fs.symlinkSync(dir, path.join(dir, 'loop'), 'dir');
      const { manifests, findings, skipped } = loadManifests([dir, path.join(dir, 'a.yaml')], { cwd: dir });
      expect(findings).toEqual([]);
      expect(skipped).toEqual([]);
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
      'file:test/fixtures/load/bad.yaml#4',
    ]);
  });

  test('construct-metadata.json is skipped in a directory; a document without kind is skipped, named', () => {
    const dir = tmp('meta');
    try {
      fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
      fs.writeFileSync(path.join(dir, 'construct-metadata.json'), '{"version":"1.0.0","resources":{}}');
      fs.writeFileSync(path.join(dir, 'notes.json'), '{"hello":"world"}');
      const { manifests, findings, skipped } = loadManifests([dir], { cwd: dir });
      expect(manifests).toEqual([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }]);
      expect(findings).toEqual([]);
      expect(skipped).toEqual([
        { file: 'notes.json', line: 1, reason: expect.stringMatching(/^the document has no kind/) },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('symbolic links: followed only within the paths given', () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = tmp('links');
    outside = tmp('outside');
    fs.writeFileSync(path.join(outside, 'secret.yaml'), configMap('outside'));
    fs.mkdirSync(path.join(outside, 'etc'));
    fs.writeFileSync(path.join(outside, 'etc', 'x.yaml'), configMap('outside-dir'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  test('a link out of the folder (to a file or a folder) is skipped and said; one within it is read', () => {
    fs.mkdirSync(path.join(dir, 'real'));
    fs.writeFileSync(path.join(dir, 'real', 'in.yaml'), configMap('inside'));
    fs.symlinkSync(path.join(dir, 'real', 'in.yaml'), path.join(dir, 'alias.yaml'));
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'leak.yaml'));
    fs.symlinkSync(path.join(outside, 'etc'), path.join(dir, 'etc'), 'dir');
    const { manifests, findings, skipped } = loadManifests([dir], { cwd: dir });
    expect(findings).toEqual([]);
    // alias.yaml reads real/in.yaml first (by the link's name); real/in.yaml is then read already
    expect(names(manifests)).toEqual(['ConfigMap/inside']);
    expect(skipped).toEqual([
      { file: 'etc', reason: 'a symbolic link that leads outside the paths given: not followed' },
      { file: 'leak.yaml', reason: 'a symbolic link that leads outside the paths given: not followed' },
    ]);
  });

  test('a link to another path given is followed; a link named explicitly is read', () => {
    fs.symlinkSync(path.join(outside, 'etc'), path.join(dir, 'etc'), 'dir');
    const both = loadManifests([dir, outside], { cwd: dir });
    expect(both.skipped).toEqual([]);
    expect(names(both.manifests)).toEqual(['ConfigMap/outside-dir', 'ConfigMap/outside']);
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'leak.yaml'));
    expect(names(loadManifests(['leak.yaml'], { cwd: dir }).manifests)).toEqual(['ConfigMap/outside']);
  });

  test('with strict, a link out is an error', () => {
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'leak.yaml'));
    expect(loadManifests([dir], { cwd: dir, strict: true }).findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-not-an-object',
        object: 'file:leak.yaml',
        message: 'a symbolic link that leads outside the paths given: not followed (--strict)',
        file: 'leak.yaml',
      },
    ]);
  });
});

describe('limits: files, devices, documents', () => {
  test('the limits are stated: 256 MiB a file, 64 Mi characters a document', () => {
    expect(MAX_FILE_BYTES).toBe(256 * 2 ** 20);
    expect(MAX_DOCUMENT_BYTES).toBe(64 * 2 ** 20);
  });

  test('a file larger than the limit is not read, and says so', () => {
    const dir = tmp('big');
    try {
      fs.writeFileSync(path.join(dir, 'big.yaml'), configMap('x').repeat(10));
      fs.writeFileSync(path.join(dir, 'ok.yaml'), configMap('ok'));
      const { manifests, findings } = loadManifests([dir], { cwd: dir, maxFileBytes: 2 ** 20 / 2 ** 14 });
      expect(names(manifests)).toEqual(['ConfigMap/ok']);
      expect(findings).toEqual([
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:big.yaml',
          message: 'big.yaml is 1 MiB, more than the 64 bytes the plan reads from one file: split it',
          file: 'big.yaml',
        },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a device is read up to its first NUL byte: /dev/zero stops at once', () => {
    const started = Date.now();
    expect(loadManifests(['/dev/zero'], { cwd: '/' })).toEqual({
      manifests: [],
      sources: [],
      findings: [
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:dev/zero',
          message: 'cannot read: dev/zero is not text (a NUL byte at offset 0), not YAML or JSON',
          file: 'dev/zero',
        },
      ],
      skipped: [],
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a pipe is read up to the limit of a file: what is read by then is kept', async () => {
    const dir = tmp('fifo');
    try {
      const fifo = path.join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      const text = Array.from({ length: 100 }, (_, i) => configMap(`cm-${i}`)).join('---\n');
      fs.writeFileSync(path.join(dir, 'src.yaml'), text);
      const writer = spawn('sh', ['-c', 'cat src.yaml > pipe'], { cwd: dir, stdio: 'ignore' });
      const done = new Promise((resolve) => writer.on('exit', resolve));
      const { manifests, findings } = loadManifests(['pipe'], { cwd: dir, maxFileBytes: 1000 });
      await done;
      expect(findings).toEqual([
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:pipe',
          message:
            'pipe is larger than the 1000 bytes the plan reads from one file (the rest is not read): split it',
          file: 'pipe',
        },
      ]);
      expect(manifests).toEqual([]); // the first piece read (all of it) already passed the limit
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a binary file named like a manifest is an error that says so', () => {
    const dir = tmp('binary');
    try {
      fs.writeFileSync(
        path.join(dir, 'x.yaml'),
        Buffer.concat([Buffer.from('kind: A\n'), Buffer.from([0, 1, 2])]),
      );
      expect(loadManifests([dir], { cwd: dir }).findings[0].message).toBe(
        'cannot read: x.yaml is not text (a NUL byte at offset 8), not YAML or JSON',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('when the heap is nearly full, reading stops with a finding instead of an out-of-memory abort', () => {
    const v8 = require('v8') as typeof import('v8');
    const real = v8.getHeapStatistics();
    const spy = jest
      .spyOn(v8, 'getHeapStatistics')
      .mockReturnValue({ ...real, used_heap_size: 3600 * 2 ** 20, heap_size_limit: 4096 * 2 ** 20 });
    const dir = tmp('heap');
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), configMap('a'));
      fs.writeFileSync(path.join(dir, 'b.yaml'), configMap('b'));
      const { manifests, findings } = loadManifests([dir, 'b.yaml'], { cwd: dir });
      expect(names(manifests)).toEqual(['ConfigMap/a']);
      expect(findings).toEqual([
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:a.yaml',
          message:
            'the manifests read so far fill 3600 MiB of the 4096 MiB heap: the plan stops reading in a.yaml ' +
            '(give node more with NODE_OPTIONS=--max-old-space-size=MiB, or plan fewer files at a time)',
          file: 'a.yaml',
        },
      ]);
    } finally {
      spy.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("locateFindings: file and line for the plan's findings", () => {
  const loaded = parseManifestsText(
    `${configMap('a')}---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\n---\n${configMap('a')}`,
    'app.yaml',
  );

  test("from the first manifest of the finding's object; others as they are", () => {
    const findings: Finding[] = [
      { severity: 'error', rule: 'r', object: 'ConfigMap/default/a', message: 'm' },
      { severity: 'warning', rule: 'r', object: 'PersistentVolume/pv', field: 'spec', message: 'm' },
      { severity: 'info', rule: 'r', object: 'PersistentVolumeClaim/default/data-web-0', message: 'm' },
      {
        severity: 'error',
        rule: 'r',
        object: 'ConfigMap/default/a',
        message: 'm',
        file: 'given.yaml',
        line: 9,
      },
    ];
    expect(locateFindings(findings, loaded)).toEqual([
      { ...findings[0], file: 'app.yaml', line: 1 },
      { ...findings[1], file: 'app.yaml', line: 6 },
      findings[2],
      findings[3],
    ]);
    expect(findings[0]).not.toHaveProperty('file');
  });

  test('nothing to locate, or manifests that are not objects', () => {
    const located: Finding = { severity: 'error', rule: 'r', object: 'x', message: 'm', file: 'f', line: 1 };
    expect(locateFindings([located], loaded)).toEqual([located]);
    expect(
      locateFindings([{ severity: 'error', rule: 'r', object: 'ConfigMap/default/a', message: 'm' }], {
        manifests: [null, 'x', { kind: 'ConfigMap', metadata: { name: 'a' } }],
        sources: [
          { file: 'n', line: 1 },
          { file: 's', line: 2 },
          { file: 'o', line: 3 },
        ],
      }),
    ).toEqual([
      { severity: 'error', rule: 'r', object: 'ConfigMap/default/a', message: 'm', file: 'o', line: 3 },
    ]);
  });

  test('names holding a `/` and objects without a name are found too', () => {
    // the lookup compares the end of the name first: a name with `/` (invalid, still read) or none at all
    const odd = {
      manifests: [
        { kind: 'ConfigMap', metadata: { name: 'x/b', namespace: 'n' } },
        { kind: 'ConfigMap', metadata: { name: 'a/b', namespace: 'n' } },
        { kind: 'ConfigMap', metadata: { namespace: 'n' } },
      ],
      sources: [
        { file: 'f', line: 1 },
        { file: 'f', line: 5 },
        { file: 'f', line: 9 },
      ],
    };
    const named: Finding = { severity: 'error', rule: 'r', object: 'ConfigMap/n/a/b', message: 'm' };
    const unnamed: Finding = { severity: 'error', rule: 'r', object: 'ConfigMap/n/<no name>', message: 'm' };
    expect(locateFindings([named, unnamed], odd)).toEqual([
      { ...named, file: 'f', line: 5 },
      { ...unnamed, file: 'f', line: 9 },
    ]);
  });
});

describe('200 000 manifests in one file: no spread arguments that overflow the call stack', () => {
  test('loadManifests returns every manifest and every finding of the file', () => {
    // push(...result.manifests) threw RangeError from about 120 000 items. One List of N objects
    // (JSON, which reads fast), then documents that fail to parse.
    const N = 200_000;
    const items = Array.from({ length: N }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}` },
    }));
    const dir = tmp('load-big');
    try {
      const bad = Array.from({ length: 1000 }, () => 'a: [\n').join('---\n');
      fs.writeFileSync(
        path.join(dir, 'big.yaml'),
        `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items })}\n---\n${bad}`,
      );
      const { manifests, sources, findings } = loadManifests([dir], { cwd: dir });
      expect(manifests).toHaveLength(N);
      expect(sources).toHaveLength(N);
      expect(names([manifests[0], manifests[N - 1]])).toEqual(['ConfigMap/cm-0', `ConfigMap/cm-${N - 1}`]);
      expect(findings).toHaveLength(1000);
      expect(findings[999]).toMatchObject({ object: 'file:big.yaml#1000', line: 2001 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
