/**
 * The bridge to the app's cdk8s-plus. Each cdk8s-plus line (cdk8s-plus-27 ... -34) is its own npm
 * package with its own classes, and a cdk8s-plus container only accepts a Volume of its own
 * package (`Volume` has private members, so TypeScript and `instanceof` both tell them apart).
 * So the library never imports one line: it loads, on first use, the line the app uses.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fail } from '../../_errors';
import { show } from '../../_show';

/**
 * The cdk8s-plus lines this library supports and tests. Each targets one Kubernetes minor
 * (cdk8s-plus-34 -> Kubernetes 1.34); all of them have `Volume.fromPersistentVolumeClaim` and
 * `PersistentVolumeClaim.fromClaimName` with the same signatures since cdk8s-plus-22.
 * 34 was the newest line on the npm registry when this table was last updated; a newer line the
 * app names explicitly is accepted when it has that API (checked when loaded).
 * @see https://github.com/cdk8s-team/cdk8s-plus (one branch and one package per Kubernetes minor)
 */
export const PLUS_LINES: readonly number[] = [27, 28, 29, 30, 31, 32, 33, 34];
/** The lines the CI example app and the tests install: the oldest supported and the newest. */
export const PLUS_LINES_TESTED: readonly number[] = [27, 34];

const OLDEST = PLUS_LINES[0];
const NEWEST = PLUS_LINES[PLUS_LINES.length - 1];
const PACKAGE = /^cdk8s-plus-(\d+)$/;

/** The part of a cdk8s-plus module this library calls. */
export interface PlusModule {
  readonly Volume: {
    fromPersistentVolumeClaim(scope: unknown, id: string, claim: unknown, options?: unknown): unknown;
  };
  readonly PersistentVolumeClaim: { fromClaimName(scope: unknown, id: string, claimName: string): unknown };
  readonly StatefulSet: abstract new (...args: never[]) => unknown;
}

/** Where to look for the app's cdk8s-plus, and which app's package.json says which line it uses. */
export interface PlusSearch {
  /** Directories to resolve packages from, first hit wins (the app's directory first). */
  readonly dirs: readonly string[];
}

/**
 * The app's directory (where `cdk8s synth` runs the app), then the entry script's, then this
 * library's own location (inside the app's node_modules when installed there), so an app run
 * from another directory still finds its packages.
 */
export function defaultSearch(): PlusSearch {
  const dirs = [process.cwd()];
  const main = require.main?.filename;
  if (main) dirs.push(path.dirname(main));
  dirs.push(__dirname);
  return { dirs };
}

function resolveFrom(name: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    try {
      return require.resolve(name, { paths: [dir] });
    } catch {
      // not installed below this directory: try the next one
    }
  }
  return undefined;
}

/** The supported cdk8s-plus packages installed where the app runs, oldest line first. */
export function installedPlusPackages(search: PlusSearch = defaultSearch()): string[] {
  return PLUS_LINES.map((n) => `cdk8s-plus-${n}`).filter((name) => resolveFrom(name, search.dirs));
}

/**
 * The cdk8s-plus packages the app's own package.json (the nearest one above the app's
 * directory) names in dependencies, devDependencies or optionalDependencies (not
 * peerDependencies: a construct library lists every line it accepts there, and its tests use
 * the ones in devDependencies).
 * This tells the line the app uses from one that is only installed as another package's
 * dependency: cdk8s-cli depends on a cdk8s-plus line of its own, which npm hoists into the app's
 * node_modules.
 */
export function declaredPlusPackages(search: PlusSearch = defaultSearch()): string[] {
  let dir = path.resolve(search.dirs[0]);
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      let manifest: Record<string, unknown>;
      try {
        manifest = JSON.parse(fs.readFileSync(file, 'utf-8'));
      } catch {
        return []; // not ours to judge: fall back to what is installed
      }
      const names = new Set<string>();
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        const deps = manifest?.[field];
        if (deps && typeof deps === 'object') {
          for (const name of Object.keys(deps)) {
            const m = PACKAGE.exec(name);
            if (m && Number(m[1]) >= OLDEST) names.add(name);
          }
        }
      }
      return [...names].sort((a, b) => lineOf(a) - lineOf(b));
    }
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
}

function lineOf(name: string): number {
  return Number(PACKAGE.exec(name)![1]);
}

const FIELD = 'toPlusVolume options.plusPackage';
const LIST = `cdk8s-plus-${OLDEST} to cdk8s-plus-${NEWEST}`;

/**
 * Which cdk8s-plus package to use: the one named, else the one the app's package.json names
 * among those installed, else the only one installed; of several, the only one the app has
 * loaded. Throws, naming the candidates and the option to set, when that is not exactly one.
 * @param object who asks, for the error (`PersistentVolumeClaim/data`)
 */
export function choosePlusPackage(
  object: string,
  plusPackage: string | undefined,
  search: PlusSearch = defaultSearch(),
): string {
  if (plusPackage !== undefined) {
    const m = typeof plusPackage === 'string' ? PACKAGE.exec(plusPackage) : null;
    if (!m || Number(m[1]) < OLDEST) {
      fail(
        object,
        FIELD,
        `is ${show(plusPackage)}; expected the name of the app's cdk8s-plus package, ${LIST} (or a newer line)`,
      );
    }
    if (!resolveFrom(plusPackage, search.dirs)) {
      fail(
        object,
        FIELD,
        `is "${plusPackage}", which is not installed where the app runs; install it (npm install ${plusPackage}) or name the cdk8s-plus package the app uses`,
      );
    }
    return plusPackage;
  }
  // The app's package.json says which line it uses; a line that is only installed may be
  // another package's (cdk8s-cli's) dependency. A declared newer line than the table counts too.
  const declared = declaredPlusPackages(search);
  if (declared.length > 0) {
    const present = declared.filter((name) => resolveFrom(name, search.dirs));
    if (present.length === 1) return present[0];
    const loaded = loadedOf(present, search);
    if (loaded.length === 1) return loaded[0];
    if (present.length === 0) {
      fail(
        object,
        'toPlusVolume',
        `found ${declared.join(', ')} in the app's package.json, but not installed where the app runs; run npm install, or set options.plusPackage`,
      );
    }
    several(object, "in the app's package.json", present);
  }
  const installed = installedPlusPackages(search);
  if (installed.length === 1) return installed[0];
  const loaded = loadedOf(installed, search);
  if (loaded.length === 1) return loaded[0];
  if (installed.length === 0) {
    fail(
      object,
      'toPlusVolume',
      `found no cdk8s-plus package where the app runs (looked for ${LIST}); install the line your app uses (npm install cdk8s-plus-${NEWEST}) or set options.plusPackage`,
    );
  }
  several(object, 'installed where the app runs', installed);
}

/**
 * Of the candidates, those the app has already loaded (its `import * as kplus from ...` runs
 * before it calls toPlusVolume): with several lines installed, the one the app's workloads come
 * from. `require.cache` is keyed by the resolved file, as `require.resolve` returns it.
 */
function loadedOf(names: string[], search: PlusSearch): string[] {
  const cache = require.cache ?? {};
  return names.filter((name) => {
    const file = resolveFrom(name, search.dirs);
    return file !== undefined && cache[file] !== undefined;
  });
}

function several(object: string, where: string, names: string[]): never {
  fail(
    object,
    'toPlusVolume',
    `found several cdk8s-plus packages ${where}: ${names.join(', ')}; set options.plusPackage to the one whose workloads mount this volume (e.g. { plusPackage: '${names[names.length - 1]}' })`,
  );
}

/** The cdk8s-plus module named, loaded from where the app runs (the same module object the app's own `import` gets). */
export function loadPlus(object: string, name: string, search: PlusSearch = defaultSearch()): PlusModule {
  const file = resolveFrom(name, search.dirs);
  const mod = file ? require(file) : undefined;
  if (
    typeof mod?.Volume?.fromPersistentVolumeClaim !== 'function' ||
    typeof mod?.PersistentVolumeClaim?.fromClaimName !== 'function'
  ) {
    fail(
      object,
      FIELD,
      `is "${name}", which has no Volume.fromPersistentVolumeClaim / PersistentVolumeClaim.fromClaimName; expected a cdk8s-plus package, ${LIST}`,
    );
  }
  keepStatefulSetVolumes(mod.StatefulSet?.prototype);
  return mod as PlusModule;
}

const kept = new WeakSet<object>();

/**
 * cdk8s-plus-32 from 2.5.0, -33 and -34 drop every pod volume of a StatefulSet that has no
 * volumeClaimTemplates (`StatefulSet._filterPodSpecVolumes` returns undefined; cdk8s-team/cdk8s
 * #2760 and #2858, fix proposed in cdk8s-team/cdk8s-plus #6750): a claim's volumeMount is emitted
 * without its volume, which the API server rejects. Once per loaded line, this restores upstream's
 * intended behaviour on its StatefulSet class, whatever scope the Volume was made in: without
 * templates, keep the pod spec's volumes. Only a line whose method shows the bug is patched (27 ...
 * 31 have no such method; a fixed release keeps its volumes already), and only once.
 */
function keepStatefulSetVolumes(proto: { _filterPodSpecVolumes?: unknown } | undefined): void {
  if (proto === undefined || proto === null || kept.has(proto)) return;
  kept.add(proto);
  const filter = proto._filterPodSpecVolumes;
  if (typeof filter !== 'function') return;
  const probe = [{ name: 'probe' }];
  let dropped: boolean;
  try {
    dropped = filter.call({ volumeClaimTemplates: undefined }, { volumes: probe }) === undefined;
  } catch {
    return; // not the method this knows: leave it alone
  }
  if (!dropped) return;
  proto._filterPodSpecVolumes = function (
    this: { volumeClaimTemplates?: unknown },
    podSpec: { volumes?: unknown[] },
  ) {
    return this.volumeClaimTemplates ? filter.call(this, podSpec) : podSpec.volumes;
  };
}
