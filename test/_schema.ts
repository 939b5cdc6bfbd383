/**
 * Strict validation of synthesized manifests against the vendored Kubernetes 1.27 schema:
 * every object must match its kind's definition, with unknown fields rejected (a typo such
 * as `emptryDir` fails) and required fields enforced.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';

const SCHEMA_FILE = path.join(__dirname, '..', 'imports', 'k8s-1.27.0.schema.json');

type Schema = Record<string, any>;

/** Unknown fields are errors: every object schema with properties gets additionalProperties: false. */
function strictify(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(strictify);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const s = node as Schema;
  if (s.properties && s.additionalProperties === undefined) s.additionalProperties = false;
  for (const v of Object.values(s)) strictify(v);
}

let definitions: Map<string, string> | undefined; // apiVersion/kind -> definition name
let ajv: Ajv;
const validators = new Map<string, ValidateFunction>();

function load(): Map<string, string> {
  const doc = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf-8')) as { definitions: Record<string, Schema> };
  strictify(doc.definitions);
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'k8s', definitions: doc.definitions });
  const out = new Map<string, string>();
  for (const [name, def] of Object.entries(doc.definitions)) {
    for (const gvk of (def['x-kubernetes-group-version-kind'] ?? []) as Array<Record<string, string>>) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const key = `${apiVersion}/${gvk.kind}`;
      if (!out.has(key)) out.set(key, name);
    }
  }
  return out;
}

/** Schema errors of one manifest, as readable strings; empty when it is valid. */
export function schemaErrors(manifest: any): string[] {
  definitions = definitions ?? load();
  const key = `${manifest?.apiVersion}/${manifest?.kind}`;
  const name = definitions.get(key);
  if (!name) return [`no Kubernetes 1.27 schema for ${key}`];
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `k8s#/definitions/${name}` }); // compiled on first use: ~30 ms a kind
    validators.set(name, validate);
  }
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${manifest.kind}/${manifest.metadata?.name}${e.instancePath}: ${e.message}` +
      (e.params && (e.params as any).additionalProperty ? ` (${(e.params as any).additionalProperty})` : ''),
  );
}

/** Fails with every schema error of every manifest. */
export function expectSchemaValid(manifests: any[]): void {
  const errors = manifests.flatMap(schemaErrors);
  if (errors.length) throw new Error(`schema errors:\n  ${errors.join('\n  ')}`);
}
