#!/usr/bin/env node
// Where the time goes in a V8 .cpuprofile (node --cpu-prof): self time by function and by file,
// and by phase. Usage: node bench/profile.js FILE.cpuprofile [--top 20]
//
// Phases come from the stack: a sample under the program's `build` is construct creation, under
// App.synth is synth, anything else is startup (require + transpile-cache reads). Inside a
// phase, the innermost recognised frame names the kind of work (YAML stringify, the plan, ...),
// so a toJson called by the plan counts as toJson, and the plan's own loops count as the plan.
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
const KINDS = [
  ['YAML stringify', (f) => /node_modules\/(cdk8s\/node_modules\/)?yaml\//.test(f.url)],
  ['plan report (renderMarkdown)', (f) => f.url.includes('/src/plan/report.ts')],
  ['plan (planStorage)', (f) => f.url.includes('/src/plan/') && f.fn !== 'toJson'],
  ['swc hook (transpile cache)', (f) => f.url.includes('/scripts/_register.js')],
  ['require (module loading)', (f) => f.url.startsWith('node:internal/modules') || f.fn === 'require'],
  [
    'resolve / toJson',
    (f) =>
      /toJson|sanitizeValue|resolve/i.test(f.fn) ||
      /cdk8s\/lib\/(resolve|_util|api-object|json-patch)\.js|fast-json-patch/.test(f.url),
  ],
  ['cdk8s validate / dependency graph', (f) => /cdk8s\/lib\/(app|dependency)\.js/.test(f.url)],
  ['cdk8s-plus-27 L2', (f) => f.url.includes('node_modules/cdk8s-plus-27/')],
  ['constructs (tree)', (f) => f.url.includes('node_modules/constructs/')],
  ['this library (src/)', (f) => f.url.includes('/src/')],
  ['L1 classes (imports/k8s.ts)', (f) => f.url.includes('/imports/k8s.ts')],
  ['cdk8s (other)', (f) => f.url.includes('node_modules/cdk8s/')],
  ['fs (writing files)', (f) => /^(writeFileSync|writeSync|openSync|closeSync|mkdirSync)$/.test(f.fn)],
];
// Markers: [label, function name (string or RegExp), file part]. StorageChecks' planning
// function has been called `run` and `check` as src/ evolved: both are matched.
const CHECKS = /^(run|check)$/;
const CHILD = 'bench/child.js';
const TOJSON = [
  ['toJson', 'cdk8s/lib/api-object.js'],
  ['toJson', 'imports/k8s.ts'],
];
// [label, function name, file part]: calls whose inclusive time the summary lists.
const INCLUSIVE = [
  ['app.synth() (everything after construction)', /^(synthPhase|runPhase)$/, CHILD],
  ['cdk8s App.synth', 'synth', 'cdk8s/lib/app.js'],
  ['Chart.toJson (per chart: re-resolves and re-validates the whole app)', '_synthChart', 'cdk8s/lib/app.js'],
  ['cdk8s validate(app) (every construct, once per chart)', 'validate', 'cdk8s/lib/app.js'],
  ['cdk8s resolveDependencies(app) (once per chart)', 'resolveDependencies', 'cdk8s/lib/app.js'],
  ['StorageChecks (the plan at synth)', CHECKS, 'src/storage-checks.ts'],
  ['planStorage', 'planStorage', 'src/plan/plan.ts'],
  ['renderMarkdown (storage-plan.md)', 'renderMarkdown', 'src/plan/report.ts'],
  ['Yaml.save (stringify + write)', 'save', 'cdk8s/lib/yaml.js'],
  ...TOJSON.map(([fn, file]) => ['ApiObject.toJson (resolve)', fn, file]),
  ['Node.findAll (construct tree walks)', 'findAll', 'constructs/lib/construct.js'],
  ['StaticPersistentVolume._reserve', '_reserve', 'src/persistent/persistent-volume.ts'],
  ['construct creation (build)', 'buildPhase', CHILD],
];
// Breakdowns of one call's inclusive time by the listed calls beneath it (the rest is its own work).
const BREAKDOWNS = [
  {
    name: 'app.synth()',
    outer: [/^(synthPhase|runPhase)$/, CHILD],
    inner: [
      ['StorageChecks (the plan at synth)', CHECKS, 'src/storage-checks.ts'],
      ['Yaml.save (stringify + write)', 'save', 'cdk8s/lib/yaml.js'],
      ...TOJSON.map(([fn, file]) => ['ApiObject.toJson (resolve)', fn, file]),
      ['resolveDependencies (once per chart)', 'resolveDependencies', 'cdk8s/lib/app.js'],
      ['validate (once per chart; other validations)', 'validate', 'cdk8s/lib/app.js'],
      ['DependencyGraph / chartToKube', 'chartToKube', 'cdk8s/lib/app.js'],
    ],
  },
  {
    name: 'StorageChecks (the plan at synth)',
    outer: [CHECKS, 'src/storage-checks.ts'],
    inner: [
      ['Node.findAll (tree walks)', 'findAll', 'constructs/lib/construct.js'],
      ...TOJSON.map(([fn, file]) => ['ApiObject.toJson (resolve)', fn, file]),
      ['planStorage', 'planStorage', 'src/plan/plan.ts'],
      ['renderMarkdown', 'renderMarkdown', 'src/plan/report.ts'],
    ],
  },
  {
    name: 'construct creation (build)',
    outer: ['buildPhase', CHILD],
    inner: [
      ['StaticPersistentVolume._reserve', '_reserve', 'src/persistent/persistent-volume.ts'],
      ...TOJSON.map(([fn, file]) => ['ApiObject.toJson (resolve)', fn, file]),
      ['SharedEmptyDirPod.fortune', 'fortune', 'src/pod/shared-empty-dir-pod.ts'],
      ['new StaticPersistentVolume', 'StaticPersistentVolume', 'src/persistent/persistent-volume.ts'],
      ['new StaticClaim', 'StaticClaim', 'src/persistent/claim.ts'],
      ['new StorageClass', 'StorageClass', 'src/persistent/storage-class.ts'],
    ],
  },
];
const SPECIAL = { '(garbage collector)': 'GC', '(program)': 'V8/native (program)', '(idle)': 'idle' };

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
    if (SPECIAL[f.fn]) {
      kindOf.set(id, SPECIAL[f.fn]);
      phaseOf.set(id, SPECIAL[f.fn] === 'GC' ? 'GC' : 'other');
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
  const fileTotals = new Map();
  const phaseKind = new Map();
  for (const [id, us] of self) {
    total += us;
    classify(id);
    const f = frame(byId.get(id));
    const line = byId.get(id).callFrame.lineNumber + 1;
    const fnKey = `${f.fn} (${shortFile(f.url, base)}${f.url ? `:${line}` : ''})`;
    fnTotals.set(fnKey, (fnTotals.get(fnKey) ?? 0) + us);
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
    let sum = 0;
    prof.samples.forEach((id, i) => {
      let best = b.inner.length;
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const cf = frame(byId.get(cur));
        if (matches(cf, [null, ...b.outer])) {
          const dt = prof.timeDeltas[i] ?? 0;
          const name = best < b.inner.length ? b.inner[best][0] : `(${b.name} itself and other calls)`;
          parts.set(name, (parts.get(name) ?? 0) + dt);
          sum += dt;
          return;
        }
        // Of the listed calls beneath the outer one, the first in the list wins (StorageChecks
        // runs inside cdk8s's validate; _reserve inside new StaticClaim).
        const k = b.inner.findIndex((x) => matches(cf, x));
        if (k >= 0 && k < best) best = k;
      }
    });
    breakdowns[b.name] = { ms: round(sum / 1000), parts: rows(parts, 20) };
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
  if (SPECIAL[f.fn]) return f.fn;
  const s = shortFile(f.url, base);
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/node_modules\/((?:@[^/]+\/)?[^/]+))?\/(.*)$/.exec(s);
  if (m) return m[3] ? `${m[1]} > ${m[3]}` : `${m[1]}/${m[4]}`;
  return s;
}

function round(x, d = 0) {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

module.exports = { summarize };

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
    console.log(`\n${name}: ${b.ms} ms`);
    for (const r of b.parts) console.log(`  ${String(r.ms).padStart(7)} ms  ${r.name}`);
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
