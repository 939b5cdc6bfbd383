#!/usr/bin/env node
// One measured run, in its own process: `node bench/child.js PROGRAM N OUTDIR` for a synth program
// (ours, plus27, l1, floor) or `node bench/child.js plan VOLUMES CLAIMS`. It loads the project's swc
// hook first (its disk cache is warmed by the harness, so transpiling is not measured), and prints
// one JSON line: in-process phase times and its own peak RSS (the fallback when /usr/bin/time is absent).
'use strict';
const t0 = process.hrtime.bigint();
require('../scripts/_register');
const secs = (a, b) => Number(b - a) / 1e9;

const [program, a, b] = process.argv.slice(2);
const out = { program };
if (program === 'plan') {
  Object.assign(out, require('./programs/plan.ts').measure(Number(a), Number(b)));
} else {
  const n = Number(a);
  const mod = require(`./programs/${program}.ts`);
  const t1 = process.hrtime.bigint();
  out.require_s = secs(t0, t1);
  if (mod.build) {
    // Named phases also make them easy to find in a --cpu-prof profile.
    const app = mod.build(n, b);
    const t2 = process.hrtime.bigint();
    app.synth();
    const t3 = process.hrtime.bigint();
    Object.assign(out, { build_s: secs(t1, t2), synth_s: secs(t2, t3) });
  } else {
    mod.run(n, b);
    out.synth_s = secs(t1, process.hrtime.bigint());
  }
  out.total_s = secs(t0, process.hrtime.bigint());
}
out.maxrss_kib = process.resourceUsage().maxRSS;
process.stdout.write(JSON.stringify(out) + '\n');
