/**
 * Reading the manifests and options.cluster into the model: classes and the default class (the
 * DefaultStorageClass admission plugin), volumes in the index's buckets, and claims, those the API server
 * rejects settled at once; what the PV controller's informers hold before syncClaim runs.
 */
import {
  asArray,
  asRecord,
  asString,
  get,
  ManifestEntry,
  ManifestIndex,
  nameOf,
  namespaceOf,
  podTemplateOf,
  refOf,
  statefulSetClaimName,
  statefulSetStartOrdinal,
  stringMap,
} from '../_manifest';
import { ClaimFacts, readClaim, readVolume, selectorProblem } from '../match';
import { provisionerState } from '../../k8s/volume-plugins';
import { gateEnabledByDefault } from '../../k8s/feature-gates';
import { EphemeralClaim, ephemeralConflict } from '../ephemeral';
import { KubernetesVersion } from '../../k8s/versions';
import { Finding, PlanOptions } from '../types';
import {
  Bucket,
  bucketKey,
  Claim,
  ClusterClaim,
  ClusterState,
  compareBig,
  compareStrings,
  Context,
  DEFAULT_CLASS_ANNOTATIONS,
  MAX_REPLICAS,
  modeMask,
  push,
  StorageClassInfo,
  Vol,
} from './model';
import { plan } from './text';

export function buildContext(
  index: ManifestIndex,
  options: PlanOptions,
  findings: Finding[],
  version: KubernetesVersion,
): Context {
  const classes = new Map<string, StorageClassInfo>();
  const defaults: string[] = [];
  const volumesByName = new Map<string, Vol>();
  const volumes: Vol[] = [];
  // An unread entry (its getters threw in the pre-pass) is read here again, and skipped if that throws.
  for (const e of index.classes) {
    try {
      const m = e.manifest;
      if ((e.unread ? asString(get(m, 'kind')) : e.kind) !== 'StorageClass') continue;
      const name = e.unread ? asString(get(m, 'metadata', 'name')) : e.name;
      if (!name || classes.has(name)) continue;
      const provisioner = asString(get(m, 'provisioner')) ?? '';
      classes.set(name, {
        name,
        provisioner,
        waitForFirstConsumer: get(m, 'volumeBindingMode') === 'WaitForFirstConsumer',
        // An in-tree provisioner gone in this version (source-removed on the class says so).
        removedSince: provisioner ? removedSince(provisioner, version) : undefined,
      });
      const annotations = stringMap(get(m, 'metadata', 'annotations'));
      if (DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true')) defaults.push(name);
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  for (const e of index.volumes) {
    try {
      const m = e.manifest;
      if ((e.unread ? asString(get(m, 'kind')) : e.kind) !== 'PersistentVolume') continue;
      const name = e.unread ? asString(get(m, 'metadata', 'name')) : e.name;
      if (!name || volumesByName.has(name)) continue; // validate reports nameless and duplicate objects
      const facts = readVolume(m);
      const nanos = facts.capacity && facts.capacity.nanos > 0n ? facts.capacity.nanos : undefined;
      const vol: Vol = {
        facts,
        ref: e.unread ? refOf(m) : e.ref,
        mask: modeMask(facts.accessModes).mask,
        nanos,
        reserved: !!facts.claimRef,
        holder: undefined, // set when bound; present from the start, so volumes keep one shape
        sizeRank: 0,
        cluster: undefined,
      };
      volumesByName.set(name, vol);
      volumes.push(vol);
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  // What exists in the cluster: after the manifests, so a manifest object of the same name wins.
  const cluster = readCluster(options);
  const clusterDefaults: Array<{ name: string; created: number }> = [];
  if (cluster) {
    for (const m of cluster.classes) {
      readSafely(() => {
        const name = asString(get(m, 'metadata', 'name'));
        if (!name || classes.has(name)) return;
        const provisioner = asString(get(m, 'provisioner')) ?? '';
        classes.set(name, {
          name,
          provisioner,
          waitForFirstConsumer: get(m, 'volumeBindingMode') === 'WaitForFirstConsumer',
          removedSince: provisioner ? removedSince(provisioner, version) : undefined,
        });
        const annotations = stringMap(get(m, 'metadata', 'annotations'));
        if (DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true')) {
          const created = Date.parse(asString(get(m, 'metadata', 'creationTimestamp')) ?? '');
          clusterDefaults.push({ name, created: Number.isNaN(created) ? 0 : created });
        }
      });
    }
    for (const m of cluster.volumes) {
      readSafely(() => {
        const name = asString(get(m, 'metadata', 'name'));
        if (!name || volumesByName.has(name)) return;
        const facts = readVolume(m);
        const phase = asString(get(m, 'status', 'phase')) ?? '';
        const nanos = facts.capacity && facts.capacity.nanos > 0n ? facts.capacity.nanos : undefined;
        const vol: Vol = {
          facts,
          ref: `PersistentVolume/${name}`,
          mask: modeMask(facts.accessModes).mask,
          nanos,
          // Bound is taken (its claimRef names the claim that has it); otherwise the claimRef decides,
          // as the controller's syncVolume does.
          reserved: !!facts.claimRef || phase === 'Bound',
          holder: undefined,
          sizeRank: 0,
          cluster: phase,
        };
        volumesByName.set(name, vol);
        volumes.push(vol);
      });
    }
  }

  // DefaultStorageClass admission takes the newest of several defaults, ties by name; offline
  // there are no creation times, so name order decides.
  defaults.sort(compareStrings);
  let defaultClass: Context['defaultClass'];
  if (defaults.length > 0) {
    defaultClass = { name: defaults[0], source: 'annotation' };
    for (const other of defaults.slice(1)) {
      findings.push({
        severity: 'warning',
        rule: 'default-class-multiple',
        object: `StorageClass/${other}`,
        field: 'metadata.annotations',
        message:
          `StorageClass "${other}" is annotated as the default class, and so is "${defaults[0]}". ` +
          'With several defaults the API server gives unset claims the newest one; this plan assumes ' +
          `"${defaults[0]}" (the first by name). Keep one default.`,
      });
    }
  }
  let fromOptions: unknown;
  readSafely(() => (fromOptions = options.defaultStorageClass));
  if (!defaultClass) {
    if (typeof fromOptions === 'string' && fromOptions !== '')
      defaultClass = { name: fromOptions, source: 'options' };
  }
  if (!defaultClass && typeof fromOptions !== 'string' && clusterDefaults.length > 0) {
    // GetDefaultClass: the newest of several defaults, ties by name.
    clusterDefaults.sort((a, b) => b.created - a.created || compareStrings(a.name, b.name));
    defaultClass = { name: clusterDefaults[0].name, source: 'cluster' };
  }
  const clusterNoDefault = !defaultClass && fromOptions !== '' && !!cluster?.state.hasClasses;
  const noDefaultClass = !defaultClass && (fromOptions === '' || clusterNoDefault);

  const buckets = new Map<string, Bucket>();
  const attributesClasses = gateEnabledByDefault('VolumeAttributesClass', version) === true;
  const reservedFor = new Map<string, Vol[]>();
  const reservedNoNamespace = new Map<string, Vol[]>();
  const maskSet = new Set<number>();
  const sizes = new Map<bigint, number>(); // capacity -> its rank among all capacities
  for (const v of volumes) {
    maskSet.add(v.mask);
    const ref = v.facts.claimRef;
    if (ref?.name) {
      if (ref.namespace) push(reservedFor, `${ref.namespace}\0${ref.name}`, v);
      else push(reservedNoNamespace, ref.name, v);
    }
    if (v.nanos === undefined) continue; // the API server rejects it: it never binds
    sizes.set(v.nanos, 0);
    const vac = attributesClasses ? v.facts.attributesClass : '';
    const key = bucketKey(v.facts.storageClassName, v.facts.volumeMode, v.mask, vac);
    let b = buckets.get(key);
    if (!b) {
      b = {
        storageClass: v.facts.storageClassName,
        volumeMode: v.facts.volumeMode,
        mask: v.mask,
        attributesClass: vac,
        vols: [],
        nanos: [],
        next: new Int32Array(0),
        labels: undefined,
        terms: undefined,
        resume: new Map(),
      };
      buckets.set(key, b);
    }
    b.vols.push(v);
  }
  const bucketsByClass = new Map<string, Bucket[]>();
  const bucketsByShape = new Map<string, Bucket[]>();
  // Volumes come in a few sizes: rank those once, and sort the volumes by rank and name.
  [...sizes.keys()].sort(compareBig).forEach((n, i) => sizes.set(n, i));
  for (const v of volumes) if (v.nanos !== undefined) v.sizeRank = sizes.get(v.nanos) as number;
  const sorted = [...buckets.entries()].sort(([a], [b]) => compareStrings(a, b));
  for (const [key, b] of sorted) {
    b.vols.sort((x, y) => x.sizeRank - y.sizeRank || compareStrings(x.facts.name, y.facts.name));
    const next = new Int32Array(b.vols.length + 1);
    for (let i = 0; i <= b.vols.length; i++) next[i] = i;
    const full: Bucket = { ...b, nanos: b.vols.map((v) => v.nanos as bigint), next };
    buckets.set(key, full);
    push(bucketsByClass, full.storageClass, full);
    push(bucketsByShape, `${full.volumeMode}\0${full.mask}`, full);
  }
  return {
    options,
    classes,
    defaultClass,
    noDefaultClass,
    volumesByName,
    volumes,
    buckets,
    bucketsByClass,
    bucketsByShape,
    masks: [...maskSet].sort((a, b) => a - b),
    groupCache: new Map(),
    shapeCache: new Map(),
    selectors: new Map(),
    reservedFor,
    reservedNoNamespace,
    findings,
    bypassed: new Set(),
    cluster: cluster && { ...cluster.state, noDefault: clusterNoDefault },
    attributesClasses,
  };
}

/**
 * options.cluster split by kind (a List's items read as objects of their own), or undefined when
 * the option is not a list (plan.ts reports that). The cluster's claims are read into a map;
 * StorageClasses and PersistentVolumes are returned for buildContext. Never throws.
 */
function readCluster(
  options: PlanOptions,
): { classes: unknown[]; volumes: unknown[]; state: ClusterState } | undefined {
  let list: unknown;
  readSafely(() => (list = options.cluster));
  if (!Array.isArray(list)) return undefined;
  const classes: unknown[] = [];
  const volumes: unknown[] = [];
  const claims = new Map<string, ClusterClaim>();
  const add = (m: unknown, depth: number): void =>
    readSafely(() => {
      const kind = asString(get(m, 'kind'));
      const items = get(m, 'items');
      if (kind?.endsWith('List') && Array.isArray(items) && depth === 0) {
        for (const item of items) add(item, 1);
      } else if (kind === 'StorageClass') {
        classes.push(m);
      } else if (kind === 'PersistentVolume') {
        volumes.push(m);
      } else if (kind === 'PersistentVolumeClaim') {
        const name = asString(get(m, 'metadata', 'name'));
        if (!name) return;
        const key = `${namespaceOf(m)}\0${name}`;
        if (claims.has(key)) return;
        const volumeName = asString(get(m, 'spec', 'volumeName')) || undefined;
        const storageClassName = readClaim(m).storageClassName;
        claims.set(key, {
          uid: asString(get(m, 'metadata', 'uid')) || undefined,
          storageClassName,
          boundTo: get(m, 'status', 'phase') === 'Bound' ? volumeName : undefined,
        });
      }
    });
  for (const m of list) add(m, 0);
  return {
    classes,
    volumes,
    state: { claims, hasClasses: classes.length > 0, hasVolumes: volumes.length > 0 },
  };
}

export function collectClaims(
  index: ManifestIndex,
  ctx: Context,
  version: KubernetesVersion,
  ephemeral: readonly EphemeralClaim[],
): Claim[] {
  // Which pod-bearing workload mounts which claim, to say whether a waiting claim has a consumer.
  const consumers = new Map<string, string>();
  for (const e of index.workloads) {
    readSafely(() => {
      const m = e.manifest;
      const tpl = e.unread ? podTemplateOf(m) : e.template;
      if (!tpl) return;
      for (const v of asArray(tpl.spec.volumes)) {
        const claimName = asString(get(v, 'persistentVolumeClaim', 'claimName'));
        if (!claimName) continue;
        const key = `${e.unread ? namespaceOf(m) : e.namespace}\0${claimName}`;
        if (!consumers.has(key)) consumers.set(key, e.unread ? refOf(m) : e.ref);
      }
    });
  }

  // A PersistentVolumeClaim manifest wins over a StatefulSet template claim of the same name: the
  // StatefulSet controller uses an existing claim rather than creating its own. Only StatefulSets
  // ask, so the set is built at the first one.
  let pvcKeys: Set<string> | undefined;
  const claimManifestKeys = (): Set<string> => {
    if (pvcKeys) return pvcKeys;
    const keys = new Set<string>();
    for (const e of index.claims) {
      readSafely(() => {
        const m = e.manifest;
        if (!e.unread) {
          if (e.kind === 'PersistentVolumeClaim' && e.name) keys.add(`${e.namespace}\0${e.name}`);
        } else if (get(m, 'kind') === 'PersistentVolumeClaim' && asString(get(m, 'metadata', 'name'))) {
          keys.add(`${namespaceOf(m)}\0${nameOf(m)}`);
        }
      });
    }
    pvcKeys = keys;
    return keys;
  };

  const claims: Claim[] = [];
  const seen = new Set<string>();
  const add = (
    facts: ClaimFacts,
    object: string,
    fieldPrefix: string,
    fromTemplate: boolean,
    consumer?: string,
  ) => {
    const key = `${facts.namespace}\0${facts.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    claims.push(
      makeClaim(
        ctx,
        facts,
        key,
        claims.length,
        object,
        fieldPrefix,
        fromTemplate,
        consumer ?? consumers.get(key),
      ),
    );
  };
  const readOne = (e: ManifestEntry): void => {
    const m = e.manifest;
    const kind = e.unread ? get(m, 'kind') : e.kind;
    if (kind === 'PersistentVolumeClaim') {
      if (e.unread) {
        if (!asString(get(m, 'metadata', 'name'))) return;
        add(readClaim(m), refOf(m), '', false);
      } else if (e.name) {
        add(readClaim(m, e.namespace), e.ref, '', false);
      }
    } else if (kind === 'StatefulSet') {
      const setName = e.unread ? asString(get(m, 'metadata', 'name')) : e.name;
      if (!setName) return;
      const namespace = e.unread ? namespaceOf(m) : e.namespace;
      const setRef = e.unread ? refOf(m) : e.ref;
      const pvcKeys = claimManifestKeys();
      const replicas = statefulSetReplicas(m);
      const templates = asArray(get(m, 'spec', 'volumeClaimTemplates'));
      if (replicas > MAX_REPLICAS && templates.length > 0) {
        ctx.findings.push({
          severity: 'info',
          rule: 'statefulset-replicas-capped',
          object: setRef,
          field: 'spec.replicas',
          message: `spec.replicas is ${replicas}; the binding plan covers the first ${MAX_REPLICAS} ordinals only.`,
        });
      }
      templates.forEach((tpl, i) => {
        const tplName = asString(get(tpl, 'metadata', 'name'));
        if (!asRecord(tpl) || !tplName) return;
        const base = readClaim(tpl, namespace);
        // Ordinals start at spec.ordinals.start (StatefulSetStartOrdinal), so do the claims' names.
        const start = statefulSetStartOrdinal(m, version);
        for (let k = 0; k < Math.min(replicas, MAX_REPLICAS); k++) {
          const name = statefulSetClaimName(tplName, setName, start + k);
          if (pvcKeys.has(`${namespace}\0${name}`)) continue;
          add({ ...base, name }, setRef, `spec.volumeClaimTemplates[${i}].`, true, setRef);
        }
      });
    }
  };
  for (const e of index.claimSources) {
    try {
      readOne(e);
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  let pvcByKey: Map<string, unknown> | undefined; // the claims' manifests, built at the first conflict
  // Generic ephemeral volumes: the claim the ephemeral volume controller makes per pod (ephemeral.ts).
  // A claim of the manifests with that name is not used for the pod (VolumeIsForPod): it binds as
  // itself, and the pod never starts.
  for (const ec of ephemeral) {
    readSafely(() => {
      const key = `${ec.namespace}\0${ec.name}`;
      if (ec.pod !== undefined && claimManifestKeys().has(key)) {
        if (!pvcByKey) {
          // keyed as claimManifestKeys keys them, unread claims included: the conflict reads their ownerReferences
          const byKey = new Map<string, unknown>();
          for (const e of index.claims) {
            readSafely(() => {
              const m = e.manifest;
              if (!e.unread) {
                if (e.kind === 'PersistentVolumeClaim' && e.name) byKey.set(`${e.namespace}\0${e.name}`, m);
              } else if (get(m, 'kind') === 'PersistentVolumeClaim' && asString(get(m, 'metadata', 'name'))) {
                byKey.set(`${namespaceOf(m)}\0${nameOf(m)}`, m);
              }
            });
          }
          pvcByKey = byKey;
        }
        ctx.findings.push(ephemeralConflict(ec, pvcByKey.get(key)));
        return;
      }
      add(
        { ...readClaim(ec.template, ec.namespace), name: ec.name },
        ec.object,
        ec.fieldPrefix,
        true,
        ec.object,
      );
    });
  }
  return claims;
}

/**
 * Reads one manifest. JSON never makes the readers throw, but objects handed in by code can (a
 * throwing getter, a Proxy): such a manifest is skipped rather than crashing the plan.
 */
export function readSafely(read: () => void): void {
  try {
    read();
  } catch {
    // skipped: validate reports objects it cannot read
  }
}

function statefulSetReplicas(m: unknown): number {
  const r = get(m, 'spec', 'replicas');
  if (r === undefined || r === null) return 1; // the API server defaults replicas to 1
  if (typeof r !== 'number' || !Number.isFinite(r)) return 1; // validate reports it
  return Math.max(0, Math.floor(r));
}

function makeClaim(
  ctx: Context,
  facts: ClaimFacts,
  key: string,
  order: number,
  object: string,
  fieldPrefix: string,
  fromTemplate: boolean,
  consumer: string | undefined,
): Claim {
  const existing = ctx.cluster?.claims.get(key);
  if (existing) {
    // The claim as it exists: its uid (a claimRef's uid matches it), and the class admission gave it
    // when the manifest sets none (applying a manifest without the field keeps it).
    const uid = facts.uid ?? existing.uid;
    const storageClassName = facts.storageClassName ?? existing.storageClassName;
    if (uid !== facts.uid || storageClassName !== facts.storageClassName)
      facts = { ...facts, uid, storageClassName };
  }
  let selectorKey: string | undefined;
  if (facts.selector) {
    selectorKey = JSON.stringify(facts.selector);
    const shared = ctx.selectors.get(selectorKey);
    if (!shared) ctx.selectors.set(selectorKey, facts.selector);
    else if (shared !== facts.selector) facts = { ...facts, selector: shared };
  }
  const own = facts.storageClassName;
  const def = ctx.defaultClass?.name;
  const { mask, unknown } = modeMask(facts.accessModes);
  const claim: Claim = {
    facts,
    key,
    order,
    object,
    fieldPrefix,
    fromTemplate,
    mask,
    unknownModes: unknown,
    claimClass: own ?? def ?? '',
    classOrigin: own !== undefined ? 'claim' : def !== undefined ? 'default' : 'none',
    consumer,
    selectorKey,
    // Set later, but present from the start: every claim keeps one shape (hidden class), so the
    // search's property reads stay monomorphic and optimized code is not thrown away.
    plan: undefined,
    groupBuckets: undefined,
    prebound: undefined,
  };
  const rejected = rejection(facts, unknown);
  if (rejected) {
    // validate reports the object itself; the plan only records that nothing binds.
    claim.plan = plan(claim, 'pending', `the API server rejects this claim: ${rejected}, so it never binds.`);
  }
  return claim;
}

/** What makes the API server refuse the claim outright (validate reports these as errors). */
function rejection(facts: ClaimFacts, unknownModes: readonly string[]): string | undefined {
  if (!facts.request) return 'spec.resources.requests.storage is missing or not a quantity';
  if (facts.request.nanos <= 0n)
    return `spec.resources.requests.storage ${facts.request.text} is not greater than zero`;
  if (facts.accessModes.length === 0) return 'spec.accessModes is empty';
  if (unknownModes.length > 0)
    return `spec.accessModes has ${unknownModes.map((m) => `"${m}"`).join(', ')}, not an access mode`;
  if (facts.accessModes.includes('ReadWriteOncePod') && facts.accessModes.length > 1) {
    return 'ReadWriteOncePod cannot be combined with other access modes';
  }
  // ValidatePersistentVolumeClaimSpec validates the selector (ValidateLabelSelector) too.
  const selector = facts.selector ? selectorProblem(facts.selector) : undefined;
  if (selector) return `spec.selector: ${selector}`;
  return undefined;
}

/** The minor an in-tree provisioner was removed in, if it is removed in `version`. */
function removedSince(provisioner: string, version: KubernetesVersion): string | undefined {
  const s = provisionerState(provisioner, version);
  return s?.state === 'removed' ? s.since : undefined;
}
