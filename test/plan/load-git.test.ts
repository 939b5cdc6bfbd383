import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests } from '../../src/plan/load';
import { loadAtRevision, previousVersion, RevisionManifests } from '../../src/plan/load-git';

/*
 * loadAtRevision over a real git repository made in a temporary folder: the manifests committed at
 * a revision, read with git, never from the work tree.
 */

let repo: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function write(file: string, text: string): void {
  const p = path.join(repo, file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const cmObject = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

beforeEach(() => {
  // realpath: git names the top folder by its real path, and display names are relative to it
  repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'load-git-')));
  git(repo, 'init', '-q');
  write('dist/a.yaml', cm('a'));
  write('dist/b.yml', cm('b') + '---\n' + cm('b2'));
  write('dist/c.json', JSON.stringify(cmObject('c')));
  write('dist/notes.txt', cm('txt'));
  write('dist/construct-metadata.json', JSON.stringify(cmObject('meta')));
  write('dist/.hidden/h.yaml', cm('hidden'));
  write('dist/node_modules/pkg/n.yaml', cm('nm'));
  write('dist/.dotfile.yaml', cm('dotfile'));
  write('dist/sub/d.yaml', cm('d'));
  write('dist/bad.yaml', 'a: [\n');
  write('other/o.yaml', cm('o'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'first');
  // the work tree moves on: the revision is what is read
  write('dist/a.yaml', cm('a-changed'));
  write('dist/new.yaml', cm('new'));
  fs.rmSync(path.join(repo, 'dist/sub'), { recursive: true });
});

afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

/** The manifests read at a revision; fails the test on a usage error or an unavailable revision. */
function read(r: ReturnType<typeof loadAtRevision>): RevisionManifests {
  if (typeof r === 'string') throw new Error(r);
  if ('unavailable' in r) throw new Error(r.unavailable);
  return r;
}

describe('loadAtRevision', () => {
  test('a directory: its manifests at the revision, hidden folders, node_modules and other files left out', () => {
    const r = read(loadAtRevision(['dist'], 'HEAD', repo));
    // name order (git's), as a directory walk reads them; a dotfile is read (only hidden folders are skipped)
    expect(r.manifests).toEqual([
      cmObject('dotfile'),
      cmObject('a'),
      cmObject('b'),
      cmObject('b2'),
      cmObject('c'),
      cmObject('d'),
    ]);
    expect(r.findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: 'file:HEAD:dist/bad.yaml#0',
        message:
          'cannot parse YAML: unexpected end of the stream within a flow collection at line 2, column 1',
        file: 'HEAD:dist/bad.yaml',
        line: 1,
      },
    ]);
  });

  test('a single file is read whatever its extension; a path inside a hidden folder given explicitly is read', () => {
    expect(loadAtRevision(['dist/notes.txt'], 'HEAD', repo)).toEqual({
      manifests: [cmObject('txt')],
      findings: [],
    });
    expect(loadAtRevision(['dist/.hidden'], 'HEAD', repo)).toEqual({
      manifests: [cmObject('hidden')],
      findings: [],
    });
    expect(loadAtRevision(['dist/a.yaml'], 'HEAD', repo)).toEqual({
      manifests: [cmObject('a')],
      findings: [],
    });
  });

  test('a path missing at the revision has no manifests: everything under it is created by the change', () => {
    expect(loadAtRevision(['dist/new.yaml', 'nowhere', 'dist/a.yaml'], 'HEAD', repo)).toEqual({
      manifests: [cmObject('a')],
      findings: [],
      missing: ['dist/new.yaml', 'nowhere'],
    });
  });

  // The change plan compares objects in read order where names repeat (the last one read wins,
  // as kubectl apply of a folder applies them): a folder and its revision must read alike.
  test('files are read in the order a directory walk reads them: a/b.yaml before a-b.yaml and a.yaml', () => {
    for (const f of ['a.yaml', 'a-b.yaml', 'a/b.yaml', 'a b.yaml', 'B.yaml', 'a/c/d.yaml', 'a/c.yaml'])
      write(`order/${f}`, cm(f.replace(/[^a-zA-Z]/g, '')));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'order');
    const names = (ms: readonly unknown[]): string[] => ms.map((m: any) => m.metadata.name);
    const walked = names(loadManifests([path.join(repo, 'order')]).manifests);
    expect(walked).toEqual(['Byaml', 'abyaml', 'acdyaml', 'acyaml', 'abyaml', 'abyaml', 'ayaml']);
    expect(names(read(loadAtRevision(['order'], 'HEAD', repo)).manifests)).toEqual(walked);
  });

  test('several paths: each file read once, in the order of the paths', () => {
    const r = loadAtRevision(['other', 'dist/sub', 'dist/sub/d.yaml'], 'HEAD', repo);
    expect(r).toEqual({ manifests: [cmObject('o'), cmObject('d')], findings: [] });
  });

  test('the top of the repository: every folder of it', () => {
    const r = read(loadAtRevision(['.'], 'HEAD', repo));
    expect(r.manifests.map((m: any) => m.metadata.name)).toEqual(['dotfile', 'a', 'b', 'b2', 'c', 'd', 'o']);
  });

  test('display names are REV:path, the path as given from the top of the repository, absolute paths too', () => {
    const r = loadAtRevision([path.join(repo, 'dist', 'bad.yaml')], 'HEAD~0', repo);
    expect(r).toEqual({
      manifests: [],
      findings: [
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:HEAD~0:dist/bad.yaml#0',
          message:
            'cannot parse YAML: unexpected end of the stream within a flow collection at line 2, column 1',
          file: 'HEAD~0:dist/bad.yaml',
          line: 1,
        },
      ],
    });
  });

  // `git ls-tree --full-tree`: paths relative to the top of the repository, wherever git runs
  // (without it, a run from a subfolder listed nothing and every object looked created).
  test('from a subfolder of the repository: paths relative to it, display names too', () => {
    const fromOther = loadAtRevision(['../dist/sub'], 'HEAD', path.join(repo, 'other'));
    expect(fromOther).toEqual({ manifests: [cmObject('d')], findings: [] });
    write('dist/sub/bad.yaml', 'x: [\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'second');
    const fromSub = read(loadAtRevision(['.'], 'HEAD', path.join(repo, 'dist', 'sub')));
    expect(fromSub.findings.map((f) => f.object)).toEqual(['file:HEAD:bad.yaml#0']);
  });

  test('an older revision, by its hash', () => {
    const first = git(repo, 'rev-parse', 'HEAD').trim();
    write('dist/a.yaml', cm('a2'));
    git(repo, 'commit', '-q', '-am', 'second');
    expect(loadAtRevision(['dist/a.yaml'], first, repo)).toEqual({
      manifests: [cmObject('a')],
      findings: [],
    });
    expect(loadAtRevision(['dist/a.yaml'], 'HEAD', repo)).toEqual({
      manifests: [cmObject('a2')],
      findings: [],
    });
  });

  test('an entry git cannot give as a file (a submodule) is an error finding; the rest is read', () => {
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${head},dist/sub/module.yaml`);
    git(repo, 'commit', '-q', '-m', 'submodule');
    const r = loadAtRevision(['dist/sub'], 'HEAD', repo);
    expect(r).toEqual({
      manifests: [cmObject('d')],
      findings: [
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: 'file:HEAD:dist/sub/module.yaml',
          message: 'cannot read it at HEAD: larger than the 256 MiB the plan reads, or not a file',
        },
      ],
    });
  });

  // A shallow CI checkout, a first commit, a run outside a repository: no previous version, which
  // the callers plan without (and say so); only a path outside the repository is a usage error.
  describe('no revision to read is `unavailable`, a path outside the repository a usage error, never an exception', () => {
    test('not inside a git repository', () => {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'load-git-none-'));
      try {
        expect(loadAtRevision(['.'], 'HEAD', outside)).toEqual({
          unavailable: '--previous-git: the current folder is not inside a git repository',
        });
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });

    test('an unknown revision, named at most 80 characters long', () => {
      expect(loadAtRevision(['dist'], 'no-such-branch', repo)).toEqual({
        unavailable: '--previous-git: "no-such-branch" is not a revision of this repository',
      });
      expect(loadAtRevision(['dist'], 'x'.repeat(100), repo)).toEqual({
        unavailable: `--previous-git: "${'x'.repeat(80)}" is not a revision of this repository`,
      });
      // a blob is no commit
      expect(loadAtRevision(['dist'], 'HEAD:dist/a.yaml', repo)).toEqual({
        unavailable: '--previous-git: "HEAD:dist/a.yaml" is not a revision of this repository',
      });
    });

    test('a path outside the repository', () => {
      expect(loadAtRevision(['dist', '../elsewhere'], 'HEAD', repo)).toBe(
        '--previous-git: ../elsewhere is outside the repository',
      );
    });

    test('a repository without a commit has no revision HEAD', () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'load-git-empty-'));
      try {
        git(empty, 'init', '-q');
        expect(loadAtRevision(['.'], 'HEAD', empty)).toEqual({
          unavailable: '--previous-git: "HEAD" is not a revision of this repository',
        });
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  test('the working folder defaults to process.cwd()', () => {
    const before = process.cwd();
    process.chdir(repo);
    try {
      expect(loadAtRevision(['dist/a.yaml'], 'HEAD')).toEqual({ manifests: [cmObject('a')], findings: [] });
    } finally {
      process.chdir(before);
    }
  });
});

/*
 * previousVersion: the previous version as StorageChecks and the validation plugin read it, the
 * CLI's way: what cannot be read is a finding, what git cannot give is a note, never a throw.
 */
describe('previousVersion', () => {
  const collect = () => {
    const notes: string[] = [];
    return { notes, note: (n: string) => notes.push(n) };
  };

  test('none given: no manifests, no findings, no note', () => {
    const { notes, note } = collect();
    expect(previousVersion({ folder: 'dist', option: '--previous-git' }, note, repo)).toEqual({
      findings: [],
    });
    expect(notes).toEqual([]);
  });

  test('a folder: its manifests; what cannot be read or parsed is a finding "previous version: ..."', () => {
    const { notes, note } = collect();
    expect(
      previousVersion({ previous: path.join(repo, 'other'), option: '--previous-git' }, note, repo),
    ).toEqual({
      manifests: [cmObject('o')],
      findings: [],
    });
    // dist/sub is gone from the work tree: a folder that cannot be read is a finding, not a throw
    const gone = path.join(repo, 'dist', 'sub');
    expect(previousVersion({ previous: gone, option: '--previous-git' }, note, repo)).toEqual({
      manifests: [],
      findings: [
        {
          severity: 'error',
          rule: 'manifest-unreadable',
          object: `file:${gone}`,
          message: 'previous version: cannot read: no such file or directory',
          file: gone,
        },
      ],
    });
    const bad = previousVersion(
      { previous: path.join(repo, 'dist', 'bad.yaml'), option: '--previous-git' },
      note,
      repo,
    );
    expect(bad.manifests).toEqual([]);
    expect(bad.findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: `file:${path.join(repo, 'dist', 'bad.yaml')}#0`,
        message:
          'previous version: cannot parse YAML: unexpected end of the stream within a flow collection at line 2, column 1',
        file: path.join(repo, 'dist', 'bad.yaml'),
        line: 1,
      },
    ]);
    expect(notes).toEqual([]);
  });

  test('a git revision: the folder there, its unreadable files as "previous version: ..." findings', () => {
    const { notes, note } = collect();
    const r = previousVersion(
      { revision: 'HEAD', folder: 'dist/sub', option: 'previousGitRevision' },
      note,
      repo,
    );
    expect(r).toEqual({ manifests: [cmObject('d')], findings: [] });
    const withBad = previousVersion(
      { revision: 'HEAD', folder: 'dist/bad.yaml', option: 'previousGitRevision' },
      note,
      repo,
    );
    expect(withBad.findings.map((f) => f.message)).toEqual([
      'previous version: cannot parse YAML: unexpected end of the stream within a flow collection at line 2, column 1',
    ]);
    expect(notes).toEqual([]);
  });

  test('an unknown revision, or no repository: no previous version (no change plan) and a note', () => {
    const { notes, note } = collect();
    expect(
      previousVersion(
        { revision: 'no-such-branch', folder: 'dist', option: 'previousGitRevision' },
        note,
        repo,
      ),
    ).toEqual({ findings: [] });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'load-git-none-'));
    try {
      expect(
        previousVersion({ revision: 'HEAD', folder: 'dist', option: 'previousGitRevision' }, note, outside),
      ).toEqual({ findings: [] });
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
    expect(notes).toEqual([
      'no previous version, the change plan is left out: previousGitRevision: "no-such-branch" is not a revision of this repository',
      'no previous version, the change plan is left out: previousGitRevision: the current folder is not inside a git repository',
    ]);
  });

  test('a folder missing at the revision: everything in it is created, and a note says so', () => {
    const { notes, note } = collect();
    expect(
      previousVersion({ revision: 'HEAD', folder: 'out', option: 'previousGitRevision' }, note, repo),
    ).toEqual({
      manifests: [],
      findings: [],
    });
    expect(notes).toEqual(['out does not exist at HEAD: everything in it is created']);
  });

  test('a folder outside the repository: no previous version and a note, not a throw', () => {
    const { notes, note } = collect();
    expect(
      previousVersion(
        { revision: 'HEAD', folder: '../elsewhere', option: 'previousGitRevision' },
        note,
        repo,
      ),
    ).toEqual({ findings: [] });
    expect(notes).toEqual([
      'no previous version, the change plan is left out: previousGitRevision: ../elsewhere is outside the repository',
    ]);
  });
});
