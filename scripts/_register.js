// A require hook that lets Node run the project's TypeScript directly: swc strips the
// types (no type-check: `npm test` does that), and the output is cached on disk by
// content hash, so `npm run synth` pays for transpiling imports/k8s.ts once, not per run.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'cdk8s-volumes-ts');
let swc; // loaded only when a file is not in the cache

function compile(source, filename) {
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, key + '.js');
  try {
    return fs.readFileSync(cached, 'utf-8');
  } catch {
    // not cached yet
  }
  swc = swc || require('@swc/core');
  const { code } = swc.transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2020' },
    module: { type: 'commonjs' },
  });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  } catch {
    // a read-only checkout still works, only slower
  }
  return code;
}

Module._extensions['.ts'] = function (module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf-8'), filename), filename);
};
