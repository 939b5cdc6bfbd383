#!/usr/bin/env node
// The library as its users get it: `npm pack` it, install the tarball into a fresh cdk8s app in a
// temporary folder, write the README's TypeScript examples (extracted, not copied) as the app's
// main.ts, type-check them against the packed .d.ts, `cdk8s synth` with the validation plugin from
// the README's cdk8s.yaml, and plan the output with the installed `cdk8s-volumes` CLI. Twice: with
// the newest cdk8s-plus line (as the README imports it) and with cdk8s-plus-27, the oldest
// supported; each mounts claims of this library into a cdk8s-plus Deployment and StatefulSet. The
// second run swaps the one dependency in the same app, so npm reuses the first install.
//
//   node scripts/example-app.js            peers pinned to the versions installed here (fast, offline-robust)
//   node scripts/example-app.js --latest   peers by their peerDependencies ranges, fresh from the registry
//   KEEP=1 node scripts/example-app.js     keep the temporary folder (it is always kept on failure)
//
// Slow (an npm install and two TypeScript compilations), so it runs from .ci/run, not from jest.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const { readmeProgram, readmeValidations } = require('./readme-examples');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const latest = process.argv.includes('--latest');
// The cdk8s-plus lines run: the newest and the oldest supported, the two this project installs
// (cdk8s-plus-34, cdk8s-plus-27). They are not peerDependencies: jsii would make each a hard
// dependency of every language's package.
const plusLines = Object.keys(pkg.devDependencies)
  .filter((n) => /^cdk8s-plus-\d+$/.test(n))
  .sort((a, b) => Number(b.slice(11)) - Number(a.slice(11)));
const newestPlus = plusLines[0];
const oldestPlus = plusLines[plusLines.length - 1];
const started = Date.now();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-volumes-example-'));
const app = path.join(tmp, 'app');
let failures = 0;

// A user's shell, not the npm script this may run under: no npm_package_* / npm_lifecycle_* variables.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_(package|lifecycle)_/.test(k) && k !== 'INIT_CWD'),
);

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Runs a command; returns { status, out } with stdout and stderr interleaved as far as pipes allow. */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { status: -1, out: String(r.error) };
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Runs a check; prints PASS or FAIL with its duration, and the output of what failed. */
function step(name, fn) {
  const t = Date.now();
  let result;
  try {
    result = fn();
  } catch (e) {
    result = { ok: false, detail: e && e.stack ? e.stack : String(e) };
  }
  const line = `${result.ok ? 'PASS' : 'FAIL'}: ${name} (${seconds(t)})${result.note ? `: ${result.note}` : ''}`;
  console.log(line);
  if (!result.ok) {
    failures++;
    if (result.detail) console.log(indent(result.detail.trim()));
  }
  return result.ok;
}

function indent(text) {
  const lines = text.split('\n');
  const shown = lines.length > 80 ? [...lines.slice(0, 20), '  ...', ...lines.slice(-60)] : lines;
  return shown.map((l) => `    ${l}`).join('\n');
}

function installedVersion(name) {
  return require(path.join(root, 'node_modules', name, 'package.json')).version;
}

// ---------------------------------------------------------------------------------------------

let tarball;
const packed = step('npm pack: lib/ (JS, .d.ts, maps), the CLI, README and LICENSE, nothing else', () => {
  const dest = path.join(tmp, 'pack');
  fs.mkdirSync(dest);
  // prepack builds lib/; bin/cdk8s-volumes prefers lib/ over src/, so a lib/ this run made would
  // leave the checkout's CLI (and its tests) running a build that goes stale: remove it again.
  const hadLib = fs.existsSync(path.join(root, 'lib'));
  const r = run('npm', ['pack', '--json', '--pack-destination', dest], root);
  if (!hadLib) fs.rmSync(path.join(root, 'lib'), { recursive: true, force: true });
  if (r.status !== 0) return { ok: false, detail: r.out };
  // prepack's build prints to stdout before npm's JSON: take the JSON array at the end.
  const info = JSON.parse(r.out.slice(r.out.lastIndexOf('\n[\n') + 1, r.out.lastIndexOf(']') + 1))[0];
  tarball = path.join(dest, info.filename);
  const files = info.files.map((f) => f.path);
  const allowed =
    /^(package\.json|README\.md|LICENSE|\.jsii|bin\/cdk8s-volumes|lib\/(src|imports)\/.+\.(js|d\.ts|js\.map)|schemas\/[a-z0-9.-]+\.json)$/;
  // The runtime dependencies ship inside the tarball (bundledDependencies, as jsii requires), with
  // theirs: npm lists each bundled package in `bundled`.
  const bundled = new Set(info.bundled ?? []);
  const isBundled = (f) => {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    return m !== null && bundled.has(m[1]);
  };
  const required = [
    'package.json',
    'README.md',
    'LICENSE',
    'bin/cdk8s-volumes',
    'lib/src/index.js',
    'lib/src/index.d.ts',
    'lib/src/integrations/cli.js',
    'lib/src/integrations/validation-plugin.js',
    'lib/imports/k8s.js',
    'lib/imports/k8s.d.ts',
    'lib/imports/snapshot.storage.k8s.io.js',
    'lib/imports/snapshot.storage.k8s.io.d.ts',
    'schemas/k8s-1.36.json',
  ];
  const problems = [
    ...files.filter((f) => !allowed.test(f) && !isBundled(f)).map((f) => `unexpected file: ${f}`),
    ...files.filter((f) => /^lib\/src\/main\./.test(f)).map((f) => `the app is not the library: ${f}`),
    ...files
      .filter(
        (f) => /^lib\/imports\//.test(f) && !/^lib\/imports\/(k8s|snapshot\.storage\.k8s\.io)\./.test(f),
      )
      .map((f) => `unneeded: ${f}`),
    ...required.filter((f) => !files.includes(f)).map((f) => `missing: ${f}`),
  ];
  const kb = (n) => `${Math.round(n / 1024)} kB`;
  const note = `${info.filename}, ${info.entryCount} files, ${kb(info.size)} packed, ${kb(info.unpackedSize)} unpacked`;
  return { ok: problems.length === 0, note, detail: problems.join('\n') };
});

if (packed) {
  step('a fresh cdk8s app installs the tarball and its peers', () => {
    fs.mkdirSync(app);
    const peers = pkg.peerDependencies;
    const spec = (name, range) => (latest ? range : installedVersion(name));
    const dependencies = {
      'cdk8s-volumes': `file:${path.relative(app, tarball)}`,
      cdk8s: spec('cdk8s', peers.cdk8s),
      constructs: spec('constructs', peers.constructs),
      [newestPlus]: spec(newestPlus, `^${pkg.devDependencies[newestPlus].replace(/^[\^~]/, '')}`),
    };
    const devDependencies = {};
    for (const name of ['cdk8s-cli', 'typescript', 'ts-node', '@types/node']) {
      devDependencies[name] = spec(name, pkg.devDependencies[name]);
    }
    const manifest = {
      name: 'cdk8s-volumes-example',
      version: '1.0.0',
      private: true,
      license: 'Apache-2.0',
      scripts: { synth: 'cdk8s synth', compile: 'tsc --build' },
      dependencies,
      devDependencies,
    };
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    const args = [
      'install',
      '--no-audit',
      '--no-fund',
      latest ? '--prefer-online' : '--prefer-offline',
      '--no-update-notifier',
    ];
    const r = run('npm', args, app);
    const note = Object.entries({ ...dependencies, ...devDependencies })
      .filter(([k]) => k !== 'cdk8s-volumes')
      .map(([k]) => `${k}@${require(path.join(app, 'node_modules', k, 'package.json')).version}`)
      .join(', ');
    return { ok: r.status === 0, note: r.status === 0 ? note : undefined, detail: r.out };
  });
}

const installed = failures === 0;
if (installed) {
  step('the installed CLI and plugin come from the tarball, not from this checkout', () => {
    const libDir = path.join(app, 'node_modules', 'cdk8s-volumes');
    const problems = [];
    if (fs.lstatSync(libDir).isSymbolicLink()) problems.push('node_modules/cdk8s-volumes is a link');
    if (!fs.existsSync(path.join(app, 'node_modules', '.bin', 'cdk8s-volumes')))
      problems.push('no .bin/cdk8s-volumes');
    if (fs.existsSync(path.join(libDir, 'src'))) problems.push('src/ was installed');
    if (fs.existsSync(path.join(libDir, 'scripts'))) problems.push('scripts/ was installed');
    return { ok: problems.length === 0, detail: problems.join('\n') };
  });

  // The app: the README's TypeScript blocks as main.ts, the cdk8s-cli template's tsconfig.json and
  // app command, and the README's `validations:` entry for the plugin.
  let validations = '';
  step("the app: the README's examples as main.ts, cdk8s-cli's template tsconfig.json", () => {
    const template = path.join(app, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
    fs.copyFileSync(path.join(template, 'tsconfig.json'), path.join(app, 'tsconfig.json'));
    const program = readmeProgram({ exportApp: false });
    fs.writeFileSync(path.join(app, 'main.ts'), program);
    validations = readmeValidations();
    const cdk8sYaml = ['language: typescript', 'app: npx ts-node main.ts', validations].join('\n');
    fs.writeFileSync(path.join(app, 'cdk8s.yaml'), cdk8sYaml);
    const blocks = program.split('\n').filter((l) => /^import /.test(l)).length;
    return { ok: true, note: `main.ts: ${program.split('\n').length} lines, ${blocks} import lines` };
  });

  step("the README's validations entry names the plugin as installed, at this version", () => {
    const problems = [];
    const pluginPath = /package: (\S+)/.exec(validations);
    const version = /version: (\S+)/.exec(validations);
    const cls = /class: (\S+)/.exec(validations);
    if (!pluginPath || !fs.existsSync(path.join(app, pluginPath[1]))) problems.push(`package: ${pluginPath}`);
    if (!version || version[1] !== pkg.version) {
      problems.push(`version: ${version && version[1]} in README.md, but package.json says ${pkg.version}`);
    }
    if (!cls || cls[1] !== 'StorageValidation') problems.push(`class: ${cls && cls[1]}`);
    return { ok: problems.length === 0, detail: problems.join('\n') };
  });

  /**
   * The README's workloads mount their claims: every volumeMount of a Deployment or StatefulSet
   * names a volume of its pod (or a volumeClaimTemplate; some cdk8s-plus releases drop a
   * StatefulSet's volumes), and at least one of each kind mounts a claim.
   */
  function plusMounts(dist) {
    const problems = [];
    const docs = fs
      .readdirSync(dist)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf-8')))
      .map((d) => d.toJS())
      .filter((d) => d && (d.kind === 'Deployment' || d.kind === 'StatefulSet'));
    for (const d of docs) {
      const pod = d.spec.template.spec;
      const names = [
        ...(pod.volumes ?? []).map((v) => v.name),
        ...(d.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name),
      ];
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        for (const m of c.volumeMounts ?? []) {
          if (!names.includes(m.name)) {
            problems.push(
              `${d.kind}/${d.metadata.name}: container ${c.name} mounts "${m.name}", no such volume`,
            );
          }
        }
      }
    }
    for (const kind of ['Deployment', 'StatefulSet']) {
      const mountsClaim = docs.some(
        (d) => d.kind === kind && (d.spec.template.spec.volumes ?? []).some((v) => v.persistentVolumeClaim),
      );
      if (!mountsClaim) problems.push(`no ${kind} in dist/ mounts a claim`);
    }
    return problems;
  }

  /** The app's type-check, synth with StorageChecks and the plugin, and the CLI's plan. */
  function checkApp(line) {
    step(
      `${line}: the README examples type-check against the packed .d.ts (the app's own tsc, template tsconfig)`,
      () => {
        const r = run('npx', ['--no', '--', 'tsc', '--noEmit', '--project', '.'], app);
        return { ok: r.status === 0, detail: r.out };
      },
    );

    const reports = path.join(tmp, `validation-reports-${line}.json`);
    step(
      `${line}: npx cdk8s synth: the README examples synthesize, StorageChecks and the validation plugin pass`,
      () => {
        const r = run(
          'npx',
          ['--no', '--', 'cdk8s', 'synth', '--no-check-upgrade', '--validation-reports-output-file', reports],
          app,
        );
        if (r.status !== 0) return { ok: false, detail: r.out };
        const problems = [];
        const dist = path.join(app, 'dist');
        problems.push(...plusMounts(dist));
        const yamls = fs.readdirSync(dist).filter((f) => f.endsWith('.yaml'));
        const plan = path.join(dist, 'storage-plan.md');
        if (yamls.length === 0) problems.push('no YAML in dist/');
        if (!fs.existsSync(plan)) problems.push('StorageChecks wrote no dist/storage-plan.md');
        else if (!/Findings: 0 errors/.test(fs.readFileSync(plan, 'utf-8')))
          problems.push('storage-plan.md: errors');
        const json = fs.existsSync(reports) ? JSON.parse(fs.readFileSync(reports, 'utf-8')) : { reports: [] };
        const ours = json.reports.filter((rep) => /cdk8s-volumes/.test(rep.summary.plugin));
        if (ours.length !== 1)
          problems.push(`validation reports of cdk8s-volumes: ${ours.length}, expected 1`);
        else if (ours[0].summary.status !== 'success')
          problems.push(`plugin status: ${ours[0].summary.status}`);
        const note =
          ours.length === 1 ? `${yamls.length} YAML files, plugin: ${ours[0].summary.metadata.findings}` : '';
        return { ok: problems.length === 0, note, detail: [...problems, r.out].join('\n') };
      },
    );

    step(`${line}: npx cdk8s-volumes plan dist/ exits 0 (no error finding)`, () => {
      const r = run('npx', ['--no', '--', 'cdk8s-volumes', 'plan', 'dist/'], app);
      const summary = r.out.split('\n').find((l) => /^\d+ claims?:/.test(l));
      let hint = '';
      if (r.status !== 0 && fs.existsSync(path.join(app, 'dist', 'construct-metadata.json'))) {
        // cdk8s-cli writes dist/construct-metadata.json (not a manifest) when validations are configured.
        const yamls = fs.readdirSync(path.join(app, 'dist')).filter((f) => f.endsWith('.yaml'));
        const y = run('npx', ['--no', '--', 'cdk8s-volumes', 'plan', ...yamls.map((f) => `dist/${f}`)], app);
        if (y.status === 0) {
          hint =
            'planning only the YAML files of dist/ exits 0: the error is dist/construct-metadata.json, which cdk8s synth writes when cdk8s.yaml has validations\n';
        }
      }
      return { ok: r.status === 0, note: summary, detail: hint + r.out };
    });
  }

  checkApp(newestPlus);

  // The oldest line: the same app and README program, with its cdk8s-plus swapped.
  const swapped = step(
    `${oldestPlus} instead of ${newestPlus} in the app (npm install, main.ts imports)`,
    () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf-8'));
      delete manifest.dependencies[newestPlus];
      manifest.dependencies[oldestPlus] = latest
        ? `^${pkg.devDependencies[oldestPlus].replace(/^[\^~]/, '')}`
        : installedVersion(oldestPlus);
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
      const r = run(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-update-notifier'],
        app,
      );
      if (r.status !== 0) return { ok: false, detail: r.out };
      const main = path.join(app, 'main.ts');
      const program = fs.readFileSync(main, 'utf-8');
      if (!program.includes(`from '${newestPlus}'`)) {
        return { ok: false, detail: `main.ts (the README) does not import ${newestPlus}` };
      }
      fs.writeFileSync(main, program.split(`from '${newestPlus}'`).join(`from '${oldestPlus}'`));
      fs.rmSync(path.join(app, 'dist'), { recursive: true, force: true });
      const version = require(path.join(app, 'node_modules', oldestPlus, 'package.json')).version;
      return { ok: true, note: `${oldestPlus}@${version}` };
    },
  );
  if (swapped) checkApp(oldestPlus);

  // The checks can fail: the README's opening example (a 1G volume, a claim for 1Gi naming it) is an error
  // for the CLI, and for the plugin in a plain app that does not enable StorageChecks.
  const bad = path.join(tmp, 'bad');
  fs.mkdirSync(bad);
  fs.writeFileSync(
    path.join(bad, 'pending.yaml'),
    [
      'apiVersion: v1',
      'kind: PersistentVolume',
      'metadata: { name: pv-data }',
      'spec: { capacity: { storage: 1G }, accessModes: [ReadWriteOnce], hostPath: { path: /data, type: Directory } }',
      '---',
      'apiVersion: v1',
      'kind: PersistentVolumeClaim',
      'metadata: { name: data }',
      "spec: { resources: { requests: { storage: 1Gi } }, accessModes: [ReadWriteOnce], storageClassName: '', volumeName: pv-data }",
      '',
    ].join('\n'),
  );
  step('npx cdk8s-volumes plan exits 1 on a claim that stays Pending', () => {
    const r = run('npx', ['--no', '--', 'cdk8s-volumes', 'plan', bad], app);
    return { ok: r.status === 1 && /claim-pending/.test(r.out), detail: `exit ${r.status}\n${r.out}` };
  });
  step('npx cdk8s synth fails through the validation plugin on a claim that stays Pending', () => {
    const badApp = path.join(app, 'bad-app.js'); // in the app, so it requires the app's cdk8s
    fs.writeFileSync(
      badApp,
      [
        "const { App, Chart, Include } = require('cdk8s');",
        'const app = new App();',
        "new Include(new Chart(app, 'bad'), 'pending', { url: process.argv[2] });",
        'app.synth();',
        '',
      ].join('\n'),
    );
    const appCmd = `node bad-app.js ${JSON.stringify(path.join(bad, 'pending.yaml'))}`;
    const r = run(
      'npx',
      [
        '--no',
        '--',
        'cdk8s',
        'synth',
        '--no-check-upgrade',
        '--app',
        appCmd,
        '--output',
        path.join(tmp, 'bad-dist'),
      ],
      app,
    );
    const ok = r.status !== 0 && /claim-pending/.test(r.out) && /Validation failed/.test(r.out);
    return { ok, detail: `exit ${r.status}\n${r.out}` };
  });
}

const total = seconds(started);
if (failures === 0 && !process.env.KEEP) fs.rmSync(tmp, { recursive: true, force: true });
else console.log(`kept: ${tmp}`);
console.log(
  failures === 0 ? `PASS: example app (${total})` : `FAIL: example app, ${failures} failed (${total})`,
);
process.exitCode = failures === 0 ? 0 : 1;
