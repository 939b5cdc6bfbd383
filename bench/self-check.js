#!/usr/bin/env node
// The constructs' self-check (src/constructs/_self-check.ts) per object: node bench/self-check.js [--n 1000] [--rounds 5]
// Builds the bench workload (bench/programs/ours.ts, constructs only, the self-check included),
// then times the self-check's work again on the built tree, split in two: every object's toJson(),
// and judgeObjects (the plan's object-scoped passes) over that JSON, one construct at a time as the
// constructors call it. Prints JSON: medians over rounds, after one warm-up round.
'use strict';
require('../scripts/_register');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ApiObject } = require('cdk8s');
const { contextKubernetesVersion } = require('../src/constructs/_self-check');
const { judgeObjects } = require('../src/plan/object-rules');
const ours = require('./programs/ours');

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = arg('n', 1000);
const ROUNDS = arg('rounds', 5);

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The constructs that call the self-check: the chart's direct children, each with its ApiObjects. */
function groups(app) {
  const out = [];
  for (const chart of app.node.children) {
    for (const c of chart.node.children) {
      const objects = c.node.findAll().filter((x) => x instanceof ApiObject);
      if (objects.length) out.push({ scope: c, objects });
    }
  }
  return out;
}

const rounds = [];
for (let r = 0; r <= ROUNDS; r++) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'self-check-bench-'));
  let start = process.hrtime.bigint();
  const app = ours.build(N, outdir, 'none');
  const build = ms(start);
  const list = groups(app);
  start = process.hrtime.bigint();
  const json = list.map((g) => g.objects.map((o) => o.toJson()));
  const toJson = ms(start);
  start = process.hrtime.bigint();
  let findings = 0;
  list.forEach((g, i) => (findings += judgeObjects(json[i], contextKubernetesVersion(g.scope)).length));
  const judge = ms(start);
  fs.rmSync(outdir, { recursive: true, force: true });
  const objects = json.reduce((n, j) => n + j.length, 0);
  if (r > 0) rounds.push({ build, toJson, judge, objects, constructs: list.length, findings });
}
const m = (k) => median(rounds.map((x) => x[k]));
const { objects, constructs, findings } = rounds[0];
process.stdout.write(
  JSON.stringify(
    {
      n: N,
      rounds: ROUNDS,
      constructs,
      objects,
      findings,
      buildMs: +m('build').toFixed(1),
      selfCheckMs: +(m('toJson') + m('judge')).toFixed(1),
      selfCheckShareOfBuild: +((m('toJson') + m('judge')) / m('build')).toFixed(3),
      perObjectUs: +(((m('toJson') + m('judge')) * 1000) / objects).toFixed(1),
      toJsonPerObjectUs: +((m('toJson') * 1000) / objects).toFixed(1),
      judgePerObjectUs: +((m('judge') * 1000) / objects).toFixed(1),
    },
    null,
    2,
  ) + '\n',
);
