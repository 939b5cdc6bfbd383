/**
 * The README's TypeScript examples, extracted and run as one app: they cannot rot. Every
 * object they make must pass the strict 1.27 schema and the storage plan without an error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expectSchemaValid } from './_schema';

// Shared with scripts/example-app.js, which runs the same program against the packed library.
const {
  readmeProgram,
}: { readmeProgram: (options?: { exportApp?: boolean }) => string } = require('../scripts/readme-examples');

test('the README examples run, and what they make is valid and plans without error', () => {
  const src = path.join(__dirname, '..', 'src', 'index');
  const program = readmeProgram().replace(/from 'cdk8s-volumes'/g, `from ${JSON.stringify(src)}`);
  expect(program).toMatch(/SharedEmptyDirPod\.fortune/);
  expect(program).toMatch(/StorageChecks\.enable\(app, \{ kubernetesVersion: .1\.30. \}\)/);
  // Inside the repository (git-ignored), so the example resolves cdk8s like an app would.
  const dir = path.join(__dirname, '..', '.cache', 'readme-app');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'main.ts');
  fs.writeFileSync(file, program.replace('new App()', `new App({ outdir: ${JSON.stringify(dir)} })`));
  const { app } = require(file);
  const manifests = app.charts.flatMap((c: any) => c.toJson());
  expect(manifests.length).toBeGreaterThan(10);
  expectSchemaValid(manifests);
  // StorageChecks wrote the report, and would have thrown on an error finding.
  expect(fs.readFileSync(path.join(dir, 'storage-plan.md'), 'utf-8')).toMatch(/Findings: 0 errors/);
  fs.rmSync(dir, { recursive: true, force: true });
});
