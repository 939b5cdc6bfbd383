#!/usr/bin/env node
// RESULTS.md from results.json: the tables, the profile and memory sections, and the reading of
// them (what to change in src/). bench/run.js measures and calls renderMarkdown; the prose lives
// here so the harness itself stays about measuring. `node bench/run.js --render` rewrites
// RESULTS.md from results.json after the text here is edited.
'use strict';
const path = require('path');
const { LABELS: PROFILE_LABELS, itself: profileItself } = require('./profile');
const { PROGRAMS, ratio, round } = require('./stats');

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
        `| ${t.name} | ${s(t.value)} | ${t.limit} | ${t.retired ? 'retired' : t.pass === null ? 'n/a' : t.pass ? 'pass' : '**fail**'} |`,
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
  renderMemory(r, p);
  renderBigInput(r, p);
  return lines.join('\n') + '\n';
}

/** `cdk8s-volumes plan` on big files (bench/big-input.js), and what sets its time. */
function renderBigInput(r, p) {
  const b = r.bigInput;
  p('## The CLI on big input', '');
  if (!b || b.error) {
    p(...(b ? sectionError(b) : ['Not measured (`node bench/run.js --only big-input`).', '']));
    return;
  }
  p(
    '`cdk8s-volumes plan FILE --format json > /dev/null` on generated multi-document YAML ' +
      '(`bench/big-input-gen.js`: StorageClasses, static PersistentVolumes with the claims that bind them, ' +
      'claims provisioned by a class, Deployments and StatefulSets with claim templates mounting them, in the ' +
      'layouts `helm template` writes), against the floor: the same file read whole and parsed by js-yaml with ' +
      "its core schema, in its own process (`bench/big-input-floor.js`). The phases are the CLI's own steps " +
      'timed in one process (`bench/big-input-phases.js`): reading (src/plan/load.ts over src/k8s/yaml.ts), ' +
      '`planStorage`, rendering the JSON; the live heap after each, after a full GC. 20 MiB: median of ' +
      `${b.sizes[0]?.runs ?? '–'} interleaved rounds; 200 MiB: one round.`,
    '',
    '| MiB | documents | manifests | CLI s | floor s | CLI / floor | CLI RSS MiB | floor RSS MiB | RSS CLI / floor | read s | plan s | render s | heap after read / plan MiB | findings (JSON MiB) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...b.sizes.map(
      (e) =>
        `| ${e.mib} | ${e.documents} | ${e.manifests} | ${e.cli.wall_s} | ${e.floor.wall_s} | ${e.ratios.cli_vs_floor_wall} | ` +
        `${e.cli.rss_mib} | ${e.floor.rss_mib} | ${e.ratios.cli_vs_floor_rss} | ${e.phases.load_s} | ${e.phases.plan_s} | ` +
        `${e.phases.render_s} | ${e.phases.load_heap_mib} / ${e.phases.plan_heap_mib} | ${e.findings} (${e.output_mib}) |`,
    ),
    '',
  );
  if (b.growth) {
    const g = b.growth;
    p(
      `Growth 20 -> 200 MiB (${g.bytes}x the bytes): the CLI ${g.cli_wall}x wall and ${g.cli_rss}x RSS, the floor ` +
        `${g.floor_wall}x and ${g.floor_rss}x; reading ${g.load}x, the plan ${g.plan}x. The CLI's time per byte at ` +
        `200 MiB is ${g.cli_wall_per_byte}x its time per byte at 20 MiB (1 is linear).`,
      '',
    );
  }
  for (const e of b.sizes) {
    const work = e.phases.load_s + e.phases.plan_s + e.phases.render_s;
    const share = (x) => `${Math.round((100 * x) / work)}%`;
    const reader = e.ratios.load_vs_floor_parse;
    p(
      `At ${e.mib} MiB: reading takes ${e.phases.load_s} s, ${reader}x the floor's own read and parse ` +
        `(${e.floor.parse_s} s)` +
        (reader <= 1.25
          ? ': reading as kubectl reads costs what the fastest correct reader costs. '
          : ': the reader is above the floor by more than noise, see the profile of its phase. ') +
        `planStorage takes ${e.phases.plan_s} s (${share(e.phases.plan_s)} of the three phases), rendering ` +
        `${e.phases.render_s} s (${share(e.phases.render_s)}); the CLI's ${e.cli.wall_s} s is these plus ` +
        `${round(Math.max(e.cli.wall_s - work - e.phases.require_s, 0), 1)} s the phases leave out (node's start, ` +
        'garbage collection, writing the output). ' +
        (e.phases.plan_s > e.phases.load_s
          ? 'The plan, not the reader, sets how far the CLI is above the floor: at 2x the floor the CLI ' +
            `would have ${round(Math.max(2 * e.floor.wall_s - e.cli.wall_s + e.phases.plan_s, 0), 1)} s for the ` +
            `plan here, where it takes ${e.phases.plan_s} s.`
          : 'Reading is the larger part.') +
        ` The manifests read hold ${e.phases.load_heap_mib} MiB of live heap: the floor holds the text as well ` +
        "as its objects, the reader lets each document's text go once it is parsed. The CLI's peak RSS, " +
        `${e.cli.rss_mib} MiB, is above the phases' own (${e.phases.rss_mib} MiB, a full GC after each ` +
        "phase): the rest is the garbage V8 keeps between its own collections, and the report's text.",
      '',
    );
  }
}

function renderMemory(r, p) {
  const m = r.memory;
  if (!m || m.error) {
    p('## Where the memory goes', '', ...sectionError(m));
    return;
  }
  const o = m.ours;
  const e = list(r.synth).find((x) => x.n === m.n);
  const tree = (x) => round(x.built - x.loaded, 1);
  const step = (a, b) => round(o[b] - o[a], 1);
  const perObject = (mib) => round((mib * 1024 * 1024) / (4 * m.n), 0);
  p(
    `## Where the memory goes (ours, N=${m.n}, live heap)`,
    '',
    `\`node --expose-gc bench/memory.js\`: the live heap after a full GC at each phase of ours' synth, ` +
      "StorageChecks' steps run one by one (median of the runs). Live heap is what the program holds; " +
      'peak RSS (the synth table) is more, see below.',
    '',
    '| Phase | live heap MiB | added | what is added |',
    '| --- | --- | --- | --- |',
    `| modules loaded | ${o.loaded} | ${step('required', 'loaded')} | cdk8s, constructs, imports/k8s.ts, this library |`,
    `| constructs built | ${o.built} | ${step('loaded', 'built')} | the construct tree: ${perObject(step('loaded', 'built'))} B per object |`,
    `| validated | ${o.validated} | ${step('built', 'validated')} | the pass: findAll, validations |`,
    `| every object resolved | ${o.resolved} | ${step('validated', 'resolved')} | each object's JSON, all alive at once for the plan: ${perObject(step('validated', 'resolved'))} B per object |`,
    `| planned | ${o.planned} | ${step('resolved', 'planned')} | the plan (claims and findings) |`,
    `| report graph read | ${o.graphed} | ${step('planned', 'graphed')} | what the report's graph needs of the manifests |`,
    `| YAML written | ${o.written} | ${step('graphed', 'written')} | each object's JSON let go once written |`,
    `| report written | ${o.reported} | ${step('written', 'reported')} | |`,
    '',
    `The construct trees, built and not yet synthesized: ours ${tree(o)} MiB, L1 ${tree(m.l1)} MiB, ` +
      `cdk8s-plus-27 ${tree(m.plus27)} MiB. Ours is above L1 by ${round(tree(o) - tree(m.l1), 1)} MiB ` +
      `(${perObject(tree(o) - tree(m.l1))} B per object): each pattern is a construct of its own above its ` +
      "L1 object (its Node, scope list, path, children), with its own fields, the volume's Lazy claimRef " +
      "and the props-to-manifest closure of volumes and claims, and the data the L1 program's objects do not " +
      'carry (the prune-protection annotations).',
    '',
    'Peak RSS is not the live heap. It adds the node binary and compiled code (about 66 MiB for ' +
      "ours after loading), V8's young generation (it grows to 2 x 16 MiB while the tree is built, " +
      'for every program), and the garbage promoted to the old generation since the last full GC: V8 ' +
      'runs one only when the old generation passes a limit set by the previous one, several times the live ' +
      'heap, so the garbage of the plan and of writing the files stays in the heap to the end of a synth ' +
      'this size. The peak is therefore about: the live heap at the last full GC (the tree, early in the ' +
      'synth) + the JSON of every object + what the plan and the writers promote.' +
      (e
        ? ` Measured (synth table, N=${e.n}): ours ${e.ours.rss_mib} MiB, cdk8s-plus-27 ${e.plus27.rss_mib} MiB ` +
          `(${e.ratios.ours_vs_plus27_rss}x; target 0.7x), L1 ${e.l1.rss_mib} MiB, floor ${e.floor.rss_mib} MiB.`
        : '') +
      (m.peak_rss_mib
        ? ` In this section's own runs (median of ${r.method.runs_per_figure}, interleaved): ours ` +
          `${m.peak_rss_mib.ours} MiB, and the L1 program's objects under the same StorageChecks ` +
          `(\`bench/programs/l1-checks.ts\`: the smallest tree, the same synth and plan) ` +
          `${m.peak_rss_mib['l1-checks']} MiB` +
          (e ? ` (${ratio(m.peak_rss_mib['l1-checks'], e.plus27.rss_mib)}x cdk8s-plus-27's)` : '') +
          ": so a tree as small as L1's would, alone, bring ours to about that ratio, not well under it."
        : ''),
    '',
    'What would lower it: (a) each pattern as the ApiObject itself rather than a construct above one ' +
      `(up to the ${round(tree(o) - tree(m.l1), 1)} MiB above L1, less the patterns' own data; it changes ` +
      "construct paths and `apiObject`: an API decision), and (b) a plan that reads each object's JSON as " +
      'it is resolved and keeps only what its passes need, so the JSON is written and let go at once ' +
      `instead of all ${step('validated', 'resolved')} MiB being alive for the plan (the plan's modules ` +
      'read whole manifests today).',
    '',
  );
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
 * ours with StorageChecks synthesizes through src/integrations/_synth.ts (one pass, YAML by src/integrations/_yaml.ts);
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
        "`app.synth()` is StorageChecks' one-pass synth (src/integrations/_synth.ts), not cdk8s's `App.synth`: one tree " +
          'walk, one validate and one resolveDependencies for the whole app, the chart and object order ' +
          'without dependency graphs when nothing depends on anything, each object resolved once (the plan ' +
          'and the files share it), and the YAML written by src/integrations/_yaml.ts. What is left:',
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
        `- **YAML: ${writer} ms (${pct(writer)})** in src/integrations/_yaml.ts, about ${perDoc(writer)} µs per document ` +
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
          `${r.oursChecks.mode}, so StorageChecks' one-pass synth (src/integrations/_synth.ts) is not in this profile.`,
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
        'third time. src/ owns the one call site (`json` in src/integrations/_synth.ts): a fast path there for an App with ' +
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
        "synth's `take` lets each go once written), with the plan's index and findings, on top of the " +
        'construct tree; "Where the memory goes" below measures each part and says what would lower it.',
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
        'for src/integrations/_yaml.ts (strings it quotes, documents it hands over whole); covering those shapes in the ' +
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

module.exports = { renderMarkdown, formatMarkdown };
