#!/usr/bin/env node
// Writes schemas/: the compact, strict JSON schemas that src/k8s/schema.ts validates manifests
// against, one file per Kubernetes minor, generated from the vendored upstream files (never
// written by hand):
//
// - ../shared/k8s-schema/vX.Y.0/_definitions.json: the OpenAPI-derived schema of Kubernetes X.Y,
//   unchanged, as cdk8s publishes it for `cdk8s import k8s@X.Y.0` (cdk8s-team/cdk8s, folder
//   kubernetes-schemas/; see ../shared/k8s-schema/README.md);
// - ../shared/crds/external-snapshotter/*.yaml: the VolumeSnapshot and VolumeGroupSnapshot
//   CustomResourceDefinitions of kubernetes-csi/external-snapshotter (client/config/crd/; see
//   ../shared/crds/external-snapshotter/README.md); each served version's openAPIV3Schema.
//
// Usage: `npm run schemas` (SHARED=path/to/shared to read another copy). The output is
// deterministic: the same inputs give byte-identical files (test/k8s/schema.test.ts checks the
// committed files are what this script writes).
//
// What the compact form keeps: only what validation needs (types, properties, items, required,
// enums, bounds, patterns, the formats that decoding checks, $refs); descriptions, patch
// strategies, list/map types and the like are dropped. Strictness is applied here, from the
// schema's own structure:
// - every object schema with `properties` and no `additionalProperties` gets
//   `additionalProperties: false` (an unknown field is an error, as the API server's strict field
//   validation and server-side apply report it), unless it carries
//   `x-kubernetes-preserve-unknown-fields: true`;
// - `oneOf` of bare types (Quantity: string or number; IntOrString: string or integer) and
//   `x-kubernetes-int-or-string` become a type list;
// - the formats `int32` and `int64` are kept (src/k8s/schema.ts checks them as bounds, so that
//   2^31 replicas fail), as are `byte` (base64) and `date-time`, which Go's decoding rejects when
//   malformed; other formats (`double`, ...) are dropped;
// - a CRD's bare `metadata: {type: object}` becomes a reference to ObjectMeta, which the API server
//   applies to every custom resource.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
/** The minors, from src/k8s/versions.ts (the one list of them), read without compiling it. */
function kubernetesVersions() {
  const text = fs.readFileSync(path.join(root, 'src', 'k8s', 'versions.ts'), 'utf-8');
  const list = /KUBERNETES_VERSIONS = \[([^\]]*)\]/.exec(text);
  if (!list) throw new Error('generate-schemas: KUBERNETES_VERSIONS not found in src/k8s/versions.ts');
  return [...list[1].matchAll(/'(\d+\.\d+)'/g)].map((m) => m[1]);
}

/** Schema keywords validation uses; every other key of a schema node is dropped. */
const KEEP = new Set([
  'type',
  'enum',
  'required',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'pattern',
  'uniqueItems',
]);
/** Formats kept: what Go's JSON decoding of the field rejects when malformed. */
const FORMATS = new Set(['int32', 'int64', 'byte', 'date-time']);
const OBJECT_META = '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The compact, strict form of one schema node. `stats` counts what was changed. */
function compact(node, stats) {
  if (node === true || node === false) return node;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new Error(`generate-schemas: not a schema: ${JSON.stringify(node).slice(0, 80)}`);
  }
  const out = {};
  if (typeof node.$ref === 'string') {
    // In Swagger 2.0 a $ref replaces its node: its siblings are only descriptions.
    out.$ref = node.$ref;
    return out;
  }
  for (const [key, value] of Object.entries(node)) {
    if (KEEP.has(key)) out[key] = value;
    else if (key === 'format') {
      if (FORMATS.has(value)) out.format = value;
      else stats.droppedFormats[value] = (stats.droppedFormats[value] ?? 0) + 1;
    } else if (key === 'properties') {
      out.properties = {};
      for (const [name, prop] of Object.entries(value)) out.properties[name] = compact(prop, stats);
    } else if (key === 'additionalProperties' || key === 'items' || key === 'not') {
      out[key] = compact(value, stats);
    } else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
      out[key] = value.map((s) => compact(s, stats));
    }
  }
  // oneOf/anyOf of bare types (Quantity, IntOrString): one type list, one readable error.
  for (const key of ['oneOf', 'anyOf']) {
    const branches = out[key];
    if (branches && branches.every((b) => Object.keys(b).length === 1 && typeof b.type === 'string')) {
      delete out[key];
      out.type = branches.map((b) => b.type);
      stats.typeLists++;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    // A CRD's int-or-string: structural schemas give it `anyOf: [{type: integer}, {type: string}]`
    // or (as external-snapshotter's restoreSize does) a plain `type: string`.
    delete out.anyOf;
    out.type = ['integer', 'string'];
  }
  if (out.properties && out.additionalProperties === undefined) {
    if (node['x-kubernetes-preserve-unknown-fields'] === true) stats.preserved++;
    else {
      out.additionalProperties = false;
      stats.strict++;
    }
  }
  return out;
}

/** The definition names a compact schema node refers to. */
function refs(node, out = []) {
  if (node === null || typeof node !== 'object') return out;
  if (node.$ref) out.push(node.$ref.replace(/^#\/definitions\//, ''));
  for (const prop of Object.values(node.properties ?? {})) refs(prop, out);
  for (const key of ['additionalProperties', 'items', 'not']) refs(node[key], out);
  for (const key of ['oneOf', 'anyOf', 'allOf']) for (const s of node[key] ?? []) refs(s, out);
  return out;
}

/** Definition names reachable from `from` through $refs, over compact definitions. */
function reachable(definitions, from) {
  const seen = new Set();
  const stack = [...from];
  while (stack.length) {
    const name = stack.pop();
    if (seen.has(name)) continue;
    if (!definitions[name]) throw new Error(`generate-schemas: $ref to a missing definition ${name}`);
    seen.add(name);
    stack.push(...refs(definitions[name]));
  }
  return seen;
}

const apiVersionOf = (group, version) => (group ? `${group}/${version}` : version);
const sortedObject = (entries) =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * A JSON object with each field of `header` on a line, then `definitions` one per line in name
 * order: small, deterministic and readable in a diff. `header.kinds` is written one apiVersion a line.
 */
function render(header, definitions) {
  const lines = [];
  for (const [key, value] of Object.entries(header)) {
    if (key === 'kinds') {
      const kinds = Object.entries(value).map(
        ([apiVersion, m]) => `${JSON.stringify(apiVersion)}:${JSON.stringify(m)}`,
      );
      lines.push(`"kinds":{\n${kinds.join(',\n')}\n}`);
    } else lines.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  const defs = Object.keys(definitions)
    .sort()
    .map((name) => `${JSON.stringify(name)}:${JSON.stringify(definitions[name])}`);
  lines.push(`"definitions":{\n${defs.join(',\n')}\n}`);
  return `{${lines.join(',\n')}}\n`;
}

/** The compact schema of one Kubernetes minor: its kinds and the definitions they reach. */
function versionSchema(doc, stats) {
  const kinds = new Map(); // apiVersion -> kind -> definition
  for (const [name, def] of Object.entries(doc.definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = apiVersionOf(gvk.group, gvk.version);
      if (!kinds.has(apiVersion)) kinds.set(apiVersion, new Map());
      const byKind = kinds.get(apiVersion);
      if (byKind.has(gvk.kind) && byKind.get(gvk.kind) !== name) {
        throw new Error(`generate-schemas: ${apiVersion} ${gvk.kind} has two definitions`);
      }
      byKind.set(gvk.kind, name);
    }
  }
  const all = {};
  for (const [name, def] of Object.entries(doc.definitions)) all[name] = compact(def, stats);
  const definitions = {};
  for (const name of reachable(
    all,
    [...kinds.values()].flatMap((m) => [...m.values()]),
  )) {
    definitions[name] = all[name];
  }
  return {
    kinds: sortedObject([...kinds].map(([apiVersion, m]) => [apiVersion, sortedObject(m)])),
    definitions,
  };
}

/** The served versions of the snapshot CRDs, as definitions named `<group>.<version>.<Kind>`. */
function crdSchemas(dir, stats) {
  const YAML = require('yaml');
  const kinds = new Map();
  const definitions = {};
  const versions = {}; // group/Kind -> every version the CRD lists, served or not
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new Error(`generate-schemas: no CRD files in ${dir}`);
  for (const file of files) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8'))) {
      const crd = doc.toJS();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      const { group, names } = crd.spec;
      versions[`${group}/${names.kind}`] = crd.spec.versions.map((v) => ({
        version: v.name,
        served: v.served === true,
      }));
      for (const v of crd.spec.versions) {
        if (!v.served) continue; // an unserved version is reported by builtInResource, not validated
        const apiVersion = `${group}/${v.name}`;
        const name = `${group}.${v.name}.${names.kind}`;
        const schema = compact(v.schema.openAPIV3Schema, stats);
        if (schema.properties?.metadata && Object.keys(schema.properties.metadata).join() === 'type') {
          schema.properties.metadata = { $ref: OBJECT_META };
        }
        definitions[name] = schema;
        if (!kinds.has(apiVersion)) kinds.set(apiVersion, new Map());
        kinds.get(apiVersion).set(names.kind, name);
      }
    }
  }
  return {
    kinds: sortedObject([...kinds].map(([apiVersion, m]) => [apiVersion, sortedObject(m)])),
    definitions,
    versions: sortedObject(Object.entries(versions)),
  };
}

/** Every file this script writes, by name, as text. Throws when the vendored inputs are missing. */
function generate(shared) {
  const versions = kubernetesVersions();
  const files = {};
  const stats = { strict: 0, preserved: 0, typeLists: 0, droppedFormats: {} };
  const groups = new Set();
  for (const version of versions) {
    const source = path.join(shared, 'k8s-schema', `v${version}.0`, '_definitions.json');
    if (!fs.existsSync(source)) {
      throw new Error(`generate-schemas: ${source} is missing: the vendored Kubernetes ${version} schema`);
    }
    const { kinds, definitions } = versionSchema(JSON.parse(fs.readFileSync(source, 'utf-8')), stats);
    for (const apiVersion of Object.keys(kinds))
      groups.add(apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
    files[`k8s-${version}.json`] = render(
      { source: `../shared/k8s-schema/v${version}.0/_definitions.json`, kinds },
      definitions,
    );
  }
  const crdDir = path.join(shared, 'crds', 'external-snapshotter');
  if (!fs.existsSync(crdDir)) throw new Error(`generate-schemas: ${crdDir} is missing: the snapshot CRDs`);
  const crds = crdSchemas(crdDir, stats);
  files['snapshot-crds.json'] = render(
    { source: '../shared/crds/external-snapshotter/', versions: crds.versions, kinds: crds.kinds },
    crds.definitions,
  );
  // The API groups any minor's schema has: a group that is none of these (nor a historical one
  // that src/k8s/schema.ts lists) is a custom resource's.
  files['groups.json'] = `${JSON.stringify([...groups].sort(), null, 1)}\n`;
  return { files, stats };
}

function main() {
  const shared = path.resolve(root, process.env.SHARED ?? path.join('..', 'shared'));
  let result;
  try {
    result = generate(shared);
  } catch (e) {
    console.error(e.message);
    console.error(
      'generate-schemas: run it from a clone with the vendored shared/ folder beside it (or set SHARED)',
    );
    process.exit(1);
  }
  const out = path.join(root, 'schemas');
  fs.mkdirSync(out, { recursive: true });
  for (const old of fs.readdirSync(out)) if (!(old in result.files)) fs.rmSync(path.join(out, old));
  let total = 0;
  for (const [name, text] of Object.entries(result.files)) {
    fs.writeFileSync(path.join(out, name), text);
    total += Buffer.byteLength(text);
    console.log(`schemas/${name}: ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`);
  }
  const { strict, preserved, typeLists, droppedFormats } = result.stats;
  console.log(
    `total ${(total / 1024 / 1024).toFixed(2)} MiB; ${strict} object schemas made strict, ${preserved} preserve unknown fields, ` +
      `${typeLists} type lists; formats dropped: ${JSON.stringify(droppedFormats)}`,
  );
}

module.exports = { generate, compact };
if (require.main === module) main();
