/**
 * load.ts, cases first found by mutation testing (docs/mutation.md, "Killed since, by the survivor tests"): reading standard input
 * (`-`), the code-unit order of directory entries whatever order the file system lists them in,
 * and symbolic links (to directories, to files, dangling). The tests run as root, so permission
 * errors (EACCES) cannot be provoked here and are not tested.
 *
 * `fs` is replaced by the real module with these changes: reads of file descriptor 0 (standard input)
 * take the pieces and errors of `stdin` below; readdirSync lists entries in reverse order, so the
 * order of a walk is the loader's own sort and not the file system's; a folder named
 * `unreadable-dir` and a file named `locked.yaml` cannot be opened (EACCES, which root never meets).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests } from '../../src/plan/load';

/** What reads of standard input return, in order: text (a piece of it), or an error thrown. */
let stdin: (string | Error)[] = [];

jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  return {
    ...actual,
    readSync: (fd: number, buffer: Buffer, offset: number, length: number, position: number | null) => {
      if (fd !== 0) return actual.readSync(fd, buffer, offset, length, position);
      const next = stdin.shift();
      if (next === undefined) return 0;
      if (next instanceof Error) throw next;
      const bytes = Buffer.from(next);
      if (bytes.length > length) stdin.unshift(bytes.subarray(length).toString('latin1'));
      return bytes.copy(buffer, offset, 0, length);
    },
    readdirSync: (...args: unknown[]) => {
      if (String(args[0]).endsWith('unreadable-dir'))
        throw Object.assign(new Error('EACCES: denied'), { code: 'EACCES' });
      return [...actual.readdirSync(...args)].reverse();
    },
    openSync: (...args: unknown[]) => {
      if (String(args[0]).endsWith('locked.yaml'))
        throw Object.assign(new Error('EACCES: denied'), { code: 'EACCES' });
      return actual.openSync(...args);
    },
  };
});

const names = (manifests: unknown[]): string[] =>
  manifests.map((m) => {
    const o = m as { kind: string; metadata: { name: string } };
    return `${o.kind}/${o.metadata.name}`;
  });

const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

const fault = (code: string, message = `${code}: failed, read`): Error =>
  Object.assign(new Error(message), { code });

describe('standard input: -', () => {
  afterEach(() => {
    stdin = [];
  });

  test('is read as text named stdin, in argument order with the files, in pieces', () => {
    stdin = [`${configMap('from-stdin')}---\nkind: [unc`, 'losed\n---\n- a list\n'];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-stdin-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), configMap('from-file'));
      const { manifests, sources, findings, skipped } = loadManifests(['a.yaml', '-'], { cwd: dir });
      expect(names(manifests)).toEqual(['ConfigMap/from-file', 'ConfigMap/from-stdin']);
      expect(sources).toEqual([
        { file: 'a.yaml', line: 1 },
        { file: 'stdin', line: 1 },
      ]);
      expect(findings).toEqual([
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:stdin#1',
          message:
            'cannot parse YAML: unexpected end of the stream within a flow collection at line 7, column 1',
          file: 'stdin',
          line: 6,
        },
      ]);
      expect(skipped).toEqual([
        { file: 'stdin', line: 8, reason: 'the document is a list, not a Kubernetes object' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file named - in the folder is not read: - is always standard input', () => {
    stdin = [configMap('from-stdin')];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-stdin-'));
    try {
      fs.writeFileSync(path.join(dir, '-'), configMap('from-a-file-named-dash'));
      expect(loadManifests(['-'], { cwd: dir })).toEqual({
        manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-stdin' } }],
        sources: [{ file: 'stdin', line: 1 }],
        findings: [],
        skipped: [],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('standard input that cannot be read is an error finding on file:stdin, not a throw', () => {
    stdin = ['kind: A\n', fault('EIO', 'EIO: i/o error, read\n  at the excerpt')];
    expect(loadManifests(['-'])).toEqual({
      manifests: [],
      sources: [],
      findings: [
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:stdin',
          message: 'cannot read: EIO: i/o error, read',
          file: 'stdin',
        },
      ],
      skipped: [],
    });
  });

  test('non-blocking standard input: EAGAIN is waited out; EOF (a Windows pipe) ends it', () => {
    stdin = [fault('EAGAIN'), fault('EAGAIN'), configMap('late'), fault('EOF')];
    expect(names(loadManifests(['-']).manifests)).toEqual(['ConfigMap/late']);
    expect(stdin).toEqual([]);
  });

  test('EAGAIN for ever: given up after 10 minutes of waits, as a finding', () => {
    const wait = jest.spyOn(Atomics, 'wait').mockReturnValue('timed-out');
    try {
      stdin = Array.from({ length: 60_002 }, () =>
        fault('EAGAIN', 'EAGAIN: resource temporarily unavailable, read'),
      );
      expect(loadManifests(['-']).findings).toEqual([
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:stdin',
          message: 'cannot read: EAGAIN: resource temporarily unavailable, read',
          file: 'stdin',
        },
      ]);
      expect(wait).toHaveBeenCalledTimes(60_000);
    } finally {
      wait.mockRestore();
    }
  });

  test('standard input past the limit of a file: what was read before is kept', () => {
    stdin = [`${configMap('a')}---\n`, configMap('b'), 'x'.repeat(100)];
    const { manifests, findings } = loadManifests(['-'], { maxFileBytes: 100 });
    expect(names(manifests)).toEqual(['ConfigMap/a']);
    expect(findings.map((f) => f.message)).toEqual([
      'standard input is larger than the 100 bytes the plan reads from one file (the rest is not read): split it',
    ]);
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
    const target = path.join(dir, 'target');
    fs.mkdirSync(path.join(target, 'shared'), { recursive: true });
    fs.writeFileSync(path.join(target, 'shared', 'x.yaml'), configMap('via-dir-link'));
    fs.writeFileSync(path.join(target, 'file.yml'), configMap('via-file-link'));
    fs.writeFileSync(path.join(target, 'notes.txt'), configMap('via-txt-link'));
    fs.symlinkSync(path.join(target, 'shared'), path.join(dir, 'linked'), 'dir');
    fs.symlinkSync(path.join(target, 'shared'), path.join(dir, '.hidden-link'), 'dir');
    fs.symlinkSync(path.join(target, 'file.yml'), path.join(dir, 'a-link.yaml'));
    // a link to a file, named like no manifest: not read, as a file of that name would not be
    fs.symlinkSync(path.join(target, 'notes.txt'), path.join(dir, 'b-link.txt'));
    const { manifests, sources, findings } = loadManifests([dir], { cwd: dir });
    expect(findings).toEqual([]);
    // target/ is then walked, but what the links read already is not read again
    expect(names(manifests)).toEqual(['ConfigMap/via-file-link', 'ConfigMap/via-dir-link']);
    expect(sources.map((s) => s.file)).toEqual(['a-link.yaml', 'linked/x.yaml']);
  });

  test('a folder or a file that cannot be opened: an error finding each, the rest is read', () => {
    fs.mkdirSync(path.join(dir, 'unreadable-dir'));
    fs.writeFileSync(path.join(dir, 'locked.yaml'), configMap('locked'));
    fs.writeFileSync(path.join(dir, 'ok.yaml'), configMap('ok'));
    const { manifests, findings } = loadManifests([dir], { cwd: dir });
    expect(names(manifests)).toEqual(['ConfigMap/ok']);
    expect(findings.map((f) => [f.object, f.message])).toEqual([
      ['file:locked.yaml', 'cannot read: permission denied'],
      ['file:unreadable-dir', 'cannot read: permission denied'],
    ]);
  });

  test('a dangling symbolic link: skipped unless named like a manifest, then an error finding', () => {
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    fs.symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'dangling.yaml'));
    expect(loadManifests([dir], { cwd: dir })).toEqual({
      manifests: [],
      sources: [],
      findings: [
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:dangling.yaml',
          message: 'cannot read: no such file or directory',
          file: 'dangling.yaml',
        },
      ],
      skipped: [],
    });
  });
});
