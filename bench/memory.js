#!/usr/bin/env node
// Where the memory goes: `node --expose-gc bench/memory.js PROGRAM N OUTDIR` prints one JSON line
// with the live heap (after a full GC) at each phase of a synth. For `ours` the phases are those
// of StorageChecks' one-pass synth, taken apart: the pass (src/integrations/_synth.ts synthApp) is called
// with the same steps StorageChecks.check runs (every object's JSON, planStorage, the report's
// graph, the YAML files, the report), so each step's live heap can be read between them. For the
// other programs: the construct tree only (what they hold before their synth).
//
// Forcing GCs changes when V8 collects, so this run's own peak RSS is not the synth table's: the
// table's peak is measured without it. What this gives is the live set of each phase.
'use strict';
require('../scripts/_register');
const path = require('path');

if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
const MiB = 1024 * 1024;
const live = () => {
  global.gc();
  return Math.round((10 * process.memoryUsage().heapUsed) / MiB) / 10;
};

const [program, n, outdir] = process.argv.slice(2);
const out = { program, n: Number(n), heap_mib: {} };
const mark = (phase) => (out.heap_mib[phase] = live());
mark('required');
const mod = require(`./programs/${program}.ts`);
mark('loaded');
// ours without StorageChecks: its steps are run below, one by one.
const app = program === 'ours' ? mod.build(out.n, outdir, 'none') : mod.build(out.n, outdir);
mark('built');

if (program === 'ours') {
  const { synthApp } = require('../src/integrations/_synth.ts');
  const { planStorage } = require('../src/plan/plan.ts');
  const { reportGraph, writeMarkdown } = require('../src/plan/report.ts');
  const { writeInPieces } = require('../src/integrations/_chunked-file.ts');
  synthApp(app, (pass) => {
    mark('validated');
    let manifests = pass.objects.map(pass.json);
    mark('resolved');
    const plan = planStorage(manifests, {});
    mark('planned');
    const graph = reportGraph(plan, manifests);
    manifests = undefined; // as planOf in src/integrations/storage-checks.ts: only the pass holds the JSON now
    mark('graphed');
    return () => {
      mark('written');
      writeInPieces(path.join(outdir, 'storage-plan.md'), (write) =>
        writeMarkdown(plan, graph, (line) => write(line + '\n')),
      );
    };
  });
  mark('reported');
}
process.stdout.write(JSON.stringify(out) + '\n');
