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
util.download = async (url) => {
  if (!url.endsWith(`/v${VERSION}/_definitions.json`)) {
    throw new Error(`import-k8s: unexpected download ${url}`);
  }
  return fs.readFileSync(schemaFile, 'utf-8');
};
const { ImportKubernetesApi } = require(path.join(cli, 'lib', 'import', 'k8s'));
const { Language } = require(path.join(cli, 'lib', 'import', 'base'));

(async () => {
  const options = await ImportKubernetesApi.match({ source: `k8s@${VERSION}` }, {});
  await new ImportKubernetesApi(options).import({
    outdir: path.join(root, 'imports'),
    targetLanguage: Language.TYPESCRIPT,
  });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
