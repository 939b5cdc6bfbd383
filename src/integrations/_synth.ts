/**
 * cdk8s's `App.synth()`, in one pass: the same files, byte for byte, for every
 * `YamlOutputType`, with the same validation and dependency ordering.
 *
 * Why: cdk8s 2.x resolves the dependencies and validates the whole app again for every chart
 * (`Chart.toJson` calls `App._synthChart`), so synth time grows with charts x objects; and it
 * prints YAML through the `yaml` package's document tree. Here the app is walked, validated and
 * ordered once, each object is resolved once (shared with the storage plan) and the YAML comes
 * from src/_yaml.ts. test/synth.test.ts compares the output with cdk8s's own for apps of every
 * shape it knows (output types, nested and dependent charts, construct metadata, patches).
 *
 * Uses cdk8s's public API, and reads one private field (`recordConstructMetadata`, which the
 * CLI sets through the environment). A chart that overrides `toJson()` keeps its override.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { writeInPieces } from './_chunked-file';
import { DOCUMENT_SEPARATOR, stringifyDocument } from './_yaml';

/** What a synth pass hands to its caller before anything is written. */
export interface SynthPass {
  /** Every ApiObject of the app, in tree order (as `node.findAll()`). */
  readonly objects: readonly ApiObject[];
  /** The object's JSON, resolved once per pass. */
  json(o: ApiObject): any;
}

/**
 * Synthesizes `app` into its outdir as `app.synth()` would; `beforeWrite` runs after the app
 * validated and before the first YAML file is written (it may throw to stop the synth), and
 * what it returns, if anything, runs after the last one is written.
 */
export function synthApp(app: App, beforeWrite?: (pass: SynthPass) => (() => void) | void): void {
  fs.mkdirSync(app.outdir, { recursive: true });
  const all = app.node.findAll();
  validate(all);
  const { hasDependantCharts, anyDependency } = resolveDependencies(all);
  // cdk8s orders charts, and each chart's objects, by a DependencyGraph of the whole tree. With
  // no dependency anywhere (the usual app) that order is known without building the graphs:
  // see orderWithoutDependencies.
  const charts = anyDependency ? app.charts : orderWithoutDependencies(all.filter(isChart));
  const ownObjects = anyDependency ? undefined : objectsByChart(all);
  const chartObjects = (chart: Chart): ApiObject[] =>
    ownObjects ? (ownObjects.get(chart) ?? []) : objectsInDependencyOrder(chart);

  const resolved = new Map<ApiObject, any>();
  const json = (o: ApiObject): any => {
    let j = resolved.get(o);
    if (j === undefined) {
      j = o.toJson();
      resolved.set(o, j);
    }
    return j;
  };
  const objects = all.filter((c): c is ApiObject => c instanceof ApiObject);
  const afterWrite = beforeWrite?.({ objects, json });
  /** The JSON to write: each object is written once, so it is let go of then (lower peak memory). */
  const take = (o: ApiObject): any => {
    const j = json(o);
    resolved.delete(o);
    return j;
  };

  /** A chart's documents, as `Object.values(chart.toJson())`. */
  const chartJson = (chart: Chart): any[] =>
    chart.toJson === Chart.prototype.toJson ? chartObjects(chart).map(take) : Object.values(chart.toJson());
  const ext = app.outputFileExtension;

  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP: {
      const docs = charts.flatMap(chartJson);
      if (charts.length > 0) writeDocuments(path.join(app.outdir, `app${ext}`), docs);
      break;
    }
    case YamlOutputType.FILE_PER_CHART: {
      const name = chartNamer(hasDependantCharts);
      for (const chart of charts) writeDocuments(path.join(app.outdir, name(chart) + ext), chartJson(chart));
      break;
    }
    case YamlOutputType.FILE_PER_RESOURCE:
      for (const chart of charts) {
        for (const doc of chartJson(chart)) {
          if (doc !== undefined) writeDocuments(path.join(app.outdir, resourceFileName(doc) + ext), [doc]);
        }
      }
      break;
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE: {
      const name = chartNamer(hasDependantCharts);
      for (const chart of charts) {
        const dir = path.join(app.outdir, name(chart));
        fs.mkdirSync(dir, { recursive: true });
        // cdk8s resolves these objects one by one here, not through chart.toJson()
        for (const o of chartObjects(chart))
          writeDocuments(path.join(dir, resourceFileName(o) + ext), [take(o)]);
      }
      break;
    }
    default:
      break;
  }

  afterWrite?.();

  // App.recordConstructMetadata is private in cdk8s; the CLI sets it through the environment.
  if ((app as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata) {
    const resources: Record<string, { path: string }> = {};
    for (const o of charts.flatMap(chartObjects)) resources[o.name] = { path: o.node.path };
    fs.writeFileSync(
      path.join(app.outdir, 'construct-metadata.json'),
      JSON.stringify({ version: '1.0.0', resources }),
    );
  }
}

/** The bytes of cdk8s's `Yaml.save(file, docs)`, written in pieces (src/_chunked-file.ts). */
function writeDocuments(file: string, docs: readonly unknown[]): void {
  writeInPieces(file, (write) =>
    docs.forEach((doc, i) => write((i > 0 ? DOCUMENT_SEPARATOR : '') + stringifyDocument(doc))),
  );
}

/** cdk8s's validate(app): every construct's validations, all errors in one throw. */
function validate(all: readonly IConstruct[]): void {
  const errors: string[] = [];
  for (const c of all) for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
  if (errors.length > 0)
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * cdk8s's resolveDependencies(app): nested charts and cross-chart construct dependencies
 * become chart dependencies, construct dependencies become ApiObject dependencies. Returns
 * whether any chart depends on another (file names then get an index prefix).
 */
function resolveDependencies(all: readonly IConstruct[]): {
  hasDependantCharts: boolean;
  anyDependency: boolean;
} {
  let hasDependantCharts = false;
  for (const parent of all) {
    if (!(parent instanceof Chart)) continue;
    for (const child of parent.node.children) {
      if (child instanceof Chart) {
        parent.node.addDependency(child);
        hasDependantCharts = true;
      }
    }
  }
  const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
  for (const source of all) for (const target of source.node.dependencies) deps.push({ source, target });
  for (const { source, target } of deps) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  const apiObjectsUnder = (c: IConstruct, chart: Chart) =>
    c.node.findAll().filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
  for (const { source, target } of deps) {
    const targets = apiObjectsUnder(target, Chart.of(target));
    const sources = apiObjectsUnder(source, Chart.of(source));
    for (const t of targets) for (const s of sources) if (t !== s) s.node.addDependency(t);
  }
  // Nested charts were made dependencies above, so no dependency at all means none of either kind.
  return { hasDependantCharts, anyDependency: deps.length > 0 || hasDependantCharts };
}

const isChart = (c: IConstruct): c is Chart => c instanceof Chart;

/** cdk8s's chartToKube: the chart's own ApiObjects (not a nested chart's), dependencies first. */
function objectsInDependencyOrder(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node)
    .topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}

/**
 * The order DependencyGraph.topology() gives constructs that have no dependencies: its vertices
 * live in a plain object keyed by construct path, so the order is that object's key order, which
 * is insertion (tree) order except that array-index keys ("0", "42": a top-level chart named with
 * digits) come first, in ascending numeric order. test/synth.test.ts holds cdk8s to this.
 */
function orderWithoutDependencies<T extends IConstruct>(constructs: readonly T[]): T[] {
  const numeric: Array<[number, T]> = [];
  const rest: T[] = [];
  for (const c of constructs) {
    const p = c.node.path;
    if (/^(?:0|[1-9]\d*)$/.test(p) && Number(p) < 4294967295) numeric.push([Number(p), c]);
    else rest.push(c);
  }
  numeric.sort((a, b) => a[0] - b[0]);
  return [...numeric.map(([, c]) => c), ...rest];
}

/**
 * Each chart's own ApiObjects in tree order: what chartToKube returns when nothing depends on
 * anything (an object's path always has a "/", so no array-index key reorders them).
 */
function objectsByChart(all: readonly IConstruct[]): Map<Chart, ApiObject[]> {
  const out = new Map<Chart, ApiObject[]>();
  for (const c of all) {
    if (!(c instanceof ApiObject)) continue;
    const chart = Chart.of(c);
    const list = out.get(chart);
    if (list) list.push(c);
    else out.set(chart, [c]);
  }
  return out;
}

/** File (or folder) names of charts: "0000-name" when charts depend on each other. */
function chartNamer(indexed: boolean): (chart: Chart) => string {
  let index = 0;
  return (chart) => (indexed ? `${(index++).toString().padStart(4, '0')}-` : '') + Names.toDnsLabel(chart);
}

/** "Kind.name" with what a file name cannot hold removed, as cdk8s names resource files. */
function resourceFileName(o: { kind: string; metadata: { name?: string } }): string {
  return `${o.kind}.${o.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}
