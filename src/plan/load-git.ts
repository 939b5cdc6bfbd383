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

/**
 * The manifests at `rev` of `paths` (files or directories, relative to `cwd`), or a usage error
 * message (not in a repository, an unknown revision, a path outside the repository). A path that
 * does not exist at `rev` has no manifests: everything under it is created by the change.
 */
export function loadAtRevision(
  paths: readonly string[],
  rev: string,
  cwd: string = process.cwd(),
): Pick<LoadResult, 'manifests' | 'findings'> | string {
  const git = (args: string[], maxBuffer = 16 * 2 ** 20): string =>
    execFileSync('git', args, { cwd, encoding: 'utf-8', maxBuffer, stdio: ['ignore', 'pipe', 'pipe'] });
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel']).trim();
  } catch {
    return '--previous-git: the current folder is not inside a git repository';
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    return `--previous-git: ${JSON.stringify(rev.slice(0, 80))} is not a revision of this repository`;
  }
  const manifests: unknown[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const rel = path.relative(top, path.resolve(cwd, p)).split(path.sep).join('/');
    if (rel.startsWith('..')) return `--previous-git: ${p} is outside the repository`;
    const listed = git(
      ['ls-tree', '-r', '-z', '--name-only', '--full-tree', rev, '--', rel || '.'],
      256 * 2 ** 20,
    )
      .split('\0')
      .filter((f) => f !== '');
    for (const file of listed.sort()) {
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
  return { manifests, findings };
}
