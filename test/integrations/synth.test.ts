/**
 * The one-pass synth (src/integrations/_synth.ts) against cdk8s's own App.synth: the same files, byte for
 * byte, for apps of every shape cdk8s gives meaning to.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, Lazy, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { synthApp } from '../../src/integrations/_synth';
import { buildApp } from '../../src/main';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));

/** Every file under `dir`, relative path -> content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A chart whose toJson is its own (cdk8s must, and we do, call it). */
class CustomChart extends Chart {
  public override toJson(): any[] {
    return [
      ...super.toJson(),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'added-by-override' } },
    ];
  }
}

/** Charts that depend on each other, nested charts, patches, lazies, odd strings. */
function busyApp(app: App): App {
  const base = new Chart(app, 'base', { labels: { team: 'storage' } });
  const cm = new ApiObject(base, 'config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config' },
    data: {
      'script.sh': '#!/bin/sh\nset -e\necho "hello: world"\n',
      yes: 'no',
      port: '8080',
      empty: '',
      lazy: Lazy.any({ produce: () => 'produced' }),
    },
  });
  cm.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/patched': 'true' }));
  const web = new Chart(app, 'web', { namespace: 'apps' });
  const pod = new ApiObject(web, 'pod', {
    apiVersion: 'v1',
    kind: 'Pod',
    spec: {
      containers: [{ name: 'c', image: 'nginx:1.25', args: ['--x=1', ''], ports: [{ containerPort: 80 }] }],
    },
  });
  const svc = new ApiObject(web, 'svc', {
    apiVersion: 'v1',
    kind: 'Service',
    spec: { ports: [{ port: 80 }] },
  });
  pod.addDependency(svc); // within a chart: the Service comes first
  web.addDependency(base); // across charts: base is written first, names get an index
  const nested = new Chart(web, 'nested');
  new ApiObject(nested, 'inner', { apiVersion: 'v1', kind: 'Secret', stringData: { a: 'b' } });
  const group = new Construct(web, 'group');
  new ApiObject(group, 'grouped', { apiVersion: 'v1', kind: 'ServiceAccount' });
  new Chart(app, 'empty'); // a chart without objects: an empty file
  const custom = new CustomChart(app, 'custom');
  new ApiObject(custom, 'own', { apiVersion: 'v1', kind: 'Namespace' });
  return app;
}

/** A single independent chart (file names without an index). */
function plainApp(app: App): App {
  const c = new Chart(app, 'only', { disableResourceNameHashes: true });
  new ApiObject(c, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } });
  new ApiObject(c, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
  return app;
}

/** cdk8s-plus-27 constructs (which add dependencies of their own) beside this library's. */
function plusApp(app: App): App {
  const kplus = require('cdk8s-plus-27') as typeof import('cdk8s-plus-27');
  const chart = new Chart(app, 'plus', { namespace: 'shop' });
  const config = new kplus.ConfigMap(chart, 'config', { data: { 'a.txt': 'hello' } });
  const deployment = new kplus.Deployment(chart, 'web', { replicas: 2 });
  const container = deployment.addContainer({ image: 'nginx:1.25', portNumber: 8080 });
  container.mount('/etc/config', kplus.Volume.fromConfigMap(chart, 'config-volume', config));
  deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  new ApiObject(chart, 'extra', { apiVersion: 'v1', kind: 'ServiceAccount' });
  return buildApp(app);
}

/** Objects read from a YAML file by cdk8s's Include, and the JSON patch of one of them. */
function includeApp(app: App): App {
  const file = path.join(tmp(), 'external.yaml');
  fs.writeFileSync(
    file,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\ndata:\n  key: "on"\n---\n' +
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
  );
  const chart = new Chart(app, 'included');
  const inc = new Include(chart, 'external', { url: file });
  inc.apiObjects[1].addJsonPatch(JsonPatch.replace('/spec/replicas', 3));
  return app;
}

/** No dependency anywhere (the fast path), charts named with digits: cdk8s orders those first. */
function numericChartsApp(app: App): App {
  for (const id of ['b', '10', 'a', '2', '0', '007', '4294967295', '4294967294']) {
    const c = new Chart(app, id);
    new ApiObject(c, 'z', { apiVersion: 'v1', kind: 'ConfigMap' });
    new ApiObject(new Construct(c, 'group'), 'y', { apiVersion: 'v1', kind: 'ConfigMap' });
    new ApiObject(c, '1', { apiVersion: 'v1', kind: 'ConfigMap' });
  }
  return app;
}

const OUTPUT_TYPES = [
  YamlOutputType.FILE_PER_CHART,
  YamlOutputType.FILE_PER_APP,
  YamlOutputType.FILE_PER_RESOURCE,
  YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
];

describe.each([
  ['busy app', busyApp],
  ['plain app', plainApp],
  ['charts named with digits', numericChartsApp],
  ['cdk8s-plus-27 beside this library', plusApp],
  ['objects included from a YAML file', includeApp],
  ['the scenario app (src/main.ts)', buildApp],
  ['an empty app', (a: App) => a],
])('%s', (_name, build) => {
  test.each(OUTPUT_TYPES.map((t) => [YamlOutputType[t], t] as const))(
    '%s: the same files as App.synth',
    (_t, type) => {
      for (const recordConstructMetadata of [false, true]) {
        const props = { yamlOutputType: type, recordConstructMetadata, outputFileExtension: '.yml' };
        const theirs = tmp();
        build(new App({ ...props, outdir: theirs })).synth();
        const ours = tmp();
        synthApp(build(new App({ ...props, outdir: ours })));
        expect(tree(ours)).toEqual(tree(theirs));
      }
    },
  );
});

test('charts named with digits: written in the order cdk8s gives them', () => {
  const outdir = tmp();
  synthApp(numericChartsApp(new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_APP })));
  const names = [
    ...fs.readFileSync(path.join(outdir, 'app.k8s.yaml'), 'utf8').matchAll(/name: (\S+)-z-/g),
  ].map((m) => m[1]);
  expect(names).toEqual(['0', '2', '10', '4294967294', 'b', 'a', '007', '4294967295']);
});

test('the busy app writes what it should (so the comparison above compares something)', () => {
  const outdir = tmp();
  synthApp(busyApp(new App({ outdir })));
  const files = tree(outdir);
  expect(Object.keys(files)).toEqual([
    '0000-base.k8s.yaml',
    '0001-web-nested-c8d7ac44.k8s.yaml',
    '0002-web.k8s.yaml',
    '0003-empty.k8s.yaml',
    '0004-custom.k8s.yaml',
  ]);
  expect(files['0003-empty.k8s.yaml']).toBe('');
  expect(files['0000-base.k8s.yaml']).toContain('  script.sh: |\n    #!/bin/sh\n');
  expect(files['0000-base.k8s.yaml']).toContain('  "yes": "no"\n');
  expect(files['0000-base.k8s.yaml']).toContain('  lazy: produced\n');
  expect(files['0004-custom.k8s.yaml']).toContain('name: added-by-override');
  expect(files['0002-web.k8s.yaml'].indexOf('kind: Service')).toBeLessThan(
    files['0002-web.k8s.yaml'].indexOf('kind: Pod'),
  );
});

test('validation errors: the same message as App.synth, and nothing written', () => {
  const build = (a: App) => {
    const c = new Chart(a, 'c');
    c.node.addValidation({ validate: () => ['first problem', 'second problem'] });
    new ApiObject(c, 'x', { apiVersion: 'v1', kind: 'ConfigMap' }).node.addValidation({
      validate: () => ['third'],
    });
    return a;
  };
  const theirs = (() => {
    try {
      build(new App({ outdir: tmp() })).synth();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  })();
  expect(theirs).toMatch(/^Validation failed with the following errors:\n {2}\[c\] first problem/);
  const outdir = tmp();
  expect(() => synthApp(build(new App({ outdir })))).toThrow(theirs);
  expect(fs.readdirSync(outdir)).toEqual([]);
});

test('beforeWrite sees every object resolved once, and can stop the synth before any file', () => {
  const outdir = tmp();
  const app = busyApp(new App({ outdir }));
  const calls = new Map<ApiObject, number>();
  const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
  try {
    synthApp(app, (pass) => {
      expect(pass.objects).toHaveLength(6);
      for (const o of pass.objects) {
        expect(pass.json(o)).toBe(pass.json(o)); // the same object: resolved once
        calls.set(o, 1);
      }
    });
    // (the custom chart's own toJson resolves its objects again, as cdk8s does)
    for (const o of calls.keys())
      if (!(Chart.of(o) instanceof CustomChart))
        expect(toJson.mock.contexts.filter((c) => c === o)).toHaveLength(1);
  } finally {
    toJson.mockRestore();
  }
  const stopped = tmp();
  expect(() =>
    synthApp(busyApp(new App({ outdir: stopped })), () => {
      throw new Error('stop');
    }),
  ).toThrow('stop');
  expect(fs.readdirSync(stopped)).toEqual([]);
});
