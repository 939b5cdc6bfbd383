/**
 * Reads Kubernetes manifests from files, directories and standard input into plain objects for the
 * plan, as kubectl reads them (src/k8s/yaml.ts), each with the file and line it came from.
 *
 * Never throws on bad input, and stays bounded on any input:
 * - a file it cannot read, a document it cannot parse, one past the size limits: an error finding
 *   (rule `manifest-unreadable`), and every other document is still planned, so one broken file does
 *   not hide what is wrong in the rest;
 * - what is not a Kubernetes API object (a Helm Chart.yaml or values file, a kustomization, a tool's
 *   config, a Go template that does not parse): skipped and listed in `skipped`, not an error
 *   (unless `strict`);
 * - files are read as a stream of documents, each parsed as it completes, so memory holds the
 *   objects, not the text as well; files, standard input and devices alike stop at
 *   {@link MAX_FILE_BYTES}, documents at {@link MAX_DOCUMENT_BYTES};
 * - a directory walk follows a symbolic link only when it stays within the paths given;
 * - no message quotes more than a short excerpt of the input.
 */
import * as fs from 'fs';
import * as path from 'path';
// `import =`: a plain require, so tests can stand in for the heap statistics
import v8 = require('v8');
import type { StreamDocument } from '../k8s/yaml';
import { nameOf, refOf } from './_manifest';
import { Finding } from './types';

/** Where a manifest was read: a file (relative to the working folder, or `stdin`) and a line. */
export interface ManifestSource {
  /** The file, relative to `LoadOptions.cwd`, with forward slashes; `stdin` for standard input. */
  readonly file: string;
  /** The 1-based line where the object's document starts (its first line that is not blank or a comment). */
  readonly line: number;
}

/** A document or file that is not a Kubernetes API object, and so is not planned. */
export interface SkippedInput {
  /** The file, as in {@link ManifestSource}. */
  readonly file: string;
  /**
   * The 1-based line of the document (or, for a template, of its first `{{`).
   * @default - none: the whole file is skipped
   */
  readonly line?: number;
  /** Why it is not planned. */
  readonly reason: string;
}

/** Manifests read from text or files, where each came from, what could not be read, and what was skipped. */
export interface LoadResult {
  /** The Kubernetes objects, in file order then document order; `List` kinds are expanded. */
  readonly manifests: unknown[];
  /** Where each manifest came from: `sources[i]` is the source of `manifests[i]` (a List's items share the List's). */
  readonly sources: ManifestSource[];
  /** One finding per file or document that could not be read, per duplicate key, per limit passed. */
  readonly findings: Finding[];
  /** The documents and files that are not API objects (none with `strict`: they are error findings). */
  readonly skipped: SkippedInput[];
}

/** Options for {@link loadManifests}. */
export interface LoadOptions {
  /**
   * The folder that file names in findings (`file:<path>#<doc>`) and sources are relative to.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * Report what is not an API object as an error (rule `manifest-not-an-object`) instead of
   * skipping it, and a key set twice in a mapping as an error instead of a warning, as
   * sigs.k8s.io/yaml's strict reading (`YAMLToJSONStrict`) does.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * The most bytes read from one file, standard input or device.
   * @default MAX_FILE_BYTES (256 MiB)
   */
  readonly maxFileBytes?: number;
  /**
   * The most characters read in one document.
   * @default MAX_DOCUMENT_BYTES (64 Mi)
   */
  readonly maxDocumentBytes?: number;
}

export const UNREADABLE_RULE = 'manifest-unreadable';
/** A key set twice in one mapping: a warning (an error with `strict`). */
export const DUPLICATE_KEY_RULE = 'manifest-duplicate-key';
/** With `strict`: a document or file that is not an API object. */
export const NOT_AN_OBJECT_RULE = 'manifest-not-an-object';

/**
 * The most the plan reads from one file, standard input or device: 256 MiB, beyond the largest
 * rendered charts and `kubectl get -A -o yaml` dumps, and a bound on what `plan -` or `plan /dev/zero`
 * can make it read. Its objects take a few times that in memory.
 */
export const MAX_FILE_BYTES = 256 * 2 ** 20;
/**
 * The most the plan reads in one document (characters, about its bytes for YAML): 64 Mi, far beyond
 * any object the API server stores (etcd's request limit is 1.5 MiB), so a larger document is
 * a mistake (a missing `---`) or not a manifest.
 */
export const MAX_DOCUMENT_BYTES = 64 * 2 ** 20;
/** Read in pieces of 1 MiB: each piece is cut into documents and parsed before the next is read. */
const CHUNK_BYTES = 2 ** 20;
/**
 * Stop reading when the heap is this full: the plan needs about as much again as the manifests it
 * reads (its index, the claims' candidates, the findings), and an exhausted heap aborts the process
 * without a word. Half the heap leaves the plan that room; node's heap is by default about a
 * quarter of the machine's memory (at most 4 GiB), so 200 MiB of YAML (some 650 MiB of objects)
 * is read on a machine of 8 GiB.
 */
const HEAP_STOP_SHARE = 0.5;

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Files a synth writes beside the manifests that are not manifests: skipped in directory walks. */
const NOT_MANIFESTS = new Set(['construct-metadata.json']);

/**
 * API groups of configuration files read by tools, never sent to an API server: a document with
 * such an apiVersion is skipped. Any group ending in `.config.k8s.io` is one too: the component
 * configs (kubelet, kube-proxy, kube-scheduler, kube-controller-manager, apiserver) and
 * kustomize's `kustomize.config.k8s.io` (Kustomization, Component).
 */
export const TOOL_CONFIG_GROUPS: readonly string[] = [
  'kind.x-k8s.io', // kind's Cluster
  'kubeadm.k8s.io', // kubeadm's InitConfiguration, JoinConfiguration, ClusterConfiguration
  'audit.k8s.io', // the API server's audit Policy file
  'apiserver.k8s.io', // the API server's AdmissionConfiguration (before apiserver.config.k8s.io)
  'skaffold', // skaffold.yaml: apiVersion skaffold/v4beta11
  'kpt.dev', // kpt's Kptfile
  'k3d.io', // k3d's Simple cluster config
];

/**
 * Parses one multi-document YAML (or JSON) text. `source` names the text in findings and sources:
 * a document that fails to parse is reported as `file:<source>#<index>`, its index counted from 0
 * among the documents of the text.
 */
export function parseManifestsText(text: string, source: string, options: LoadOptions = {}): LoadResult {
  const loader = new Loader(options);
  loader.readText(text, source);
  return loader.result();
}

/**
 * Reads manifests from files and directories. A directory is walked recursively for `*.yaml`,
 * `*.yml` and `*.json` in name order (code-unit order, so every machine reads them in the same
 * order), skipping `node_modules` and hidden folders, and following a symbolic link only when its
 * target is within one of `paths`; a file named explicitly is read whatever its extension (a device
 * or pipe too), and `-` is standard input. File names are relative to `options.cwd`.
 */
export function loadManifests(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const loader = new Loader(options);
  loader.readPaths(paths);
  return loader.result();
}

/**
 * The findings with `file` and `line` filled in from the manifest each names (`object` is its
 * `Kind/namespace/name` reference; the first manifest of that reference), where a finding does not
 * have them already. Findings about objects that are not manifests (the claims of a StatefulSet's
 * templates) are returned as they are.
 */
export function locateFindings(
  findings: readonly Finding[],
  loaded: { readonly manifests: readonly unknown[]; readonly sources: readonly ManifestSource[] },
): Finding[] {
  if (findings.every((f) => f.file !== undefined)) return [...findings];
  const wanted = new Set<string>();
  for (const f of findings) if (f.file === undefined) wanted.add(f.object);
  // A reference ends with the object's name, so the text after its last `/` is the end of the
  // name too: comparing that first skips building the reference of every manifest no finding names
  // (most of them, in a big input).
  const tails = new Set<string>();
  for (const ref of wanted) tails.add(ref.slice(ref.lastIndexOf('/') + 1));
  const where = new Map<string, ManifestSource>();
  for (let i = 0; i < loaded.manifests.length && where.size < wanted.size; i++) {
    const name = nameOf(loaded.manifests[i]);
    if (!tails.has(name.slice(name.lastIndexOf('/') + 1))) continue;
    const ref = refOf(loaded.manifests[i]); // `Kind/<no name>`-like for what is not an object: no finding names it
    const source = loaded.sources[i];
    if (source && wanted.has(ref) && !where.has(ref)) where.set(ref, source);
  }
  return findings.map((f) => {
    const source = f.file === undefined ? where.get(f.object) : undefined;
    return source ? { ...f, file: source.file, line: source.line } : f;
  });
}

/** The load of one call: what has been read so far. */
class Loader {
  private readonly manifests: unknown[] = [];
  private readonly sources: ManifestSource[] = [];
  private readonly findings: Finding[] = [];
  private readonly skipped: SkippedInput[] = [];
  private readonly cwd: string;
  private readonly strict: boolean;
  private readonly maxFileBytes: number;
  private readonly maxDocumentChars: number;
  /** Real paths already read, so a symlink loop or a repeated argument is read once. */
  private readonly seen = new Set<string>();
  /** The real paths of the paths given: a symbolic link is followed only within them. */
  private roots: string[] = [];
  /** Set once the heap is too full to read more (see {@link HEAP_STOP_SHARE}). */
  private outOfMemory = false;
  private buffer: Buffer | undefined;

  public constructor(options: LoadOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.strict = options.strict ?? false;
    this.maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
    this.maxDocumentChars = options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  }

  public result(): LoadResult {
    return {
      manifests: this.manifests,
      sources: this.sources,
      findings: this.findings,
      skipped: this.skipped,
    };
  }

  public readPaths(paths: readonly string[]): void {
    this.roots = paths.filter((p) => p !== '-').map((p) => realPath(path.resolve(this.cwd, p)) ?? '');
    for (const p of paths) {
      if (this.outOfMemory) break;
      if (p === '-') {
        this.readDescriptor(0, 'stdin', false); // `helm template . | cdk8s-volumes plan -`
      } else {
        this.visit(path.resolve(this.cwd, p), true);
      }
    }
  }

  /** Reads a text already in memory, named `source`. */
  public readText(text: string, source: string): void {
    const file = new FileRead(this, source);
    const stream = this.stream(file);
    stream.push(text);
    stream.end();
    file.finish();
  }

  // ----- the walk

  private visit(p: string, explicit: boolean): void {
    let stat: fs.Stats;
    let real: string;
    try {
      stat = fs.statSync(p);
      real = fs.realpathSync(p);
    } catch (e) {
      this.findings.push(fileFinding(this.display(p), e));
      return;
    }
    if (this.seen.has(real)) return;
    this.seen.add(real);
    if (stat.isDirectory()) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(p, { withFileTypes: true });
      } catch (e) {
        this.findings.push(fileFinding(this.display(p), e));
        return;
      }
      for (const entry of entries.sort((a, b) => cmp(a.name, b.name))) {
        if (this.outOfMemory) return;
        const child = path.join(p, entry.name);
        const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(child));
        if (
          isDir ? entry.name === 'node_modules' || entry.name.startsWith('.') : !isManifestName(entry.name)
        ) {
          continue;
        }
        if (entry.isSymbolicLink() && !this.withinRoots(child)) {
          this.skip({
            file: this.display(child),
            reason: 'a symbolic link that leads outside the paths given: not followed',
          });
          continue;
        }
        this.visit(child, false);
      }
    } else if (stat.isFile() || explicit) {
      let fd: number;
      try {
        fd = fs.openSync(p, 'r');
      } catch (e) {
        this.findings.push(fileFinding(this.display(p), e));
        return;
      }
      try {
        this.readDescriptor(fd, this.display(p), stat.isFile() ? stat.size : undefined);
      } finally {
        fs.closeSync(fd);
      }
    }
  }

  /** Whether the real path of a link (dangling: its own path) is within one of the paths given. */
  private withinRoots(link: string): boolean {
    const real = realPath(link);
    if (real === undefined) return true; // dangling: reading it reports that it cannot be read
    return this.roots.some((root) => root !== '' && (real === root || real.startsWith(root + path.sep)));
  }

  // ----- reading

  /**
   * Reads a file, standard input or a device in pieces, parsing each document as it completes.
   * `size` is a regular file's size (checked against the limit before reading), false for stdin.
   */
  private readDescriptor(fd: number, name: string, size: number | false | undefined): void {
    if (typeof size === 'number' && size > this.maxFileBytes) {
      this.error(`file:${name}`, name, undefined, this.fileTooLarge(name, size));
      return;
    }
    const file = new FileRead(this, name);
    const stream = this.stream(file);
    const { StringDecoder } = require('string_decoder') as typeof import('string_decoder');
    const decoder = new StringDecoder('utf8');
    const buffer = (this.buffer ??= Buffer.allocUnsafe(CHUNK_BYTES));
    let total = 0;
    try {
      for (;;) {
        const n = readSome(fd, buffer);
        if (n === 0) break;
        total += n;
        if (total > this.maxFileBytes) {
          this.error(`file:${name}`, name, undefined, this.fileTooLarge(name, undefined));
          break;
        }
        const nul = buffer.indexOf(0);
        if (nul >= 0 && nul < n) {
          this.error(
            `file:${name}`,
            name,
            undefined,
            `cannot read: ${name} is not text (a NUL byte at offset ${total - n + nul}), not YAML or JSON`,
          );
          break;
        }
        stream.push(decoder.write(buffer.subarray(0, n)));
        if (this.heapFull(name)) break;
      }
      stream.push(decoder.end());
      stream.end();
    } catch (e) {
      this.findings.push(fileFinding(name, e));
    }
    file.finish();
  }

  private stream(file: FileRead): import('../k8s/yaml').KubectlDocumentStream {
    // Required here, not at the top: `cdk8s-volumes --help` and plans of objects already in
    // memory never load the YAML parser.
    const { KubectlDocumentStream } = require('../k8s/yaml') as typeof import('../k8s/yaml');
    return new KubectlDocumentStream((doc) => file.document(doc), this.maxDocumentChars);
  }

  private heapFull(name: string): boolean {
    const heap = v8.getHeapStatistics();
    if (heap.used_heap_size < HEAP_STOP_SHARE * heap.heap_size_limit) return false;
    const mib = (x: number): number => Math.round(x / 2 ** 20);
    this.error(
      `file:${name}`,
      name,
      undefined,
      `the manifests read so far fill ${mib(heap.used_heap_size)} MiB of the ${mib(heap.heap_size_limit)} MiB ` +
        `heap: the plan stops reading in ${name} (give node more with NODE_OPTIONS=--max-old-space-size=MiB, ` +
        'or plan fewer files at a time)',
    );
    this.outOfMemory = true;
    return true;
  }

  private fileTooLarge(name: string, size: number | undefined): string {
    const { sizeText } = require('../k8s/yaml') as typeof import('../k8s/yaml');
    const what = name === 'stdin' ? 'standard input' : name;
    return (
      `${what} is ${size === undefined ? 'larger than' : `${Math.ceil(size / 2 ** 20)} MiB, more than`} the ` +
      `${sizeText(this.maxFileBytes)} the plan reads from one file${size === undefined ? ' (the rest is not read)' : ''}: split it`
    );
  }

  // ----- results

  /** Where the results of a file start, to drop them when the file turns out to be a template. */
  public mark(): [number, number, number] {
    return [this.manifests.length, this.findings.length, this.skipped.length];
  }

  public dropFrom([manifests, findings, skipped]: [number, number, number]): void {
    this.manifests.length = manifests;
    this.sources.length = manifests;
    this.findings.length = findings;
    this.skipped.length = skipped;
  }

  public add(manifest: unknown, source: ManifestSource): void {
    this.manifests.push(manifest);
    this.sources.push(source);
  }

  /** Not an API object: skipped, or an error with `strict`. */
  public skip(entry: SkippedInput, object = `file:${entry.file}`): void {
    if (this.strict) {
      this.error(object, entry.file, entry.line, `${entry.reason} (--strict)`, NOT_AN_OBJECT_RULE);
    } else {
      this.skipped.push(entry);
    }
  }

  /**
   * A key set twice. What happens to it depends on the tool that applies the file: kubectl apply -f
   * keeps the last value (cli-runtime `StreamVisitor.Visit` decodes with `NewYAMLOrJSONDecoder`,
   * whose sigs.k8s.io/yaml `Unmarshal` is not strict: go-yaml v2's `setMapIndex` overwrites), while
   * kustomize (kubectl apply -k, Flux's kustomize-controller, Argo CD) rejects the file ("mapping
   * key … already defined": kubernetes-sigs/kustomize#3480, projectcalico/calico#4803). A verdict
   * that depends on what the plan cannot see is a warning (DESIGN.md, "How the plan judges"); with
   * `strict` an error, as sigs.k8s.io/yaml's `YAMLToJSONStrict` refuses it.
   */
  public duplicate(object: string, file: string, line: number, message: string): void {
    this.findings.push({
      severity: this.strict ? 'error' : 'warning',
      rule: DUPLICATE_KEY_RULE,
      object,
      message,
      file,
      line,
    });
  }

  public error(
    object: string,
    file: string,
    line: number | undefined,
    message: string,
    rule = UNREADABLE_RULE,
  ): void {
    this.findings.push(
      line === undefined
        ? { severity: 'error', rule, object, message, file }
        : { severity: 'error', rule, object, message, file, line },
    );
  }

  /** A path relative to the working folder, or absolute when it is outside it (`/dev/stdin`). */
  private display(file: string): string {
    const rel = path.relative(this.cwd, file) || '.';
    return (rel === '..' || rel.startsWith(`..${path.sep}`) ? file : rel).split(path.sep).join('/');
  }
}

/** The documents of one file as they come from the stream. */
class FileRead {
  private readonly start: [number, number, number];
  /** The line of the first `{{` of the file, if any. */
  private templateLine: number | undefined;
  private parseFailed = false;

  public constructor(
    private readonly loader: Loader,
    private readonly name: string,
  ) {
    this.start = loader.mark();
  }

  public document(doc: StreamDocument): void {
    const object = `file:${this.name}#${doc.index}`;
    if (this.templateLine === undefined) {
      const at = doc.text.indexOf('{{');
      if (at >= 0) this.templateLine = doc.firstLine + countLines(doc.text.slice(0, at));
    }
    const { error, duplicate, value } = doc.parsed;
    if (error) {
      if (doc.text !== '') this.parseFailed = true;
      const where =
        error.line === undefined
          ? ''
          : ` at line ${doc.firstLine + error.line}, column ${(error.column ?? 0) + 1}`;
      // the parser's own errors have a position; the stream's and the reader's say what they are
      const prefix = error.line === undefined ? '' : 'cannot parse YAML: ';
      this.loader.error(object, this.name, doc.line, `${prefix}${error.message}${where}`);
      return;
    }
    if (duplicate) {
      const { excerpt } = require('../k8s/yaml') as typeof import('../k8s/yaml');
      this.loader.duplicate(
        object,
        this.name,
        doc.line,
        `the key ${excerpt(duplicate.key)} is set twice in one mapping (line ${doc.firstLine + (duplicate.line ?? 0)}): ` +
          'kubectl apply -f keeps the last value, kustomize (kubectl apply -k, Flux, Argo CD) rejects the file',
      );
    }
    this.collect(value, object, doc.line);
  }

  /** Adds a parsed document: objects as they are, `List` kinds item by item, nothing for empty documents. */
  private collect(value: unknown, object: string, line: number): void {
    if (value === null || value === undefined) return; // an empty document, or only comments
    const why = notAnApiObject(value);
    if (why !== undefined) {
      this.loader.skip({ file: this.name, line, reason: why }, object);
      return;
    }
    const obj = value as Record<string, unknown>;
    // `kubectl get -o yaml` writes `kind: List`; the API returns typed lists such as
    // `PersistentVolumeList`. kubectl apply accepts both, so the plan reads their items.
    if ((obj.kind as string).endsWith('List') && Array.isArray(obj.items)) {
      for (const item of obj.items) this.collect(item, object, line);
      return;
    }
    this.loader.add(obj, { file: this.name, line });
  }

  /**
   * A Go template (a Helm chart's templates/) that does not parse is skipped whole: what parsed of
   * it is template text, not objects.
   */
  public finish(): void {
    if (this.templateLine === undefined || !this.parseFailed) return;
    this.loader.dropFrom(this.start);
    this.loader.skip({
      file: this.name,
      line: this.templateLine,
      reason: 'a Go template ({{ … }}) that does not parse as YAML: render it first (helm template)',
    });
  }
}

/** Why a parsed document is not a Kubernetes API object, or undefined when it is one. */
export function notAnApiObject(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `the document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a Kubernetes object`;
  }
  const { kind, apiVersion } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || kind === '') {
    return (
      'the document has no kind: not a Kubernetes object (a Helm Chart.yaml or values file, a ' +
      "kustomization, a tool's configuration)"
    );
  }
  if (typeof apiVersion !== 'string') return undefined; // an object without apiVersion: the plan reports it
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (TOOL_CONFIG_GROUPS.includes(group) || group.endsWith('.config.k8s.io')) {
    return `${apiVersion} ${kind} is a tool's configuration file, not an API object`;
  }
  if (apiVersion === 'v1' && kind === 'Config') return 'a kubeconfig (v1 Config), not an API object';
  return undefined;
}

/**
 * Standard input made non-blocking by whoever started the CLI answers EAGAIN while the writer is
 * still at work: wait 10 ms and read again, as a blocking read would wait, for up to 10 minutes.
 */
const EAGAIN_WAITS = 60_000;

/** `fs.readSync`, waiting out EAGAIN (see {@link EAGAIN_WAITS}). */
function readSome(fd: number, buffer: Buffer): number {
  for (let waits = 0; ; waits++) {
    try {
      return fs.readSync(fd, buffer, 0, buffer.length, null);
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      if (code === 'EOF') return 0; // Windows: the end of a pipe
      if (code !== 'EAGAIN' || waits >= EAGAIN_WAITS) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** True for a file a directory walk reads: `*.yaml`, `*.yml`, `*.json`, but not a synth's construct-metadata.json. */
export function isManifestName(name: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase()) && !NOT_MANIFESTS.has(name);
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
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
    file,
  };
}

function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
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

/** The first line of a message, without a trailing colon, at most 200 characters. */
function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/:\s*$/, '');
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Code-unit order, not locale order: the same directory reads the same on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
