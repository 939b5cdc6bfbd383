#!/usr/bin/env node
// One measured run, in its own process: `node bench/child.js PROGRAM N OUTDIR` for a synth program
// (ours, plus27, l1, floor) or `node bench/child.js plan VOLUMES CLAIMS`. It loads the project's swc
// hook first (its disk cache is warmed by the harness, so transpiling is not measured), and prints
// one JSON line: in-process phase times and its own peak RSS (the fallback when /usr/bin/time is absent).
'use strict';
const t0 = process.hrtime.bigint();
require('../scripts/_register');
const secs = (a, b) => Number(b - a) / 1e9;

// The phases are named functions so that bench/profile.js finds them on the stack of a
// --cpu-prof profile whatever the measured code calls its own functions.
function requirePhase(program) {
  return require(`./programs/${program}.ts`);
}
function buildPhase(mod, n, outdir) {
  return mod.build(n, outdir);
}
function synthPhase(app) {
  app.synth();
}
function runPhase(mod, n, outdir) {
  mod.run(n, outdir);
}

const [program, a, b] = process.argv.slice(2);
const out = { program };
if (program === 'plan') {
  Object.assign(out, require('./programs/plan.ts').measure(Number(a), Number(b)));
} else {
  const n = Number(a);
  const mod = requirePhase(program);
  const t1 = process.hrtime.bigint();
  out.require_s = secs(t0, t1);
  if (mod.build) {
    const app = buildPhase(mod, n, b);
    const t2 = process.hrtime.bigint();
    synthPhase(app);
    const t3 = process.hrtime.bigint();
    Object.assign(out, { build_s: secs(t1, t2), synth_s: secs(t2, t3) });
  } else {
    runPhase(mod, n, b);
    out.synth_s = secs(t1, process.hrtime.bigint());
  }
  out.total_s = secs(t0, process.hrtime.bigint());
}
const cpu = process.cpuUsage();
out.cpu_s = (cpu.user + cpu.system) / 1e6;
out.maxrss_kib = process.resourceUsage().maxRSS;
process.stdout.write(JSON.stringify(out) + '\n');
