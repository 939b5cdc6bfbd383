#!/usr/bin/env node
// Where the CLI's time and memory go on a big file: `node bench/big-input-phases.js FILE` runs what
// `cdk8s-volumes plan FILE --format json` runs (src/integrations/cli.ts), phase by phase, in one process, and
// prints one JSON line: each phase's seconds and the live heap after it (after a GC, when run
// with --expose-gc), and the process's peak RSS.
'use strict';
const t0 = process.hrtime.bigint();
require('../scripts/_register');
const secs = (a, b) => Number(b - a) / 1e9;
const heapMib = () => {
  if (global.gc) global.gc();
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
};

const file = process.argv[2];
const { loadManifests, locateFindings } = require('../src/plan/load.ts');
const { planStorage } = require('../src/plan/plan.ts');
const { renderJson } = require('../src/plan/report.ts');
const out = {};
const t1 = process.hrtime.bigint();
out.require_s = secs(t0, t1);

const loaded = loadManifests([file]);
const t2 = process.hrtime.bigint();
out.load_s = secs(t1, t2);
out.load_heap_mib = heapMib();
out.manifests = loaded.manifests.length;

const t2b = process.hrtime.bigint();
const planned = planStorage(loaded.manifests);
const t3 = process.hrtime.bigint();
out.plan_s = secs(t2b, t3);
out.plan_heap_mib = heapMib();

const t3b = process.hrtime.bigint();
const findings = [...loaded.findings, ...locateFindings(planned.findings, loaded)];
const json = renderJson({ claims: planned.claims, findings });
const t4 = process.hrtime.bigint();
out.render_s = secs(t3b, t4);
out.output_mib = Math.round((json.length / 2 ** 20) * 10) / 10;
out.findings = findings.length;
out.maxrss_kib = process.resourceUsage().maxRSS;
process.stdout.write(JSON.stringify(out) + '\n');
