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
const { summarize } = require('./profile');

const root = path.resolve(__dirname, '..');
const args = parseArgs(process.argv.slice(2));
const QUICK = args.quick === true;
const RUNS = Math.max(5, Number(args.runs ?? 5));
// Quick mode (CI) stops at N = 1000: N = 5000 alone costs ~4 minutes on 2 cores (the YAML
// stringify of 20 000 documents takes ~6 s even for the floor), and quick must stay under ~3.
const NS = args.n ? String(args.n).split(',').map(Number) : QUICK ? [100, 1000] : [100, 1000, 5000, 20000];
const PLAN_SIZES = QUICK ? [[10000, 10000]] : [[10000, 10000], [100000, 100000]];
const PROGRAMS = ['ours', 'plus27', 'l1', 'floor'];
const PROFILE_N = 5000;
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const outDir = path.resolve(args.out ?? __dirname);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-volumes-bench-'));
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
  const started = Date.now();
  const results = { mode: QUICK ? 'quick' : 'full', machine: machine(), method: method() };
  log(`mode ${results.mode}, ${RUNS} runs per figure, N = ${NS.join(', ')}; scratch in ${os.tmpdir()}`);

  results.oursChecks = preflight();
  results.synth = synthBench(results.oursChecks.mode);
  results.growth = growth(results.synth);
  results.plan = planBench();
  results.mainJob = mainJob();
  results.profile = profile(results.oursChecks.mode);
  results.targets = targets(results);
  results.elapsed_s = round((Date.now() - started) / 1000, 1);

  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'RESULTS.md'), await formatMarkdown(renderMarkdown(results)));
  log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'results.json'))} and RESULTS.md in ${results.elapsed_s} s`);
  for (const t of results.targets) log(`  ${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'} ${t.name}: ${t.value}`);
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
    transpile:
      'TypeScript runs through scripts/_register.js (swc, disk cache); the cache is warmed before timing, ' +
      'so transpiling is not measured in the synth and plan figures (it is, cold, in the main job)',
    env: 'CDK8S_CHECK_UPGRADE=false (cdk8s-cli would query the npm registry), npm_config_update_notifier=false',
  };
}

// ---------------------------------------------------------------------------------------------
// Running children

/** Runs a command once; returns wall seconds, peak RSS (KiB) and its JSON line if it printed one. */
function measure(cmd, argv, { cwd = root, env = ENV, label = cmd } = {}) {
  const timeFile = path.join(scratch, 'time.txt');
  const [file, list] = TIME ? [TIME, ['-f', '%M', '-o', timeFile, cmd, ...argv]] : [cmd, argv];
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
  if (TIME) rssKib = Number(fs.readFileSync(timeFile, 'utf-8').trim().split('\n').pop());
  return { wall_s: wall, rss_kib: rssKib, json, stderr: r.stderr };
}

function child(program, a, b, mode, label) {
  const env = { ...ENV, BENCH_OURS_CHECKS: mode };
  return measure(process.execPath, [path.join(__dirname, 'child.js'), program, String(a), String(b)], { env, label });
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
        ? 'StorageChecks.enable(app) with its defaults: the plan runs at synth and writes storage-plan.md (report on)'
        : `StorageChecks failed (${problem}); its work (toJson of every object, planStorage, storage-plan.md) is done by the bench before app.synth()`,
  };
}

function synthBench(mode) {
  const out = [];
  for (const n of NS) {
    log(`synth N=${n}: ${RUNS} rounds of ${PROGRAMS.join(', ')}`);
    const kept = {};
    const runs = roundRobin(PROGRAMS, RUNS, (program, r) => {
      const dir = path.join(scratch, `synth-${n}-${program}-${r}`);
      const m = child(program, n, dir, mode, `${program} N=${n}`);
      if (r === 0) kept[program] = dir;
      else fs.rmSync(dir, { recursive: true, force: true });
      return m;
    });
    // Once per N: the four outputs must hold the same objects, or the timings compare different work.
    const eq = checkEquivalent(kept);
    for (const dir of Object.values(kept)) fs.rmSync(dir, { recursive: true, force: true });
    const entry = { n, objects: eq.objects, equivalent: true };
    for (const p of PROGRAMS) entry[p] = figure(runs[p]);
    entry.ratios = {
      ours_vs_plus27_wall: ratio(entry.ours.wall_s, entry.plus27.wall_s),
      ours_vs_floor_wall: ratio(entry.ours.wall_s, entry.floor.wall_s),
      ours_vs_l1_wall: ratio(entry.ours.wall_s, entry.l1.wall_s),
      plus27_vs_l1_wall: ratio(entry.plus27.wall_s, entry.l1.wall_s),
      l1_vs_floor_wall: ratio(entry.l1.wall_s, entry.floor.wall_s),
      ours_vs_plus27_rss: ratio(entry.ours.rss_mib, entry.plus27.rss_mib),
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

/** Median wall and RSS of a program's runs, with the child's own phase times (medians). */
function figure(runs) {
  const phases = {};
  for (const k of ['require_s', 'build_s', 'synth_s']) {
    const xs = runs.map((r) => r.json?.[k]).filter((x) => typeof x === 'number');
    if (xs.length) phases[k] = round(median(xs), 3);
  }
  return {
    wall_s: round(median(runs.map((r) => r.wall_s)), 3),
    rss_mib: round(median(runs.map((r) => r.rss_kib)) / 1024, 1),
    phases,
    runs_wall_s: runs.map((r) => round(r.wall_s, 3)),
  };
}

function growth(synth) {
  const at = (n) => synth.find((e) => e.n === n);
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
    for (let r = 0; r < RUNS; r++) runs.push(child('plan', volumes, claims, 'real', `plan ${volumes}/${claims}`));
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
  if (!fs.existsSync(path.join(root, 'src', 'main.ts'))) {
    return { skipped: 'src/main.ts does not exist' };
  }
  // Tracked and untracked-but-not-ignored files: much of src/ is not committed yet.
  const files = childProcess
    .execSync('git ls-files --cached --others --exclude-standard', { cwd: root, encoding: 'utf-8' })
    .split('\n')
    .filter((f) => f && fs.existsSync(path.join(root, f)));
  const copy = (name, edit) => {
    const dir = path.join(scratch, `app-${name}`);
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(dir, f));
    }
    // node_modules: a real folder of links to each package, so node_modules/.cache (the swc
    // hook's cache) is the copy's own and starts cold; a link to the whole folder would share it.
    fs.mkdirSync(path.join(dir, 'node_modules'));
    for (const e of fs.readdirSync(path.join(root, 'node_modules'))) {
      if (e !== '.cache') fs.symlinkSync(path.join(root, 'node_modules', e), path.join(dir, 'node_modules', e));
    }
    edit?.(dir);
    return dir;
  };
  const tsNodeYaml = (dir) => fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node src/main.ts\n');
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
  const out = { app: 'src/main.ts', files_copied: files.length };
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
      out.ratios.npm_run_synth_vs_template_typecheck = ratio(out.npm_run_synth_s, out.template_ts_node_typecheck_s);
      out.ratios.cdk8s_synth_vs_template_typecheck = ratio(out.cdk8s_synth_s, out.template_ts_node_typecheck_s);
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
    ['--cpu-prof', '--cpu-prof-dir', dir, path.join(__dirname, 'child.js'), 'ours', String(PROFILE_N), path.join(scratch, 'prof-out')],
    { env: { ...ENV, BENCH_OURS_CHECKS: mode }, label: 'profile' },
  );
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  return { n: PROFILE_N, ...summarize(path.join(dir, file), 20) };
}

// ---------------------------------------------------------------------------------------------
// Targets (recorded, not asserted)

function targets(results) {
  const out = [];
  const add = (name, value, limit, note) =>
    out.push({ name, value: value ?? 'not measured', limit, pass: typeof value === 'number' ? value <= limit : null, note });
  const at5000 = results.synth.find((e) => e.n === 5000);
  const largest = results.synth[results.synth.length - 1];
  const t = at5000 ?? largest;
  const where = at5000 ? 'N=5000' : `N=${largest.n} (quick mode; the targets are set at N=5000)`;
  add(`ours <= 0.85x plus27 wall, ${where}`, t.ratios.ours_vs_plus27_wall, 0.85);
  add(`ours <= 1.4x floor wall, ${where}`, t.ratios.ours_vs_floor_wall, 1.4);
  add(`ours peak RSS <= 0.7x plus27, ${where}`, t.ratios.ours_vs_plus27_rss, 0.7);
  add('ours N=1000 -> 20000 wall growth <= 22x', results.growth?.ours, 22, results.growth ? undefined : 'full mode only');
  const mj = results.mainJob;
  add('npm run synth <= 0.2x template (ts-node, project tsconfig)', mj.ratios?.npm_run_synth_vs_template, 0.2);
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
    `Written by \`node bench/run.js${QUICK ? ' --quick' : ''}\` (${r.mode} mode) on ${m.date.slice(0, 10)}, ` +
      `commit ${m.commit}${m.worktree_dirty ? ' plus uncommitted changes in src/' : ''}. ` +
      `Machine: ${m.cores} cores (${m.cpu_model}), ${m.total_memory_gib} GiB, Node ${m.node}. ` +
      `Every figure is the median of ${r.method.runs_per_figure} whole-process runs, programs interleaved round-robin; ` +
      'ratios are ratios of medians. Raw figures: `bench/results.json`.',
    '',
    '## Targets (recorded, not asserted)',
    '',
    '| Target | Measured | Limit | Result |',
    '| --- | --- | --- | --- |',
    ...r.targets.map(
      (t) => `| ${t.name} | ${s(t.value)} | ${t.limit} | ${t.pass === null ? 'n/a' : t.pass ? 'pass' : '**fail**'} |`,
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
    '| N | objects | ours / plus27 | ours / floor | ours / l1 | plus27 / l1 | RSS ours / plus27 | ours s | plus27 s | l1 s | floor s | RSS MiB ours / plus27 / l1 / floor |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.synth.map(
      (e) =>
        `| ${e.n} | ${e.objects} | ${e.ratios.ours_vs_plus27_wall} | ${e.ratios.ours_vs_floor_wall} | ` +
        `${e.ratios.ours_vs_l1_wall} | ${e.ratios.plus27_vs_l1_wall} | ${e.ratios.ours_vs_plus27_rss} | ` +
        `${e.ours.wall_s} | ${e.plus27.wall_s} | ${e.l1.wall_s} | ${e.floor.wall_s} | ` +
        `${e.ours.rss_mib} / ${e.plus27.rss_mib} / ${e.l1.rss_mib} / ${e.floor.rss_mib} |`,
    ),
    '',
  );
  if (r.growth) {
    p(
      `Growth N=1000 -> 20000 (20x the objects): ${PROGRAMS.map((x) => `${x} ${r.growth[x]}x`).join(', ')}.`,
      '',
    );
  }
  p(`ours: ${r.oursChecks.note}.`, '');
  p(
    '## planStorage alone',
    '',
    'Generated volumes and claims (`bench/programs/plan.ts`): four classes (one default, WaitForFirstConsumer, ' +
      'local), class-less volumes, mixed access modes (ReadWriteOncePod on CSI), both units, label selectors, ' +
      'claimRefs and volumeNames. In-process time of `planStorage` only.',
    '',
    '| volumes | claims | planStorage s | process s | RSS MiB | outcomes | findings |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.plan.map(
      (e) =>
        `| ${e.volumes} | ${e.claims} | ${e.wall_s} | ${e.process_wall_s} | ${e.rss_mib} | ` +
        `${Object.entries(e.outcomes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} | ${Object.entries(e.findings)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} |`,
    ),
    '',
  );
  const mj = r.mainJob;
  p('## Main job: synthesizing src/main.ts', '');
  if (mj.skipped) p(`Skipped: ${mj.skipped}.`, '');
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
      `The three commands wrote the same dist/ (${mj.dist_files} files): ${mj.same_output}. ` +
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

function renderProfile(r, p) {
  const prof = r.profile;
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
    'By file / package (self time):',
    '',
    '| File | ms | share |',
    '| --- | --- | --- |',
    ...prof.files.map((x) => `| \`${x.name}\` | ${x.ms} | ${x.pct}% |`),
    '',
    ...ANALYSIS,
  );
}

// Written from the profiles of these runs; the figures above are regenerated each run.
const ANALYSIS = [
  '## Reading it, and what to change in src/',
  '',
  '- Most of the time is cdk8s, not this library: `App.synth()` calls `chart.toJson()` for each chart, and ' +
    'each call resolves dependencies and runs `validate()` over the whole app again, so every construct is ' +
    'walked (charts + 1) times. The YAML stringify (`yaml` package, ~250 µs per document) is the same cost ' +
    'the floor pays, and is most of the floor.',
  '- StorageChecks runs inside that per-chart `validate()`: its validation is called once per chart. It ' +
    'memoizes the plan, but the memo key is `app.node.findAll().length`, a full tree walk on every call; with ' +
    'C charts it walks the tree C times just to find out that nothing changed.',
  '- Construct creation is small; a third of it is `StaticPersistentVolume._reserve()`, which calls ' +
    '`toJson()` on the claim and on the volume (a full resolve of both) to read back values the constructs ' +
    'already hold as fields.',
  '- The plan (planStorage) is linear and cheap next to synth; the Markdown report is a few percent.',
  '',
  'Suggestions, biggest first (none applied: src/ belongs to others):',
  '',
  '1. StorageChecks: replace the `findAll().length` memo key with one that costs nothing, e.g. keep the ' +
    'result for the current synchronous synth (`queueMicrotask(() => (this.last = undefined))` after ' +
    'computing it), or wrap `app.synth` once in `enable()` and plan before calling through. Saves C - 1 tree ' +
    'walks (see `Node.findAll` under the StorageChecks row above).',
  '2. Plan from the JSON cdk8s already produces instead of a second `toJson()` of every object: resolve each ' +
    'ApiObject once (e.g. collect `toJson()` results in the validation and reuse them via a small ' +
    '`Chart.toJson` override in an internal `StorageChart`, or synthesize with `Testing`-style one-pass ' +
    'output), removing one of the two full resolve passes.',
  '3. `_reserve()`: compare the claim and the volume from their construct fields (storage, access modes, ' +
    'class, volumeMode, selector, labels) instead of `readClaim(claim.apiObject.toJson())` / ' +
    '`readVolume(this.apiObject.toJson())`; that is most of construct creation for StaticClaim with `volume`.',
  '4. Charts: the per-chart whole-app validation is cdk8s behaviour; an app with many small charts pays ' +
    'it quadratically. Fewer, larger charts (or `YamlOutputType.FILE_PER_APP`) are the user-side fix; ' +
    'document it in the README next to the plan.',
];

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
