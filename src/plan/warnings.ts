/**
 * What a senior engineer would point out in review: manifests the API server accepts that
 * break at runtime, lose data, or hand a pod the node. Reads the predicted claims (binding/)
 * to know which volume a claim gets. Severity `warning` unless a rule says otherwise; each
 * problem is reported once, on the object to fix. Never throws.
 */
import {
  asArray,
  asRecord,
  asString,
  ContainerRef,
  containersOf,
  dedupeFindings,
  FindingSink,
  get,
  guard,
  indexManifests,
  Json,
  kindOf,
  ManifestEntry,
  ManifestIndex,
  nameOf,
  namespaceOf,
  nsKey,
  podTemplateOf,
  PodTemplate,
  pruneProtected,
  refOf,
} from './_manifest';
import {
  hostPathExposure,
  isNodeSystemPath,
  normalizeMountPath,
  sensitiveHostPathReason,
} from '../k8s/hostpath';
import { compareQuantities, parseQuantity, ParsedQuantity } from '../k8s/quantity';
import { rwopRolloutVerdict } from './rollout';
import { ClaimPlan, Finding } from './types';
import { POD_VOLUME_SOURCES, PV_SOURCES, volumeSourcesOf } from './validate';

/**
 * Database images and where they keep their data. An emptyDir there dies with the pod.
 * Matched on the image's last path segment without tag, so `bitnami/postgresql:16` is postgresql.
 */
const DATABASES: ReadonlyArray<{ readonly images: readonly string[]; readonly paths: readonly string[] }> = [
  { images: ['mongo', 'mongodb'], paths: ['/data/db', '/data/configdb', '/bitnami/mongodb'] },
  {
    images: ['postgres', 'postgresql', 'postgis', 'timescaledb'],
    paths: ['/var/lib/postgresql/data', '/bitnami/postgresql'],
  },
  {
    images: ['mysql', 'mariadb', 'percona', 'percona-server'],
    paths: ['/var/lib/mysql', '/bitnami/mysql', '/bitnami/mariadb'],
  },
  {
    images: ['redis', 'redis-stack-server', 'valkey', 'keydb'],
    paths: ['/data', '/bitnami/redis', '/bitnami/valkey'],
  },
  {
    images: ['elasticsearch', 'opensearch'],
    paths: ['/usr/share/elasticsearch/data', '/usr/share/opensearch/data', '/bitnami/elasticsearch'],
  },
  { images: ['cassandra'], paths: ['/var/lib/cassandra', '/bitnami/cassandra'] },
  { images: ['etcd'], paths: ['/var/lib/etcd', '/etcd-data', '/bitnami/etcd'] },
  { images: ['minio'], paths: ['/data', '/export', '/bitnami/minio'] },
  { images: ['rabbitmq'], paths: ['/var/lib/rabbitmq', '/bitnami/rabbitmq'] },
  { images: ['couchdb'], paths: ['/opt/couchdb/data', '/bitnami/couchdb'] },
  { images: ['neo4j'], paths: ['/data', '/bitnami/neo4j'] },
  { images: ['influxdb'], paths: ['/var/lib/influxdb', '/var/lib/influxdb2'] },
  { images: ['zookeeper'], paths: ['/data', '/datalog', '/bitnami/zookeeper'] },
  { images: ['kafka'], paths: ['/var/lib/kafka/data', '/bitnami/kafka'] },
];

/** {@link pruneProtected}, counting an object that throws when read as protected (nothing to report). */
function isPruneProtected(m: unknown): boolean {
  try {
    return pruneProtected(m);
  } catch {
    return true;
  }
}

const PRUNE_HINT =
  'annotate argocd.argoproj.io/sync-options: Prune=false (Argo CD) or kustomize.toolkit.fluxcd.io/prune: disabled (Flux)';
// Built once: every unprotected volume and claim carries the same message.
const VOLUME_PRUNE_MESSAGE = `no GitOps prune protection: if it leaves the repository, Argo CD or Flux deletes it; ${PRUNE_HINT}`;
const CLAIM_PRUNE_MESSAGE = `no GitOps prune protection: if the claim leaves the repository, Argo CD or Flux deletes it, and with reclaim policy Delete its volume and data go too; ${PRUNE_HINT}`;

/** One pod volume that mounts a claim, and how many pods run it at once. */
interface ClaimMount {
  readonly workload: string;
  readonly pods: number | 'per-node';
  readonly field: string;
}

/** The manifests indexed for cross-object rules. */
interface Index {
  /** Claim manifests by namespace/name. */
  readonly claims: Map<string, ManifestEntry>;
  /** StatefulSet claim templates: namespace/set -> template names and replicas. */
  readonly templates: Array<{ namespace: string; set: string; names: string[]; replicas: number }>;
  /** The predicted claims, and the volume manifests, to be looked up by name: see {@link plansOf}, {@link volumesOf}. */
  readonly claimPlans: readonly ClaimPlan[];
  readonly manifests: ManifestIndex;
  plans?: Map<string, ClaimPlan>;
  volumes?: Map<string, Json>;
  classMap?: Map<string, Json>;
  /** The classes that provision a claim of the manifests, built on first use. */
  provisioning?: Set<string>;
}

const DATA_SOURCE_FIELDS = ['dataSource', 'dataSourceRef'] as const;

/**
 * The warnings over all manifests. `claims` is the binding prediction: it tells which volume a
 * claim binds to, and StatefulSet template claims it lists count as present.
 */
export function storageWarnings(manifests: readonly unknown[], claims: readonly ClaimPlan[]): Finding[] {
  return warningsIndexed(indexManifests(manifests), claims);
}

/** {@link storageWarnings} over manifests already read by the pre-pass (planStorage). */
export function warningsIndexed(manifests: ManifestIndex, claims: readonly ClaimPlan[]): Finding[] {
  const index = buildIndex(manifests, Array.isArray(claims) ? claims : []);
  const findings: Finding[] = [];
  const mounts = new Map<string, ClaimMount[]>(); // namespace/claim -> pod volumes mounting it
  const referenced = new Set<string>(); // claims used as another claim's dataSource
  // Manifests validate reports as unreadable (e.problem) are not warned about.
  for (const e of manifests.entries) {
    if (e.problem) continue;
    const m = e.manifest as Json;
    // The sink appends to `findings` directly: what an object's rules found before one threw is kept.
    const out = new FindingSink(e.unread ? guard(() => refOf(m), '<unreadable>') : e.ref, findings);
    try {
      switch (e.unread ? kindOf(m) : e.kind) {
        case 'PersistentVolume':
          volumeWarnings(out, m);
          break;
        case 'StorageClass':
          classWarnings(out, m, index);
          break;
        case 'PersistentVolumeClaim':
          for (const k of DATA_SOURCE_FIELDS) {
            if (get(m, 'spec', k, 'kind') === 'PersistentVolumeClaim') {
              const namespace = e.unread ? namespaceOf(m) : e.namespace;
              referenced.add(nsKey(namespace, asString(get(m, 'spec', k, 'name')) ?? ''));
            }
          }
          break;
        default: {
          const tpl = e.unread ? podTemplateOf(m) : e.template;
          if (tpl) workloadWarnings(out, e, tpl, index, mounts);
        }
      }
    } catch {
      // Unreadable shapes are validate.ts's to report; a warning is never worth a crash.
    }
  }
  sharedClaimWarnings(index, mounts, findings);
  claimWarnings(index, mounts, referenced, findings);
  return dedupeFindings(findings);
}

function buildIndex(manifests: ManifestIndex, claimPlans: readonly ClaimPlan[]): Index {
  const index: Index = { claims: new Map(), templates: [], claimPlans, manifests };
  for (const e of manifests.claims) {
    if (e.problem) continue;
    if (!e.unread) {
      index.claims.set(nsKey(e.namespace, e.name as string), e); // a string: manifestProblem checked it
      continue;
    }
    guard(() => {
      const m = e.manifest;
      if (kindOf(m) === 'PersistentVolumeClaim') index.claims.set(nsKey(namespaceOf(m), nameOf(m)), e);
    }, undefined);
  }
  for (const e of manifests.claimSources) {
    if (e.problem) continue;
    guard(() => {
      const m = e.manifest;
      if ((e.unread ? kindOf(m) : e.kind) !== 'StatefulSet') return;
      const names = asArray(get(m, 'spec', 'volumeClaimTemplates'))
        .map((t) => asString(get(t, 'metadata', 'name')))
        .filter((n): n is string => !!n);
      const r = get(m, 'spec', 'replicas');
      index.templates.push({
        namespace: namespaceOf(m),
        set: nameOf(m),
        names,
        replicas: typeof r === 'number' ? r : 1,
      });
    }, undefined);
  }
  return index;
}

/** The predicted claims by namespace/name, built on first use: only workloads mounting a claim ask. */
function plansOf(index: Index): Map<string, ClaimPlan> {
  if (index.plans) return index.plans;
  const plans = new Map<string, ClaimPlan>();
  for (const c of index.claimPlans) {
    guard(() => {
      if (asRecord(c) && typeof c.namespace === 'string' && typeof c.name === 'string')
        plans.set(nsKey(c.namespace, c.name), c);
    }, undefined);
  }
  index.plans = plans;
  return plans;
}

/** The volume manifests by name (the last of a name wins), built on first use. */
function volumesOf(index: Index): Map<string, Json> {
  if (index.volumes) return index.volumes;
  const volumes = new Map<string, Json>();
  for (const e of index.manifests.volumes) {
    if (e.problem) continue;
    guard(() => {
      const m = e.manifest as Json;
      if ((e.unread ? kindOf(m) : e.kind) === 'PersistentVolume') volumes.set(nameOf(m), m);
    }, undefined);
  }
  index.volumes = volumes;
  return volumes;
}

/** True if a claim of this name exists in the manifests, the plan, or as a StatefulSet's per-pod claim. */
function claimPresent(index: Index, namespace: string, name: string): boolean {
  const key = nsKey(namespace, name);
  if (index.claims.has(key) || plansOf(index).has(key)) return true;
  // `<template>-<set>-<ordinal>`, checked by pattern: replicas may be huge, never loop over them.
  return index.templates.some(
    (t) =>
      t.namespace === namespace &&
      t.names.some((n) => {
        const prefix = `${n}-${t.set}-`;
        if (!name.startsWith(prefix)) return false;
        const ordinal = name.slice(prefix.length);
        return /^(0|[1-9]\d*)$/.test(ordinal) && Number(ordinal) < t.replicas;
      }),
  );
}

function volumeWarnings(out: FindingSink, pv: Json): void {
  const policy = get(pv, 'spec', 'persistentVolumeReclaimPolicy');
  if (policy === 'Recycle') {
    // Only the nfs and hostPath plugins implement a recycler; for any other source the PV controller's
    // recycleVolumeOperation finds none and marks the released volume Failed.
    const sources = volumeSourcesOf(get(pv, 'spec'), PV_SOURCES);
    const bad = sources.filter((s) => s !== 'nfs' && s !== 'hostPath');
    out.warning(
      'recycle-deprecated',
      'spec.persistentVolumeReclaimPolicy',
      bad.length
        ? `persistentVolumeReclaimPolicy is "Recycle" on a ${bad.join(', ')} volume: only nfs and hostPath volumes have a recycler, so once its claim is released the volume goes Failed (and Recycle is deprecated anyway); use Retain or Delete`
        : 'persistentVolumeReclaimPolicy is "Recycle", which is deprecated (a basic rm -rf by a scrubber pod); use Retain and clean up yourself, or dynamic provisioning with Delete',
    );
  } else if (policy === 'Delete') {
    out.info(
      'reclaim-delete',
      'spec.persistentVolumeReclaimPolicy',
      'persistentVolumeReclaimPolicy is "Delete": deleting the bound claim (kubectl delete, a namespace deletion, a GitOps prune) deletes the volume and its data; use Retain for data you keep',
    );
  }
  const hostPath = asString(get(pv, 'spec', 'hostPath', 'path'));
  const reason = hostPath !== undefined ? sensitiveHostPathReason(hostPath) : undefined;
  if (reason) {
    out.warning(
      'hostpath-sensitive',
      'spec.hostPath.path',
      `hostPath "${hostPath}" exposes ${reason} to every pod that claims this volume; point it at a dedicated data directory`,
    );
  }
  // Deleting a PersistentVolume object deletes its storage only under reclaim policy Delete (with
  // HonorPVReclaimPolicy, GA in 1.33, even before its claim): only then is an unprotected prune a risk.
  if (policy === 'Delete' && !pruneProtected(pv)) {
    out.info('prune-unprotected', 'metadata.annotations', VOLUME_PRUNE_MESSAGE);
  }
}

function classWarnings(out: FindingSink, sc: Json, index: Index): void {
  const policy = sc.reclaimPolicy;
  // Delete is Kubernetes' own default (SetDefaults_StorageClass): said only for a class that
  // provisions a claim of the manifests, whose data it then deletes with the claim.
  if ((policy === undefined || policy === null || policy === 'Delete') && provisions(index, nameOf(sc))) {
    out.info(
      'reclaim-delete',
      'reclaimPolicy',
      `reclaimPolicy is ${policy === 'Delete' ? '"Delete"' : 'unset, which means Delete'}: every volume it provisions is deleted with its claim (kubectl delete, a namespace deletion, a GitOps prune); set reclaimPolicy: Retain for data you keep`,
    );
  }
}

/** True if a claim of the manifests is (or waits to be) provisioned by the class. */
function provisions(index: Index, className: string): boolean {
  if (!index.provisioning) {
    const classes = new Set<string>();
    for (const c of index.claimPlans) {
      guard(() => {
        if (
          (c.outcome === 'provisioned' || c.outcome === 'waiting') &&
          c.volume === undefined &&
          c.storageClass
        )
          classes.add(c.storageClass);
      }, undefined);
    }
    index.provisioning = classes;
  }
  return index.provisioning.has(className);
}

/** The last path segment of an image reference, without tag or digest: `docker.io/bitnami/redis:7` -> `redis`. */
function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  return last.split(':')[0].toLowerCase();
}

/**
 * True if the data directory lies on the mount: the mount is the directory or one of its parents.
 * A mount below it (redis's /data/redis, when redis writes /data) leaves the data directory itself
 * on the container's own filesystem, so the emptyDir holds no database files.
 */
function pathCovers(mountPath: string, dataPath: string): boolean {
  const m = normalizeMountPath(mountPath);
  return m === dataPath || dataPath.startsWith(m === '/' ? '/' : m + '/');
}

/** Each container's mounts of a volume, and whether every one is read-only. */
function mountsOf(
  containers: readonly ContainerRef[],
  volume: string,
): Array<{ c: ContainerRef; mount: Json; index: number }> {
  const out: Array<{ c: ContainerRef; mount: Json; index: number }> = [];
  for (const c of containers) {
    asArray(c.container.volumeMounts).forEach((mnt, index) => {
      const mount = asRecord(mnt);
      if (mount && mount.name === volume) out.push({ c, mount, index });
    });
  }
  return out;
}

function quoteNames(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** `container "a"`, or `containers "a", "b"`. */
function containersNamed(names: readonly string[]): string {
  return `container${names.length > 1 ? 's' : ''} ${quoteNames(names)}`;
}

function workloadWarnings(
  out: FindingSink,
  e: ManifestEntry,
  tpl: PodTemplate,
  index: Index,
  mounts: Map<string, ClaimMount[]>,
): void {
  const m = e.manifest as Json;
  // What the pre-pass read, or (for an entry it could not read) the same reads at the same points.
  const namespaceOfM = (): string => (e.unread ? namespaceOf(m) : e.namespace);
  const kind = e.unread ? kindOf(m) : e.kind;
  const at = tpl.path;
  const containers = containersOf(tpl.spec);
  const pods: number | 'per-node' = tpl.perNode ? 'per-node' : (tpl.replicas ?? 1);
  asArray(tpl.spec.volumes).forEach((v, i) => {
    const vol = asRecord(v);
    if (!vol) return;
    const vp = `${at}.volumes[${i}]`;
    const name = asString(vol.name) ?? `#${i}`;
    const used = mountsOf(containers, name);
    const sources = volumeSourcesOf(vol, POD_VOLUME_SOURCES);

    const hostPath = asString(get(vol, 'hostPath', 'path'));
    if (hostPath !== undefined) {
      hostPathWarnings(out, kind, pods, name, hostPath, used, `${vp}.hostPath.path`);
    }
    // SetDefaults_Volume: a volume with no source (`emptyDir:` null included) is an emptyDir.
    const emptyDir = asRecord(vol.emptyDir) ?? (sources.length === 0 ? {} : undefined);
    if (emptyDir) {
      if (emptyDir.medium === 'Memory') memoryEmptyDir(out, name, emptyDir, used, `${vp}.emptyDir.sizeLimit`);
      databaseOnEmptyDir(out, name, used, at);
    }
    const claimName = asString(get(vol, 'persistentVolumeClaim', 'claimName'));
    // The StatefulSet controller replaces a pod volume named like one of its volumeClaimTemplates
    // with that replica's claim (updateStorage in pkg/controller/statefulset/stateful_set_utils.go).
    if (claimName && !(kind === 'StatefulSet' && templateNamesOf(m).has(name))) {
      const field = `${vp}.persistentVolumeClaim.claimName`;
      const key = nsKey(namespaceOfM(), claimName);
      const list = mounts.get(key) ?? [];
      list.push({ workload: e.unread ? refOf(m) : e.ref, pods, field });
      mounts.set(key, list);
      if (kind === 'Deployment') rwopRollout(out, m, index.claims.get(key), claimName, field);
      const ephemeralOfPod =
        kind === 'Pod' &&
        asArray(tpl.spec.volumes).some(
          (x) => asRecord(get(x, 'ephemeral')) && claimName === `${nameOf(m)}-${asString(get(x, 'name'))}`,
        );
      if (!ephemeralOfPod && !claimPresent(index, namespaceOfM(), claimName)) {
        out.warning(
          'claim-missing',
          field,
          `volume "${name}" mounts claim "${claimName}", which is not in the manifests (namespace ${namespaceOfM()}): the pod stays Pending until that PersistentVolumeClaim exists; add it or fix the name`,
        );
      }
    }
  });
}

/** A Deployment rolling out with a ReadWriteOncePod claim of the manifests: rollout.ts judges it (ClaimDeployment uses the same judgment). */
function rwopRollout(
  out: FindingSink,
  m: Json,
  pvc: ManifestEntry | undefined,
  claimName: string,
  field: string,
): void {
  if (!pvc || !asArray(get(pvc.manifest, 'spec', 'accessModes')).includes('ReadWriteOncePod')) return;
  const verdict = rwopRolloutVerdict(m, claimName);
  if (verdict?.severity === 'error') out.error('claim-rwop-rollout', field, verdict.message);
  else if (verdict) out.warning('claim-rwop-rollout', field, verdict.message);
}

/** The names of a StatefulSet's volumeClaimTemplates. */
function templateNamesOf(m: Json): Set<string> {
  const names = new Set<string>();
  for (const t of asArray(get(m, 'spec', 'volumeClaimTemplates'))) {
    const n = asString(get(t, 'metadata', 'name'));
    if (n) names.add(n);
  }
  return names;
}

function hostPathWarnings(
  out: FindingSink,
  kind: string,
  pods: number | 'per-node',
  name: string,
  path: string,
  used: ReadonlyArray<{ c: ContainerRef; mount: Json }>,
  field: string,
): void {
  // Data a replica writes: a writable mount of a directory that is not the node's own (kernel
  // modules, devices, sockets, logs are the node's, the same kind of thing on every node).
  if (
    ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'].includes(kind) &&
    typeof pods === 'number' &&
    pods > 1 &&
    used.some((u) => u.mount.readOnly !== true) &&
    !isNodeSystemPath(path)
  ) {
    out.warning(
      'hostpath-multi-replica',
      field,
      `hostPath volume "${name}" ("${path}") in a ${kind} with ${pods} replicas: each pod sees the directory of whichever node it lands on, so replicas do not share data and a rescheduled pod loses what it wrote; use a PersistentVolumeClaim (ReadWriteMany to share), or a DaemonSet for per-node agents`,
    );
  }
  const exposure = hostPathExposure(path);
  if (!exposure || used.length === 0) return; // an unmounted volume exposes nothing
  const reason = exposure.why;
  const writers = used.filter((u) => u.mount.readOnly !== true).map((u) => u.c.name);
  if (writers.length === 0 && exposure.readOnlySafe) return; // read-only, it gives nothing away
  // A read-only mount of a socket still lets the pod connect() to it: read-only does not help there.
  const socket = /socket/.test(reason) || path.endsWith('.sock');
  if (writers.length || socket) {
    const who = writers.length
      ? `mounted writable by ${containersNamed(writers)}`
      : 'mounted read-only, which does not stop a pod from connecting to a socket';
    out.warning(
      'hostpath-sensitive',
      field,
      `hostPath volume "${name}" ("${path}") exposes ${reason}, ${who}: whoever controls this pod controls the node; keep it out of application pods, narrow the path, and mount it readOnly: true where it is only read`,
    );
  } else {
    out.warning(
      'hostpath-sensitive',
      field,
      `hostPath volume "${name}" ("${path}") exposes ${reason} (mounted read-only by ${quoteNames(used.map((u) => u.c.name))}): reading it can still leak node credentials; narrow the path to what the pod needs`,
    );
  }
}

/** tmpfs pages count against the memory limit of the container that writes them. */
function memoryEmptyDir(
  out: FindingSink,
  name: string,
  emptyDir: Json,
  used: ReadonlyArray<{ c: ContainerRef }>,
  field: string,
): void {
  if (used.length === 0) return;
  const sizeLimit = parseQuantity(emptyDir.sizeLimit);
  const problems: string[] = [];
  if (!sizeLimit)
    problems.push(
      'it has no sizeLimit, so it can grow until a writer is OOM-killed or the node runs short of memory',
    );
  const unlimited: string[] = [];
  const smaller: string[] = [];
  const seen = new Set<string>();
  for (const { c } of used) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    const limit: ParsedQuantity | undefined = parseQuantity(
      get(c.container, 'resources', 'limits', 'memory'),
    );
    if (!limit) unlimited.push(c.name);
    else if (sizeLimit && compareQuantities(sizeLimit, limit) > 0)
      smaller.push(`"${c.name}" (${limit.text})`);
  }
  if (unlimited.length) {
    problems.push(
      `${containersNamed(unlimited)} mounting it ${unlimited.length > 1 ? 'have' : 'has'} no memory limit, so what is written there is node memory nothing bounds`,
    );
  }
  if (smaller.length && sizeLimit) {
    problems.push(
      `its sizeLimit ${sizeLimit.text} is more than the memory limit of ${smaller.join(', ')}: filling it OOM-kills the container before sizeLimit is reached`,
    );
  }
  if (problems.length) {
    out.warning(
      'emptydir-memory',
      field,
      `emptyDir "${name}" has medium Memory (tmpfs; its pages count against the writing container's memory limit): ${problems.join('; ')}. Set a sizeLimit below each mounting container's memory limit`,
    );
  }
}

function databaseOnEmptyDir(
  out: FindingSink,
  name: string,
  used: ReadonlyArray<{ c: ContainerRef; mount: Json; index: number }>,
  at: string,
): void {
  for (const { c, mount, index } of used) {
    const image = asString(c.container.image);
    const mountPath = asString(mount.mountPath);
    if (!image || !mountPath) continue;
    const base = imageName(image);
    const db = DATABASES.find((d) => d.images.includes(base));
    const dataPath = db?.paths.find((p) => pathCovers(mountPath, p));
    if (!dataPath) continue;
    out.warning(
      'emptydir-database',
      `${at}.${c.at}.volumeMounts[${index}].mountPath`,
      `container "${c.name}" runs ${image} with its data directory ${dataPath} on emptyDir "${name}" (mounted at ${mountPath}): the data is lost whenever the pod is deleted, evicted or rescheduled; use a PersistentVolumeClaim (in a StatefulSet, a volumeClaimTemplate)`,
    );
  }
}

function describePods(pods: number | 'per-node'): string {
  return pods === 'per-node' ? 'one pod per node' : `${pods} pod${pods === 1 ? '' : 's'}`;
}

/** ReadWriteOnce (one node) and ReadWriteOncePod (one pod) claims mounted by more pods than that. */
function sharedClaimWarnings(index: Index, mounts: Map<string, ClaimMount[]>, findings: Finding[]): void {
  for (const [key, list] of mounts) {
    const pvc = index.claims.get(key);
    if (!pvc) continue; // claim-missing covers it
    const finding = guard(() => sharedClaimFinding(index, key, pvc, list), undefined);
    if (finding) findings.push(finding);
  }
}

function sharedClaimFinding(
  index: Index,
  key: string,
  e: ManifestEntry,
  list: readonly ClaimMount[],
): Finding | undefined {
  const pvc = e.manifest;
  const total = list.reduce<number | 'per-node'>(
    (n, x) => (n === 'per-node' || x.pods === 'per-node' ? 'per-node' : n + x.pods),
    0,
  );
  if (total !== 'per-node' && total <= 1) return undefined;
  const claimModes = asArray(get(pvc, 'spec', 'accessModes'));
  // The attach/detach controller attaches to several nodes only if the volume itself offers
  // ReadWriteMany or ReadOnlyMany: read the modes of the volume the claim is predicted to bind.
  const plan = plansOf(index).get(key);
  const pv = plan?.volume !== undefined ? volumesOf(index).get(plan.volume) : undefined;
  // A hostPath or local volume is never attached: it is a directory of a node, so there is no
  // Multi-Attach to predict. A local volume pins its pods to its node (nodeAffinity), so they share
  // it; a hostPath volume does not, so pods on other nodes each get their own node's directory.
  if (pv && !claimModes.includes('ReadWriteOncePod')) {
    if (asRecord(get(pv, 'spec', 'local'))) return undefined;
    const hostPath = asString(get(pv, 'spec', 'hostPath', 'path'));
    if (hostPath !== undefined) {
      const users = list.map((x) => `${x.workload} (${describePods(x.pods)})`).join(', ');
      const single = list.every((x) => x.workload === list[0].workload);
      return {
        severity: 'warning',
        rule: 'hostpath-multi-replica',
        object: single ? list[0].workload : e.unread ? refOf(pvc) : e.ref,
        field: single ? list[0].field : 'spec.volumeName',
        message:
          `claim "${nameOf(pvc)}" binds hostPath volume "${plan?.volume}" ("${hostPath}") and is mounted by ${users}: ` +
          'a hostPath volume is a directory of whichever node a pod lands on, so pods on different nodes do not share ' +
          'data and a rescheduled pod loses what it wrote; use a ReadWriteMany volume to share data, or pin the pods ' +
          'to one node (a local volume with nodeAffinity)',
      };
    }
  }
  const volumeModes = pv ? asArray(get(pv, 'spec', 'accessModes')) : claimModes;
  const shareable = volumeModes.includes('ReadWriteMany') || volumeModes.includes('ReadOnlyMany');
  const rwop = claimModes.includes('ReadWriteOncePod');
  if (!rwop && (shareable || !volumeModes.includes('ReadWriteOnce'))) return undefined;
  const users = list.map((x) => `${x.workload} (${describePods(x.pods)})`).join(', ');
  const why = rwop
    ? 'only one pod can use a ReadWriteOncePod volume: the others stay Pending (the scheduler admits one pod per such claim)'
    : 'a ReadWriteOnce volume attaches to one node at a time: pods scheduled on another node stay ContainerCreating with a Multi-Attach error';
  const fix =
    'use a ReadWriteMany volume to share it, a StatefulSet volumeClaimTemplate for one claim per pod, or a single replica';
  const message = `claim "${nameOf(pvc)}" (${rwop ? 'ReadWriteOncePod' : 'ReadWriteOnce'}) is mounted by ${users}: ${why}; ${fix}`;
  // One workload: fix it there. Several: the claim is the shared thing, report it on the claim.
  const single = list.every((x) => x.workload === list[0].workload);
  const [object, field] = single
    ? [list[0].workload, list[0].field]
    : [e.unread ? refOf(pvc) : e.ref, 'spec.accessModes'];
  // ReadWriteOncePod: certain, whatever the nodes (an error); ReadWriteOnce: only pods on other nodes fail.
  return { severity: rwop ? 'error' : 'warning', rule: 'claim-access-mode-shared', object, field, message };
}

/**
 * True if deleting the claim deletes its data: it binds a volume of the manifests whose reclaim
 * policy is Delete, or a class of the manifests provisions it with reclaimPolicy Delete (the default).
 * A class or volume outside the manifests is not assumed either way.
 */
function deletedWithClaim(index: Index, key: string): boolean {
  const plan = plansOf(index).get(key);
  if (!plan) return false;
  if (plan.volume !== undefined) {
    const pv = volumesOf(index).get(plan.volume);
    return pv !== undefined && get(pv, 'spec', 'persistentVolumeReclaimPolicy') === 'Delete';
  }
  if (plan.outcome !== 'provisioned' && plan.outcome !== 'waiting') return false;
  const sc = classesOf(index).get(plan.storageClass ?? '');
  if (!sc) return false;
  const policy = sc.reclaimPolicy;
  return policy === undefined || policy === null || policy === 'Delete';
}

/** The StorageClass manifests by name, built on first use. */
function classesOf(index: Index): Map<string, Json> {
  if (index.classMap) return index.classMap;
  const classes = new Map<string, Json>();
  for (const e of index.manifests.classes) {
    if (e.problem) continue;
    guard(() => {
      const m = e.manifest as Json;
      if ((e.unread ? kindOf(m) : e.kind) === 'StorageClass') classes.set(nameOf(m), m);
    }, undefined);
  }
  index.classMap = classes;
  return classes;
}

/** Claims no workload mounts (info), and claims without prune protection whose data a prune deletes (info). */
function claimWarnings(
  index: Index,
  mounts: Map<string, ClaimMount[]>,
  referenced: ReadonlySet<string>,
  findings: Finding[],
): void {
  for (const [key, e] of index.claims) {
    const pvc = e.manifest;
    const out = new FindingSink(e.unread ? guard(() => refOf(pvc), '<unreadable>') : e.ref, findings);
    if (!mounts.has(key) && !referenced.has(key)) {
      out.info(
        'claim-unused',
        undefined,
        'no workload in the manifests mounts this claim; if nothing elsewhere does, it holds storage for nothing (and a WaitForFirstConsumer class never provisions it)',
      );
    }
    if (!isPruneProtected(pvc) && deletedWithClaim(index, key)) {
      out.info('prune-unprotected', 'metadata.annotations', CLAIM_PRUNE_MESSAGE);
    }
  }
}
