#!/usr/bin/env node
// Where the time goes in a V8 .cpuprofile (node --cpu-prof): self time by function and by file,
// and by phase. Usage: node bench/profile.js FILE.cpuprofile [--top 20]
//
// Phases come from the stack: a sample under bench/child.js's `buildPhase` is construct creation,
// under `synthPhase` / `runPhase` (app.synth(): for ours with StorageChecks the one-pass synth of
// src/integrations/_synth.ts, else cdk8s's App.synth) is synth, anything else is startup (require +
// transpile-cache reads). Inside a phase, the innermost recognised frame names the kind of work
// (YAML writer, resolve, the plan, ...), so a toJson called by the plan counts as resolve, and the
// plan's own loops count as the plan. Breakdowns split the main calls' inclusive time (app.synth(),
// StorageChecks' check, planStorage, toJson, construction) by the calls beneath them.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** A file URL as a path relative to the project (no host paths in reports). */
function shortFile(url, base = root) {
  if (!url) return '(native)';
  let p = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  // Packages resolve to their real path (the harness's copies link node_modules): name them from there.
  const nm = p.indexOf('/node_modules/');
  if (nm >= 0) return p.slice(nm + 1);
  if (path.isAbsolute(p)) {
    const rel = path.relative(base, p);
    p = rel.startsWith('..') ? `…/${path.basename(p)}` : rel;
  }
  return p;
}

// Innermost-first: the first rule matching a frame, walking from the leaf up, names the work.
// ours synthesizes through src/integrations/_synth.ts (StorageChecks replaces App.synth with it) and writes
// YAML with src/integrations/_yaml.ts; cdk8s's own App.synth (Chart.toJson per chart, validate, dependency
// graphs, Yaml.save through the `yaml` package) is what the other programs, and ours without
// StorageChecks, run. Both are classified, so one table reads for either.
const KINDS = [
  ['YAML writer (src/integrations/_yaml.ts)', (f) => f.url.includes('/src/integrations/_yaml.ts')],
  // cdk8s's Yaml.stringify: all of cdk8s's YAML; in ours only quoting of unusual strings and the fallback.
  ['YAML stringify (yaml package)', (f) => /node_modules\/(cdk8s\/node_modules\/)?yaml\//.test(f.url)],
  ['plan report (renderMarkdown)', (f) => f.url.includes('/src/plan/report.ts')],
  // src/plan/ also runs at construction: _reserve checks a reservation with the plan's matching rules.
  ['storage plan rules (src/plan/)', (f) => f.url.includes('/src/plan/') && f.fn !== 'toJson'],
  [
    'synth pass (src/integrations/_synth.ts: validate, order)',
    (f) => f.url.includes('/src/integrations/_synth.ts'),
  ],
  ['swc hook (transpile cache)', (f) => f.url.includes('/scripts/_register.js')],
  ['require (module loading)', (f) => f.url.startsWith('node:internal/modules') || f.fn === 'require'],
  // The generated toJson_<Kind>Props converters and their undefined-filter, after cdk8s's resolve.
  [
    'L1 converters (toJson_<Kind>Props)',
    (f) => f.url.includes('/imports/k8s.ts') && /^(toJson_|omitUndefined$)/.test(f.fn),
  ],
  [
    'resolve / toJson (cdk8s)',
    (f) =>
      /toJson/i.test(f.fn) ||
      /^(sanitizeValue|resolve)$/.test(f.fn) ||
      // cdk8s's resolve() looks the App up (App.of walks to the root) for every value it resolves.
      (f.fn === 'of' && f.url.includes('cdk8s/lib/app.js')) ||
      /cdk8s\/lib\/(resolve|_util|api-object|json-patch)\.js|fast-json-patch/.test(f.url),
  ],
  [
    "cdk8s App.synth: validate / dependency graph (cdk8s's synth)",
    (f) => /cdk8s\/lib\/(app|dependency)\.js/.test(f.url),
  ],
  ['cdk8s-plus-27 L2', (f) => f.url.includes('node_modules/cdk8s-plus-27/')],
  ['constructs (tree)', (f) => f.url.includes('node_modules/constructs/')],
  ['this library (src/)', (f) => f.url.includes('/src/')],
  ['L1 classes (imports/k8s.ts)', (f) => f.url.includes('/imports/k8s.ts')],
  ['cdk8s (other)', (f) => f.url.includes('node_modules/cdk8s/')],
  ['fs (writing files)', (f) => /^(writeFileSync|writeSync|openSync|closeSync|mkdirSync)$/.test(f.fn)],
];
// The labels of the markers below, shared with bench/render.js (its profile tables).
const LABELS = {
  synth: 'app.synth()',
  onePass: 'synthApp (src/integrations/_synth.ts: the one-pass synth)',
  checks: 'StorageChecks check (the plan at synth)',
  build: 'construct creation (build)',
  resolve: 'ApiObject.toJson (resolve)',
  resolveShared: 'ApiObject.toJson (resolve): shared with the YAML files',
  plan: 'planStorage',
  report: 'the Markdown report (writeMarkdown, storage-plan.md)',
  yamlWriter: 'YAML writer (stringifyDocument, src/integrations/_yaml.ts)',
  yamlPackage: 'cdk8s Yaml.stringify (yaml package)',
  write: 'writing files (YAML files, storage-plan.md)',
  writeReport: 'writeFileSync (storage-plan.md)',
  findAll: 'Node.findAll (construct tree walks)',
  passValidate: 'validate (src/integrations/_synth.ts: every construct once)',
  passDeps: 'resolveDependencies (src/integrations/_synth.ts: once)',
  passOrder: 'chart and object order (src/integrations/_synth.ts)',
  cdk8sSynth: "cdk8s App.synth (cdk8s's own synth)",
  cdk8sChart: 'cdk8s Chart.toJson per chart (re-resolves and re-validates the whole app)',
  cdk8sValidate: 'cdk8s validate(app) (every construct, once per chart)',
  cdk8sDeps: 'cdk8s resolveDependencies(app) (once per chart)',
  cdk8sGraph: 'cdk8s DependencyGraph / chartToKube',
  cdk8sSave: 'cdk8s Yaml.save (yaml package stringify + write)',
  appOf: 'App.of (inside resolve: once per value)',
  cdk8sResolve: 'cdk8s resolve() (every value: a key array and a context per value)',
  sanitize: 'cdk8s sanitizeValue (drops nulls, sorts keys)',
  metadata: 'ApiObjectMetadata.toJson',
  patch: 'JsonPatch.apply',
  converters: 'L1 converters (toJson_<Kind>Props, imports/k8s.ts)',
  reserve: 'StaticPersistentVolume._reserve',
  reserveManifests: 'KubeX.manifest (L1 converters: the claim and the volume as manifests)',
  reserveRead: 'readVolume / readClaim (src/plan/match.ts)',
  reserveMatch: 'mismatches (src/plan/match.ts)',
};
/** The breakdown row of the outer call's own work (and calls not listed). */
const itself = (name) => `(${name} itself and other calls)`;

// Markers: [label, function name (string or RegExp), file part]. StorageChecks' planning
// function has been called `run` and `check` as src/ evolved: both are matched.
const CHECKS = /^(run|check)$/;
const CHILD = 'bench/child.js';
const SYNTH_TS = 'src/integrations/_synth.ts';
const TOJSON = [
  ['toJson', 'cdk8s/lib/api-object.js'],
  ['toJson', 'imports/k8s.ts'],
];
const L = LABELS;
const resolveMarkers = (label) => TOJSON.map(([fn, file]) => [label, fn, file]);
// ours resolves each object once, in src/integrations/_synth.ts's `json` (the plan and the files share it).
const RESOLVE_ONCE = [[L.resolve, 'json', SYNTH_TS], ...resolveMarkers(L.resolve)];
// The one-pass synth's own passes (src/integrations/_synth.ts).
const PASS = [
  [L.passValidate, 'validate', SYNTH_TS],
  [L.passDeps, 'resolveDependencies', SYNTH_TS],
  [L.passOrder, /^(objectsByChart|orderWithoutDependencies|objectsInDependencyOrder)$/, SYNTH_TS],
];
// cdk8s's App.synth: only on the path of the programs (and modes) that do not use src/integrations/_synth.ts.
const CDK8S = {
  synth: [L.cdk8sSynth, 'synth', 'cdk8s/lib/app.js'],
  chart: [L.cdk8sChart, '_synthChart', 'cdk8s/lib/app.js'],
  validate: [L.cdk8sValidate, 'validate', 'cdk8s/lib/app.js'],
  deps: [L.cdk8sDeps, 'resolveDependencies', 'cdk8s/lib/app.js'],
  graph: [L.cdk8sGraph, 'chartToKube', 'cdk8s/lib/app.js'],
  save: [L.cdk8sSave, 'save', 'cdk8s/lib/yaml.js'],
};
const YAML_WRITER = [L.yamlWriter, 'stringifyDocument', 'src/integrations/_yaml.ts'];
const YAML_PACKAGE = [L.yamlPackage, 'stringify', 'cdk8s/lib/yaml.js'];
// Files are written in pieces (src/integrations/_chunked-file.ts: writeSync); cdk8s's Yaml.save uses writeFileSync.
const WRITE = [L.write, /^(writeFileSync|writeSync)$/, 'node:fs'];
const FIND_ALL = [L.findAll, 'findAll', 'constructs/lib/construct.js'];
const PLAN = [L.plan, 'planStorage', 'src/plan/plan.ts'];
// The synth writes the report line by line (writeMarkdown); renderMarkdown returns it whole.
const REPORT = [L.report, /^(renderMarkdown|writeMarkdown)$/, 'src/plan/report.ts'];
const RESERVE = [L.reserve, '_reserve', 'src/constructs/persistent/persistent-volume.ts'];
// [label, function name, file part]: calls whose inclusive time the summary lists.
const INCLUSIVE = [
  ['app.synth() (everything after construction)', /^(synthPhase|runPhase)$/, CHILD],
  [L.onePass, 'synthApp', SYNTH_TS],
  [L.checks, CHECKS, 'src/integrations/storage-checks.ts'],
  ...resolveMarkers(L.resolve),
  PLAN,
  REPORT,
  YAML_WRITER,
  YAML_PACKAGE,
  WRITE,
  FIND_ALL,
  ...PASS,
  // Each chart's JSON handed to the writer; `take` lets go of each object's JSON once written.
  ['chartJson / take (src/integrations/_synth.ts: JSON to the writer)', /^(chartJson|take)$/, SYNTH_TS],
  ...Object.values(CDK8S),
  RESERVE,
  [L.build, 'buildPhase', CHILD],
];
// Breakdowns of one call's inclusive time by the listed calls beneath it (the rest is its own
// work). `outer`: markers [function name, file part]; the innermost frame matching one is the call.
const BREAKDOWNS = [
  {
    name: L.synth,
    outer: [[/^(synthPhase|runPhase)$/, CHILD]],
    inner: [
      ...RESOLVE_ONCE,
      PLAN,
      REPORT,
      YAML_WRITER,
      CDK8S.save,
      // cdk8s's per-chart passes walk the tree (findAll) inside them: listed before findAll.
      CDK8S.deps,
      CDK8S.validate,
      CDK8S.graph,
      ...PASS,
      FIND_ALL,
      WRITE,
    ],
  },
  {
    name: L.checks,
    outer: [[CHECKS, 'src/integrations/storage-checks.ts']],
    inner: [
      [L.resolveShared, 'json', SYNTH_TS],
      ...resolveMarkers(L.resolveShared),
      PLAN,
      REPORT,
      [L.writeReport, /^(writeFileSync|writeSync)$/, 'node:fs'],
      FIND_ALL,
    ],
  },
  {
    name: L.plan,
    outer: [PLAN.slice(1)],
    inner: [
      ['indexManifests (reads each manifest once)', 'indexManifests', 'src/plan/_manifest.ts'],
      ['validateIndexed (what the API server rejects)', 'validateIndexed', 'src/plan/validate.ts'],
      ['predictIndexed (binding)', 'predictIndexed', 'src/plan/binding/index.ts'],
      ['warningsIndexed', 'warningsIndexed', 'src/plan/warnings.ts'],
      ['podSecurityIndexed (Pod Security levels)', 'podSecurityIndexed', 'src/plan/security.ts'],
      ['sortFindings', 'sortFindings', 'src/plan/plan.ts'],
    ],
  },
  {
    name: L.resolve,
    // Every toJson call, construction included; ours' synth calls it from `json` once per object.
    outer: TOJSON,
    inner: [
      [L.appOf, 'of', 'cdk8s/lib/app.js'],
      [L.cdk8sResolve, 'resolve', 'cdk8s/lib/resolve.js'],
      [L.sanitize, 'sanitizeValue', 'cdk8s/lib/_util.js'],
      [L.metadata, 'toJson', 'cdk8s/lib/metadata.js'],
      [L.patch, 'apply', 'cdk8s/lib/json-patch.js'],
      [L.converters, /^toJson_/, 'imports/k8s.ts'],
    ],
  },
  {
    name: L.reserve,
    outer: [RESERVE.slice(1)],
    inner: [
      [L.reserveManifests, 'manifest', 'imports/k8s.ts'],
      [L.reserveRead, /^read(Volume|Claim)$/, 'src/plan/match.ts'],
      [L.reserveMatch, 'mismatches', 'src/plan/match.ts'],
    ],
  },
  {
    name: L.build,
    outer: [['buildPhase', CHILD]],
    inner: [
      RESERVE,
      ...resolveMarkers(L.resolve),
      ['SharedEmptyDirPod.fortune', 'fortune', 'src/constructs/pod/shared-empty-dir-pod.ts'],
      [
        'new StaticPersistentVolume',
        'StaticPersistentVolume',
        'src/constructs/persistent/persistent-volume.ts',
      ],
      ['new StaticClaim', 'StaticClaim', 'src/constructs/persistent/claim.ts'],
      ['new StorageClass', 'StorageClass', 'src/constructs/persistent/storage-class.ts'],
    ],
  },
];
// A Map, not an object literal: a JS function named `toString` must not read Object.prototype's.
const SPECIAL = new Map([
  ['(garbage collector)', 'GC'],
  ['(program)', 'V8/native (program)'],
  ['(idle)', 'idle'],
]);

/** Whether a frame is the marker's function: [label, name or RegExp, file part]. */
function matches(cf, [, fn, file]) {
  return (fn instanceof RegExp ? fn.test(cf.fn) : cf.fn === fn) && cf.url.includes(file);
}

/** `base`: the project folder the profiled process ran from (the harness runs a snapshot copy). */
function summarize(file, top = 20, base = root) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const byId = new Map();
  const parent = new Map();
  for (const n of prof.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const frame = (n) => ({ fn: n.callFrame.functionName || '(anonymous)', url: n.callFrame.url || '' });
  const self = new Map();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));

  const phaseOf = new Map();
  const kindOf = new Map();
  const classify = (id) => {
    if (kindOf.has(id)) return;
    const n = byId.get(id);
    const f = frame(n);
    if (SPECIAL.has(f.fn)) {
      kindOf.set(id, SPECIAL.get(f.fn));
      phaseOf.set(id, SPECIAL.get(f.fn) === 'GC' ? 'GC' : 'other');
      return;
    }
    let kind;
    let phase = 'startup (require, transpile cache)';
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = frame(byId.get(cur));
      if (!kind) kind = KINDS.find(([, test]) => test(cf))?.[0];
      // child.js names its phases: buildPhase (construct creation), synthPhase / runPhase.
      if (cf.url.includes(CHILD)) {
        if (cf.fn === 'buildPhase') phase = 'construct creation (build)';
        else if (cf.fn === 'synthPhase' || cf.fn === 'runPhase') phase = 'synth';
      }
    }
    kindOf.set(id, kind ?? 'other JS');
    phaseOf.set(id, phase);
  };

  let total = 0;
  const fnTotals = new Map();
  const fnKeyOf = new Map();
  const fileTotals = new Map();
  const phaseKind = new Map();
  for (const [id, us] of self) {
    total += us;
    classify(id);
    const f = frame(byId.get(id));
    const line = byId.get(id).callFrame.lineNumber + 1;
    const fnKey = `${f.fn} (${shortFile(f.url, base)}${f.url ? `:${line}` : ''})`;
    fnTotals.set(fnKey, (fnTotals.get(fnKey) ?? 0) + us);
    fnKeyOf.set(id, fnKey);
    const fileKey = groupFile(f, base);
    fileTotals.set(fileKey, (fileTotals.get(fileKey) ?? 0) + us);
    const pk = `${phaseOf.get(id)}\0${kindOf.get(id)}`;
    phaseKind.set(pk, (phaseKind.get(pk) ?? 0) + us);
  }
  const rows = (m, n) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: round(us / 1000), pct: round((100 * us) / total, 1) }));
  const phases = {};
  for (const [pk, us] of phaseKind) {
    const [phase, kind] = pk.split('\0');
    phases[phase] = phases[phase] ?? { ms: 0, pct: 0, kinds: {} };
    phases[phase].ms += us / 1000;
    phases[phase].kinds[kind] = round(us / 1000);
  }
  for (const p of Object.values(phases)) {
    p.pct = round((100 * p.ms) / (total / 1000), 1);
    p.ms = round(p.ms);
  }
  const byKind = new Map();
  for (const [pk, us] of phaseKind) {
    const kind = pk.split('\0')[1];
    byKind.set(kind, (byKind.get(kind) ?? 0) + us);
  }
  // Inclusive time of the calls that explain the phases (each counted once per sample).
  const inclusive = new Map();
  prof.samples.forEach((id, i) => {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = frame(byId.get(cur));
      const name = INCLUSIVE.find((m) => matches(cf, m))?.[0];
      if (name && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + (prof.timeDeltas[i] ?? 0));
      }
    }
  });
  const breakdowns = {};
  for (const b of BREAKDOWNS) {
    const parts = new Map();
    const hot = new Map();
    let sum = 0;
    prof.samples.forEach((id, i) => {
      let best = b.inner.length;
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const cf = frame(byId.get(cur));
        if (b.outer.some((o) => matches(cf, [null, ...o]))) {
          const dt = prof.timeDeltas[i] ?? 0;
          const name = best < b.inner.length ? b.inner[best][0] : itself(b.name);
          parts.set(name, (parts.get(name) ?? 0) + dt);
          hot.set(fnKeyOf.get(id), (hot.get(fnKeyOf.get(id)) ?? 0) + dt);
          sum += dt;
          return;
        }
        // Of the listed calls beneath the outer one, the first in the list wins (the plan's
        // resolve runs inside check; _reserve inside new StaticClaim).
        const k = b.inner.findIndex((x) => matches(cf, x));
        if (k >= 0 && k < best) best = k;
      }
    });
    // hot: the functions beneath the call by self time.
    breakdowns[b.name] = { ms: round(sum / 1000), parts: rows(parts, 20), hot: rows(hot, 5) };
  }
  return {
    total_ms: round(total / 1000),
    inclusive: rows(inclusive, INCLUSIVE.length),
    breakdowns,
    phases,
    kinds: rows(byKind, 30),
    functions: rows(fnTotals, top),
    // This library's own hot spots, which the overall top list may not reach.
    srcFunctions: rows(new Map([...fnTotals].filter(([name]) => name.includes('(src/'))), 10),
    files: rows(fileTotals, top),
  };
}

/** Files grouped as a reader thinks of them: a package, or a project file. */
function groupFile(f, base) {
  if (SPECIAL.has(f.fn)) return f.fn;
  const s = shortFile(f.url, base);
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/node_modules\/((?:@[^/]+\/)?[^/]+))?\/(.*)$/.exec(s);
  if (m) return m[3] ? `${m[1]} > ${m[3]}` : `${m[1]}/${m[4]}`;
  return s;
}

function round(x, d = 0) {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

module.exports = { summarize, LABELS, itself };

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/profile.js FILE.cpuprofile [--top 20]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--top');
  const s = summarize(file, i > 0 ? Number(process.argv[i + 1]) : 20);
  console.log(`total sampled: ${s.total_ms} ms\n\nphases:`);
  for (const [phase, p] of Object.entries(s.phases).sort((a, b) => b[1].ms - a[1].ms)) {
    const kinds = Object.entries(p.kinds)
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => `${k} ${ms}`)
      .join(', ');
    console.log(`  ${phase}: ${p.ms} ms (${p.pct}%): ${kinds}`);
  }
  for (const [name, b] of Object.entries(s.breakdowns)) {
    if (!b.ms) continue; // not on this program's path
    console.log(`\n${name}: ${b.ms} ms`);
    for (const r of b.parts) console.log(`  ${String(r.ms).padStart(7)} ms  ${r.name}`);
    console.log(`  hottest beneath (self): ${b.hot.map((r) => `${r.name} ${r.ms}`).join(', ')}`);
  }
  for (const [title, list] of [
    ['inclusive', s.inclusive],
    ['work', s.kinds],
    ['functions (self)', s.functions],
    ['files (self)', s.files],
  ]) {
    console.log(`\n${title}:`);
    for (const r of list)
      console.log(`  ${String(r.ms).padStart(7)} ms ${String(r.pct).padStart(5)}%  ${r.name}`);
  }
}
