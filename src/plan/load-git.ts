/**
 * The manifests of a git revision: the same paths the plan reads now, as they are at `REV`, for
 * the change plan (`cdk8s-volumes plan dist/ --previous-git origin/main`). Read with git itself
 * (`git ls-tree`, `git cat-file`), so it works on any revision the repository has, without a
 * checkout. The same rules as a directory walk: `*.yaml`, `*.yml`, `*.json`, hidden folders and
 * node_modules left out, each file at most MAX_FILE_BYTES.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { isManifestName, LoadResult, MAX_FILE_BYTES, parseManifestsText } from './load';
import { Finding } from './types';

/** The manifests at a revision, and the paths given that do not exist there. */
export interface RevisionManifests extends Pick<LoadResult, 'manifests' | 'findings'> {
  /** The paths, as given, that do not exist at the revision (absent when every one does). */
  readonly missing?: string[];
}

/**
 * No previous version can be read: not in a git repository, or the revision is not in it (a
 * shallow CI checkout, a branch not fetched, a first commit). The caller plans without a change
 * plan and says why in a note: what is there now is still judged.
 */
export interface RevisionUnavailable {
  readonly unavailable: string;
}

/**
 * The manifests at `rev` of `paths` (files or directories, relative to `cwd`); `unavailable` when
 * there is no such revision to read; a usage error message for a path outside the repository. A
 * path that does not exist at `rev` has no manifests (everything under it is created by the
 * change) and is listed in `missing`. Files are read in the order a directory walk reads them
 * (each folder's entries sorted by name), so a folder and its revision give the same order.
 * `option` names the option that gave the revision in the messages (`--previous-git` in the CLI).
 */
export function loadAtRevision(
  paths: readonly string[],
  rev: string,
  cwd: string = process.cwd(),
  option: string = '--previous-git',
): RevisionManifests | RevisionUnavailable | string {
  const git = (args: string[], maxBuffer = 16 * 2 ** 20): string =>
    execFileSync('git', args, { cwd, encoding: 'utf-8', maxBuffer, stdio: ['ignore', 'pipe', 'pipe'] });
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel']).trim();
  } catch {
    return { unavailable: `${option}: the current folder is not inside a git repository` };
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    const missing = `${option}: ${JSON.stringify(rev.slice(0, 80))} is not a revision of this repository`;
    // A shallow checkout (CI's default) lacks the base branch until it is fetched: nothing to
    // compare with, which is no reason to fail. A full clone that lacks it was given a wrong name,
    // and a gate that silently skips its change plan on a typo protects nothing: a usage error.
    // A first commit (HEAD~1 of a history of one) has nothing before it either.
    let full = false;
    try {
      full =
        git(['rev-parse', '--is-shallow-repository']).trim() === 'false' &&
        Number(git(['rev-list', '--count', '--max-count=2', 'HEAD']).trim()) > 1;
    } catch {
      // no commit yet, or an old git without --is-shallow-repository: nothing to tell a typo by
    }
    if (full)
      return `${missing} (the clone is full, so no fetch is missing: check the name, e.g. origin/main)`;
    return { unavailable: missing };
  }
  const manifests: unknown[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const p of paths) {
    const rel = path.relative(top, path.resolve(cwd, p)).split(path.sep).join('/');
    if (rel === '..' || rel.startsWith('../')) return `${option}: ${p} is outside the repository`;
    const listed = git(
      ['ls-tree', '-r', '-z', '--name-only', '--full-tree', rev, '--', rel || '.'],
      256 * 2 ** 20,
    )
      .split('\0')
      .filter((f) => f !== '');
    if (listed.length === 0) missing.push(p);
    // By path segments, as the directory walk sorts each folder: `a/b.yaml` before `a.yaml`
    // (a plain string sort puts `.` before `/` and would read `a.yaml` first).
    for (const file of listed.sort(bySegments)) {
      if (seen.has(file)) continue;
      const inside = file === rel ? [] : file.slice(rel ? rel.length + 1 : 0).split('/');
      const walked = inside.length > 0;
      if (
        walked &&
        (inside.slice(0, -1).some((d) => d.startsWith('.') || d === 'node_modules') ||
          !isManifestName(path.posix.basename(file)))
      )
        continue;
      seen.add(file);
      const display = `${rev}:${path.relative(cwd, path.join(top, file)).split(path.sep).join('/')}`;
      let text: string;
      try {
        text = git(['cat-file', 'blob', `${rev}:${file}`], MAX_FILE_BYTES);
      } catch {
        findings.push({
          severity: 'error',
          rule: 'manifest-unreadable',
          object: `file:${display}`,
          message: `cannot read it at ${rev.slice(0, 80)}: larger than the ${MAX_FILE_BYTES / 2 ** 20} MiB the plan reads, or not a file`,
        });
        continue;
      }
      const loaded = parseManifestsText(text, display);
      for (const m of loaded.manifests) manifests.push(m);
      for (const f of loaded.findings) findings.push(f);
    }
  }
  return missing.length > 0 ? { manifests, findings, missing } : { manifests, findings };
}

/** Compares two `/`-separated paths segment by segment, each by UTF-16 code units. */
function bySegments(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/** Where the previous version is, for {@link previousVersion}. */
export interface PreviousVersionSource {
  /** A file or folder with the manifests applied before. */
  readonly previous?: string;
  /** A git revision: `folder` as it is there is the previous version. */
  readonly revision?: string;
  /** The folder read at `revision` (relative to the working folder). */
  readonly folder?: string;
  /** The option that names the revision, as the user wrote it: the notes name it. */
  readonly option: string;
}

/**
 * The previous version for StorageChecks and the validation plugin, read as the CLI reads it:
 * what cannot be read is an input finding whose message starts "previous version: "; a revision
 * git cannot give means no previous version (`manifests` undefined: no change plan) and a note; a
 * folder missing at the revision is a note, and everything in it is created.
 */
export function previousVersion(
  source: PreviousVersionSource,
  note: (text: string) => void,
  cwd: string = process.cwd(),
): { manifests?: unknown[]; findings: Finding[] } {
  const prefixed = (findings: readonly Finding[]): Finding[] =>
    findings.map((f) => ({ ...f, message: `previous version: ${f.message}` }));
  if (source.previous !== undefined) {
    const { loadManifests } = require('./load') as typeof import('./load');
    const loaded = loadManifests([source.previous]);
    return { manifests: loaded.manifests, findings: prefixed(loaded.findings) };
  }
  if (source.revision === undefined) return { findings: [] };
  const folder = source.folder || '.';
  const loaded = loadAtRevision([folder], source.revision, cwd, source.option);
  if (typeof loaded === 'string' || 'unavailable' in loaded) {
    note(
      `no previous version, the change plan is left out: ${typeof loaded === 'string' ? loaded : loaded.unavailable}`,
    );
    return { findings: [] };
  }
  for (const p of loaded.missing ?? [])
    note(`${p} does not exist at ${source.revision.slice(0, 80)}: everything in it is created`);
  return { manifests: loaded.manifests, findings: prefixed(loaded.findings) };
}
