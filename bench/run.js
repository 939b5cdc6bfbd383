#!/usr/bin/env node
// The benchmark harness (`npm run bench`): node bench/run.js [--quick] [--n 100,1000] [--out DIR]
//
// Every figure is the median of at least 5 whole-process runs; the compared programs run
// round-robin in the same invocation (the starting program rotates each round), so a machine
// slowing down mid-run hits them all alike. Wall time is taken around the child process, peak
// RSS from /usr/bin/time -f %M (else the child's own process.resourceUsage().maxRSS).
// Writes bench/results.json and bench/RESULTS.md (or into --out, for trial runs).
'use strict';
const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { checkEquivalent } = require('./equivalence');
const { summarize, LABELS: PROFILE_LABELS, itself: profileItself } = require('./profile');

const root = path.resolve(__dirname, '..');
const args = parseArgs(process.argv.slice(2));
const QUICK = args.quick === true;
const RUNS = Math.max(5, Number(args.runs ?? 5));
// Quick mode (CI) stops at N = 1000: N = 5000 alone costs ~2.5 minutes on 2 cores (five rounds
// of the four programs: cdk8s-plus-27 ~13 s a run and l1 ~8 s, both through cdk8s's own synth; the
// floor, mostly the `yaml` package writing 20 000 documents, ~3.5 s), and quick must stay under ~3.
const NS = args.n ? String(args.n).split(',').map(Number) : QUICK ? [100, 1000] : [100, 1000, 5000, 20000];
const PLAN_SIZES = QUICK
  ? [[10000, 10000]]
  : [
      [10000, 10000],
      [100000, 100000],
    ];
const PROGRAMS = ['ours', 'plus27', 'l1', 'floor'];
const PROFILE_N = Number(args['profile-n'] ?? 5000);
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const outDir = path.resolve(args.out ?? __dirname);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-volumes-bench-'));
// Every child runs a snapshot of the project taken at the start (see copyProject), so edits made
// to src/ while the harness runs (an hour in full mode) neither break nor change the code measured.
let snapshot = root;
// The CLI would otherwise ask the npm registry for a newer version on every run.
const ENV = {
  ...process.env,
  CDK8S_CHECK_UPGRADE: 'false',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
process.on('SIGINT', () => process.exit(130));

async function main() {
  if (args.render) {
    // Rewrites RESULTS.md from results.json (after editing the text here), without measuring again.
    const saved = JSON.parse(fs.readFileSync(path.join(outDir, 'results.json'), 'utf-8'));
    fs.writeFileSync(path.join(outDir, 'RESULTS.md'), await formatMarkdown(renderMarkdown(saved)));
    return;
  }
  const started = Date.now();
  // --only mainJob,profile: measure those sections again into the existing results.json (the
  // rest is kept, and `rerun` says which sections come from which invocation).
  const only = args.only ? String(args.only).split(',') : undefined;
  const results = only
    ? JSON.parse(fs.readFileSync(path.join(outDir, 'results.json'), 'utf-8'))
    : { mode: QUICK ? 'quick' : 'full', machine: machine(), method: method() };
  if (only) {
    const m = machine();
    results.rerun = [
      ...(results.rerun ?? []),
      {
        sections: only,
        date: m.date,
        commit: m.commit,
        worktree_dirty: m.worktree_dirty,
        loadavg_start: m.loadavg_start,
      },
    ];
  }
  const wanted = (name) => !only || only.includes(name);
  log(`mode ${results.mode}, ${RUNS} runs per figure, N = ${NS.join(', ')}; scratch in ${os.tmpdir()}`);

  // A section that fails is recorded as { error } and the others still run; results.json is
  // rewritten after each section, so an hour of figures is not lost to the last one failing.
  const save = () => {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  };
  const section = (name, fn) => {
    if (!wanted(name)) return;
    try {
      results[name] = fn();
    } catch (e) {
      results[name] = { error: String(e.message ?? e) };
      log(`${name} FAILED: ${results[name].error.split('\n').slice(0, 4).join(' | ')}`);
      process.exitCode = 1;
    }
    save();
  };
  snapshot = copyProject(root, 'snapshot');
  results.oursChecks = preflight();
  section('synth', () => synthBench(results.oursChecks.mode));
  if (wanted('synth')) results.growth = Array.isArray(results.synth) ? growth(results.synth) : undefined;
  section('plan', planBench);
  section('mainJob', mainJob);
  if (!QUICK || args['checks-cost']) section('checksCost', checksCost);
  section('profile', () => profile(results.oursChecks.mode));
  if (only) results.rerun[results.rerun.length - 1].loadavg_end = os.loadavg().map((x) => round(x, 2));
  else results.machine.loadavg_end = os.loadavg().map((x) => round(x, 2));
  results.targets = targets(results);
  if (!only) results.elapsed_s = round((Date.now() - started) / 1000, 1);
  save();
  fs.writeFileSync(path.join(outDir, 'RESULTS.md'), await formatMarkdown(renderMarkdown(results)));
  log(
    `wrote ${path.relative(process.cwd(), path.join(outDir, 'results.json'))} and RESULTS.md in ` +
      `${round((Date.now() - started) / 1000, 1)} s`,
  );
  for (const t of results.targets)
    log(`  ${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'} ${t.name}: ${t.value}`);
}

// ---------------------------------------------------------------------------------------------
// Machine and method

function machine() {
  const cpus = os.cpus();
  const version = (pkg) => {
    try {
      return require(path.join(root, 'node_modules', pkg, 'package.json')).version;
    } catch {
      return undefined;
    }
  };
  const git = (cmd) => {
    try {
      return childProcess.execSync(`git ${cmd}`, { cwd: root, encoding: 'utf-8', stdio: 'pipe' }).trim();
    } catch {
      return undefined;
    }
  };
  return {
    cores: cpus.length,
    cpu_model: cpus[0]?.model.trim(),
    total_memory_gib: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    // Other work on the machine stretches wall times: the load when the run started.
    loadavg_start: os.loadavg().map((x) => round(x, 2)),
    date: new Date().toISOString(),
    commit: git('rev-parse --short HEAD'),
    // Other engineers edit src/ while this runs: say that the tree was not the commit.
    worktree_dirty: Boolean(git('status --porcelain -- src imports scripts')),
    packages: Object.fromEntries(
      ['cdk8s', 'cdk8s-plus-27', 'cdk8s-cli', 'constructs', 'yaml', '@swc/core', 'ts-node', 'typescript'].map(
        (p) => [p, version(p)],
      ),
    ),
  };
}

function method() {
  return {
    runs_per_figure: RUNS,
    statistic: 'median of whole-process runs; ratios are ratios of medians',
    order: 'round-robin: each round runs every program once, the first program rotating by one each round',
    wall: 'parent-side hrtime around the child process (spawn to exit)',
    rss: TIME ? '/usr/bin/time -f %M (peak RSS of the child)' : 'child process.resourceUsage().maxRSS',
    cpu: TIME
      ? '/usr/bin/time -f "%U %S" (user + system, waited-for children included)'
      : 'child process.cpuUsage()',
    transpile:
      'TypeScript runs through scripts/_register.js (swc, disk cache); the cache is warmed before timing, ' +
      'so transpiling is not measured in the synth and plan figures (it is, cold, in the main job)',
    env: 'CDK8S_CHECK_UPGRADE=false (cdk8s-cli would query the npm registry), npm_config_update_notifier=false',
  };
}

// ---------------------------------------------------------------------------------------------
// Running children

/**
 * Runs a command once; returns wall seconds, CPU seconds (user + system, children included),
 * peak RSS (KiB) and the JSON line it printed, if any. CPU time is reported beside wall time
 * because other work on the machine stretches wall time far more than CPU time.
 */
function measure(cmd, argv, { cwd = root, env = ENV, label = cmd } = {}) {
  const timeFile = path.join(scratch, 'time.txt');
  const [file, list] = TIME ? [TIME, ['-f', '%M %U %S', '-o', timeFile, cmd, ...argv]] : [cmd, argv];
  const t0 = process.hrtime.bigint();
  const r = childProcess.spawnSync(file, list, { cwd, env, encoding: 'utf-8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error || r.status !== 0) {
    const tail = `${r.stderr ?? ''}${r.error ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${label} failed (exit ${r.status}):\n${tail}`);
  }
  let json;
  const last = r.stdout.trim().split('\n').pop();
  if (last?.startsWith('{')) json = JSON.parse(last);
  let rssKib = json?.maxrss_kib;
  let cpu = json?.cpu_s;
  if (TIME) {
    const [rss, user, sys] = fs
      .readFileSync(timeFile, 'utf-8')
      .trim()
      .split('\n')
      .pop()
      .split(' ')
      .map(Number);
    [rssKib, cpu] = [rss, user + sys];
  }
  return { wall_s: wall, cpu_s: cpu, rss_kib: rssKib, json, stderr: r.stderr };
}

function child(program, a, b, mode, label) {
  const env = { ...ENV, BENCH_OURS_CHECKS: mode };
  return measure(
    process.execPath,
    [path.join(snapshot, 'bench', 'child.js'), program, String(a), String(b)],
    {
      env,
      label,
    },
  );
}

/**
 * A copy of the project: the files `git ls-files` lists, tracked and untracked-but-not-ignored
 * (much of src/ may not be committed yet; mutation-testing sandboxes left out), and node_modules
 * as a real folder of links to each package, so node_modules/.cache (the swc hook's cache) is the
 * copy's own and starts cold; a link to the whole folder would share the original's cache.
 */
function copyProject(from, name, edit) {
  const files = childProcess
    .execSync('git ls-files --cached --others --exclude-standard', { cwd: root, encoding: 'utf-8' })
    .split('\n')
    // Not mutation testing's sandboxes (.stryker-tmp*: whole copies of the project, with links to
    // node_modules), whatever their temp folder is called; only regular files are copied.
    .filter(
      (f) =>
        f &&
        !/^\.stryker-tmp/.test(f) &&
        fs.statSync(path.join(from, f), { throwIfNoEntry: false })?.isFile(),
    );
  const dir = path.join(scratch, name);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(from, f), path.join(dir, f));
  }
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const e of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (e !== '.cache') fs.symlinkSync(path.join(root, 'node_modules', e), path.join(dir, 'node_modules', e));
  }
  edit?.(dir);
  return dir;
}

/** Round-robin: round r runs the programs starting at index r. */
function roundRobin(names, runs, runOne) {
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      out[name].push(runOne(name, r));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Synth: the same workload four ways

/**
 * Warms the swc cache (every program once), and checks StorageChecks synthesizes; if it does
 * not, ours falls back to doing its work in the bench (see programs/ours.ts) and says so.
 */
function preflight() {
  log('warming the transpile cache');
  let problem;
  const probe = path.join(scratch, 'probe');
  try {
    child('ours', 2, probe, 'real', 'ours with StorageChecks (N=2)');
  } catch (e) {
    problem = e.message.split('\n').slice(-3).join(' ');
    log(`StorageChecks does not synthesize: ${problem}; ours runs with the checks emulated`);
  }
  const mode = problem ? 'emulated' : 'real';
  for (const p of PROGRAMS) child(p, 10, path.join(scratch, `warm-${p}`), mode, `${p} warm-up`);
  child('plan', 10, 10, mode, 'plan warm-up');
  return {
    mode,
    note:
      mode === 'real'
        ? 'StorageChecks.enable(app) with its defaults: app.synth() becomes its one-pass synth (src/_synth.ts), ' +
          'the plan runs in it and writes storage-plan.md (report on)'
        : `StorageChecks failed (${problem}); its work (toJson of every object, planStorage, storage-plan.md) is done by the bench before app.synth()`,
  };
}

function synthBench(mode) {
  const out = [];
  for (const n of NS) {
    log(`synth N=${n}: ${RUNS} rounds of ${PROGRAMS.join(', ')}`);
    const kept = {};
    let runs;
    try {
      runs = roundRobin(PROGRAMS, RUNS, (program, r) => {
        const dir = path.join(scratch, `synth-${n}-${program}-${r}`);
        const m = child(program, n, dir, mode, `${program} N=${n}`);
        if (r === 0) kept[program] = dir;
        else fs.rmSync(dir, { recursive: true, force: true });
        return m;
      });
    } catch (e) {
      log(`  N=${n} FAILED: ${e.message.split('\n').slice(0, 4).join(' | ')}`);
      out.push({ n, error: e.message });
      process.exitCode = 1;
      continue;
    }
    // Once per N: the four outputs must hold the same objects, or the timings compare different work.
    const entry = { n };
    try {
      Object.assign(entry, { objects: checkEquivalent(kept).objects, equivalent: true });
    } catch (e) {
      console.error(
        `\n*** DRIFT at N=${n}: the programs wrote different objects; these timings are not comparable.\n${e.message}\n`,
      );
      Object.assign(entry, { equivalent: false, drift: e.message });
      process.exitCode = 1;
    }
    for (const dir of Object.values(kept)) fs.rmSync(dir, { recursive: true, force: true });
    for (const p of PROGRAMS) entry[p] = figure(runs[p]);
    entry.ratios = {
      ours_vs_plus27_wall: ratio(entry.ours.wall_s, entry.plus27.wall_s),
      ours_vs_floor_wall: ratio(entry.ours.wall_s, entry.floor.wall_s),
      ours_vs_l1_wall: ratio(entry.ours.wall_s, entry.l1.wall_s),
      plus27_vs_l1_wall: ratio(entry.plus27.wall_s, entry.l1.wall_s),
      l1_vs_floor_wall: ratio(entry.l1.wall_s, entry.floor.wall_s),
      ours_vs_plus27_rss: ratio(entry.ours.rss_mib, entry.plus27.rss_mib),
      ours_vs_plus27_cpu: ratio(entry.ours.cpu_s, entry.plus27.cpu_s),
      ours_vs_floor_cpu: ratio(entry.ours.cpu_s, entry.floor.cpu_s),
      ours_vs_l1_rss: ratio(entry.ours.rss_mib, entry.l1.rss_mib),
    };
    log(
      `  ours ${entry.ours.wall_s}s ${entry.ours.rss_mib}MiB | plus27 ${entry.plus27.wall_s}s ${entry.plus27.rss_mib}MiB | ` +
        `l1 ${entry.l1.wall_s}s | floor ${entry.floor.wall_s}s | ours/plus27 ${entry.ratios.ours_vs_plus27_wall}x`,
    );
    out.push(entry);
  }
  return out;
}

/**
 * ours at N=5000 three ways: StorageChecks as shipped (`real`: its one-pass synth with the plan
 * in it), the checks' work done by the bench before cdk8s's own App.synth (programs/ours.ts
 * `emulated`: one tree walk, one toJson pass, one plan, then cdk8s resolves everything again),
 * and no checks (`none`: the constructs through cdk8s's own App.synth). StorageChecks brings the
 * one-pass synth, so real / none is the checks plus a faster synth, not the checks alone: what
 * the checks themselves cost is in the profile (planStorage, the report).
 */
function checksCost() {
  const n = Number(args['checks-n'] ?? 5000);
  const modes = ['real', 'emulated', 'none'];
  log(`checks cost at N=${n}: ${RUNS} rounds of ours with checks ${modes.join(', ')}`);
  const runs = roundRobin(modes, RUNS, (mode, r) => {
    const dir = path.join(scratch, `checks-${mode}-${r}`);
    const m = child('ours', n, dir, mode, `ours N=${n} checks ${mode}`);
    fs.rmSync(dir, { recursive: true, force: true });
    return m;
  });
  const out = { n };
  for (const mode of modes) out[mode] = figure(runs[mode]);
  out.ratios = {
    real_vs_none_wall: ratio(out.real.wall_s, out.none.wall_s),
    emulated_vs_none_wall: ratio(out.emulated.wall_s, out.none.wall_s),
    real_vs_emulated_wall: ratio(out.real.wall_s, out.emulated.wall_s),
    real_vs_none_rss: ratio(out.real.rss_mib, out.none.rss_mib),
  };
  log(`  ${modes.map((m) => `${m} ${out[m].wall_s}s ${out[m].rss_mib}MiB`).join(' | ')}`);
  return out;
}

/** Median wall and RSS of a program's runs, with the child's own phase times (medians). */
function figure(runs) {
  const phases = {};
  for (const k of ['require_s', 'build_s', 'synth_s']) {
    const xs = runs.map((r) => r.json?.[k]).filter((x) => typeof x === 'number');
    if (xs.length) phases[k] = round(median(xs), 3);
  }
  return {
    wall_s: round(median(runs.map((r) => r.wall_s)), 3),
    cpu_s: round(median(runs.map((r) => r.cpu_s)), 3),
    rss_mib: round(median(runs.map((r) => r.rss_kib)) / 1024, 1),
    phases,
    runs_wall_s: runs.map((r) => round(r.wall_s, 3)),
  };
}

function growth(synth) {
  const at = (n) => synth.find((e) => e.n === n && !e.error);
  const [a, b] = [at(1000), at(20000)];
  if (!a || !b) return undefined;
  return Object.fromEntries(PROGRAMS.map((p) => [p, ratio(b[p].wall_s, a[p].wall_s)]));
}

// ---------------------------------------------------------------------------------------------
// planStorage alone

function planBench() {
  const out = [];
  for (const [volumes, claims] of PLAN_SIZES) {
    log(`planStorage over ${volumes} volumes and ${claims} claims: ${RUNS} runs`);
    const runs = [];
    try {
      for (let r = 0; r < RUNS; r++)
        runs.push(child('plan', volumes, claims, 'real', `plan ${volumes}/${claims}`));
    } catch (e) {
      // Keep the error and its first frames in src/: they say where planStorage failed.
      const error = e.message
        .split('\n')
        .filter((l) => /Error|^\s+at .*src\//.test(l))
        .slice(0, 4)
        .map((l) => l.trim())
        .join(' | ');
      log(`  FAILED: ${error}`);
      out.push({ volumes, claims, wall_s: null, error });
      process.exitCode = 1;
      continue;
    }
    out.push({
      volumes,
      claims,
      wall_s: round(median(runs.map((r) => r.json.plan_s)), 3),
      process_wall_s: round(median(runs.map((r) => r.wall_s)), 3),
      rss_mib: round(median(runs.map((r) => r.rss_kib)) / 1024, 1),
      runs_s: runs.map((r) => round(r.json.plan_s, 3)),
      outcomes: runs[0].json.outcomes,
      findings: runs[0].json.findings,
    });
    log(`  ${out[out.length - 1].wall_s}s`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The main job: synthesizing the project's own app, three ways, from a cold transpile cache

function mainJob() {
  if (!fs.existsSync(path.join(snapshot, 'src', 'main.ts'))) {
    return { skipped: 'src/main.ts does not exist' };
  }
  const copy = (name, edit) => copyProject(snapshot, `app-${name}`, edit);
  const tsNodeYaml = (dir) =>
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node src/main.ts\n');
  const commands = {
    npm_run_synth: { dir: copy('npm'), cmd: 'npm', argv: ['run', 'synth'] },
    cdk8s_synth: { dir: copy('cli'), cmd: 'node_modules/.bin/cdk8s', argv: ['synth'] },
    // The issue's template way: cdk8s.yaml `app: npx ts-node src/main.ts` with the project's
    // tsconfig, whose "ts-node" section sets transpileOnly: true.
    template_ts_node: { dir: copy('tsnode', tsNodeYaml), cmd: 'npx', argv: ['cdk8s', 'synth'] },
  };
  if (!QUICK) {
    // What `cdk8s init typescript-app` gives: the same command, but its tsconfig has no
    // transpileOnly, so ts-node type-checks the app and everything it imports on every synth.
    commands.template_ts_node_typecheck = {
      dir: copy('tsnode-tc', (dir) => {
        tsNodeYaml(dir);
        const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf-8'));
        delete tsconfig['ts-node'];
        fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
      }),
      cmd: 'npx',
      argv: ['cdk8s', 'synth'],
    };
  }
  const names = Object.keys(commands);
  log(`main job: ${RUNS} rounds of ${names.join(', ')} (cold swc cache each run)`);
  const failures = {};
  const outputs = {};
  const runs = roundRobin(names, RUNS, (name, r) => {
    const c = commands[name];
    fs.rmSync(path.join(c.dir, 'node_modules', '.cache'), { recursive: true, force: true });
    fs.rmSync(path.join(c.dir, 'dist'), { recursive: true, force: true });
    if (failures[name]) return undefined;
    try {
      const m = measure(c.cmd, c.argv, { cwd: c.dir, label: `${name} (${c.cmd} ${c.argv.join(' ')})` });
      if (r === 0) outputs[name] = readDir(path.join(c.dir, 'dist'));
      return m;
    } catch (e) {
      failures[name] = e.message.split('\n').slice(0, 6).join(' | ');
      log(`  ${name} failed: ${failures[name]}`);
      return undefined;
    }
  });
  const out = { app: 'src/main.ts' };
  for (const name of names) {
    const ok = runs[name].filter(Boolean);
    out[`${name}_s`] = ok.length === RUNS ? round(median(ok.map((m) => m.wall_s)), 3) : null;
    if (failures[name]) out[`${name}_error`] = failures[name];
  }
  out.runs_s = Object.fromEntries(names.map((n) => [n, runs[n].map((m) => m && round(m.wall_s, 3))]));
  // The three ways must write the same dist/.
  const ref = outputs.npm_run_synth;
  out.same_output = ref ? names.every((n) => !outputs[n] || outputs[n] === ref) : null;
  out.dist_files = ref ? ref.split('\n\0').length : 0;
  if (out.template_ts_node_s) {
    out.ratios = {
      npm_run_synth_vs_template: ratio(out.npm_run_synth_s, out.template_ts_node_s),
      cdk8s_synth_vs_template: ratio(out.cdk8s_synth_s, out.template_ts_node_s),
    };
    if (out.template_ts_node_typecheck_s) {
      out.ratios.npm_run_synth_vs_template_typecheck = ratio(
        out.npm_run_synth_s,
        out.template_ts_node_typecheck_s,
      );
      out.ratios.cdk8s_synth_vs_template_typecheck = ratio(
        out.cdk8s_synth_s,
        out.template_ts_node_typecheck_s,
      );
    }
  }
  log(`  ${names.map((n) => `${n} ${out[`${n}_s`]}s`).join(' | ')}`);
  return out;
}

/** The files of a folder as one comparable string. */
function readDir(dir) {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf-8')}`)
    .join('\n\0');
}

// ---------------------------------------------------------------------------------------------
// Profile of ours at N=5000

function profile(mode) {
  log(`profiling ours at N=${PROFILE_N} (node --cpu-prof)`);
  const dir = path.join(scratch, 'profile');
  measure(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      path.join(snapshot, 'bench', 'child.js'),
      'ours',
      String(PROFILE_N),
      path.join(scratch, 'prof-out'),
    ],
    { env: { ...ENV, BENCH_OURS_CHECKS: mode }, label: 'profile' },
  );
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  return { n: PROFILE_N, ...summarize(path.join(dir, file), 20, snapshot) };
}

// ---------------------------------------------------------------------------------------------
// Targets (recorded, not asserted)

function targets(results) {
  const out = [];
  const add = (name, value, limit, note) =>
    out.push({
      name,
      value: value ?? 'not measured',
      limit,
      pass: typeof value === 'number' ? value <= limit : null,
      note,
    });
  const synth = Array.isArray(results.synth) ? results.synth.filter((e) => e.ratios) : [];
  const at5000 = synth.find((e) => e.n === 5000);
  const largest = synth[synth.length - 1];
  const t = at5000 ?? largest;
  const where = at5000
    ? 'N=5000'
    : `N=${largest?.n} (${QUICK ? 'quick mode' : 'N=5000 failed'}; the targets are set at N=5000)`;
  add(`ours <= 0.85x plus27 wall, ${where}`, t?.ratios.ours_vs_plus27_wall, 0.85);
  add(`ours <= 1.4x floor wall, ${where}`, t?.ratios.ours_vs_floor_wall, 1.4);
  add(`ours peak RSS <= 0.7x plus27, ${where}`, t?.ratios.ours_vs_plus27_rss, 0.7);
  add(
    'ours N=1000 -> 20000 wall growth <= 22x',
    results.growth?.ours,
    22,
    results.growth ? undefined : 'full mode only',
  );
  const mj = results.mainJob;
  add(
    'npm run synth <= 0.2x template (ts-node, project tsconfig)',
    mj.ratios?.npm_run_synth_vs_template,
    0.2,
  );
  add('cdk8s synth <= 0.45x template (ts-node, project tsconfig)', mj.ratios?.cdk8s_synth_vs_template, 0.45);
  return out;
}

// ---------------------------------------------------------------------------------------------
// RESULTS.md

function renderMarkdown(r) {
  const m = r.machine;
  const lines = [];
  const p = (...xs) => lines.push(...xs);
  const s = (x) => (x == null ? '–' : `${x}`);
  p(
    '# Benchmark results',
    '',
    `Written by \`node bench/run.js${r.mode === 'quick' ? ' --quick' : ''}\` (${r.mode} mode) on ${m.date.slice(0, 10)}, ` +
      `commit ${m.commit}${m.worktree_dirty ? ' plus uncommitted changes in src/' : ''}. ` +
      `Machine: ${m.cores} cores (${m.cpu_model}), ${m.total_memory_gib} GiB, Node ${m.node}. ` +
      `Every figure is the median of ${r.method.runs_per_figure} whole-process runs, programs interleaved round-robin; ` +
      'ratios are ratios of medians. Raw figures: `bench/results.json`.' +
      (r.rerun?.length
        ? ` Sections measured again later (\`--only\`): ${r.rerun
            .map((x) => `${x.sections.join(', ')} on ${x.date.slice(0, 16)}Z at commit ${x.commit}`)
            .join('; ')}.`
        : ''),
    '',
    '## Targets (recorded, not asserted)',
    '',
    '| Target | Measured | Limit | Result |',
    '| --- | --- | --- | --- |',
    ...r.targets.map(
      (t) =>
        `| ${t.name} | ${s(t.value)} | ${t.limit} | ${t.pass === null ? 'n/a' : t.pass ? 'pass' : '**fail**'} |`,
    ),
    '',
    '## Synth: the same workload four ways',
    '',
    'Set i = the fortune pod `fortune-i`, PersistentVolume `pv-i` (2Gi, hostPath or nfs), the claim `claim-i` ' +
      'reserving it, StorageClass `class-i`; 100 sets per chart (one file per chart). One description ' +
      '(`bench/workload.ts`) feeds: **ours** (this library; ' +
      (r.oursChecks.mode === 'real' ? 'StorageChecks on, report file on' : '**checks emulated**, see below') +
      '), **plus27** (cdk8s-plus-27 Pod, Volume, PersistentVolumeClaim; L1 for the hostPath/nfs volume and the ' +
      'StorageClass, which it lacks), **l1** (imports/k8s.ts), **floor** (plain objects, `yaml` stringify). ' +
      'The outputs are parsed and compared once per N (`bench/equivalence.js`); they hold the same objects.',
    '',
    '| N | objects | ours / plus27 | ours / floor | ours / l1 | plus27 / l1 | RSS ours / plus27 | CPU ours / plus27 | CPU ours / floor | ours s | plus27 s | l1 s | floor s | RSS MiB ours / plus27 / l1 / floor |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...list(r.synth).map((e) =>
      e.error
        ? `| ${e.n} | failed: ${oneLine(e.error)} |`
        : `| ${e.n} | ${e.equivalent ? e.objects : '**DRIFT**'} | ${e.ratios.ours_vs_plus27_wall} | ${e.ratios.ours_vs_floor_wall} | ` +
          `${e.ratios.ours_vs_l1_wall} | ${e.ratios.plus27_vs_l1_wall} | ${e.ratios.ours_vs_plus27_rss} | ` +
          `${e.ratios.ours_vs_plus27_cpu} | ${e.ratios.ours_vs_floor_cpu} | ` +
          `${e.ours.wall_s} | ${e.plus27.wall_s} | ${e.l1.wall_s} | ${e.floor.wall_s} | ` +
          `${e.ours.rss_mib} / ${e.plus27.rss_mib} / ${e.l1.rss_mib} / ${e.floor.rss_mib} |`,
    ),
    '',
    ...sectionError(r.synth),
  );
  if (r.growth) {
    p(
      `Growth N=1000 -> 20000 (20x the objects): ${PROGRAMS.map((x) => `${x} ${r.growth[x]}x`).join(', ')}.`,
      '',
    );
  }
  p(
    `ours: ${r.oursChecks.note}. Ratios are of wall time unless marked CPU (user + system); ` +
      `the load average was ${m.loadavg_start.join(' / ')} at the start and ${m.loadavg_end.join(' / ')} at the end ` +
      `on ${m.cores} cores, so wall times carry other processes' noise (CPU ratios less so).`,
    '',
  );
  if (r.checksCost?.error) p(...sectionError(r.checksCost));
  else if (r.checksCost) {
    const c = r.checksCost;
    p(
      `ours with and without the checks at N=${c.n} (same rounds, interleaved): as shipped (StorageChecks: ` +
        `its one-pass synth with the plan in it) ${c.real.wall_s} s / ${c.real.rss_mib} MiB; the checks' work ` +
        "done by the bench, then cdk8s's own `App.synth` (`programs/ours.ts` emulated) " +
        `${c.emulated.wall_s} s / ${c.emulated.rss_mib} MiB; no checks, cdk8s's own \`App.synth\` ` +
        `${c.none.wall_s} s / ${c.none.rss_mib} MiB. Shipped / none = ${c.ratios.real_vs_none_wall}x wall, ` +
        `${c.ratios.real_vs_none_rss}x RSS; shipped / emulated = ${c.ratios.real_vs_emulated_wall}x. ` +
        'StorageChecks brings the one-pass synth, so shipped / none is the checks and the faster synth ' +
        'together (below 1 when the synth saves more than the checks cost); what the checks themselves ' +
        'cost is in the profile below (planStorage, the report).',
      '',
    );
  }
  p(
    '## planStorage alone',
    '',
    'Generated volumes and claims (`bench/programs/plan.ts`): four classes (one default, WaitForFirstConsumer, ' +
      'local), class-less volumes, mixed access modes (ReadWriteOncePod on CSI), both units, label selectors, ' +
      'claimRefs and volumeNames. In-process time of `planStorage` only.',
    '',
    '| volumes | claims | planStorage s | process s | RSS MiB | outcomes | findings |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...list(r.plan).map((e) =>
      e.error
        ? `| ${e.volumes} | ${e.claims} | **failed** | | | | ${oneLine(e.error)} |`
        : `| ${e.volumes} | ${e.claims} | ${e.wall_s} | ${e.process_wall_s} | ${e.rss_mib} | ` +
          `${Object.entries(e.outcomes)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')} | ${Object.entries(e.findings)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')} |`,
    ),
    '',
    ...sectionError(r.plan),
  );
  const mj = r.mainJob;
  p('## Main job: synthesizing src/main.ts', '');
  if (mj.error) p(...sectionError(mj));
  else if (mj.skipped) p(`Skipped: ${mj.skipped}.`, '');
  else {
    p(
      'Each command runs in its own fresh copy of the project (`git ls-files` tracked and untracked files; ' +
        'node_modules linked package by package, without `node_modules/.cache`), and the swc cache is deleted ' +
        'before every run, so transpiling is paid each time. `CDK8S_CHECK_UPGRADE=false` for the CLI.',
      '',
      '| Command | s | vs template |',
      '| --- | --- | --- |',
      `| (i) \`npm run synth\` (swc hook, cold cache) | ${s(mj.npm_run_synth_s)} | ${s(mj.ratios?.npm_run_synth_vs_template)} |`,
      `| (ii) \`cdk8s synth\` (node_modules/.bin/cdk8s, project cdk8s.yaml) | ${s(mj.cdk8s_synth_s)} | ${s(mj.ratios?.cdk8s_synth_vs_template)} |`,
      `| (iii) \`npx cdk8s synth\`, app \`npx ts-node src/main.ts\`, project tsconfig (transpileOnly) | ${s(mj.template_ts_node_s)} | 1 |`,
    );
    if ('template_ts_node_typecheck_s' in mj || mj.template_ts_node_typecheck_error) {
      p(
        `| (iii-tc) the same with the \`cdk8s init\` tsconfig (no transpileOnly: type-checks) | ${s(mj.template_ts_node_typecheck_s)} | ` +
          `${mj.template_ts_node_typecheck_s ? ratio(mj.template_ts_node_typecheck_s, mj.template_ts_node_s) : '–'} |`,
      );
    }
    p(
      '',
      `All the commands wrote the same dist/ (${mj.dist_files} files): ${mj.same_output}. ` +
        'The issue\'s "template" is (iii); the command `cdk8s init typescript-app` generates is (iii-tc) ' +
        '(full mode only: it type-checks on every synth).',
      '',
    );
    for (const k of Object.keys(mj).filter((k) => k.endsWith('_error'))) p(`- ${k}: ${mj[k]}`);
    p('');
  }
  renderProfile(r, p);
  return lines.join('\n') + '\n';
}

/** A failed section's rows are not an array: say so instead. */
function list(x) {
  return Array.isArray(x) ? x : [];
}

function sectionError(x) {
  return x?.error ? [`**This section failed:** ${oneLine(x.error)}`, ''] : [];
}

function oneLine(text) {
  return String(text).split('\n').slice(0, 3).join(' ').replace(/\|/g, '/').slice(0, 400);
}

function renderProfile(r, p) {
  const prof = r.profile;
  if (!prof || prof.error) {
    p('## Where the time goes', '', ...sectionError(prof));
    return;
  }
  p(
    `## Where the time goes (ours, N=${prof.n}, \`node --cpu-prof\`)`,
    '',
    `Sampled ${round(prof.total_ms / 1000, 2)} s. By phase and kind of work (self time; \`node bench/profile.js FILE\` prints the same):`,
    '',
    '| Phase | ms | share | biggest kinds of work |',
    '| --- | --- | --- | --- |',
    ...Object.entries(prof.phases)
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(
        ([phase, x]) =>
          `| ${phase} | ${x.ms} | ${x.pct}% | ${Object.entries(x.kinds)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 5)
            .map(([k, ms]) => `${k} ${ms}`)
            .join(', ')} |`,
      ),
    '',
    // A breakdown of a call that is not on this program's path (0 ms) is left out.
    ...Object.entries(prof.breakdowns ?? {})
      .filter(([, b]) => b.ms > 0)
      .flatMap(([name, b]) => [
        `${name}: ${b.ms} ms, by the calls beneath it:`,
        '',
        '| Call | ms | share of all |',
        '| --- | --- | --- |',
        ...b.parts.map((x) => `| ${x.name} | ${x.ms} | ${x.pct}% |`),
        '',
        // The hottest functions of app.synth() and check are those of the calls beneath: not repeated.
        ...(b.hot?.length && name !== PROFILE_LABELS.synth && name !== PROFILE_LABELS.checks
          ? [
              `Hottest functions beneath it (self): ${b.hot.map((x) => `\`${x.name}\` ${x.ms}`).join(', ')}.`,
              '',
            ]
          : []),
      ]),
    'Inclusive time of the calls that matter:',
    '',
    '| Call | ms | share |',
    '| --- | --- | --- |',
    ...prof.inclusive.map((x) => `| ${x.name} | ${x.ms} | ${x.pct}% |`),
    '',
    'Top 20 functions by self time:',
    '',
    '| Function | ms | share |',
    '| --- | --- | --- |',
    ...prof.functions.map((x) => `| \`${x.name}\` | ${x.ms} | ${x.pct}% |`),
    '',
    ...(prof.srcFunctions
      ? [
          "This library's own functions (src/) by self time:",
          '',
          '| Function | ms | share |',
          '| --- | --- | --- |',
          ...prof.srcFunctions.map((x) => `| \`${x.name}\` | ${x.ms} | ${x.pct}% |`),
          '',
        ]
      : []),
    'By file / package (self time):',
    '',
    '| File | ms | share |',
    '| --- | --- | --- |',
    ...prof.files.map((x) => `| \`${x.name}\` | ${x.ms} | ${x.pct}% |`),
    '',
    ...analysis(r),
  );
}

/**
 * The reading of the profile and of the checks-cost runs, with this run's numbers, and the
 * suggestions for src/ ranked by expected gain. src/ changes while this harness is written, so
 * each suggestion is a rule over the measurements that is only printed when its cost shows up.
 * Profile milliseconds are inflated by the profiler; the shares transfer.
 *
 * ours with StorageChecks synthesizes through src/_synth.ts (one pass, YAML by src/_yaml.ts);
 * if the profile shows cdk8s's own App.synth instead (checks emulated), the text says so.
 */
function analysis(r) {
  const prof = r.profile;
  const b = prof.breakdowns;
  const part = (name, label) => b[name]?.parts.find((x) => x.name === label)?.ms ?? 0;
  const incl = (label) => prof.inclusive.find((x) => x.name === label)?.ms ?? 0;
  const share = (ms) => ms / prof.total_ms;
  const pct = (ms) => `${round(100 * share(ms), 1)}%`;
  const hot = (name, n = 3) =>
    (b[name]?.hot ?? [])
      .slice(0, n)
      .map((f) => `\`${f.name}\` ${f.ms} ms`)
      .join(', ');
  const L = PROFILE_LABELS;
  const synth = b[L.synth]?.ms ?? 0;
  const onePass = incl(L.onePass) > 0;
  const resolve = part(L.synth, L.resolve);
  const appOf = part(L.resolve, L.appOf);
  const cdkResolve = part(L.resolve, L.cdk8sResolve);
  const sanitize = part(L.resolve, L.sanitize);
  const metadata = part(L.resolve, L.metadata);
  const converters = part(L.resolve, L.converters);
  const toJsonOwn = part(L.resolve, profileItself(L.resolve));
  const plan = part(L.synth, L.plan);
  const report = part(L.synth, L.report);
  const writer = part(L.synth, L.yamlWriter);
  const yamlPackage = incl(L.yamlPackage);
  const yamlSave = part(L.synth, L.cdk8sSave);
  const writes = part(L.synth, L.write);
  const pass = [L.passValidate, L.passDeps, L.passOrder, L.findAll].reduce((t, x) => t + part(L.synth, x), 0);
  const cdkDeps = part(L.synth, L.cdk8sDeps);
  const cdkValidate = part(L.synth, L.cdk8sValidate);
  const walks = incl(L.findAll);
  const build = b[L.build]?.ms ?? 0;
  const buildKinds = prof.phases[L.build]?.kinds ?? {};
  const reserve = part(L.build, L.reserve);
  const reserveManifests = part(L.reserve, L.reserveManifests);
  const reserveRead = part(L.reserve, L.reserveRead);
  const gc = prof.phases.GC?.ms ?? 0;
  const startup = prof.phases['startup (require, transpile cache)']?.ms ?? 0;
  const charts = Math.ceil(prof.n / 100);
  const e = list(r.synth).find((x) => x.n === prof.n && x.ratios);
  const documents = e?.objects ?? 4 * prof.n;
  const perDoc = (ms) => round((1000 * ms) / documents, 0);
  const c = r.checksCost?.real ? r.checksCost : undefined;
  const passes = (b[L.plan]?.parts ?? []).filter((x) => !x.name.startsWith('('));
  const biggestPass = passes[0];
  const podSecurityFirst = Boolean(biggestPass?.name.startsWith('podSecurityIndexed'));

  const reading = onePass
    ? [
        "`app.synth()` is StorageChecks' one-pass synth (src/_synth.ts), not cdk8s's `App.synth`: one tree " +
          'walk, one validate and one resolveDependencies for the whole app, the chart and object order ' +
          'without dependency graphs when nothing depends on anything, each object resolved once (the plan ' +
          'and the files share it), and the YAML written by src/_yaml.ts. What is left:',
        '',
        `- **Resolving: ${resolve} ms (${pct(resolve)})**, each object once: cdk8s's \`resolve()\` ` +
          `${cdkResolve} ms and the \`App.of\` it calls for every value ${appOf} ms, \`sanitizeValue\` ` +
          `${sanitize} ms, \`ApiObjectMetadata.toJson\` ${metadata} ms, \`ApiObject.toJson\`'s own copies ` +
          `${toJsonOwn} ms (cdk8s's code), and the L1 converters (\`toJson_<Kind>Props\`, imports/k8s.ts) ` +
          `${converters} ms.`,
        `- **The checks: planStorage ${plan} ms (${pct(plan)})**, by pass: ` +
          `${passes.map((x) => `${x.name} ${x.ms} ms`).join(', ') || 'not broken down'}; ` +
          `the Markdown report ${report} ms (${pct(report)}).` +
          (c
            ? ` Without the profiler (above), ours as shipped takes ${c.ratios.real_vs_none_wall}x the wall ` +
              `time and ${c.ratios.real_vs_none_rss}x the peak RSS of the same constructs synthesized by ` +
              "cdk8s's own `App.synth` without checks."
            : ''),
        `- **YAML: ${writer} ms (${pct(writer)})** in src/_yaml.ts, about ${perDoc(writer)} µs per document ` +
          `(profiled), of which the \`yaml\` package (quoting unusual strings, documents off the fast path) ` +
          `${yamlPackage} ms; writing the files and the report ${writes} ms.` +
          (e?.floor.phases?.synth_s
            ? ` For scale, the floor's whole in-process run (the same plain objects through the \`yaml\` ` +
              `package) is ${e.floor.phases.synth_s} s at N=${e.n}, about ` +
              `${round((1e6 * e.floor.phases.synth_s) / documents, 0)} µs per document, unprofiled.`
            : ''),
        `- **The pass itself: ${pass} ms (${pct(pass)})**: \`findAll\` (once), \`validate\`, ` +
          '`resolveDependencies` and the chart and object order.',
        `- **Construct creation: ${build} ms (${pct(build)})**: the patterns' own code ` +
          `${buildKinds['this library (src/)'] ?? 0} ms, the construct tree ${buildKinds['constructs (tree)'] ?? 0} ms, ` +
          `the L1 classes ${(buildKinds['L1 classes (imports/k8s.ts)'] ?? 0) + (buildKinds['L1 converters (toJson_<Kind>Props)'] ?? 0)} ms, ` +
          `the plan's rules ${buildKinds['storage plan rules (src/plan/)'] ?? 0} ms (name checks, and ` +
          `\`_reserve\`'s matching); \`_reserve\` is ${reserve} ms of it.`,
        `- **GC: ${gc} ms (${pct(gc)})**: mostly the garbage of the copies above (cdk8s's \`resolve()\`, ` +
          '`sanitizeValue` and the L1 converter each copy every object) and of the plan.',
      ]
    : [
        `\`app.synth()\` ran cdk8s's own \`App.synth\` (${incl(L.cdk8sSynth)} ms): ours' checks were ` +
          `${r.oursChecks.mode}, so StorageChecks' one-pass synth (src/_synth.ts) is not in this profile.`,
        '',
        `- **YAML: ${yamlSave} ms (${pct(yamlSave)})** in cdk8s's \`Yaml.save\` (the \`yaml\` package, about ` +
          `${perDoc(yamlSave)} µs per document, profiled).`,
        `- **cdk8s per-chart passes: ${cdkDeps + cdkValidate} ms (${pct(cdkDeps + cdkValidate)})**: each ` +
          "chart's `toJson()` re-resolves dependencies and re-validates the whole app (`Node.findAll` " +
          `${walks} ms), so this grows with charts x constructs.`,
        `- **Resolving: ${resolve} ms (${pct(resolve)})**; **planStorage ${plan} ms (${pct(plan)})**; the ` +
          `Markdown report ${report} ms; **construct creation ${build} ms (${pct(build)})**; **GC ${gc} ms ` +
          `(${pct(gc)})**.`,
      ];
  const targets = e
    ? [
        '',
        `Against the targets at N=${e.n} (the synth table): ours ${e.ours.wall_s} s is ` +
          `${e.ratios.ours_vs_plus27_wall}x cdk8s-plus-27 (target 0.85) and ${e.ratios.ours_vs_floor_wall}x the ` +
          `floor (target 1.4); its peak RSS ${e.ours.rss_mib} MiB is ${e.ratios.ours_vs_plus27_rss}x ` +
          "cdk8s-plus-27's (target 0.7). Above the floor, ours does what the floor does not: construct " +
          'creation, resolving, the checks, and the garbage they make.',
      ]
    : [];

  const rules = [
    {
      // What a change could take out: the Pod Security pass whole, else part of the plan.
      gain: podSecurityFirst ? share(biggestPass.ms) : share(plan) / 2,
      text:
        `planStorage: ${plan} ms (${pct(plan)}) at synth; by pass: ` +
        `${passes.map((x) => `${x.name} ${x.ms} ms`).join(', ') || 'not broken down'}; its hottest ` +
        `functions: ${hot(L.plan) || 'none listed'}.` +
        (podSecurityFirst
          ? ' The Pod Security pass is the largest, and all it yields is info findings (the level each pod ' +
            'meets, and the fields that keep it from the next, as text): computing them only when asked (an ' +
            `option, or for the report only) takes it off the synth path. Expected: up to ${pct(biggestPass.ms)}.`
          : biggestPass
            ? ` Every pass reads the index built once (\`indexManifests\`); the largest, ${biggestPass.name}, ` +
              `is where to look first. Expected: a part of ${pct(plan)}.`
            : ''),
    },
    {
      gain: share(cdkResolve + appOf),
      text:
        `Resolving: ${resolve} ms (${pct(resolve)}), of which cdk8s's \`resolve()\` ${cdkResolve} ms and ` +
        `\`App.of\` ${appOf} ms: for every value, \`resolve()\` looks the App's resolvers up (\`App.of\` walks ` +
        'to the root), builds a key array and a ResolutionContext, and copies; `sanitizeValue` ' +
        `(${sanitize} ms) copies again to drop nulls and sort keys, and the L1 converter (${converters} ms) a ` +
        'third time. src/ owns the one call site (`json` in src/_synth.ts): a fast path there for an App with ' +
        "only cdk8s's default resolvers (one walk that resolves what needs it, Lazy values and Quantity / " +
        'IntOrString unions, drops nulls and sorts keys as it copies; patches applied after, as cdk8s does) ' +
        'would replace `resolve()` and `sanitizeValue`, with test/synth.test.ts holding the bytes to ' +
        "cdk8s's. Upstream, cdk8s could look the resolvers up once per object. Expected: up to " +
        `${pct(cdkResolve + appOf)}, and less garbage for GC (${pct(gc)}).`,
    },
    {
      gain: share(reserveManifests + reserveRead),
      text:
        `\`StaticPersistentVolume._reserve\`: ${reserve} ms (${pct(reserve)}; ` +
        `${round((100 * reserve) / Math.max(build, 1), 0)}% of construct creation), one reservation per set: ` +
        `it renders the claim and the volume as manifests (\`KubeX.manifest\`, ${reserveManifests} ms) and ` +
        `reads them back with the plan's readers (\`readVolume\` / \`readClaim\`, ${reserveRead} ms) to match ` +
        'them. Matching from what the constructs already hold (capacity, access modes, class, labels), or ' +
        "reading each volume's facts once, skips most of that. Expected: up to " +
        `${pct(reserveManifests + reserveRead)}.`,
    },
    {
      gain: (c && c.ratios.real_vs_none_rss > 1.1) || (e && e.ratios.ours_vs_plus27_rss > 0.7) ? 0.02 : 0,
      text:
        'Memory: peak RSS ' +
        [
          e &&
            `${e.ours.rss_mib} MiB, ${e.ratios.ours_vs_plus27_rss}x cdk8s-plus-27 (target 0.7; the floor ${e.floor.rss_mib} MiB)`,
          c &&
            `${c.ratios.real_vs_none_rss}x the same constructs through cdk8s's own synth without checks ` +
              `(${c.real.rss_mib} vs ${c.none.rss_mib} MiB)`,
        ]
          .filter(Boolean)
          .join('; ') +
        ". While the plan runs every object's resolved JSON is alive at once (the plan needs them all; the " +
        "synth's `take` lets each go once written), with the plan's index, its findings (an info finding " +
        'per pod) and the report text, on top of the construct tree. Lowering it: let the plan keep only ' +
        'what `plan` exposes, and the Pod Security info findings opt-in (see planStorage).',
    },
    {
      gain: share(report),
      text:
        `The Markdown report: ${report} ms (${pct(report)}), written by default (\`reportFile: ''\` turns ` +
        'it off). It could default to off, or to a summary, for large apps.',
    },
    {
      gain: onePass ? share(yamlPackage) : 0,
      text:
        `YAML off the fast path: the \`yaml\` package still writes ${yamlPackage} ms (${pct(yamlPackage)}) ` +
        'for src/_yaml.ts (strings it quotes, documents it hands over whole); covering those shapes in the ' +
        'writer removes it.',
    },
    {
      gain: onePass && share(pass) >= 0.03 ? share(pass) / 2 : 0,
      text:
        `The pass's own loops: ${pass} ms (${pct(pass)}): \`findAll\`, \`validate\`, \`resolveDependencies\` ` +
        'and the order each go over every construct; folding them into one loop saves part of it.',
    },
    {
      gain: onePass ? 0 : share(cdkDeps + cdkValidate),
      text:
        `cdk8s's per-chart passes: \`resolveDependencies(app)\` (${cdkDeps} ms) and \`validate(app)\` ` +
        `(${cdkValidate} ms) for each of the ${charts} charts; \`StorageChecks.enable(app)\` synthesizes in ` +
        "one pass instead, but this profile's ours did not run it.",
    },
  ];
  const suggestions = rules
    .filter((x) => x.text && x.gain >= 0.01)
    .sort((x, y) => y.gain - x.gain)
    .map((x, i) => `${i + 1}. ${x.text}`);
  return [
    '## Reading it, and what to change in src/',
    '',
    `Of ${prof.total_ms} ms sampled (ours, N=${prof.n}, ${charts} charts, ${documents} objects): ` +
      `\`app.synth()\` ${synth} ms (${pct(synth)}), construct creation ${build} ms (${pct(build)}), GC ` +
      `${gc} ms (${pct(gc)}), startup (require, transpile-cache reads) ${startup} ms (${pct(startup)}). ` +
      'Transpiling is not in these runs (warm swc cache); cold, it is part of the main job.',
    '',
    ...reading,
    ...targets,
    '',
    'Suggestions for src/, by expected gain (none applied by the harness; src/ belongs to others):',
    '',
    ...(suggestions.length ? suggestions : ['Nothing in src/ costs more than 1% in this profile.']),
    '',
    'For users: with `StorageChecks.enable(app)`, `app.synth()` is one pass over the app, so many small ' +
      'charts cost no more than a few large ones (a chart that overrides `toJson()` still goes through ' +
      "cdk8s's per-chart path). Without it, cdk8s's own `App.synth` (what `cdk8s synth` runs for any other " +
      'app) re-resolves dependencies and re-validates the whole app for every chart, so C charts of K ' +
      'constructs cost C x K: there, fewer, larger charts keep synth closer to linear.',
  ];
}

async function formatMarkdown(text) {
  try {
    // Prettier checks this file in `npm run lint`; format it as it would.
    const prettier = require('prettier');
    const config = (await prettier.resolveConfig(path.join(__dirname, 'RESULTS.md'))) ?? {};
    return await prettier.format(text, { ...config, parser: 'markdown' });
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.slice(2).split('=');
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? round(a / b, 3) : null;
}

function round(x, d = 2) {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

function log(msg) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

// Last, so every constant above is initialised.
main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(1);
});
