/**
 * Reads Kubernetes manifests from files and directories into plain objects for the plan.
 * Never throws on bad input: a file it cannot read or a document it cannot parse becomes an
 * error finding (rule `manifest-unreadable`), and every other document is still planned, so one
 * broken file does not hide what is wrong in the rest.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding } from './types';

/** Manifests read from text or files, and what could not be read. */
export interface LoadResult {
  /** The Kubernetes objects, in file order then document order; `List` kinds are expanded. */
  readonly manifests: unknown[];
  /** One error finding per file or document that could not be read. */
  readonly findings: Finding[];
}

/** Options for {@link loadManifests}. */
export interface LoadOptions {
  /**
   * The folder that finding objects (`file:<path>#<doc>`) are relative to.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

export const UNREADABLE_RULE = 'manifest-unreadable';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Files a synth writes beside the manifests that are not manifests: skipped in directory walks. */
const NOT_MANIFESTS = new Set(['construct-metadata.json']);

/**
 * Parses one multi-document YAML (or JSON) text. `source` names the text in findings:
 * a document that fails to parse is reported as `file:<source>#<index>`, its index counted
 * from 0 among the documents of the text.
 */
export function parseManifestsText(text: string, source: string): LoadResult {
  const manifests: unknown[] = [];
  const findings: Finding[] = [];
  const unreadable = (index: number, message: string): void => {
    findings.push({ severity: 'error', rule: UNREADABLE_RULE, object: `file:${source}#${index}`, message });
  };
  // Required here, not at the top: `cdk8s-volumes --help` and plans built from objects
  // already in memory never pay for loading the YAML parser.
  const yaml = require('yaml') as typeof import('yaml');
  // YAML 1.1, as kubectl (go-yaml) and cdk8s read and write it: `defaultMode: 0644` is octal 420,
  // and `yes` is a boolean. The 1.2 default would silently read both differently.
  const docs = yaml.parseAllDocuments(text, { version: '1.1' });
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      unreadable(index, `cannot parse YAML: ${doc.errors.map((e) => firstLine(e.message)).join('; ')}`);
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      // unresolved aliases and alias bombs surface here, not in doc.errors
      unreadable(index, `cannot parse YAML: ${firstLine(errorMessage(e))}`);
      return;
    }
    collect(value, (message) => unreadable(index, message), manifests);
  });
  return { manifests, findings };
}

/**
 * Reads manifests from files and directories. A directory is walked recursively for `*.yaml`,
 * `*.yml` and `*.json` in name order (code-unit order, so every machine reads them in the same
 * order), skipping `node_modules` and hidden folders; a file named explicitly is read whatever
 * its extension, and `-` is standard input. Finding objects name files relative to `options.cwd`.
 */
export function loadManifests(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const manifests: unknown[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>(); // real paths, so a symlink loop or a repeated argument is read once
  // One by one, not push(...items): spread arguments overflow the call stack at ~100k items.
  const add = (result: LoadResult): void => {
    for (const m of result.manifests) manifests.push(m);
    for (const f of result.findings) findings.push(f);
  };
  const display = (file: string): string => {
    const rel = path.relative(cwd, file) || '.';
    return rel.split(path.sep).join('/');
  };
  const readFile = (file: string): void => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf-8');
    } catch (e) {
      findings.push(fileFinding(display(file), e));
      return;
    }
    add(parseManifestsText(text, display(file)));
  };
  const visit = (p: string, explicit: boolean): void => {
    let stat: fs.Stats;
    let real: string;
    try {
      stat = fs.statSync(p);
      real = fs.realpathSync(p);
    } catch (e) {
      findings.push(fileFinding(display(p), e));
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    if (stat.isDirectory()) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(p, { withFileTypes: true });
      } catch (e) {
        findings.push(fileFinding(display(p), e));
        return;
      }
      for (const entry of entries.sort((a, b) => cmp(a.name, b.name))) {
        const child = path.join(p, entry.name);
        if (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(child))) {
          if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
          visit(child, false);
        } else if (
          MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) &&
          !NOT_MANIFESTS.has(entry.name)
        ) {
          visit(child, false);
        }
      }
    } else if (stat.isFile() || explicit) {
      readFile(p);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      // `helm template . | cdk8s-volumes plan -`
      try {
        add(parseManifestsText(fs.readFileSync(0, 'utf-8'), 'stdin'));
      } catch (e) {
        findings.push(fileFinding('stdin', e));
      }
    } else {
      visit(path.resolve(cwd, p), true);
    }
  }
  return { manifests, findings };
}

/** Adds a parsed document to `out`: objects as they are, `List` kinds item by item, nothing for empty documents. */
function collect(value: unknown, problem: (message: string) => void, out: unknown[]): void {
  if (value === null || value === undefined) return; // an empty document, or only comments
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem(
      `the document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a Kubernetes object`,
    );
    return;
  }
  const obj = value as Record<string, unknown>;
  // Said here, where the file is known: validate would only see `<no kind>/default/<no name>`.
  if (typeof obj.kind !== 'string') {
    problem('the document has no kind: it is not a Kubernetes object');
    return;
  }
  // `kubectl get -o yaml` writes `kind: List`; the API returns typed lists such as `PersistentVolumeList`.
  // kubectl apply accepts both, so the plan reads their items.
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    for (const item of obj.items) collect(item, problem, out);
    return;
  }
  out.push(obj);
}

function fileFinding(file: string, e: unknown): Finding {
  const code = (e as { code?: unknown } | null)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : firstLine(errorMessage(e));
  return {
    severity: 'error',
    rule: UNREADABLE_RULE,
    object: `file:${file}`,
    message: `cannot read: ${reason}`,
  };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** An error's message; `instanceof Error` fails for errors from another realm (vm, jest). */
function errorMessage(e: unknown): string {
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(e);
}

/** The parser's messages carry a multi-line excerpt after `at line L, column C:`; the first line says it all. */
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:\s*$/, '');
}

/** Code-unit order, not locale order: the same directory reads the same on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
