/**
 * Strict schema validation of Kubernetes objects for a target minor, and which apiVersions that
 * minor serves. Pure and synchronous: the compact schemas in `schemas/` (written by
 * scripts/generate-schemas.js from the vendored upstream files, never by hand) are read on first
 * use, one minor at a time, and one validator is compiled per kind on first use.
 *
 * The sources, vendored beside the repository and copied into `schemas/` by the script:
 * - `../shared/k8s-schema/vX.Y.0/_definitions.json`: the OpenAPI-derived schema of each minor, as
 *   cdk8s publishes it for `cdk8s import k8s@X.Y.0` (cdk8s-team/cdk8s, kubernetes-schemas/);
 * - `../shared/crds/external-snapshotter/`: the VolumeSnapshot and VolumeGroupSnapshot CRDs of
 *   kubernetes-csi/external-snapshotter (client/config/crd/): each served version's openAPIV3Schema.
 *
 * What is an error, as the API server decodes an object with strict field validation (kubectl's
 * default `--validate=strict`, and every server-side apply): a field the schema does not have, a
 * value of the wrong JSON type, an integer beyond its int32/int64 format, a malformed base64
 * (`byte`) or date-time string, a value outside a schema's enum, bounds or pattern, and a missing
 * required field (which the API server's validation then reports as "Required value").
 * See https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation.
 *
 * Nulls are read as the API server's JSON decoding reads them (Go's encoding/json, which
 * sigs.k8s.io/json follows: "The JSON null value unmarshals into an interface, map, pointer, or
 * slice by setting that Go value to nil ... unmarshaling a JSON null into any other Go type has no
 * effect on the value", https://pkg.go.dev/encoding/json#Unmarshal): a field set to null is
 * unset, so `emptyDir: null` is no type error (and a required field set to null is missing), and a
 * null list item is the item type's zero value (`""`, `0`, `false`, `{}`), which is then validated
 * as such. Custom resources get the same treatment: a CRD field that is not `nullable` has its null
 * pruned (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#defaulting-and-nullable).
 */
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { KUBERNETES_VERSIONS, KubernetesVersion } from './versions';

/** Whether a target minor serves an object's apiVersion and kind: see {@link builtInResource}. */
export interface ServedResource {
  /** True when the minor's schema (or, for the snapshot kinds, the CRD) has this apiVersion and kind. */
  readonly served: boolean;
  /**
   * When not served: the apiVersions that serve this kind in that minor, preferred first
   * (the same group's when it has any, e.g. `['apps/v1']`; else any group's, e.g. an
   * `extensions/v1beta1` Ingress is `['networking.k8s.io/v1']`); empty when no apiVersion serves it.
   * @default - none when served
   */
  readonly servedAs?: readonly string[];
}

/** One schema violation of an object. */
export interface SchemaProblem {
  /**
   * The field path, dotted with `[i]` for list items and `["key"]` for map keys that are not
   * identifiers: `spec.template.spec.volumes[0].emptryDir`, `metadata.labels["app.kubernetes.io/name"]`.
   * For an unknown or missing field, the path of that field.
   */
  readonly field: string;
  /** What is wrong: the value received (a short excerpt) and what is allowed. */
  readonly message: string;
  /**
   * What the verdict assumes that the manifests do not show, when it does: then it is a warning,
   * not an error (DESIGN.md, "How the plan judges").
   * @default - nothing: the API server refuses it
   */
  readonly assumption?: string;
}

/** The rule id of a schema violation. */
export const SCHEMA_INVALID_RULE = 'schema-invalid';
/** The rule id of an apiVersion the target minor does not serve. */
export const API_VERSION_UNSERVED_RULE = 'api-version-unserved';
/** At most this many problems are reported per object (the first ones, in the order the schema lists fields). */
export const MAX_SCHEMA_PROBLEMS = 20;

/**
 * API groups that Kubernetes served before 1.27 and no vendored schema has, which old manifests
 * still use: an object in one of them is a built-in object whose apiVersion is no longer served,
 * not a custom resource.
 * - `extensions`: its v1beta1 DaemonSet, Deployment, ReplicaSet, NetworkPolicy and
 *   PodSecurityPolicy were removed in 1.16 and Ingress in 1.22
 *   (https://kubernetes.io/docs/reference/using-api/deprecation-guide/);
 * - `settings.k8s.io`: PodPreset (v1alpha1), removed in 1.20 (CHANGELOG-1.20);
 * - `auditregistration.k8s.io`: AuditSink (v1alpha1), removed in 1.19 (CHANGELOG-1.19).
 */
export const REMOVED_API_GROUPS: readonly string[] = [
  'extensions',
  'settings.k8s.io',
  'auditregistration.k8s.io',
];

/**
 * Whether `version` serves `apiVersion` and `kind`: `{ served: true }` when that minor's schema has
 * them, or `{ served: false, servedAs }` naming the apiVersions that serve the kind there. The
 * VolumeSnapshot and VolumeGroupSnapshot kinds are judged by the vendored CRDs' served versions.
 * Undefined when the apiVersion's group is no built-in API group (nor a snapshot CRD's): a custom
 * resource, which passes untouched. Served means the schema has it: an alpha or beta API that is
 * compiled in but off by default is still "served" here.
 */
export function builtInResource(
  version: KubernetesVersion,
  apiVersion: string,
  kind: string,
): ServedResource | undefined {
  checkVersion(version);
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '')
    return undefined;
  const group = groupOf(apiVersion);
  const crds = crdSchemas();
  if (crds.groups.has(group)) {
    if (crds.kinds[apiVersion]?.[kind]) return { served: true };
    const versions = crds.versions[`${group}/${kind}`] ?? [];
    return {
      served: false,
      servedAs: sortApiVersions(versions.filter((v) => v.served).map((v) => `${group}/${v.version}`)),
    };
  }
  if (!builtInGroups().has(group)) return undefined;
  const kinds = loadVersion(version).kinds;
  if (kinds[apiVersion]?.[kind]) return { served: true };
  const serving = Object.keys(kinds).filter((av) => kinds[av][kind] !== undefined);
  const sameGroup = serving.filter((av) => groupOf(av) === group);
  return { served: false, servedAs: sortApiVersions(sameGroup.length > 0 ? sameGroup : serving) };
}

/**
 * The problem of an object whose apiVersion `version` does not serve (rule
 * {@link API_VERSION_UNSERVED_RULE}), on field `apiVersion`; undefined when it is served, or is a
 * custom resource, or has no apiVersion and kind.
 */
export function apiVersionProblem(version: KubernetesVersion, manifest: unknown): SchemaProblem | undefined {
  const { apiVersion, kind } = typeMeta(manifest);
  if (apiVersion === undefined || kind === undefined) return undefined;
  const resource = builtInResource(version, apiVersion, kind);
  if (!resource || resource.served) return undefined;
  const servedAs = resource.servedAs ?? [];
  const group = groupOf(apiVersion);
  const crd = crdSchemas().groups.has(group);
  const by = crd
    ? 'the current VolumeSnapshot CRDs (kubernetes-csi/external-snapshotter)'
    : `Kubernetes ${version}`;
  const message =
    servedAs.length > 0
      ? `${apiVersion} ${kind} is not served by ${by}; use ${servedAs.join(' or ')}`
      : `${apiVersion} ${kind} is not served by ${by}, and no other apiVersion serves ${kind}`;
  if (!crd) return { field: 'apiVersion', message };
  // The CRDs are installed with the snapshot controller, not with Kubernetes, and their served
  // versions change by release: groupsnapshot.storage.k8s.io served only v1alpha1 in
  // external-snapshotter v8.0 and v8.1, only v1beta1 in v8.2 and v8.3, v1beta1 and v1beta2 in v8.4;
  // snapshot.storage.k8s.io/v1beta1 was served up to v5. Which release a cluster runs is not in the
  // manifests, so an apiVersion the current CRDs do not serve is a warning naming that assumption.
  return {
    field: 'apiVersion',
    message:
      `${message}. This assumes the cluster's snapshot controller installed the current CRDs; an older ` +
      `release's may serve ${apiVersion} (see \`kubectl api-versions | grep ${group}\`)`,
    assumption: 'the CRDs of the current external-snapshotter release',
  };
}

/**
 * The schema violations of one object against `version`'s schema of its kind (rule
 * {@link SCHEMA_INVALID_RULE}): at most {@link MAX_SCHEMA_PROBLEMS}, one per distinct cause, in
 * the order the schema lists fields. Empty when it is valid, and for an object whose apiVersion and kind `version`
 * does not serve (see {@link apiVersionProblem}) or that is a custom resource of an unknown kind.
 * Nulls are read as the API server reads them (see the file comment).
 */
export function schemaProblems(version: KubernetesVersion, manifest: unknown): SchemaProblem[] {
  checkVersion(version);
  const { apiVersion, kind } = typeMeta(manifest);
  if (apiVersion === undefined || kind === undefined) return [];
  const definition = definitionOf(version, apiVersion, kind);
  if (definition === undefined) return [];
  // The common case, a valid object: settled by the quick check, without compiling ajv at all.
  if (quickValid(version, definition, manifest)) return [];
  const validators = validatorsOf(version);
  const fast = validators.fast(definition);
  if (fast(manifest)) return []; // one pass of the compiled validator, no allocation
  let data = withoutNullFields(manifest);
  if (data !== manifest && fast(data)) return [];
  const full = validators.full(definition);
  full(data);
  let errors = full.errors ?? [];
  const nullItems = errors.filter((e) => e.keyword === 'type' && e.data === null && e.instancePath !== '');
  if (nullItems.length > 0) {
    // A null list item decodes to the zero value of the item's type: validate that instead.
    data = cloneJson(data);
    for (const e of nullItems) setAt(data, e.instancePath, zeroValue(e.params.type));
    full(data);
    errors = full.errors ?? [];
  }
  return describeErrors(errors, data);
}

// ---------------------------------------------------------------------------------------------
// Loading

interface CompactSchema {
  /** apiVersion -> kind -> definition name. */
  readonly kinds: Record<string, Record<string, string>>;
  readonly definitions: Record<string, object>;
}
interface CrdSchemas extends CompactSchema {
  /** `group/Kind` -> every version the CRD lists. */
  readonly versions: Record<string, Array<{ version: string; served: boolean }>>;
  readonly groups: Set<string>;
}

let schemasDir: string | undefined;
/** schemas/ at the package root: `../../schemas` from src/k8s, `../../../schemas` from lib/src/k8s. */
function schemaFile(name: string): string {
  if (schemasDir === undefined) {
    const candidates = [
      path.join(__dirname, '..', '..', 'schemas'),
      path.join(__dirname, '..', '..', '..', 'schemas'),
    ];
    schemasDir = candidates.find((dir) => fs.existsSync(path.join(dir, 'groups.json'))) ?? candidates[0];
  }
  return path.join(schemasDir, name);
}

function readJson<T>(name: string): T {
  return JSON.parse(fs.readFileSync(schemaFile(name), 'utf-8')) as T;
}

let groups: Set<string> | undefined;
function builtInGroups(): Set<string> {
  groups ??= new Set([...readJson<string[]>('groups.json'), ...REMOVED_API_GROUPS]);
  return groups;
}

let crds: CrdSchemas | undefined;
function crdSchemas(): CrdSchemas {
  if (!crds) {
    const file = readJson<Omit<CrdSchemas, 'groups'>>('snapshot-crds.json');
    crds = { ...file, groups: new Set(Object.keys(file.versions).map((gk) => gk.slice(0, gk.indexOf('/')))) };
  }
  return crds;
}

/** Throws on a version this release has no schema for: callers parse user input with parseKubernetesVersion. */
function checkVersion(version: KubernetesVersion): void {
  if (!(KUBERNETES_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(`no schema for Kubernetes ${String(version)}; known: ${KUBERNETES_VERSIONS.join(', ')}`);
  }
}

const versions = new Map<KubernetesVersion, CompactSchema>();
function loadVersion(version: KubernetesVersion): CompactSchema {
  let schema = versions.get(version);
  if (!schema) {
    checkVersion(version);
    schema = readJson<CompactSchema>(`k8s-${version}.json`);
    versions.set(version, schema);
  }
  return schema;
}

/** The definition validating `apiVersion` `kind` in `version`, or undefined when it has none. */
function definitionOf(version: KubernetesVersion, apiVersion: string, kind: string): string | undefined {
  const group = groupOf(apiVersion);
  const crd = crdSchemas();
  if (crd.groups.has(group)) return crd.kinds[apiVersion]?.[kind];
  if (!builtInGroups().has(group)) return undefined;
  return loadVersion(version).kinds[apiVersion]?.[kind];
}

interface Validators {
  /** Stops at the first error: for the valid objects, which are nearly all of them. */
  fast(definition: string): ValidateFunction;
  /** Every error, with the data and schema of each: to describe an invalid object. */
  full(definition: string): ValidateFunction;
}

const validatorsByVersion = new Map<KubernetesVersion, Validators>();
function validatorsOf(version: KubernetesVersion): Validators {
  let v = validatorsByVersion.get(version);
  if (!v) {
    const schema = loadVersion(version);
    const root = { $id: 'k8s', definitions: { ...schema.definitions, ...crdSchemas().definitions } };
    const make = (allErrors: boolean): ((definition: string) => ValidateFunction) => {
      let ajv: Ajv | undefined;
      const compiled = new Map<string, ValidateFunction>();
      return (definition) => {
        let fn = compiled.get(definition);
        if (!fn) {
          ajv ??= newAjv(root, allErrors);
          fn = ajv.compile({ $ref: `k8s#/definitions/${definition}` });
          compiled.set(definition, fn);
        }
        return fn;
      };
    };
    v = { fast: make(false), full: make(true) };
    validatorsByVersion.set(version, v);
  }
  return v;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -9223372036854775808;
// 2^63 - 1 is not a double: it reads as 2^63, so 2^63 is let through (no value above it is).
const INT64_MAX = 9223372036854775807;
/** RFC 3339, as Go's time.Parse(time.RFC3339) reads metav1.Time (fractional seconds allowed). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Standard base64 with padding, as Go's JSON decoding of []byte reads it (it skips \r and \n). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The formats of the schemas (see scripts/generate-schemas.js), for ajv and for the quick check alike. */
const FORMATS = {
  int32: { type: 'number' as const, validate: (n: number) => n >= INT32_MIN && n <= INT32_MAX },
  int64: { type: 'number' as const, validate: (n: number) => n >= INT64_MIN && n <= INT64_MAX },
  byte: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')),
  'date-time': (s: string) => DATE_TIME.test(s),
};

function newAjv(root: object, allErrors: boolean): Ajv {
  // Required here, not at the top: a plan that validates nothing never loads ajv.
  const AjvClass = (require('ajv') as { default: typeof Ajv }).default;
  const ajv = new AjvClass({
    strict: false, // the schemas carry Kubernetes keywords ajv does not know of
    strictNumbers: true, // NaN and infinities are no JSON numbers: the API server never receives them
    allErrors,
    verbose: allErrors, // each error's data and schema, for its message
    validateSchema: false, // generated by a script, checked by its test
    // Measured (scripts: see docs): one function per definition, shared by every kind that
    // reaches it, and no optimizing pass over the generated code, halve the first compile
    // (PV + PVC + Deployment + StatefulSet + Pod + StorageClass: ~330 -> ~160 ms) at no cost
    // per object.
    inlineRefs: false,
    code: { optimize: false },
    formats: FORMATS,
  });
  ajv.addSchema(root);
  return ajv;
}

// ---------------------------------------------------------------------------------------------
// The quick check

/**
 * The quick check's answer and ajv's (the validator that stops at the first error) for one
 * manifest of a kind `version` has a schema for; undefined for any other. For the tests that hold
 * the two to each other.
 * @internal
 */
export function schemaVerdicts(
  version: KubernetesVersion,
  manifest: unknown,
): { quick: boolean; ajv: boolean } | undefined {
  checkVersion(version);
  const { apiVersion, kind } = typeMeta(manifest);
  if (apiVersion === undefined || kind === undefined) return undefined;
  const definition = definitionOf(version, apiVersion, kind);
  if (definition === undefined) return undefined;
  return {
    quick: quickValid(version, definition, manifest),
    ajv: validatorsOf(version).fast(definition)(manifest) as boolean,
  };
}

/** A compiled quick check: true only when ajv would find the value valid too. */
type Quick = (value: unknown) => boolean;

const quickByVersion = new Map<KubernetesVersion, Map<string, Quick>>();

/**
 * Whether `manifest` is valid against `definition`, decided without ajv: true means ajv's
 * validator (the same schemas, the options of {@link newAjv}) finds it valid as well; false means
 * invalid or not decided here, and ajv decides. Compiling ajv's validators for the kinds of a
 * manifest set costs more than validating tens of thousands of valid objects this way, and nearly
 * every object is valid. The schemas use few keywords (type, properties, additionalProperties,
 * required, items, $ref, enum, format, pattern, minimum: scripts/generate-schemas.js writes no
 * others), each read here as ajv's generated code reads it (ajv/dist/vocabularies: a property is
 * checked when `data[name] !== undefined`, additional properties are the `for...in` keys, a number
 * is finite under `strictNumbers`, an integer has no fraction, a format applies to its own type).
 * A keyword it does not know makes the check answer false, so ajv decides. Property tests
 * (test/property/schema-quick.test.ts) hold it to ajv.
 */
function quickValid(version: KubernetesVersion, definition: string, manifest: unknown): boolean {
  let checks = quickByVersion.get(version);
  if (!checks) {
    checks = new Map();
    quickByVersion.set(version, checks);
  }
  try {
    return quickDefinition(version, checks, definition)(manifest);
  } catch {
    return false; // a getter or Proxy handed in by code: ajv decides, and its caller reports
  }
}

function quickDefinition(version: KubernetesVersion, checks: Map<string, Quick>, name: string): Quick {
  let check = checks.get(name);
  if (!check) {
    const crd = crdSchemas().definitions as Record<string, object>;
    const own = loadVersion(version).definitions as Record<string, object>;
    // The same lookup as ajv's root: the CRD definitions over the version's.
    const schema = Object.prototype.hasOwnProperty.call(crd, name)
      ? crd[name]
      : Object.prototype.hasOwnProperty.call(own, name)
        ? own[name]
        : undefined;
    // Set before compiling, so a definition reaching itself ($ref cycles) finds its entry.
    let compiled: Quick | undefined;
    check = (v) => (compiled ?? (compiled = schema ? compileQuick(schema, version, checks) : () => false))(v);
    checks.set(name, check);
  }
  return check;
}

const KNOWN_KEYWORDS = new Set([
  'type',
  'properties',
  'additionalProperties',
  'required',
  'items',
  '$ref',
  'enum',
  'format',
  'pattern',
  'minimum',
]);
const DEFINITION_REF = '#/definitions/';

function compileQuick(schema: object, version: KubernetesVersion, checks: Map<string, Quick>): Quick {
  const s = schema as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!KNOWN_KEYWORDS.has(key)) return () => false;
  const parts: Quick[] = [];

  if (s.$ref !== undefined) {
    const ref = s.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(DEFINITION_REF)) return () => false;
    const target = quickDefinition(version, checks, ref.slice(DEFINITION_REF.length));
    parts.push(target);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as unknown[]) : [s.type];
    const one = types.map(typeCheck);
    if (one.some((c) => c === undefined)) return () => false;
    const checks1 = one as Quick[];
    parts.push(checks1.length === 1 ? checks1[0] : (v) => checks1.some((c) => c(v)));
  }
  if (s.enum !== undefined) {
    const values = s.enum;
    // ajv compares objects deeply; the schemas' enums are strings and numbers only.
    if (!Array.isArray(values) || values.some((x) => x !== null && typeof x === 'object')) return () => false;
    const allowed = new Set<unknown>(values);
    parts.push((v) => allowed.has(v));
  }
  if (s.format !== undefined) {
    if (typeof s.format !== 'string') return () => false;
    // ajv ignores a format it was not given (strict: false): so does the quick check.
    const format = Object.prototype.hasOwnProperty.call(FORMATS, s.format)
      ? FORMATS[s.format as keyof typeof FORMATS]
      : undefined;
    if (format === undefined) {
      // nothing to check
    } else if (typeof format === 'function') {
      parts.push((v) => typeof v !== 'string' || format(v));
    } else {
      parts.push((v) => typeof v !== 'number' || format.validate(v));
    }
  }
  if (s.pattern !== undefined) {
    if (typeof s.pattern !== 'string') return () => false;
    const re = new RegExp(s.pattern, 'u'); // ajv's unicodeRegExp default
    parts.push((v) => typeof v !== 'string' || re.test(v));
  }
  if (s.minimum !== undefined) {
    const min = s.minimum;
    if (typeof min !== 'number') return () => false;
    parts.push((v) => typeof v !== 'number' || v >= min);
  }
  if (s.items !== undefined) {
    if (s.items === null || typeof s.items !== 'object' || Array.isArray(s.items)) return () => false;
    const item = compileQuick(s.items, version, checks);
    parts.push((v) => {
      if (!Array.isArray(v)) return true;
      for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
      return true;
    });
  }
  const object = objectCheck(s, version, checks);
  if (object === false) return () => false;
  if (object) parts.push(object);

  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0];
  return (v) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i](v)) return false;
    return true;
  };
}

/** The check of one JSON type as ajv's generated code makes it (strictNumbers); undefined if unknown. */
function typeCheck(type: unknown): Quick | undefined {
  switch (type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'number':
      return (v) => typeof v === 'number' && isFinite(v);
    case 'integer':
      return (v) => typeof v === 'number' && !(v % 1) && !isNaN(v) && isFinite(v);
    case 'object':
      return (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return (v) => Array.isArray(v);
    default:
      return undefined;
  }
}

/**
 * properties, additionalProperties and required, for object values: undefined when the schema has
 * none of them, false when it cannot be checked quickly.
 */
function objectCheck(
  s: Record<string, unknown>,
  version: KubernetesVersion,
  checks: Map<string, Quick>,
): Quick | false | undefined {
  if (s.properties === undefined && s.additionalProperties === undefined && s.required === undefined)
    return undefined;
  const props = new Map<string, Quick>();
  if (s.properties !== undefined) {
    if (s.properties === null || typeof s.properties !== 'object') return false;
    for (const [name, sub] of Object.entries(s.properties as Record<string, unknown>)) {
      // A name Object.prototype has (`constructor`) reads differently by `in` and by `for...in`.
      if (name in Object.prototype || sub === null || typeof sub !== 'object') return false;
      props.set(name, compileQuick(sub, version, checks));
    }
  }
  let additional: Quick | false | undefined;
  if (s.additionalProperties === false) additional = false;
  else if (s.additionalProperties === undefined || s.additionalProperties === true) additional = undefined;
  else if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null)
    additional = compileQuick(s.additionalProperties, version, checks);
  else return false;
  let required: string[] = [];
  if (s.required !== undefined) {
    if (!Array.isArray(s.required) || s.required.some((r) => typeof r !== 'string' || r in Object.prototype))
      return false;
    required = s.required as string[];
  }
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return true;
    const proto = Object.getPrototypeOf(v);
    // A prototype of its own could hold fields that ajv's `data[name]` reads and `for...in` may not.
    // (A non-enumerable own field, which only code can make, is not seen here: nor does
    // JSON.stringify write it, so the API server never receives it.)
    if (proto !== Object.prototype && proto !== null) return false;
    const record = v as Record<string, unknown>;
    for (let i = 0; i < required.length; i++) if (record[required[i]] === undefined) return false;
    for (const key in record) {
      const value = record[key];
      const prop = props.get(key);
      if (prop !== undefined) {
        if (value !== undefined && !prop(value)) return false;
      } else if (additional === false) {
        return false;
      } else if (additional !== undefined && !additional(value)) {
        return false;
      }
    }
    return true;
  };
}

// ---------------------------------------------------------------------------------------------
// Nulls

/** `value` without its null object fields, deeply; `value` itself when it has none. */
function withoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = withoutNullFields(value[i]);
      if (item !== value[i]) {
        out ??= value.slice();
        out[i] = item;
      }
    }
    return out ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  let out: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    const cleaned = v === null ? undefined : withoutNullFields(v);
    if (cleaned !== v) {
      out ??= { ...record };
      if (cleaned === undefined) delete out[key];
      else out[key] = cleaned;
    }
  }
  return out ?? value;
}

function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty: a `__proto__` key of parsed JSON is an own field, not the prototype
    Object.defineProperty(out, key, {
      value: cloneJson((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The JSON form of a Go zero value of a schema type (a type list: Quantity and IntOrString are 0). */
function zeroValue(type: unknown): unknown {
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('integer') || types.includes('number')) return 0;
  switch (types[0]) {
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return {};
  }
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function setAt(root: unknown, pointer: string, value: unknown): void {
  const segments = pointerSegments(pointer);
  let node = root as Record<string, unknown>;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  node[segments[segments.length - 1]] = value;
}

// ---------------------------------------------------------------------------------------------
// Messages

/** One problem per distinct cause, in ajv's (document) order, bounded. */
function describeErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  // A failed oneOf/anyOf reports each branch's failure and then itself: keep only itself.
  const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`))) continue;
    const problem = describeError(e, data);
    const key = `${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
    if (out.length === MAX_SCHEMA_PROBLEMS) break;
  }
  return out;
}

function describeError(e: ErrorObject, data: unknown): SchemaProblem {
  const at = fieldPath(e.instancePath, data);
  const params = e.params as Record<string, any>;
  const value = show(e.data);
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const near = nearest(name, known);
      return {
        field: joinField(at, name),
        message: `unknown field "${name}"${near ? ` (did you mean "${near}"?)` : ''}`,
      };
    }
    case 'required':
      return {
        field: joinField(at, String(params.missingProperty)),
        message: `required field "${params.missingProperty}" is missing`,
      };
    case 'type':
      return { field: at, message: `is ${value}, expected ${typeNames(params.type)}` };
    case 'enum':
      return { field: at, message: `is ${value}, expected ${oneOfValues(params.allowedValues)}` };
    case 'format':
      return { field: at, message: formatMessage(String(params.format), e.data, value) };
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        field: at,
        message: `${value} is below the minimum ${params.limit}${e.keyword === 'exclusiveMinimum' ? ' (exclusive)' : ''}`,
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        field: at,
        message: `${value} is above the maximum ${params.limit}${e.keyword === 'exclusiveMaximum' ? ' (exclusive)' : ''}`,
      };
    case 'pattern':
      return { field: at, message: `is ${value}, which does not match the pattern ${params.pattern}` };
    case 'minLength':
      return { field: at, message: `is ${value}, expected at least ${params.limit} characters` };
    case 'maxLength':
      return { field: at, message: `is ${value}, expected at most ${params.limit} characters` };
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties': {
      const count = Array.isArray(e.data) ? e.data.length : Object.keys((e.data as object) ?? {}).length;
      const what = e.keyword.endsWith('Items') ? 'items' : 'fields';
      const bound = e.keyword.startsWith('min') ? 'at least' : 'at most';
      return { field: at, message: `has ${count} ${what}, expected ${bound} ${params.limit}` };
    }
    case 'uniqueItems':
      return { field: at, message: `items ${params.j} and ${params.i} are equal, expected every item once` };
    case 'oneOf':
    case 'anyOf':
      return {
        field: at,
        message:
          params.passingSchemas && e.keyword === 'oneOf'
            ? `is ${value}, which matches more than one of the allowed forms`
            : `is ${value}, which matches none of the allowed forms`,
      };
    default:
      return { field: at, message: `is ${value}: ${e.message ?? e.keyword}` };
  }
}

function formatMessage(format: string, data: unknown, value: string): string {
  switch (format) {
    case 'int32':
    case 'int64': {
      const [min, max] =
        format === 'int32' ? ['-2147483648', '2147483647'] : ['-9223372036854775808', '9223372036854775807'];
      return (data as number) < 0
        ? `${value} is below the ${format} minimum ${min}`
        : `${value} is above the ${format} maximum ${max}`;
    }
    case 'byte':
      return `is ${value}, expected base64-encoded data`;
    case 'date-time':
      return `is ${value}, expected an RFC 3339 date-time such as "2006-01-02T15:04:05Z"`;
    default:
      return `is ${value}, expected the format ${format}`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function typeNames(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  const names = types.map((t) => TYPE_NAMES[t] ?? t);
  return names.length <= 2
    ? names.join(' or ')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function oneOfValues(values: unknown): string {
  const list = Array.isArray(values) ? values : [];
  const shown = list.slice(0, 10).map((v) => JSON.stringify(v));
  if (list.length > 10) shown.push(`... (${list.length} values)`);
  return list.length === 1 ? shown[0] : `one of ${shown.join(', ')}`;
}

const EXCERPT = 40;
/** A short excerpt of a value: strings quoted, numbers as they read, objects and lists as cut JSON. */
function show(value: unknown): string {
  if (typeof value === 'number') return String(value); // NaN and Infinity too, which JSON cannot write
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text =
      JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ??
      String(value);
  } catch {
    text = String(value);
  }
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
function joinField(base: string, key: string): string {
  if (IDENTIFIER.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** `/spec/volumes/0/name` -> `spec.volumes[0].name`, walking `data` to tell list indexes from keys. */
function fieldPath(pointer: string, data: unknown): string {
  let out = '';
  let node = data;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(node)) out += `[${segment}]`;
    else out = joinField(out, segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return out;
}

/** The known name closest to a misspelt one (at most 2 edits, and fewer than half its length). */
function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor((name.length - 1) / 2));
  for (const candidate of [...known].sort()) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (d < bestDistance || (d === bestDistance && best === undefined)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment), or `limit + 1` once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cur[j] = Math.min(cur[j], before[j - 2] + 1);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > limit) return limit + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length];
}

// ---------------------------------------------------------------------------------------------
// apiVersions

function typeMeta(manifest: unknown): { apiVersion?: string; kind?: string } {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) return {};
  const { apiVersion, kind } = manifest as Record<string, unknown>;
  return typeof apiVersion === 'string' && apiVersion !== '' && typeof kind === 'string' && kind !== ''
    ? { apiVersion, kind }
    : {};
}

/** The group of an apiVersion: `apps` of `apps/v1`, `` (the core group) of `v1`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * apiVersions in Kubernetes' version priority, as the API server's discovery orders them
 * (k8s.io/apimachinery version.CompareKubeAwareVersionStrings): GA before beta before alpha,
 * higher numbers first; then by group.
 */
function sortApiVersions(apiVersions: readonly string[]): string[] {
  const rank = (av: string): [number, number, number] => {
    const v = av.slice(av.lastIndexOf('/') + 1);
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const level = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [level, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  return [...apiVersions].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
