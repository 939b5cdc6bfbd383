#!/usr/bin/env node
// Regenerates imports/k8s.ts: the Kubernetes 1.27 L1 bindings, exactly as
// `cdk8s import k8s@1.27.0` would write them, but from the vendored schema.
// `cdk8s import` downloads the schema from a host these machines cannot reach,
// so this script runs cdk8s-cli's own generator with its download pointed at
// the vendored copy imports/k8s-1.27.0.schema.json (or K8S_SCHEMA=path/to/_definitions.json).
'use strict';
const fs = require('fs');
const path = require('path');

const VERSION = '1.27.0';
const root = path.resolve(__dirname, '..');
const schemaFile = process.env.K8S_SCHEMA ?? path.join(root, 'imports', `k8s-${VERSION}.schema.json`);

if (!fs.existsSync(schemaFile)) {
  console.error(
    `import-k8s: schema not found at ${schemaFile}; set K8S_SCHEMA to a Kubernetes ${VERSION} _definitions.json`,
  );
  process.exit(1);
}

// cdk8s-cli exports only ./plugins; its generator is reached by file path.
const cli = path.dirname(require.resolve('cdk8s-cli/package.json'));
const util = require(path.join(cli, 'lib', 'util'));
// The VolumeSnapshot CRDs (vendored unchanged in imports/snapshot-crds/) are one
// group, so they go to the CRD importer as one multi-document manifest: one module,
// imports/snapshot.storage.k8s.io.ts, as `cdk8s import` of the three files would write it.
const CRD_DIR = path.join(root, 'imports', 'snapshot-crds');
const CRD_SOURCE = 'vendored:snapshot.storage.k8s.io';
util.download = async (url) => {
  if (url === CRD_SOURCE) {
    return fs
      .readdirSync(CRD_DIR)
      .filter((f) => f.startsWith('snapshot.storage.k8s.io_') && f.endsWith('.yaml'))
      .sort()
      .map((f) => fs.readFileSync(path.join(CRD_DIR, f), 'utf-8'))
      .join('\n---\n');
  }
  if (!url.endsWith(`/v${VERSION}/_definitions.json`)) {
    throw new Error(`import-k8s: unexpected download ${url}`);
  }
  return fs.readFileSync(schemaFile, 'utf-8');
};
const { ImportKubernetesApi } = require(path.join(cli, 'lib', 'import', 'k8s'));
const { Language } = require(path.join(cli, 'lib', 'import', 'base'));
const { ImportCustomResourceDefinition } = require(path.join(cli, 'lib', 'import', 'crd'));

// The generated converters (toJson_*) drop undefined fields with
// `Object.entries(x).reduce((r, i) => ... ({ ...r, [i[0]]: i[1] }), {})`: a new object per
// field, quadratic in the fields of an object. They run for every object at synth (and every
// L1 toJson), so this pass rewrites each of them into one linear loop, omitUndefined(), with
// the same result (keys in order, undefined values left out, the value mapping kept).
const FILTER =
  /Object\.entries\(((?:[^()]|\([^()]*\))*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*?) \}\), \{\}\)/g;
const OMIT_UNDEFINED = `
/**
 * Added by scripts/import-k8s.js: \`obj\` without its undefined values (each mapped by \`map\`),
 * keys in order; a linear stand-in for the generator's reduce-and-spread.
 */
function omitUndefined<T, U = T>(obj: { [key: string]: T }, map?: (value: T) => U): Record<string, any> {
  const out: Record<string, any> = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    const value = map ? map(v) : v;
    if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  return out;
}
`;

function rewriteFilters(file) {
  let count = 0;
  const text = fs.readFileSync(file, 'utf-8').replace(FILTER, (_m, obj, value) => {
    count++;
    return value === 'i[1]'
      ? `omitUndefined(${obj})`
      : `omitUndefined(${obj}, (v) => ${value.split('i[1]').join('v')})`;
  });
  if (count === 0 || text.includes('i[1]'))
    throw new Error('import-k8s: the generated filters changed shape; update FILTER');
  fs.writeFileSync(file, text + OMIT_UNDEFINED);
  console.log(`import-k8s: ${count} undefined-filters made linear`);
}

// jsii (npm run jsii) warns that C# renames `ContainerPort` because its member `containerPort`
// has the type's name (JSII5019). The names are Kubernetes', as in cdk8s-plus: the warning is
// silenced on that interface alone, so the build still fails on any other warning.
const JSII_SUPPRESSIONS = [['export interface ContainerPort {', 'JSII5019']];

function suppressJsiiWarnings(file) {
  let text = fs.readFileSync(file, 'utf-8');
  for (const [decl, code] of JSII_SUPPRESSIONS) {
    const docEnd = ` */\n${decl}`;
    if (!text.includes(docEnd))
      throw new Error(`import-k8s: no doc comment before "${decl}"; update JSII_SUPPRESSIONS`);
    text = text.replace(docEnd, ` *\n * @jsii suppress ${code}\n${docEnd}`);
  }
  fs.writeFileSync(file, text);
}

(async () => {
  const options = await ImportKubernetesApi.match({ source: `k8s@${VERSION}` }, {});
  await new ImportKubernetesApi(options).import({
    outdir: path.join(root, 'imports'),
    targetLanguage: Language.TYPESCRIPT,
  });
  rewriteFilters(path.join(root, 'imports', 'k8s.ts'));
  suppressJsiiWarnings(path.join(root, 'imports', 'k8s.ts'));
  const crds = await ImportCustomResourceDefinition.fromSpec({ source: CRD_SOURCE });
  await crds.import({ outdir: path.join(root, 'imports'), targetLanguage: Language.TYPESCRIPT });
  rewriteFilters(path.join(root, 'imports', 'snapshot.storage.k8s.io.ts'));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
