/**
 * Mutation survivors of load.ts (docs/mutation.md, "Killed since, by the survivor tests"): reading standard input
 * (`-`), the code-unit order of directory entries whatever order the file system lists them in,
 * and symbolic links (to directories, to files, dangling). The tests run as root, so permission
 * errors (EACCES) cannot be provoked here and are not tested.
 *
 * `fs` is replaced by the real module with two changes: file descriptor 0 (standard input) reads
 * `stdin` below, and readdirSync lists entries in reverse order, so the order of a walk is the
 * loader's own sort and not the file system's.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests } from '../../src/plan/load';

let stdin: () => string = () => '';

jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  return {
    ...actual,
    readFileSync: (file: unknown, ...rest: unknown[]) => {
      if (file !== 0) return actual.readFileSync(file, ...rest);
      const encoding = rest[0] as BufferEncoding | undefined;
      const text = stdin();
      return encoding ? Buffer.from(text).toString(encoding) : Buffer.from(text);
    },
    readdirSync: (...args: unknown[]) => [...actual.readdirSync(...args)].reverse(),
  };
});

const names = (manifests: unknown[]): string[] =>
  manifests.map((m) => {
    const o = m as { kind: string; metadata: { name: string } };
    return `${o.kind}/${o.metadata.name}`;
  });

const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('standard input: -', () => {
  afterEach(() => {
    stdin = () => '';
  });

  test('is read as text named stdin, in argument order with the files', () => {
    stdin = () => `${configMap('from-stdin')}---\nkind: [unclosed\n---\n- a list\n`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-stdin-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), configMap('from-file'));
      const { manifests, findings } = loadManifests(['a.yaml', '-'], { cwd: dir });
      expect(names(manifests)).toEqual(['ConfigMap/from-file', 'ConfigMap/from-stdin']);
      expect(findings).toEqual([
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:stdin#1',
          message:
            'cannot parse YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 7, column 1',
        },
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:stdin#2',
          message: 'the document is a list, not a Kubernetes object',
        },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file named - in the folder is not read: - is always standard input', () => {
    stdin = () => configMap('from-stdin');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-stdin-'));
    try {
      fs.writeFileSync(path.join(dir, '-'), configMap('from-a-file-named-dash'));
      expect(loadManifests(['-'], { cwd: dir })).toEqual({
        manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-stdin' } }],
        findings: [],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('standard input that cannot be read is an error finding on file:stdin, not a throw', () => {
    stdin = () => {
      throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, read: \n  at the excerpt'), {
        code: 'EAGAIN',
      });
    };
    expect(loadManifests(['-'])).toEqual({
      manifests: [],
      findings: [
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:stdin',
          message: 'cannot read: EAGAIN: resource temporarily unavailable, read',
        },
      ],
    });
  });
});

describe('directory walks', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-walk-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('entries in code-unit order, whatever order the file system lists them in', () => {
    // code units: digits < upper case < "_" < lower case; "10" before "9"
    for (const name of ['b', 'a', '_', 'B', '9', '10']) {
      fs.writeFileSync(path.join(dir, `${name}.yaml`), configMap(`cm-${name === '_' ? 'underscore' : name}`));
    }
    fs.mkdirSync(path.join(dir, 'C'));
    fs.writeFileSync(path.join(dir, 'C', 'z.yaml'), configMap('cm-dir-c'));
    const { manifests, findings } = loadManifests([dir], { cwd: dir });
    expect(findings).toEqual([]);
    expect(names(manifests)).toEqual([
      'ConfigMap/cm-10',
      'ConfigMap/cm-9',
      'ConfigMap/cm-B',
      'ConfigMap/cm-dir-c',
      'ConfigMap/cm-underscore',
      'ConfigMap/cm-a',
      'ConfigMap/cm-b',
    ]);
  });

  test('a symbolic link to a directory is walked like one; to a file, read by the name of the link', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'load-target-'));
    try {
      fs.mkdirSync(path.join(outside, 'shared'));
      fs.writeFileSync(path.join(outside, 'shared', 'x.yaml'), configMap('via-dir-link'));
      fs.writeFileSync(path.join(outside, 'file.yaml'), configMap('via-file-link'));
      fs.writeFileSync(path.join(outside, 'notes.txt'), configMap('via-txt-link'));
      fs.symlinkSync(path.join(outside, 'shared'), path.join(dir, 'linked'), 'dir');
      fs.symlinkSync(path.join(outside, 'shared'), path.join(dir, '.hidden-link'), 'dir');
      fs.symlinkSync(path.join(outside, 'file.yaml'), path.join(dir, 'a-link.yaml'));
      // a link to a file, named like no manifest: not read, as a file of that name would not be
      fs.symlinkSync(path.join(outside, 'notes.txt'), path.join(dir, 'b-link.txt'));
      const { manifests, findings } = loadManifests([dir], { cwd: dir });
      expect(findings).toEqual([]);
      expect(names(manifests)).toEqual(['ConfigMap/via-file-link', 'ConfigMap/via-dir-link']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a dangling symbolic link: skipped unless named like a manifest, then an error finding', () => {
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    fs.symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'dangling.yaml'));
    expect(loadManifests([dir], { cwd: dir })).toEqual({
      manifests: [],
      findings: [
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:dangling.yaml',
          message: 'cannot read: no such file or directory',
        },
      ],
    });
  });
});
