// The CLI on big input (`node bench/run.js --only big-input`): `cdk8s-volumes plan FILE --format
// json > /dev/null` on generated multi-document YAML of 20 MiB and 200 MiB (bench/big-input-gen.js),
// against the floor of parsing the same file with js-yaml's core schema in its own process
// (bench/big-input-floor.js), and the CLI's own phases (bench/big-input-phases.js: reading, planning,
// rendering). Wall time and peak RSS come from the harness's `measure`; the figure at 20 MiB is the
// median of `runs` round-robin rounds, the one at 200 MiB a single round (a round takes minutes).
'use strict';
const fs = require('fs');
const path = require('path');
const { generate } = require('./big-input-gen');
const { median, ratio, round } = require('./stats');

const SIZES_MIB = [20, 200];

/**
 * `measure(cmd, argv, opts)` and `log(msg)` are the harness's; `dir` a scratch folder; `project`
 * the folder whose bin/ and bench/ are run (the harness's snapshot).
 */
function bigInput({ measure, log, dir, project, runs = 3, sizes = SIZES_MIB }) {
  const bin = path.join(project, 'bin', 'cdk8s-volumes');
  // exit 1 means the plan found errors: measured all the same; anything else is a failure
  const cli = (file) =>
    measure(
      'sh',
      [
        '-c',
        '"$0" "$@" > /dev/null; s=$?; [ $s -le 1 ] || exit $s',
        process.execPath,
        bin,
        'plan',
        file,
        '--format',
        'json',
      ],
      { label: `cdk8s-volumes plan ${path.basename(file)}` },
    );
  const floor = (file) =>
    measure(process.execPath, [path.join(project, 'bench', 'big-input-floor.js'), file], {
      label: `floor ${path.basename(file)}`,
    });
  const phases = (file) =>
    measure(process.execPath, ['--expose-gc', path.join(project, 'bench', 'big-input-phases.js'), file], {
      label: `phases ${path.basename(file)}`,
    });

  // warm the transpile cache of everything the CLI loads, on a small file of the same kind
  const warm = path.join(dir, 'warm.yaml');
  generate(warm, 1);
  cli(warm);
  phases(warm);

  const out = { sizes: [] };
  for (const mib of sizes) {
    const file = path.join(dir, `big-${mib}.yaml`);
    const written = generate(file, mib);
    const rounds = mib <= 20 ? runs : 1;
    log(
      `big input ${mib} MiB (${written.documents} documents): ${rounds} round(s) of the CLI, the floor, the phases`,
    );
    const figures = { cli: [], floor: [], phases: [] };
    for (let r = 0; r < rounds; r++) {
      // the first program rotates each round, as in the harness's round-robin
      const order = [
        ['cli', cli],
        ['floor', floor],
        ['phases', phases],
      ];
      for (let k = 0; k < order.length; k++) {
        const [name, run] = order[(r + k) % order.length];
        figures[name].push(run(file));
      }
    }
    fs.rmSync(file, { force: true });
    const fig = (xs) => ({
      wall_s: round(median(xs.map((m) => m.wall_s)), 3),
      cpu_s: round(median(xs.map((m) => m.cpu_s)), 3),
      rss_mib: round(median(xs.map((m) => m.rss_kib)) / 1024, 1),
      runs_wall_s: xs.map((m) => round(m.wall_s, 3)),
    });
    const phase = (k) => round(median(figures.phases.map((m) => m.json[k])), 3);
    const entry = {
      mib,
      bytes: written.bytes,
      documents: written.documents,
      manifests: figures.phases[0].json.manifests,
      findings: figures.phases[0].json.findings,
      output_mib: figures.phases[0].json.output_mib,
      runs: rounds,
      cli: fig(figures.cli),
      floor: { ...fig(figures.floor), parse_s: round(median(figures.floor.map((m) => m.json.parse_s)), 3) },
      phases: {
        require_s: phase('require_s'),
        load_s: phase('load_s'),
        plan_s: phase('plan_s'),
        render_s: phase('render_s'),
        load_heap_mib: phase('load_heap_mib'),
        plan_heap_mib: phase('plan_heap_mib'),
        rss_mib: round(median(figures.phases.map((m) => m.rss_kib)) / 1024, 1),
      },
    };
    entry.ratios = {
      cli_vs_floor_wall: ratio(entry.cli.wall_s, entry.floor.wall_s),
      cli_vs_floor_rss: ratio(entry.cli.rss_mib, entry.floor.rss_mib),
      load_vs_floor_parse: ratio(entry.phases.load_s, entry.floor.parse_s),
      plan_share_of_phases: ratio(
        entry.phases.plan_s,
        entry.phases.load_s + entry.phases.plan_s + entry.phases.render_s,
      ),
    };
    log(
      `  cli ${entry.cli.wall_s}s ${entry.cli.rss_mib}MiB | floor ${entry.floor.wall_s}s ${entry.floor.rss_mib}MiB | ` +
        `load ${entry.phases.load_s}s plan ${entry.phases.plan_s}s render ${entry.phases.render_s}s | ` +
        `cli/floor ${entry.ratios.cli_vs_floor_wall}x wall ${entry.ratios.cli_vs_floor_rss}x RSS`,
    );
    out.sizes.push(entry);
  }
  const [a, b] = [out.sizes.find((e) => e.mib === 20), out.sizes.find((e) => e.mib === 200)];
  if (a && b) {
    const bytes = b.bytes / a.bytes;
    out.growth = {
      bytes: round(bytes, 2),
      cli_wall: ratio(b.cli.wall_s, a.cli.wall_s),
      cli_rss: ratio(b.cli.rss_mib, a.cli.rss_mib),
      floor_wall: ratio(b.floor.wall_s, a.floor.wall_s),
      floor_rss: ratio(b.floor.rss_mib, a.floor.rss_mib),
      load: ratio(b.phases.load_s, a.phases.load_s),
      plan: ratio(b.phases.plan_s, a.phases.plan_s),
      // 1 is linear: the time per byte at 200 MiB over the time per byte at 20 MiB
      cli_wall_per_byte: round(b.cli.wall_s / b.bytes / (a.cli.wall_s / a.bytes), 3),
    };
  }
  return out;
}

module.exports = { bigInput, SIZES_MIB };
