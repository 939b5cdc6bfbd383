#!/usr/bin/env node
// RESULTS.md from results.json, and only what results.json holds: the header (run, commit,
// machine), the tables, and short sentences of figures (a caption per table). The reading of the
// figures (what each is measured against, where the time and memory go, what was changed and what
// is left, the targets' status, and figures measured by hand after the recorded run) is prose a
// maintainer edits: it lives in docs/performance.md, not here. bench/run.js measures and calls
// renderMarkdown; `node bench/run.js --render` rewrites RESULTS.md from results.json, so any text
// added to RESULTS.md by hand is lost: write it in docs/performance.md.
'use strict';
const path = require('path');
const { LABELS: PROFILE_LABELS } = require('./profile');
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
    'This file is generated from `bench/results.json` (`node bench/run.js --render`); edits to it are lost. ' +
      'What the figures mean, the targets and their status, and figures measured after this run: ' +
      '[docs/performance.md](../docs/performance.md).',
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
    ...(r.targets.some((t) => t.retired)
      ? ['A retired target is still measured, and no longer judged.', '']
      : []),
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
        `${c.ratios.real_vs_none_rss}x RSS; shipped / emulated = ${c.ratios.real_vs_emulated_wall}x.`,
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

/** `cdk8s-volumes plan` on big files (bench/big-input.js). */
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
  // One sentence of the figures per size that the table leaves out; the reading is docs/performance.md.
  for (const e of b.sizes) {
    p(
      `At ${e.mib} MiB, in the phases' own process: loading the CLI's modules ${e.phases.require_s} s, peak RSS ` +
        `${e.phases.rss_mib} MiB (a full GC after each phase); the floor's own read and parse ${e.floor.parse_s} s ` +
        `(the CLI's reading: ${e.ratios.load_vs_floor_parse}x that).`,
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
      "StorageChecks' steps run one by one (median of the runs).",
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
      `cdk8s-plus-27 ${tree(m.plus27)} MiB; ours is above L1 by ${round(tree(o) - tree(m.l1), 1)} MiB ` +
      `(${perObject(tree(o) - tree(m.l1))} B per object).` +
      (e
        ? ` Peak RSS in the synth table at N=${e.n}: ours ${e.ours.rss_mib} MiB, cdk8s-plus-27 ${e.plus27.rss_mib} MiB ` +
          `(${e.ratios.ours_vs_plus27_rss}x), L1 ${e.l1.rss_mib} MiB, floor ${e.floor.rss_mib} MiB.`
        : '') +
      (m.peak_rss_mib
        ? ` Peak RSS in this section's own runs (median of ${r.method.runs_per_figure}, interleaved): ours ` +
          `${m.peak_rss_mib.ours} MiB; the L1 program's objects under the same StorageChecks ` +
          `(\`bench/programs/l1-checks.ts\`) ${m.peak_rss_mib['l1-checks']} MiB` +
          (e
            ? ` (${ratio(m.peak_rss_mib['l1-checks'], e.plus27.rss_mib)}x cdk8s-plus-27's in the synth table)`
            : '') +
          '.'
        : ''),
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
  );
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
