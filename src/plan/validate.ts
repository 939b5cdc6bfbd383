/**
 * The API server's storage rules that the JSON schema alone does not catch, over plain
 * manifests (pkg/apis/core/validation: ValidatePersistentVolume, ValidatePersistentVolumeClaim,
 * ValidateVolumes, ValidateVolumeMounts; pkg/apis/storage/validation: StorageClass), plus the
 * few things the API server accepts but the node then refuses (a relative host path, an unknown
 * emptyDir medium, two mounts at one path). Every finding names the value received and what is
 * allowed. Reads only fixed paths, never recurses over input, never throws.
 */
import {
  asArray,
  asRecord,
  asString,
  containersOf,
  describe,
  FindingSink,
  get,
  guard,
  indexManifests,
  isClusterScoped,
  Json,
  kindOf,
  ManifestEntry,
  ManifestIndex,
  podTemplateOf,
  refOf,
} from './_manifest';
import { hasBacksteps, HOST_PATH_TYPES, normalizeMountPath } from '../k8s/hostpath';
import {
  dnsLabelProblem,
  dnsSubdomainProblem,
  goTrimSpace,
  objectNameProblem,
  qualifiedNameProblem,
} from '../k8s/names';
import {
  compareQuantities,
  parseQuantity,
  ParsedQuantity,
  QUANTITY_HINT,
  storageSizeProblem,
} from '../k8s/quantity';
import { Finding } from './types';

/**
 * The volume sources of a pod volume (io.k8s.api.core.v1.Volume) in any of Kubernetes 1.27 to 1.36
 * (`image` from 1.31): exactly one per volume. Which exist in the target version is the schema's
 * to say; test/k8s/volume-sources.test.ts checks this list against the vendored schemas.
 */
export const POD_VOLUME_SOURCES = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'image',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
] as const;

/** The volume sources of a PersistentVolume (io.k8s.api.core.v1.PersistentVolumeSpec, 1.27 to 1.36): exactly one. */
export const PV_SOURCES = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'csi',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'glusterfs',
  'hostPath',
  'iscsi',
  'local',
  'nfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
] as const;

/** PersistentVolumeSpec fields that are not sources, so an unknown key can be told from a field. */
const PV_SPEC_FIELDS = new Set([
  'accessModes',
  'capacity',
  'claimRef',
  'mountOptions',
  'nodeAffinity',
  'persistentVolumeReclaimPolicy',
  'storageClassName',
  'volumeMode',
  'volumeAttributesClassName',
]);

export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;
const PV_RECLAIM_POLICIES = ['Retain', 'Delete', 'Recycle'] as const;
/** A StorageClass cannot ask for Recycle: the provisioner deletes or keeps what it made. */
const CLASS_RECLAIM_POLICIES = ['Delete', 'Retain'] as const;
const VOLUME_MODES = ['Filesystem', 'Block'] as const;
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'] as const;
const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
/** The one-of members of a projected volume's `sources[]` entry. */
const PROJECTION_SOURCES = [
  'secret',
  'configMap',
  'downwardAPI',
  'serviceAccountToken',
  'clusterTrustBundle',
] as const;
/** The largest file mode: 0777 octal. */
const MAX_FILE_MODE = 0o777;

/** Kinds whose name rule this module knows (others, e.g. RBAC roles with ':' in names, are left alone). */
const NAMED_KINDS = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'StorageClass',
  'ConfigMap',
  'Secret',
  'Service',
  'Namespace',
]);

/** The source keys a volume (or PV spec) sets, among `allowed`; null counts as unset, as in Go. */
export function volumeSourcesOf(holder: unknown, allowed: readonly string[]): string[] {
  const out: string[] = [];
  const r = asRecord(holder);
  if (!r) return out;
  for (const k of allowed) {
    const v = r[k];
    if (v !== undefined && v !== null) out.push(k);
  }
  return out;
}

/**
 * Findings for every manifest, plus the one rule across manifests: the same object twice.
 * A manifest that cannot be read is an `error` finding `manifest-unreadable`.
 */
export function validateManifests(manifests: readonly unknown[]): Finding[] {
  if (!Array.isArray(manifests)) {
    return [
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: '<input>',
        message: `the manifests are ${describe(manifests)}, not a list`,
      },
    ];
  }
  return validateIndexed(indexManifests(manifests));
}

/** {@link validateManifests} over manifests already read by the pre-pass (planStorage). */
export function validateIndexed(index: ManifestIndex): Finding[] {
  const findings: Finding[] = [];
  // Occurrences of each (apiVersion, ref) pair, in nested maps by the parts themselves: no key
  // string per manifest (a joined key would also make "a|b" + "c" and "a" + "b|c" one object),
  // and the ref's hash is the one later maps of findings by object reuse.
  const seen = new Map<string, Map<string, number>>();
  const list = index.manifests;
  const entries = index.entries;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    const i = e.position;
    if (!(i in list)) continue; // a hole in a sparse list, which forEach skipped
    validateOne(e, i, findings);
    // The same kind/namespace/name twice (per API group version): the later apply wins.
    // Objects named by generateName get a new name each, so they never collide.
    if (e.problem || (!e.unread && e.name?.endsWith('*'))) continue;
    const m = e.manifest;
    let ref: string | undefined;
    let apiVersion: string;
    if (e.unread) {
      ref = guard(() => refOf(m), undefined);
      if (ref === undefined) continue;
      // As the key always read it: "undefined" when not a string.
      apiVersion = String(guard(() => asString(get(m, 'apiVersion')), ''));
    } else {
      ref = e.ref;
      apiVersion = (m as Json).apiVersion as string; // a string: manifestProblem checked it
    }
    let byRef = seen.get(apiVersion);
    if (!byRef) seen.set(apiVersion, (byRef = new Map()));
    const count = (byRef.get(ref) ?? 0) + 1;
    byRef.set(ref, count);
    if (count === 2) {
      findings.push({
        severity: 'warning',
        rule: 'duplicate-object',
        object: ref,
        message: `${ref} appears more than once in the manifests (again at manifests[${i}]); when applied, the later one replaces the earlier`,
      });
    }
  }
  return findings;
}

/** Findings for one object: what constructs call on the object they build. */
export function validateManifest(manifest: unknown): Finding[] {
  const findings: Finding[] = [];
  validateOne(indexManifests([manifest]).entries[0], -1, findings);
  return findings;
}

/** Where a manifest is, for messages: `manifests[3]`, or `<manifest>` for one checked alone (position -1). */
function whereOf(position: number): string {
  return position < 0 ? '<manifest>' : `manifests[${position}]`;
}

/** Appends the findings of one manifest to `findings`: all of them, or only why it could not be read. */
function validateOne(e: ManifestEntry, position: number, findings: Finding[]): void {
  const start = findings.length;
  const m = e.manifest;
  try {
    const problem = e.problem;
    if (problem) {
      const where = whereOf(position);
      const object = asRecord(m) ? (e.unread ? refOf(m) : e.ref) : where;
      findings.push({
        severity: 'error',
        rule: 'manifest-unreadable',
        object,
        message: `${where} ${problem}; a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)`,
      });
      return;
    }
    const out = new FindingSink(e.unread ? refOf(m) : e.ref, findings);
    checkObject(out, m as Json, e);
  } catch (err) {
    // The checks read only through safe accessors; this is the last guard (e.g. a Proxy whose getter
    // throws). Only this finding is reported for the object: drop what it had added.
    findings.length = start;
    const where = whereOf(position);
    findings.push({
      severity: 'error',
      rule: 'manifest-unreadable',
      object: where,
      message: `${where} could not be read: ${err instanceof Error ? err.message : describe(err)}`,
    });
  }
}

function checkObject(out: FindingSink, m: Json, e: ManifestEntry): void {
  const kind = e.unread ? kindOf(m) : e.kind;
  checkMetadata(out, m, kind);
  switch (kind) {
    case 'PersistentVolume':
      checkPersistentVolume(out, m);
      break;
    case 'PersistentVolumeClaim':
      checkClaimSpec(out, m.spec, 'spec');
      break;
    case 'StorageClass':
      checkStorageClass(out, m);
      break;
    default: {
      const tpl = e.unread ? podTemplateOf(m) : e.template;
      if (tpl) {
        const templateNames = kind === 'StatefulSet' ? checkClaimTemplates(out, m) : new Set<string>();
        checkPodSpec(out, tpl.spec, tpl.path, templateNames, kind === 'Pod');
        if (kind === 'Pod') checkEphemeralClaimNames(out, m, tpl.spec);
      } else if (
        [
          'Pod',
          'Deployment',
          'StatefulSet',
          'DaemonSet',
          'ReplicaSet',
          'ReplicationController',
          'Job',
          'CronJob',
        ].includes(kind)
      ) {
        out.error(
          'required-field',
          undefined,
          `${kind} has no pod spec where one is required (an object at spec, spec.template.spec or spec.jobTemplate.spec.template.spec)`,
        );
      }
    }
  }
}

/**
 * What a StatefulSet's name must also be for its pods to exist, beyond the DNS-1123 label the API
 * server asks of it (ValidateStatefulSetName is NameIsDNSLabel since 1.27, kubernetes#114172; see
 * objectNameProblem). The controller names each pod `<name>-<ordinal>` and makes that its hostname
 * (initIdentity), which ValidatePodSpec requires to be a DNS-1123 label: a name of 62 or 63
 * characters is accepted and its pods are refused. It also labels each pod
 * `controller-revision-hash: <name>-<hash>` (the ControllerRevision's name; the hash is
 * SafeEncodeString of an FNV-32 sum, 1 to 10 characters), a label value of at most 63 characters:
 * from 53 characters that depends on the hash (kubernetes#64023).
 */
function statefulSetName(out: FindingSink, name: string): void {
  if (name.length + '-0'.length > 63) {
    out.error(
      'name-invalid',
      'metadata.name',
      `StatefulSet name "${name}" has ${name.length} characters: its pods are named <name>-<ordinal> and that is their hostname, a DNS-1123 label of at most 63 characters, so the API server refuses every pod and none runs; keep the name to 52 characters`,
    );
  } else if (name.length > 52) {
    out.warning(
      'name-invalid',
      'metadata.name',
      `StatefulSet name "${name}" has ${name.length} characters: the controller labels its pods controller-revision-hash: <name>-<hash> (the hash has up to 10 characters), a label value of at most 63 characters; with a long hash the API server refuses every pod (kubernetes#64023): keep the name to 52 characters`,
    );
  }
}

function checkMetadata(out: FindingSink, m: Json, kind: string): void {
  const name = get(m, 'metadata', 'name');
  const prefix = get(m, 'metadata', 'generateName');
  if (NAMED_KINDS.has(kind)) {
    if ((name === undefined || name === null || name === '') && typeof prefix === 'string' && prefix !== '') {
      // ValidateObjectMeta checks a generateName as a name prefix: apimachinery's maskTrailingDash
      // (pkg/api/validation/generic.go) turns a trailing '-' into a letter first, as upstream writes
      // it: name[:len(name)-2] + "a", and only when the prefix is longer than one character.
      const masked = prefix.length > 1 && prefix.endsWith('-') ? prefix.slice(0, -2) + 'a' : prefix;
      const problem = objectNameProblem(kind, masked);
      if (problem) {
        // The problem quotes the masked prefix: name the prefix as written instead.
        const shown = JSON.stringify(prefix.length > 60 ? prefix.slice(0, 57) + '...' : prefix);
        out.error(
          'name-invalid',
          'metadata.generateName',
          `${kind} generateName ${problem.replace(JSON.stringify(masked), shown)} (a name prefix, so a trailing '-' is allowed)`,
        );
      }
    } else {
      const problem = objectNameProblem(kind, name);
      if (problem) out.error('name-invalid', 'metadata.name', `${kind} name ${problem}`);
      else if (kind === 'StatefulSet') statefulSetName(out, name as string);
    }
  }
  const ns = get(m, 'metadata', 'namespace');
  if (ns === undefined || ns === null || ns === '') return;
  if (isClusterScoped(kind)) {
    // kubectl and the API server drop it silently; it misleads readers into thinking the object is per-namespace.
    out.warning(
      'cluster-scoped-namespace',
      'metadata.namespace',
      `metadata.namespace is ${describe(ns)}, but a ${kind} is cluster-scoped: the namespace is ignored; remove it`,
    );
  } else if (typeof ns !== 'string') {
    out.error('field-type', 'metadata.namespace', `metadata.namespace is ${describe(ns)}; expected a string`);
  } else {
    const problem = dnsLabelProblem(ns);
    if (problem) out.error('name-invalid', 'metadata.namespace', `namespace ${problem}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Small field checks, each the one place for its rule.

/** A required, non-empty string. Returns it, or undefined after reporting. */
function requiredString(out: FindingSink, value: unknown, field: string, what: string): string | undefined {
  if (value === undefined || value === null || value === '') {
    out.error('required-field', field, `${what} is required (got ${describe(value)})`);
    return undefined;
  }
  if (typeof value !== 'string') {
    out.error('field-type', field, `${what} is ${describe(value)}; expected a string`);
    return undefined;
  }
  return value;
}

/** One of a fixed set of wire strings; unset is allowed (the API server defaults it). */
function enumValue(
  out: FindingSink,
  rule: string,
  value: unknown,
  field: string,
  what: string,
  allowed: readonly string[],
): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string' && allowed.includes(value)) return;
  const list = allowed.map((a) => (a === '' ? '"" (unset)' : a)).join(', ');
  out.error(rule, field, `${what} is ${describe(value)}; allowed: ${list}`);
}

/** A quantity that must parse and not be negative (sizeLimit, container resources). */
function quantity(out: FindingSink, value: unknown, field: string, what: string): ParsedQuantity | undefined {
  if (value === undefined || value === null) return undefined;
  const q = typeof value === 'string' || typeof value === 'number' ? parseQuantity(value) : undefined;
  if (!q) {
    out.error('quantity-format', field, `${what} is ${describe(value)}, which is not ${QUANTITY_HINT}`);
    return undefined;
  }
  if (q.nanos < 0n) {
    out.error('quantity-range', field, `${what} is ${describe(value)}; it must not be negative`);
    return undefined;
  }
  return q;
}

/** A storage size (PV capacity, claim request): required, a quantity, greater than zero. */
function storageSize(out: FindingSink, value: unknown, field: string, what: string): void {
  if (value === undefined || value === null || value === '') {
    out.error('required-field', field, `${what} ${storageSizeProblem(undefined)}`);
    return;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    // storageSizeProblem would JSON.stringify an object, which can throw on cyclic or very deep input.
    out.error('quantity-format', field, `${what} is ${describe(value)}, which is not ${QUANTITY_HINT}`);
    return;
  }
  const problem = storageSizeProblem(value);
  if (problem)
    out.error(parseQuantity(value) ? 'quantity-range' : 'quantity-format', field, `${what} ${problem}`);
}

/** Access modes: known values, and ReadWriteOncePod alone. */
function accessModes(out: FindingSink, value: unknown, field: string): void {
  if (value !== undefined && value !== null && !Array.isArray(value)) {
    out.error(
      'field-type',
      field,
      `accessModes is ${describe(value)}; expected a list such as [ReadWriteOnce]`,
    );
    return;
  }
  const modes = asArray(value);
  if (modes.length === 0) {
    out.error(
      'required-field',
      field,
      `accessModes is ${describe(value)}; at least one is required: ${ACCESS_MODES.join(', ')}`,
    );
    return;
  }
  // Every object has access modes, nearly all valid: check before building a field path or a list.
  let rwop = false;
  let other = false;
  for (let i = 0; i < modes.length; i++) {
    const mode = modes[i];
    if (mode === 'ReadWriteOncePod') rwop = true;
    else if (typeof mode === 'string' && (ACCESS_MODES as readonly string[]).includes(mode)) other = true;
    else enumValue(out, 'access-mode', mode, `${field}[${i}]`, 'access mode', ACCESS_MODES);
  }
  if (rwop && other) {
    const known = modes.filter(
      (x): x is string => typeof x === 'string' && (ACCESS_MODES as readonly string[]).includes(x),
    );
    out.error(
      'access-mode',
      field,
      `accessModes are [${known.join(', ')}]; ReadWriteOncePod cannot be combined with other access modes`,
    );
  }
}

/** A StorageClass name reference: empty means "no class"; otherwise a DNS-1123 subdomain. */
function className(out: FindingSink, value: unknown, field: string): void {
  if (value === undefined || value === null || value === '') return;
  if (typeof value !== 'string') {
    out.error('field-type', field, `storageClassName is ${describe(value)}; expected a string`);
    return;
  }
  const problem = dnsSubdomainProblem(value);
  if (problem) out.error('name-invalid', field, `storageClassName ${problem}`);
}

/**
 * A path on the node (hostPath, local) or an NFS export: required, no `..` element (the API
 * server's validatePathNoBacksteps, for hostPath and local). The API server requires an absolute
 * path only of an NFS export (validateNFSVolumeSource: Go's path.IsAbs, so `/...`); a relative
 * hostPath or local path it accepts, and what the node then mounts depends on its OS and runtime
 * (Windows nodes take `C:\\data` and `\\var\\lib\\kubelet`): a warning, not an error.
 */
function nodePath(out: FindingSink, value: unknown, field: string, what: string, nfs = false): void {
  const path = requiredString(out, value, field, what);
  if (path === undefined) return;
  if (!nfs && hasBacksteps(path))
    out.error('path-backsteps', field, `${what} is "${path}"; it must not contain a '..' element`);
  if (nfs) {
    if (!path.startsWith('/'))
      out.error(
        'path-not-absolute',
        field,
        `${what} is "${path}"; the API server requires an absolute path (starting with '/')`,
      );
  } else if (!isAbsolutePath(path)) {
    out.warning(
      'path-not-absolute',
      field,
      `${what} is "${path}", not an absolute path: the API server accepts it, but the kubelet hands it to the runtime as it is, so what a Linux node mounts is unclear or the mount fails; use an absolute path (on Windows nodes a drive, '\\'-rooted or UNC path)`,
    );
  }
}

/**
 * Absolute on a Linux or a Windows node: `/...`; a drive path (`C:\\data`, `c:/data`), a
 * `\\`-rooted path (the kubelet on Windows puts it on the system drive) or a UNC path.
 */
function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\');
}

/** A path inside a volume (subPath, items[].path, gitRepo.directory): relative, no `..` element. */
function descendingPath(out: FindingSink, path: string, field: string, what: string): void {
  if (path.startsWith('/'))
    out.error(
      'path-not-relative',
      field,
      `${what} is "${path}"; it must be a relative path inside the volume`,
    );
  if (hasBacksteps(path) || (path.startsWith('..') && !path.startsWith('../'))) {
    out.error('path-backsteps', field, `${what} is "${path}"; it must not contain or start with '..'`);
  }
}

/** A file mode: an integer from 0 to 0777. A decimal 644 (meant as octal) is the classic mistake. */
function fileMode(out: FindingSink, value: unknown, field: string, what: string): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_FILE_MODE) return;
  let hint = '';
  if (typeof value === 'number' && Number.isInteger(value) && /^[0-7]{3}$/.test(String(value))) {
    hint = `; ${value} looks like octal: write ${parseInt(String(value), 8)} (decimal) or 0${String(value).replace(/^0/, '')} in YAML 1.1`;
  }
  out.error(
    'file-mode',
    field,
    `${what} is ${describe(value)}; a file mode is an integer from 0 to 0777 octal (511 decimal)${hint}`,
  );
}

/** `items[]` of configMap, secret, downwardAPI and projected sources: path and mode. */
function keyToPathItems(out: FindingSink, items: unknown, field: string, keyRequired: boolean): void {
  asArray(items).forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (keyRequired) requiredString(out, get(item, 'key'), `${at}.key`, 'items[].key');
    const path = requiredString(out, get(item, 'path'), `${at}.path`, 'items[].path');
    if (path !== undefined) descendingPath(out, path, `${at}.path`, 'items[].path');
    fileMode(out, get(item, 'mode'), `${at}.mode`, 'items[].mode');
  });
}

function labelSelector(out: FindingSink, value: unknown, field: string): void {
  if (value === undefined || value === null) return;
  asArray(get(value, 'matchExpressions')).forEach((e, i) => {
    const at = `${field}.matchExpressions[${i}]`;
    requiredString(out, get(e, 'key'), `${at}.key`, 'matchExpressions[].key');
    const op = get(e, 'operator');
    const values = asArray(get(e, 'values'));
    if (typeof op !== 'string' || !(SELECTOR_OPERATORS as readonly string[]).includes(op)) {
      out.error(
        'label-selector',
        `${at}.operator`,
        `operator is ${describe(op)}; allowed: ${SELECTOR_OPERATORS.join(', ')}`,
      );
    } else if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      out.error(
        'label-selector',
        `${at}.values`,
        `operator ${op} needs a non-empty values list (got ${describe(get(e, 'values'))})`,
      );
    } else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      out.error(
        'label-selector',
        `${at}.values`,
        `operator ${op} takes no values (got ${describe(get(e, 'values'))})`,
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Volume sources, shared by pod volumes and PersistentVolumes.

type SourceCheck = (out: FindingSink, src: Json, at: string, inPV: boolean) => void;

/** Per-source rules beyond "exactly one source". Sources absent here have no checks of their own. */
const SOURCE_CHECKS: Readonly<Record<string, SourceCheck>> = {
  hostPath: (out, src, at) => {
    nodePath(out, src.path, `${at}.path`, 'hostPath path');
    enumValue(out, 'hostpath-type', src.type, `${at}.type`, 'hostPath type', HOST_PATH_TYPES);
  },
  local: (out, src, at) => nodePath(out, src.path, `${at}.path`, 'local path'),
  nfs: (out, src, at) => {
    requiredString(out, src.server, `${at}.server`, 'nfs server');
    nodePath(out, src.path, `${at}.path`, 'nfs path', true);
  },
  emptyDir: (out, src, at) => {
    const medium = src.medium;
    // The kubelet knows "", Memory, HugePages and HugePages-<size>; anything else fails at mount.
    const ok =
      medium === undefined ||
      medium === null ||
      medium === '' ||
      medium === 'Memory' ||
      medium === 'HugePages' ||
      (typeof medium === 'string' &&
        /^HugePages-/.test(medium) &&
        parseQuantity(medium.slice('HugePages-'.length)) !== undefined);
    if (!ok) {
      out.error(
        'emptydir-medium',
        `${at}.medium`,
        `emptyDir medium is ${describe(medium)}; allowed: "" (node disk), Memory, HugePages, HugePages-<size> (e.g. HugePages-2Mi)`,
      );
    }
    quantity(out, src.sizeLimit, `${at}.sizeLimit`, 'emptyDir sizeLimit');
  },
  configMap: (out, src, at) => {
    requiredString(out, src.name, `${at}.name`, 'configMap name');
    fileMode(out, src.defaultMode, `${at}.defaultMode`, 'defaultMode');
    keyToPathItems(out, src.items, `${at}.items`, true);
  },
  secret: (out, src, at) => {
    requiredString(out, src.secretName, `${at}.secretName`, 'secret secretName');
    fileMode(out, src.defaultMode, `${at}.defaultMode`, 'defaultMode');
    keyToPathItems(out, src.items, `${at}.items`, true);
  },
  downwardAPI: (out, src, at) => {
    fileMode(out, src.defaultMode, `${at}.defaultMode`, 'defaultMode');
    keyToPathItems(out, src.items, `${at}.items`, false);
  },
  projected: (out, src, at) => {
    fileMode(out, src.defaultMode, `${at}.defaultMode`, 'defaultMode');
    asArray(src.sources).forEach((s, i) => {
      const sp = `${at}.sources[${i}]`;
      const present = volumeSourcesOf(s, PROJECTION_SOURCES);
      if (present.length !== 1) {
        out.error(
          'volume-source',
          sp,
          `a projected source sets ${present.length ? present.join(', ') : 'nothing'}; each sets exactly one of ${PROJECTION_SOURCES.join(', ')}`,
        );
      }
      for (const k of ['secret', 'configMap'] as const)
        keyToPathItems(out, get(s, k, 'items'), `${sp}.${k}.items`, true);
      keyToPathItems(out, get(s, 'downwardAPI', 'items'), `${sp}.downwardAPI.items`, false);
    });
  },
  persistentVolumeClaim: (out, src, at) =>
    requiredString(out, src.claimName, `${at}.claimName`, 'persistentVolumeClaim claimName'),
  gitRepo: (out, src, at) => {
    requiredString(out, src.repository, `${at}.repository`, 'gitRepo repository');
    const dir = asString(src.directory);
    if (dir) descendingPath(out, dir, `${at}.directory`, 'gitRepo directory');
  },
  csi: (out, src, at, inPV) => {
    requiredString(out, src.driver, `${at}.driver`, 'csi driver');
    if (inPV) requiredString(out, src.volumeHandle, `${at}.volumeHandle`, 'csi volumeHandle');
  },
  ephemeral: (out, src, at) => {
    const vct = src.volumeClaimTemplate;
    if (!asRecord(vct)) {
      out.error(
        'required-field',
        `${at}.volumeClaimTemplate`,
        `an ephemeral volume needs a volumeClaimTemplate (got ${describe(vct)})`,
      );
      return;
    }
    // validatePersistentVolumeClaimTemplateObjectMeta: only labels and annotations are allowed
    // (allowedPVCTemplateObjectMetaFields); anything else "cannot be set for an ephemeral volume".
    const meta = asRecord(get(vct, 'metadata'));
    for (const key of Object.keys(meta ?? {}).sort()) {
      // validateFieldAllowList compares each field with its zero value: `creationTimestamp: null`
      // (as kubectl --dry-run prints templates), "" and 0 are unset; but 0 in a pointer field
      // (deletionGracePeriodSeconds is an *int64) is a value, not nil.
      const value = meta?.[key];
      if (
        key === 'labels' ||
        key === 'annotations' ||
        value === undefined ||
        value === null ||
        value === '' ||
        (value === 0 && key !== 'deletionGracePeriodSeconds')
      )
        continue;
      out.error(
        'ephemeral-template-metadata',
        `${at}.volumeClaimTemplate.metadata.${key}`,
        `metadata.${key} cannot be set for an ephemeral volume: only labels and annotations are allowed (the claim is named <pod name>-<volume name>, in the pod's namespace)`,
      );
    }
    checkClaimSpec(out, get(vct, 'spec'), `${at}.volumeClaimTemplate.spec`);
  },
};

/**
 * A Pod's generic ephemeral volumes: the claim `<pod name>-<volume name>` must be a valid
 * PersistentVolumeClaim name (validateVolumeSource in pkg/apis/core/validation/validation.go, which
 * checks it only when the pod's own name is known: a Pod, not a workload's template).
 */
function checkEphemeralClaimNames(out: FindingSink, m: Json, spec: Json): void {
  const pod = asString(get(m, 'metadata', 'name'));
  if (!pod) return;
  asArray(spec.volumes).forEach((v, i) => {
    const vol = asString(get(v, 'name'));
    if (!vol || !asRecord(get(v, 'ephemeral'))) return;
    const problem = dnsSubdomainProblem(`${pod}-${vol}`);
    if (problem)
      out.error(
        'name-invalid',
        `spec.volumes[${i}].name`,
        `ephemeral volume "${vol}" makes the claim name "${pod}-${vol}", which the API server rejects: the claim name ${problem}; shorten the pod or the volume name`,
      );
  });
}

/** Exactly one source, then that source's own rules. Returns the sources present. */
function checkSources(
  out: FindingSink,
  holder: Json,
  at: string,
  allowed: readonly string[],
  inPV: boolean,
): string[] {
  const present = volumeSourcesOf(holder, allowed);
  const what = inPV ? 'a PersistentVolume' : 'a volume';
  // SetDefaults_Volume (pkg/apis/core/v1/defaults.go): a pod volume with every source unset (or
  // null, as `emptyDir:` reads) becomes an emptyDir before validation. A PersistentVolume has no such default.
  if (present.length === 0 && !inPV) return ['emptyDir'];
  if (present.length === 0) {
    const unknown = Object.keys(holder).filter((k) => k !== 'name' && !PV_SPEC_FIELDS.has(k));
    const extra = unknown.length ? ` (unknown keys: ${unknown.slice(0, 5).join(', ')})` : '';
    out.error(
      'volume-source',
      at,
      `${what} needs exactly one source and has none${extra}; one of: ${allowed.join(', ')}`,
    );
  } else if (present.length > 1) {
    out.error(
      'volume-source',
      at,
      `${what} has ${present.length} sources (${present.join(', ')}); it must have exactly one`,
    );
  }
  for (const key of present) {
    const src = asRecord(holder[key]);
    if (!src) {
      out.error('field-type', `${at}.${key}`, `${key} is ${describe(holder[key])}; expected an object`);
      continue;
    }
    SOURCE_CHECKS[key]?.(out, src, `${at}.${key}`, inPV);
  }
  return present;
}

// ---------------------------------------------------------------------------------------------
// Objects.

function checkPersistentVolume(out: FindingSink, m: Json): void {
  const spec = asRecord(m.spec);
  if (!spec) {
    out.error('required-field', 'spec', `a PersistentVolume needs a spec (got ${describe(m.spec)})`);
    return;
  }
  accessModes(out, spec.accessModes, 'spec.accessModes');
  const capacity = asRecord(spec.capacity);
  storageSize(out, capacity?.storage, 'spec.capacity.storage', 'capacity storage');
  const other = Object.keys(capacity ?? {}).filter((k) => k !== 'storage');
  if (other.length) {
    out.error(
      'capacity-resource',
      'spec.capacity',
      `capacity has ${other.join(', ')}; a PersistentVolume's capacity takes only storage`,
    );
  }
  const sources = checkSources(out, spec, 'spec', PV_SOURCES, true);
  const policy = spec.persistentVolumeReclaimPolicy;
  enumValue(
    out,
    'reclaim-policy',
    policy,
    'spec.persistentVolumeReclaimPolicy',
    'persistentVolumeReclaimPolicy',
    PV_RECLAIM_POLICIES,
  );
  // Recycle on a source with no recycler is accepted by the API server (recycle-deprecated in
  // warnings.ts says what happens); ValidatePersistentVolumeSpec forbids it only on hostPath "/".
  if (policy === 'Recycle') {
    const hostPath = asString(get(spec, 'hostPath', 'path'));
    if (hostPath !== undefined && normalizeMountPath(hostPath) === '/') {
      out.error(
        'reclaim-policy',
        'spec.persistentVolumeReclaimPolicy',
        `persistentVolumeReclaimPolicy is "Recycle" on hostPath "/"; recycling would wipe the node's root`,
      );
    }
  }
  if (sources.includes('local')) {
    const terms = asArray(get(spec, 'nodeAffinity', 'required', 'nodeSelectorTerms'));
    if (terms.length === 0) {
      out.error(
        'local-node-affinity',
        'spec.nodeAffinity.required',
        `a local PersistentVolume needs spec.nodeAffinity.required with at least one nodeSelectorTerm naming its node (got ${describe(get(spec, 'nodeAffinity', 'required'))})`,
      );
    }
  }
  className(out, spec.storageClassName, 'spec.storageClassName');
  enumValue(out, 'volume-mode', spec.volumeMode, 'spec.volumeMode', 'volumeMode', VOLUME_MODES);
  const claimRef = spec.claimRef;
  if (claimRef !== undefined && claimRef !== null) {
    requiredString(out, get(claimRef, 'name'), 'spec.claimRef.name', 'claimRef name');
    const ns = get(claimRef, 'namespace');
    if (ns === undefined || ns === null || ns === '') {
      // The PV controller matches claimRef by namespace and name: without a namespace no claim matches.
      out.error(
        'claimref-namespace',
        'spec.claimRef.namespace',
        `claimRef names claim ${describe(get(claimRef, 'name'))} with namespace ${describe(ns)}; claimRef.namespace is required, or the claim never binds`,
      );
    }
  }
}

/** The spec of a PersistentVolumeClaim, a StatefulSet claim template or an ephemeral volume's template. */
function checkClaimSpec(out: FindingSink, value: unknown, at: string): void {
  const spec = asRecord(value);
  if (!spec) {
    out.error(
      'required-field',
      at,
      `a claim needs a spec with accessModes and resources.requests.storage (got ${describe(value)})`,
    );
    return;
  }
  accessModes(out, spec.accessModes, `${at}.accessModes`);
  storageSize(
    out,
    get(spec, 'resources', 'requests', 'storage'),
    `${at}.resources.requests.storage`,
    'requested storage',
  );
  className(out, spec.storageClassName, `${at}.storageClassName`);
  enumValue(out, 'volume-mode', spec.volumeMode, `${at}.volumeMode`, 'volumeMode', VOLUME_MODES);
  labelSelector(out, spec.selector, `${at}.selector`);
}

function checkStorageClass(out: FindingSink, m: Json): void {
  const provisioner = requiredString(out, m.provisioner, 'provisioner', 'provisioner');
  if (provisioner !== undefined) {
    const problem = qualifiedNameProblem(provisioner.toLowerCase());
    if (problem) out.error('name-invalid', 'provisioner', `provisioner ${problem}`);
  }
  enumValue(
    out,
    'reclaim-policy',
    m.reclaimPolicy,
    'reclaimPolicy',
    'StorageClass reclaimPolicy',
    CLASS_RECLAIM_POLICIES,
  );
  enumValue(
    out,
    'volume-binding-mode',
    m.volumeBindingMode,
    'volumeBindingMode',
    'volumeBindingMode',
    BINDING_MODES,
  );
  asArray(m.allowedTopologies).forEach((term, i) => {
    const at = `allowedTopologies[${i}].matchLabelExpressions`;
    const exprs = asArray(get(term, 'matchLabelExpressions'));
    if (exprs.length === 0) {
      out.error(
        'storageclass-topology',
        at,
        `a topology term needs at least one matchLabelExpression (got ${describe(get(term, 'matchLabelExpressions'))})`,
      );
    }
    exprs.forEach((e, j) => {
      const key = get(e, 'key');
      if (typeof key !== 'string' || key === '') {
        out.error(
          'storageclass-topology',
          `${at}[${j}].key`,
          `matchLabelExpressions key is ${describe(key)}; expected a label key such as topology.kubernetes.io/zone`,
        );
      }
      const values = asArray(get(e, 'values'));
      if (values.length === 0 || values.some((v) => typeof v !== 'string' || v === '')) {
        out.error(
          'storageclass-topology',
          `${at}[${j}].values`,
          `matchLabelExpressions values are ${describe(get(e, 'values'))}; expected a non-empty list of label values`,
        );
      }
    });
  });
}

/** A StatefulSet's claim templates: each is a claim spec; returns their names (pods mount them by name). */
function checkClaimTemplates(out: FindingSink, m: Json): Set<string> {
  const names = new Set<string>();
  asArray(get(m, 'spec', 'volumeClaimTemplates')).forEach((t, i) => {
    const at = `spec.volumeClaimTemplates[${i}]`;
    const name = requiredString(
      out,
      get(t, 'metadata', 'name'),
      `${at}.metadata.name`,
      'claim template name',
    );
    if (name !== undefined) {
      const problem = dnsSubdomainProblem(name);
      if (problem) out.error('name-invalid', `${at}.metadata.name`, `claim template name ${problem}`);
      names.add(name);
    }
    checkClaimSpec(out, get(t, 'spec'), `${at}.spec`);
  });
  return names;
}

/** A label-named entry (volume, container): required, DNS-1123 label, unique. */
function labelName(
  out: FindingSink,
  value: unknown,
  field: string,
  what: string,
  seen: Set<string>,
): string | undefined {
  const name = requiredString(out, value, field, `${what} name`);
  if (name === undefined) return undefined;
  const problem = dnsLabelProblem(name);
  if (problem) out.error('name-invalid', field, `${what} name ${problem}`);
  if (seen.has(name))
    out.error(
      'duplicate-name',
      field,
      `${what} name "${name}" is used more than once in this pod; names must be unique`,
    );
  seen.add(name);
  return name;
}

function checkPodSpec(
  out: FindingSink,
  spec: Json,
  at: string,
  templateNames: ReadonlySet<string>,
  isPod: boolean,
): void {
  checkSecurityIds(out, spec.securityContext, `${at}.securityContext`, true);
  if (spec.volumes !== undefined && spec.volumes !== null && !Array.isArray(spec.volumes)) {
    out.error('field-type', `${at}.volumes`, `volumes is ${describe(spec.volumes)}; expected a list`);
  }
  const volumeNames = new Set<string>();
  asArray(spec.volumes).forEach((v, i) => {
    const vp = `${at}.volumes[${i}]`;
    const vol = asRecord(v);
    if (!vol) {
      out.error(
        'field-type',
        vp,
        `a volume is ${describe(v)}; expected an object with a name and one source`,
      );
      return;
    }
    labelName(out, vol.name, `${vp}.name`, 'volume', volumeNames);
    checkSources(out, vol, vp, POD_VOLUME_SOURCES, false);
  });
  const containerNames = new Set<string>();
  for (const c of containersOf(spec)) {
    const cp = `${at}.${c.at}`;
    labelName(out, c.container.name, `${cp}.name`, 'container', containerNames);
    checkMounts(out, c.container.volumeMounts, `${cp}.volumeMounts`, volumeNames, templateNames);
    checkResources(out, c.container.resources, `${cp}.resources`);
    checkSecurityIds(out, c.container.securityContext, `${cp}.securityContext`, false);
    if (c.list !== 'ephemeralContainers') checkImage(out, c.container.image, `${cp}.image`, isPod);
  }
}

/** The uid/gid range of the kernel and container runtimes: IsValidUserID / IsValidGroupID (0 to 2^31-1). */
const MAX_ID = 2147483647;

/**
 * User and group ids of a pod's or a container's securityContext (validatePodSpecSecurityContext,
 * ValidateSecurityContext in pkg/apis/core/validation): each must be 0 to 2147483647, for a Pod and
 * a pod template alike. A non-integer is the schema's (int64) to report.
 */
function checkSecurityIds(out: FindingSink, value: unknown, at: string, pod: boolean): void {
  const sc = asRecord(value);
  if (!sc) return;
  const ids: Array<[string, unknown]> = [
    ['runAsUser', sc.runAsUser],
    ['runAsGroup', sc.runAsGroup],
  ];
  if (pod) {
    ids.push(['fsGroup', sc.fsGroup]);
    asArray(sc.supplementalGroups).forEach((g, i) => ids.push([`supplementalGroups[${i}]`, g]));
  }
  for (const [field, id] of ids) {
    if (typeof id !== 'number' || !Number.isInteger(id) || (id >= 0 && id <= MAX_ID)) continue;
    out.error(
      'security-context-id',
      `${at}.${field}`,
      `${field} is ${id}; a user or group id must be between 0 and ${MAX_ID}, inclusive`,
    );
  }
}

/**
 * A container image with leading or trailing whitespace: validateContainersOnlyForPod rejects the
 * Pod; a pod template is not checked (an OpenShift convention uses " " there), so the workload is
 * accepted and every pod its controller creates is rejected (FailedCreate events, no pod runs).
 */
function checkImage(out: FindingSink, value: unknown, field: string, isPod: boolean): void {
  // validateContainers: len(image) != len(strings.TrimSpace(image)), Go's whitespace, not JavaScript's
  // (which trims U+FEFF and not U+0085)
  if (typeof value !== 'string' || value === goTrimSpace(value)) return;
  if (!isPod && goTrimSpace(value) === '') return; // the template placeholder " " that an image trigger fills in
  out.error(
    'image-whitespace',
    field,
    isPod
      ? `image is ${JSON.stringify(value)}; the API server rejects a Pod whose image has leading or trailing whitespace: remove it`
      : `image is ${JSON.stringify(value)}; the API server accepts the template but rejects every pod created from it (leading or trailing whitespace), so none runs: remove it`,
  );
}

function checkMounts(
  out: FindingSink,
  value: unknown,
  at: string,
  volumes: ReadonlySet<string>,
  templates: ReadonlySet<string>,
): void {
  const paths = new Map<string, string>(); // normalized mount path -> the field that first used it
  asArray(value).forEach((mnt, j) => {
    const mp = `${at}[${j}]`;
    const name = requiredString(out, get(mnt, 'name'), `${mp}.name`, 'volumeMount name');
    if (name !== undefined && !volumes.has(name) && !templates.has(name)) {
      const known = [...volumes, ...templates];
      out.error(
        'mount-volume-missing',
        `${mp}.name`,
        `volumeMount names volume "${name}", which this pod does not have; its volumes are: ${known.length ? known.join(', ') : 'none'}`,
      );
    }
    const path = requiredString(out, get(mnt, 'mountPath'), `${mp}.mountPath`, 'mountPath');
    if (path !== undefined) {
      // A relative mountPath is no error: the kubelet makes it absolute (makeMounts, volumeutil.MakeAbsolutePath).
      const key = normalizeMountPath(path);
      const first = paths.get(key);
      if (first !== undefined) {
        out.error(
          'mount-path-duplicate',
          `${mp}.mountPath`,
          `mountPath "${path}" is already used by ${first} in this container; each mount needs its own path`,
        );
      } else {
        paths.set(key, `${mp.slice(mp.lastIndexOf('.') + 1)}`);
      }
    }
    const subPath = get(mnt, 'subPath');
    const subPathExpr = get(mnt, 'subPathExpr');
    if (typeof subPath === 'string' && subPath !== '')
      descendingPath(out, subPath, `${mp}.subPath`, 'subPath');
    if (typeof subPathExpr === 'string' && subPathExpr !== '') {
      descendingPath(out, subPathExpr, `${mp}.subPathExpr`, 'subPathExpr');
      if (typeof subPath === 'string' && subPath !== '') {
        out.error(
          'subpath-exclusive',
          `${mp}.subPathExpr`,
          `subPath "${subPath}" and subPathExpr "${subPathExpr}" are both set; use one of them`,
        );
      }
    }
  });
}

/** `limits.nvidia.com/gpu` would read as a path: bracket keys that are not plain words. */
function keyPath(base: string, key: string): string {
  return /^[A-Za-z][A-Za-z0-9-]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function checkResources(out: FindingSink, value: unknown, at: string): void {
  const limits = new Map<string, ParsedQuantity>();
  for (const kind of ['limits', 'requests'] as const) {
    const r = asRecord(get(value, kind));
    if (!r) continue;
    for (const [k, v] of Object.entries(r)) {
      const field = keyPath(`${at}.${kind}`, k);
      const q = quantity(out, v, field, `${kind}.${k}`);
      if (!q) continue;
      if (kind === 'limits') {
        limits.set(k, q);
        continue;
      }
      const limit = limits.get(k);
      if (limit && compareQuantities(q, limit) > 0) {
        out.error(
          'quantity-range',
          field,
          `requests.${k} is ${describe(q.text)}, more than limits.${k} ${describe(limit.text)}; a request may not exceed its limit`,
        );
      }
    }
  }
}
