import { CHANGE_RULES, ChangePlan, planChanges } from '../../src/plan/change';
import { indexManifests } from '../../src/plan/_manifest';
import { predictIndexed } from '../../src/plan/binding';
import { Finding, PlanOptions } from '../../src/plan/types';

type Obj = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Manifests

interface ClaimOpts {
  ns?: string;
  /** The class; `null` leaves storageClassName unset. */
  cls?: string | null;
  volumeName?: string;
  annotations?: Record<string, string>;
  modes?: string[];
  vac?: string | null;
  dataSource?: Obj;
}

const pvc = (name: string, size: string, o: ClaimOpts = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: o.ns ?? 'app', ...(o.annotations ? { annotations: o.annotations } : {}) },
  spec: {
    accessModes: o.modes ?? ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(o.cls === null ? {} : { storageClassName: o.cls ?? 'fast' }),
    ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    ...(o.vac !== undefined ? { volumeAttributesClassName: o.vac } : {}),
    ...(o.dataSource ? { dataSource: o.dataSource } : {}),
  },
});

interface ClassOpts {
  expand?: boolean;
  reclaim?: string;
  provisioner?: string;
  params?: Record<string, string>;
  binding?: string;
  isDefault?: boolean;
  mountOptions?: string[];
}

const storageClass = (name: string, o: ClassOpts = {}): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: {
    name,
    ...(o.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
  },
  provisioner: o.provisioner ?? 'ebs.csi.aws.com',
  ...(o.reclaim ? { reclaimPolicy: o.reclaim } : {}),
  ...(o.expand !== undefined ? { allowVolumeExpansion: o.expand } : {}),
  ...(o.params ? { parameters: o.params } : {}),
  ...(o.binding ? { volumeBindingMode: o.binding } : {}),
  ...(o.mountOptions ? { mountOptions: o.mountOptions } : {}),
});

interface VolumeOpts {
  size?: string;
  cls?: string;
  reclaim?: string;
  server?: string;
  affinity?: Obj;
  mode?: string;
  annotations?: Record<string, string>;
}

const pv = (name: string, o: VolumeOpts = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name, ...(o.annotations ? { annotations: o.annotations } : {}) },
  spec: {
    capacity: { storage: o.size ?? '10Gi' },
    accessModes: ['ReadWriteOnce'],
    storageClassName: o.cls ?? '',
    ...(o.reclaim ? { persistentVolumeReclaimPolicy: o.reclaim } : {}),
    ...(o.mode ? { volumeMode: o.mode } : {}),
    nfs: { server: o.server ?? 'nfs.example.com', path: '/exports/a' },
    ...(o.affinity ? { nodeAffinity: o.affinity } : {}),
  },
});

const template = (name: string, size: string, cls = 'fast'): Obj => ({
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: cls, resources: { requests: { storage: size } } },
});

interface SetOpts {
  serviceName?: string;
  policy?: Obj;
  image?: string;
  start?: number;
  revisionHistoryLimit?: number;
  labels?: Record<string, string>;
}

const statefulSet = (name: string, replicas: number | undefined, templates: Obj[], o: SetOpts = {}): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: 'app', ...(o.labels ? { labels: o.labels } : {}) },
  spec: {
    ...(replicas !== undefined ? { replicas } : {}),
    serviceName: o.serviceName ?? name,
    selector: { matchLabels: { app: name } },
    ...(o.policy ? { persistentVolumeClaimRetentionPolicy: o.policy } : {}),
    ...(o.start !== undefined ? { ordinals: { start: o.start } } : {}),
    ...(o.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: o.revisionHistoryLimit } : {}),
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'db', image: o.image ?? 'postgres:16' }] },
    },
    volumeClaimTemplates: templates,
  },
});

const deployment = (
  claim: string,
  o: { selector?: string; apiVersion?: string; replicas?: number } = {},
): Obj => ({
  apiVersion: o.apiVersion ?? 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'app' },
  spec: {
    replicas: o.replicas ?? 1,
    selector: { matchLabels: { app: o.selector ?? 'web' } },
    template: {
      metadata: { labels: { app: o.selector ?? 'web' } },
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.25', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        ],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
      },
    },
  },
});

interface PodOpts {
  image?: string;
  labels?: Record<string, string>;
  containers?: Obj[];
  tolerations?: Obj[];
  gates?: string[];
  deadline?: number;
  grace?: number;
  restartPolicy?: string;
  nodeName?: string;
}

const pod = (o: PodOpts = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'tool', namespace: 'app', ...(o.labels ? { labels: o.labels } : {}) },
  spec: {
    containers: o.containers ?? [{ name: 'tool', image: o.image ?? 'busybox:1.36' }],
    ...(o.tolerations ? { tolerations: o.tolerations } : {}),
    ...(o.gates ? { schedulingGates: o.gates.map((name) => ({ name })) } : {}),
    ...(o.deadline !== undefined ? { activeDeadlineSeconds: o.deadline } : {}),
    ...(o.grace !== undefined ? { terminationGracePeriodSeconds: o.grace } : {}),
    ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
    ...(o.nodeName ? { nodeName: o.nodeName } : {}),
  },
});

interface JobOpts {
  image?: string;
  suspend?: boolean;
  parallelism?: number;
  completions?: number;
  mode?: string;
  nodeSelector?: Record<string, string>;
}

const job = (o: JobOpts = {}): Obj => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: 'app' },
  spec: {
    ...(o.suspend ? { suspend: true } : {}),
    ...(o.parallelism !== undefined ? { parallelism: o.parallelism } : {}),
    ...(o.completions !== undefined ? { completions: o.completions } : {}),
    ...(o.mode ? { completionMode: o.mode } : {}),
    template: {
      spec: {
        restartPolicy: 'Never',
        ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
        containers: [{ name: 'migrate', image: o.image ?? 'busybox:1.36' }],
      },
    },
  },
});

const namespace = (name: string, annotations?: Record<string, string>): Obj => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(annotations ? { annotations } : {}) },
});

const ARGO_KEEP = { 'argocd.argoproj.io/sync-options': 'Prune=false' };
const FLUX_KEEP = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' };

const FAST = storageClass('fast', { expand: true });
const FIXED = storageClass('fixed');

/** The change plan alone, as planStorage(next, { previous }) computes it (the rest of the plan left out). */
const change = (previous: unknown[], next: unknown[], options: PlanOptions = {}): ChangePlan => {
  const prevIndex = indexManifests(Array.isArray(previous) ? previous : []);
  const nextIndex = indexManifests(Array.isArray(next) ? next : []);
  return planChanges(
    prevIndex,
    nextIndex,
    predictIndexed(nextIndex, options).claims,
    predictIndexed(prevIndex, options).claims,
    options,
  );
};
const findings = (previous: unknown[], next: unknown[], options: PlanOptions = {}): Finding[] =>
  change(previous, next, options).findings;
const changeOf = (plan: ChangePlan, object: string) => plan.changes.find((c) => c.object === object);

// Messages shared by many expectations, as the Kubernetes sources spell them.
const PVC_IMMUTABLE =
  'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
const PVC_IMMUTABLE_128 = 'spec is immutable after creation except resources.requests for bound claims';
const STS_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const STS_FORBIDDEN_OLD =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const RESIZE_REFUSAL =
  'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize';
const POD_UPDATABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
const PRUNE_HINT =
  'keep it, or annotate it argocd.argoproj.io/sync-options: Prune=false (Argo CD) or kustomize.toolkit.fluxcd.io/prune: disabled (Flux) before removing it';
const CLAIM_REPLACE_HINT =
  '; a claim keeps its spec for life: create a new claim (a clone with dataSource: {kind: PersistentVolumeClaim, name: <this claim>}) and move the workload to it';
const RECREATE = (set: string) =>
  `; to change it, recreate the StatefulSet: kubectl delete statefulset ${set} --cascade=orphan, then apply (pods and claims stay)`;
const JOB_HINT =
  "; a Job's pods are fixed once it exists: delete the Job and create it again (a new name, or Argo CD's Replace=true / a hook)";
const POD_HINT =
  '; a bare Pod is fixed once created: delete it and create it again, or run it under a Deployment';
const CLASS_HINT =
  '; volumes already provisioned keep the old settings: create a class with a new name for new claims';

const CLAIM = 'PersistentVolumeClaim/app/data';

// ---------------------------------------------------------------------------------------------

describe('the change plan', () => {
  test('one entry per object: created, updated with its fields, deleted, unchanged', () => {
    const plan = change(
      [FAST, pvc('data', '10Gi'), pvc('old', '1Gi', { cls: 'fixed' }), FIXED, deployment('data')],
      [FAST, pvc('data', '10Gi'), pvc('new', '1Gi'), FIXED, deployment('data', { replicas: 3 })],
    );
    expect(plan.changes).toEqual([
      { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
      { object: CLAIM, apiVersion: 'v1', action: 'unchanged' },
      { object: 'PersistentVolumeClaim/app/new', apiVersion: 'v1', action: 'create' },
      { object: 'StorageClass/fixed', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
      { object: 'Deployment/app/web', apiVersion: 'apps/v1', action: 'update', fields: ['spec.replicas'] },
      {
        object: 'PersistentVolumeClaim/app/old',
        apiVersion: 'v1',
        action: 'delete',
        data: 'the volume provisioned for it and its data are deleted (StorageClass fixed reclaimPolicy Delete, the default)',
      },
    ]);
  });

  test('objects match by API group, kind, namespace and name; the version does not matter', () => {
    const old = { ...deployment('data'), apiVersion: 'extensions/v1beta1' };
    const plan = change([FAST, pvc('data', '1Gi'), old], [FAST, pvc('data', '1Gi'), deployment('data')]);
    expect(changeOf(plan, 'Deployment/app/web')).toEqual({
      object: 'Deployment/app/web',
      apiVersion: 'apps/v1',
      action: 'unchanged',
    });
    // Another namespace is another object; `default` is the namespace of a manifest without one.
    const a = { ...pvc('data', '1Gi'), metadata: { name: 'data' } };
    const b = { ...pvc('data', '1Gi'), metadata: { name: 'data', namespace: 'default' } };
    expect(change([FAST, a], [FAST, b]).changes.map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
    const moved = change([FAST, pvc('data', '1Gi')], [FAST, pvc('data', '1Gi', { ns: 'other' })]);
    expect(moved.changes.map((c) => `${c.object} ${c.action}`)).toEqual([
      'StorageClass/fast unchanged',
      'PersistentVolumeClaim/other/data create',
      'PersistentVolumeClaim/app/data delete',
    ]);
    // A group differs: a CRD kind named Deployment is another object.
    const crd = { ...deployment('data'), apiVersion: 'example.com/v1' };
    expect(change([crd], [deployment('data')]).changes.map((c) => c.action)).toEqual(['create', 'delete']);
  });

  test('fields the server owns and API defaults are no change', () => {
    const stored = (m: Obj): Obj => ({
      ...m,
      metadata: {
        ...m.metadata,
        uid: 'u-1',
        resourceVersion: '42',
        generation: 3,
        creationTimestamp: '2024-01-01T00:00:00Z',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        labels: {},
      },
      status: { phase: 'Bound' },
    });
    const withDefaults = {
      ...pvc('data', '10Gi'),
      spec: {
        ...pvc('data', '10Gi').spec,
        volumeMode: 'Filesystem',
        resources: { requests: { storage: '10240Mi' } },
      },
    };
    const explicitClass = storageClass('fast', { expand: true, reclaim: 'Delete', binding: 'Immediate' });
    const setDefaults = statefulSet('db', 1, [template('data', '1Gi')]);
    setDefaults.spec.podManagementPolicy = 'OrderedReady';
    setDefaults.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    setDefaults.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain' };
    setDefaults.spec.revisionHistoryLimit = 10;
    setDefaults.spec.volumeClaimTemplates[0] = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      ...setDefaults.spec.volumeClaimTemplates[0],
      spec: { ...setDefaults.spec.volumeClaimTemplates[0].spec, volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    };
    const podDefaults = pod({
      containers: [
        {
          name: 'tool',
          image: 'busybox:1.36',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'Always',
      grace: 30,
    });
    const plan = change(
      [FAST, pvc('data', '10Gi'), statefulSet('db', undefined, [template('data', '1Gi')]), pod(), pv('pv-1')],
      [
        stored(explicitClass),
        stored(withDefaults),
        stored(setDefaults),
        stored(podDefaults),
        { ...pv('pv-1', { reclaim: 'Retain', mode: 'Filesystem' }) },
      ],
    );
    expect(plan).toEqual({
      changes: [
        { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
        { object: CLAIM, apiVersion: 'v1', action: 'unchanged' },
        { object: 'StatefulSet/app/db', apiVersion: 'apps/v1', action: 'unchanged' },
        { object: 'Pod/app/tool', apiVersion: 'v1', action: 'unchanged' },
        { object: 'PersistentVolume/pv-1', apiVersion: 'v1', action: 'unchanged' },
      ],
      findings: [],
    });
  });

  test('imagePullPolicy defaults to Always for :latest or no tag, IfNotPresent otherwise', () => {
    const withPolicy = (image: string, policy: string) =>
      pod({ containers: [{ name: 'tool', image, imagePullPolicy: policy }] });
    const same = (image: string, policy: string) =>
      change([pod({ image })], [withPolicy(image, policy)]).changes[0].action;
    expect(same('busybox', 'Always')).toBe('unchanged');
    expect(same('busybox:latest', 'Always')).toBe('unchanged');
    expect(same('registry.example.com:5000/team/app', 'Always')).toBe('unchanged');
    expect(same('busybox:1.36', 'IfNotPresent')).toBe('unchanged');
    expect(same('busybox@sha256:abc', 'IfNotPresent')).toBe('unchanged');
    expect(same('busybox:1.36', 'Always')).toBe('update');
    const init = () => pod({ containers: [{ name: 'tool', image: 'busybox:1.36' }] });
    const withInit = (policy?: string) => ({
      ...init(),
      spec: {
        ...init().spec,
        initContainers: [{ name: 'setup', image: 'busybox', ...(policy ? { imagePullPolicy: policy } : {}) }],
      },
    });
    expect(change([withInit()], [withInit('Always')]).changes[0].action).toBe('unchanged');
  });

  test('an update lists at most 20 fields, then a count', () => {
    const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    const plan = change([statefulSet('db', 1, [])], [statefulSet('db', 1, [], { labels: labels(25) })]);
    const fields = plan.changes[0].fields as string[];
    expect(fields).toHaveLength(21);
    expect(fields[0]).toBe('metadata.labels.k0');
    expect(fields[20]).toBe('and 5 more');
    expect(plan.findings).toEqual([]);
  });

  test('field paths quote keys that are not identifiers', () => {
    const a = {
      ...pvc('data', '1Gi'),
      metadata: { name: 'data', namespace: 'app', labels: { 'app.kubernetes.io/name': 'a' } },
    };
    const b = {
      ...pvc('data', '1Gi'),
      metadata: { name: 'data', namespace: 'app', labels: { 'app.kubernetes.io/name': 'b' } },
    };
    expect(change([FAST, a], [FAST, b]).changes[1].fields).toEqual([
      'metadata.labels["app.kubernetes.io/name"]',
    ]);
  });

  test('planChanges takes the pre-pass index and both binding plans, as planStorage holds them', () => {
    const previous = indexManifests([FAST, pvc('data', '10Gi')]);
    const next = indexManifests([FAST, pvc('data', '20Gi')]);
    const plan = planChanges(
      next === previous ? previous : previous,
      next,
      predictIndexed(next).claims,
      predictIndexed(previous).claims,
    );
    expect(changeOf(plan, CLAIM)).toEqual({
      object: CLAIM,
      apiVersion: 'v1',
      action: 'update',
      fields: ['spec.resources.requests.storage'],
      data: 'the volume grows from 10Gi to 20Gi; the data is kept',
    });
    expect(plan.findings).toEqual([]);
  });

  test('never throws: unreadable manifests, options and plans are skipped', () => {
    const throwing = {
      get kind(): string {
        throw new Error('boom');
      },
    };
    const cyclic: Obj = { ...pvc('data', '1Gi') };
    cyclic.spec = { ...cyclic.spec, selector: { matchLabels: {} } };
    cyclic.spec.selector.self = cyclic.spec.selector;
    const deep: Obj = { ...pvc('data', '1Gi') };
    let cur: Obj = (deep.spec.dataSource = {});
    for (let i = 0; i < 5000; i++) cur = cur.next = {};
    expect(() =>
      change([throwing, 42, null, cyclic], [throwing, deep, 'x'], { kubernetesVersion: 7 } as any),
    ).not.toThrow();
    const plan = change([FAST, cyclic], [FAST, deep]);
    expect(changeOf(plan, CLAIM)?.action).toBe('update');
    expect(() =>
      planChanges(
        indexManifests([]),
        indexManifests([]),
        null as any,
        [null, { name: 1 }] as any,
        null as any,
      ),
    ).not.toThrow();
    expect(change(null as any, undefined as any)).toEqual({ changes: [], findings: [] });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() =>
      change([pvc('data', '1Gi')], [{ ...pvc('data', '1Gi'), spec: revoked.proxy }]),
    ).not.toThrow();
  });

  test('options that throw when read are ignored; annotations that throw leave a deletion unjudged', () => {
    const options = {
      get kubernetesVersion(): string {
        throw new Error('boom');
      },
    };
    expect(findings([FAST, pvc('data', '10Gi')], [FAST, pvc('data', '5Gi')], options as any)[0].rule).toBe(
      'claim-shrink',
    );
    const throwing = pvc('data', '1Gi');
    Object.defineProperty(throwing.metadata, 'annotations', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(change([FAST, throwing], [FAST])).toEqual({
      changes: [
        { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
        { object: CLAIM, apiVersion: 'v1', action: 'delete' },
      ],
      findings: [],
    });
  });

  test('huge lists are compared within a bound and reported as changed', () => {
    const long = (n: number, v: string) => Array.from({ length: n }, () => v);
    const a = pvc('data', '1Gi', { modes: long(30_000, 'ReadWriteOnce') });
    const b = pvc('data', '1Gi', { modes: long(30_000, 'ReadWriteMany') });
    const plan = change([FAST, a], [FAST, b]);
    expect(plan.changes[1].fields).toHaveLength(21);
    expect(plan.findings.map((f) => `${f.rule} ${f.field}`)).toEqual(['update-immutable spec.accessModes']);
    expect(
      plan.findings[0].message.startsWith(
        'spec.accessModes changed (spec.accessModes[0] from "ReadWriteOnce" to "ReadWriteMany", and ',
      ),
    ).toBe(true);
    // Thousands of changed spec keys: findings stay bounded.
    const many = (v: string) => ({
      ...pvc('data', '1Gi'),
      spec: {
        ...pvc('data', '1Gi').spec,
        ...Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`x${i}`, v])),
      },
    });
    expect(findings([FAST, many('a')], [FAST, many('b')])).toHaveLength(64 - 3); // 64 keys judged, 3 of them the claim's own
  });

  test('a large value is shown by its first changed field, quoting keys that need it', () => {
    const params = (v: string) => ({
      'csi.storage.k8s.io/fstype': v,
      type: 'gp3',
      iops: '3000',
      throughput: '125',
      encrypted: 'true',
    });
    expect(
      findings(
        [storageClass('fast', { params: params('ext4') })],
        [storageClass('fast', { params: params('xfs') })],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'StorageClass/fast',
        field: 'parameters',
        message: `parameters changed (parameters["csi.storage.k8s.io/fstype"] from "ext4" to "xfs"): the API server refuses the update (ValidateStorageClassUpdate: "updates to parameters are forbidden.")${CLASS_HINT}`,
      },
    ]);
  });

  test('the rules are declared once each, in the groups of the catalogue', () => {
    expect(CHANGE_RULES.map((r) => `${r.id} ${r.group} ${r.severity}`)).toEqual([
      'update-immutable api-server error',
      'claim-shrink api-server error',
      'claim-resize-unsupported admission error',
      'delete-data-loss data-safety error',
      'claim-renamed data-safety warning',
      'statefulset-scale-down-deletes data-safety error',
      'reclaim-policy-to-delete data-safety warning',
    ]);
    for (const r of CHANGE_RULES) {
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.remediation.length).toBeGreaterThan(10);
      expect(r.source.length).toBeGreaterThan(10);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('PersistentVolumeClaim updates (ValidatePersistentVolumeClaimUpdate, PersistentVolumeClaimResize)', () => {
  test('growing a bound claim on an expandable class is accepted; labels and annotations may change', () => {
    const labelled = {
      ...pvc('data', '20Gi'),
      metadata: { name: 'data', namespace: 'app', labels: { tier: 'db' } },
    };
    expect(findings([FAST, pvc('data', '10Gi')], [FAST, labelled])).toEqual([]);
  });

  test('a changed class is refused', () => {
    expect(findings([FAST, pvc('data', '10Gi')], [FAST, pvc('data', '10Gi', { cls: 'slow' })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.storageClassName',
        message: `spec.storageClassName changed from "fast" to "slow": the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")${CLAIM_REPLACE_HINT}`,
      },
    ]);
  });

  test('the message before 1.29 does not name volumeAttributesClassName', () => {
    expect(
      findings([FAST, pvc('data', '10Gi')], [FAST, pvc('data', '10Gi', { modes: ['ReadWriteMany'] })], {
        kubernetesVersion: '1.28',
      }),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.accessModes',
        message: `spec.accessModes changed from ["ReadWriteOnce"] to ["ReadWriteMany"]: the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE_128}")${CLAIM_REPLACE_HINT}`,
      },
    ]);
  });

  test('a class removed from the manifest is refused (the apply clears the stored class)', () => {
    expect(findings([FAST, pvc('data', '10Gi')], [FAST, pvc('data', '10Gi', { cls: null })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.storageClassName',
        message: `spec.storageClassName is removed (was "fast"): the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")${CLAIM_REPLACE_HINT}`,
      },
    ]);
  });

  test('a class set on a claim created without one: accepted when it is the default class it got', () => {
    const std = storageClass('std', { isDefault: true, expand: true });
    expect(
      findings([std, pvc('data', '1Gi', { cls: null })], [std, pvc('data', '1Gi', { cls: 'std' })]),
    ).toEqual([]);
    expect(
      findings([std, pvc('data', '1Gi', { cls: null })], [std, pvc('data', '1Gi', { cls: 'other' })]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.storageClassName',
        message: `spec.storageClassName is set to "other", but the stored claim holds "std", the default class admission gave it at creation: the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")${CLAIM_REPLACE_HINT}`,
      },
    ]);
  });

  test('a class set on a claim created without one, the default class unknown: a warning naming the option', () => {
    const prev = [pvc('data', '1Gi', { cls: null })];
    const next = [pvc('data', '1Gi', { cls: 'other' })];
    expect(findings(prev, next, { defaultStorageClass: '' })).toEqual([]);
    expect(findings(prev, next)).toEqual([
      {
        severity: 'warning',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.storageClassName',
        message: `spec.storageClassName is set to "other" on a claim created without one: the API server accepts it only if the claim got no default class at creation, or got exactly this one; the plan does not know the cluster's default StorageClass (set the defaultStorageClass option, "" for none). Otherwise it refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")`,
      },
    ]);
  });

  test('the class may move from the beta annotation to the field; the annotation itself is immutable', () => {
    const beta = { 'volume.beta.kubernetes.io/storage-class': 'fast' };
    const annotated = pvc('data', '1Gi', { cls: null, annotations: beta });
    expect(findings([FAST, annotated], [FAST, pvc('data', '1Gi')])).toEqual([]);
    expect(findings([FAST, annotated], [FAST, pvc('data', '1Gi', { cls: null })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'metadata.annotations["volume.beta.kubernetes.io/storage-class"]',
        message:
          'metadata.annotations["volume.beta.kubernetes.io/storage-class"] is removed (was "fast"): the API server refuses the update (ValidatePersistentVolumeClaimUpdate (ValidateImmutableAnnotation): "field is immutable")',
      },
    ]);
    expect(findings([FAST, annotated], [FAST, pvc('data', '1Gi', { cls: 'slow' })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'metadata.annotations["volume.beta.kubernetes.io/storage-class"]',
        message:
          'metadata.annotations["volume.beta.kubernetes.io/storage-class"] is removed (was "fast"): the API server refuses the update (ValidatePersistentVolumeClaimUpdate (ValidateImmutableAnnotation): "field is immutable")',
      },
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.storageClassName',
        message: `spec.storageClassName changed from "fast" to "slow": the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")${CLAIM_REPLACE_HINT}`,
      },
    ]);
  });

  test('volumeName may be set to the volume the claim is bound to, not to another', () => {
    const vol = pv('pv-1', { cls: 'fast' });
    const prev = [FAST, vol, pv('pv-2', { cls: 'fast' }), pvc('data', '1Gi')];
    expect(
      findings(prev, [FAST, vol, pv('pv-2', { cls: 'fast' }), pvc('data', '1Gi', { volumeName: 'pv-1' })]),
    ).toEqual([]);
    expect(
      findings(prev, [FAST, vol, pv('pv-2', { cls: 'fast' }), pvc('data', '1Gi', { volumeName: 'pv-2' })]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.volumeName',
        message: `spec.volumeName is set to "pv-2", but the claim is bound to "pv-1" (set by the PV controller): the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")`,
      },
    ]);
  });

  test('volumeName on a provisioned claim: a warning (the volume name is not in the manifests); removing it is refused', () => {
    expect(
      findings([FAST, pvc('data', '1Gi')], [FAST, pvc('data', '1Gi', { volumeName: 'pvc-123' })]),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.volumeName',
        message: `spec.volumeName is set to "pvc-123" on a claim bound to the volume provisioned for it, whose name (pvc-<uid>) the plan cannot see: unless "pvc-123" is that volume, the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")`,
      },
    ]);
    // A claim not bound yet may get a volumeName once.
    const wait = storageClass('wait', { binding: 'WaitForFirstConsumer' });
    expect(
      findings(
        [wait, pvc('data', '1Gi', { cls: 'wait' })],
        [wait, pvc('data', '1Gi', { cls: 'wait', volumeName: 'pv-9' })],
      ),
    ).toEqual([]);
    const vol = pv('pv-1', { cls: 'fast' });
    expect(
      findings([FAST, vol, pvc('data', '1Gi', { volumeName: 'pv-1' })], [FAST, vol, pvc('data', '1Gi')]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.volumeName',
        message: `spec.volumeName is removed (was "pv-1"): the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")`,
      },
    ]);
  });

  test('volumeAttributesClassName may change on a bound claim from 1.34, not to nothing once applied; before, the field is dropped', () => {
    const gold = pvc('data', '1Gi', { vac: 'gold' });
    expect(findings([FAST, pvc('data', '1Gi')], [FAST, gold])).toEqual([]);
    expect(findings([FAST, gold], [FAST, pvc('data', '1Gi', { vac: 'silver' })])).toEqual([]);
    expect(findings([FAST, gold], [FAST, pvc('data', '1Gi')], { kubernetesVersion: '1.33' })).toEqual([]);
    // Without the claim's status, whether a class was applied is not known: a warning naming it.
    expect(findings([FAST, gold], [FAST, pvc('data', '1Gi')])).toEqual([
      {
        severity: 'warning',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.volumeAttributesClassName',
        message:
          'spec.volumeAttributesClassName is removed (was "gold"): once a class has been applied to the volume (status.currentVolumeAttributesClassName, which the plan cannot see), the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "update to nil is forbidden when status.currentVolumeAttributesClassName is not nil"); clearing it is allowed only while no class has taken effect',
      },
    ]);
    // The stored claim's status (as kubectl get -o yaml prints it) settles it.
    const applied = { ...gold, status: { phase: 'Bound', currentVolumeAttributesClassName: 'gold' } };
    expect(findings([FAST, applied], [FAST, pvc('data', '1Gi', { vac: '' })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.volumeAttributesClassName',
        message:
          'spec.volumeAttributesClassName changed from "gold" to "": the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "update to empty string is forbidden when status.currentVolumeAttributesClassName is not nil")',
      },
    ]);
    const notApplied = { ...gold, status: { phase: 'Bound' } };
    expect(findings([FAST, notApplied], [FAST, pvc('data', '1Gi')])).toEqual([]);
    // `status: {}` (kubectl --dry-run prints it) is no status: still the warning
    expect(
      findings([FAST, { ...gold, status: {} }], [FAST, pvc('data', '1Gi')]).map((f) => f.severity),
    ).toEqual(['warning']);
    // "" is a value (a non-nil pointer upstream): refused
    expect(
      findings(
        [FAST, { ...gold, status: { phase: 'Bound', currentVolumeAttributesClassName: '' } }],
        [FAST, pvc('data', '1Gi')],
      ).map((f) => f.severity),
    ).toEqual(['error']);
    const wait = storageClass('wait', { binding: 'WaitForFirstConsumer' });
    expect(
      findings(
        [wait, pvc('data', '1Gi', { cls: 'wait' })],
        [wait, pvc('data', '1Gi', { cls: 'wait', vac: 'gold' })],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.volumeAttributesClassName',
        message: `spec.volumeAttributesClassName is set to "gold" (was unset): the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}") (it may change only on a bound claim)`,
      },
    ]);
  });

  test('other requests and limits are immutable', () => {
    const limited = pvc('data', '1Gi');
    limited.spec.resources = { requests: { storage: '1Gi' }, limits: { storage: '2Gi' } };
    expect(findings([FAST, pvc('data', '1Gi')], [FAST, limited])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: CLAIM,
        field: 'spec.resources.limits',
        message: `spec.resources.limits is set to {storage: "2Gi"} (was unset): the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}")`,
      },
    ]);
    const other = pvc('data', '1Gi');
    other.spec.resources = { requests: { storage: '1Gi', 'example.com/iops': '100' } };
    expect(findings([FAST, pvc('data', '1Gi')], [FAST, other])[0].field).toBe(
      'spec.resources.requests.example.com/iops',
    );
  });

  test('claim-shrink: a lower request is refused; an equal one in other units is no change', () => {
    expect(findings([FAST, pvc('data', '10Gi')], [FAST, pvc('data', '10240Mi')])).toEqual([]);
    expect(findings([FAST, pvc('data', '10Gi')], [FAST, pvc('data', '5Gi')])).toEqual([
      {
        severity: 'error',
        rule: 'claim-shrink',
        object: CLAIM,
        field: 'spec.resources.requests.storage',
        message:
          'spec.resources.requests.storage shrinks from 10Gi to 5Gi: the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "field can not be less than status.capacity"); a lower request is accepted only above status.capacity, to recover from a failed expansion; a volume never shrinks: keep 10Gi, or copy the data to a new, smaller claim',
      },
    ]);
  });

  test('claim-shrink before 1.32 (no RecoverVolumeExpansionFailure), across units: exact bytes', () => {
    expect(
      findings([FAST, pvc('data', '10Gi')], [FAST, pvc('data', '10G')], { kubernetesVersion: '1.31' }),
    ).toEqual([
      {
        severity: 'error',
        rule: 'claim-shrink',
        object: CLAIM,
        field: 'spec.resources.requests.storage',
        message:
          'spec.resources.requests.storage shrinks from 10Gi = 10,737,418,240 bytes to 10G = 10,000,000,000 bytes: the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "field can not be less than previous value"); a volume never shrinks: keep 10Gi, or copy the data to a new, smaller claim',
      },
    ]);
  });

  test('claim-resize-unsupported: the class does not allow expansion', () => {
    expect(
      findings(
        [FIXED, pvc('data', '10Gi', { cls: 'fixed' })],
        [FIXED, pvc('data', '20Gi', { cls: 'fixed' })],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'claim-resize-unsupported',
        object: CLAIM,
        field: 'spec.resources.requests.storage',
        message: `spec.resources.requests.storage grows from 10Gi to 20Gi, but StorageClass fixed does not allow volume expansion (allowVolumeExpansion is unset): the API server refuses the update (PersistentVolumeClaimResize: "${RESIZE_REFUSAL}"); set allowVolumeExpansion: true on the class (it may change) if its driver can expand volumes`,
      },
    ]);
  });

  test('claim-resize-unsupported: the class allowing expansion in the same change is enough', () => {
    const expandable = storageClass('fixed', { expand: true });
    expect(
      findings(
        [FIXED, pvc('data', '10Gi', { cls: 'fixed' })],
        [expandable, pvc('data', '20Gi', { cls: 'fixed' })],
      ),
    ).toEqual([]);
  });

  test('claim-resize-unsupported: a class-less claim never grows', () => {
    const vol = pv('pv-1', { reclaim: 'Retain' });
    expect(
      findings(
        [vol, pvc('data', '10Gi', { cls: '', volumeName: 'pv-1' })],
        [vol, pvc('data', '20Gi', { cls: '', volumeName: 'pv-1' })],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'claim-resize-unsupported',
        object: CLAIM,
        field: 'spec.resources.requests.storage',
        message: `spec.resources.requests.storage grows from 10Gi to 20Gi, but the claim has no StorageClass (storageClassName ""): the API server refuses the update (PersistentVolumeClaimResize: "${RESIZE_REFUSAL}"); a class-less (static) volume is grown by its administrator, then bound to a new claim`,
      },
    ]);
  });

  test('claim-resize-unsupported: a claim that is not bound cannot grow', () => {
    const wait = storageClass('wait', { binding: 'WaitForFirstConsumer', expand: true });
    expect(
      findings([wait, pvc('data', '1Gi', { cls: 'wait' })], [wait, pvc('data', '2Gi', { cls: 'wait' })]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'claim-resize-unsupported',
        object: CLAIM,
        field: 'spec.resources.requests.storage',
        message: `spec.resources.requests.storage grows from 1Gi to 2Gi, but the claim is not bound (waiting): the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${PVC_IMMUTABLE}"; PersistentVolumeClaimResize: "Only bound persistent volume claims can be expanded"); change the request before the claim is created, or once it is bound`,
      },
    ]);
    // The same claim mounted by a workload is bound once its pod is scheduled: it may grow.
    expect(
      findings(
        [wait, pvc('data', '1Gi', { cls: 'wait' }), deployment('data')],
        [wait, pvc('data', '2Gi', { cls: 'wait' }), deployment('data')],
      ),
    ).toEqual([]);
  });

  test('claim-resize-unsupported: a warning when the class is not among the manifests', () => {
    expect(findings([pvc('data', '1Gi', { cls: 'ext' })], [pvc('data', '2Gi', { cls: 'ext' })])).toEqual([
      {
        severity: 'warning',
        rule: 'claim-resize-unsupported',
        object: CLAIM,
        field: 'spec.resources.requests.storage',
        message: `spec.resources.requests.storage grows from 1Gi to 2Gi, and StorageClass ext is not among the manifests: the API server accepts the update only if the claim is bound and the class has allowVolumeExpansion: true, else it refuses it (PersistentVolumeClaimResize: "${RESIZE_REFUSAL}")`,
      },
    ]);
  });

  test('claim-resize-unsupported: a warning when the claim names no class and the default is unknown', () => {
    expect(findings([pvc('data', '1Gi', { cls: null })], [pvc('data', '2Gi', { cls: null })])).toEqual([
      {
        severity: 'warning',
        rule: 'claim-resize-unsupported',
        object: CLAIM,
        field: 'spec.resources.requests.storage',
        message: `spec.resources.requests.storage grows from 1Gi to 2Gi; the claim names no StorageClass and the plan does not know the default class it got (set the defaultStorageClass option): PersistentVolumeClaimResize accepts the update only if that class provisioned the claim and has allowVolumeExpansion: true, else the API server refuses it ("${RESIZE_REFUSAL}")`,
      },
    ]);
    // With the default class named, the verdict is the class's.
    const std = storageClass('std', { expand: true });
    expect(
      findings([std, pvc('data', '1Gi', { cls: null })], [std, pvc('data', '2Gi', { cls: null })], {
        defaultStorageClass: 'std',
      }),
    ).toEqual([]);
  });

  test('a request that does not parse is left to the validation', () => {
    expect(findings([FAST, pvc('data', '1Gi')], [FAST, pvc('data', '1Gx')])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('PersistentVolume updates (ValidatePersistentVolumeUpdate)', () => {
  const PV = 'PersistentVolume/pv-1';

  test('capacity, class, mount options and the reclaim policy may change', () => {
    expect(findings([pv('pv-1')], [pv('pv-1', { size: '20Gi', cls: 'manual', reclaim: 'Retain' })])).toEqual(
      [],
    );
  });

  test('the source is immutable', () => {
    expect(findings([pv('pv-1')], [pv('pv-1', { server: 'other.example.com' })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: PV,
        field: 'spec.nfs',
        message:
          'spec.nfs changed from {server: "nfs.example.com", path: "/exports/a"} to {server: "other.example.com", path: "/exports/a"}: the API server refuses the update (ValidatePersistentVolumeUpdate: "spec.persistentvolumesource is immutable after creation"); a volume\'s storage is fixed: create a new PersistentVolume',
      },
    ]);
  });

  test('a CSI controllerExpandSecretRef may be added, nothing else of the source', () => {
    const csi = (extra: Obj = {}) => ({
      ...pv('pv-1'),
      spec: {
        ...pv('pv-1').spec,
        nfs: undefined,
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1', ...extra },
      },
    });
    expect(
      findings([csi()], [csi({ controllerExpandSecretRef: { name: 's', namespace: 'kube-system' } })]),
    ).toEqual([]);
    expect(findings([csi()], [csi({ volumeHandle: 'vol-2' })])[0].field).toBe('spec.csi');
  });

  test('volumeMode is immutable (Filesystem is the default)', () => {
    expect(findings([pv('pv-1')], [pv('pv-1', { mode: 'Filesystem' })])).toEqual([]);
    expect(findings([pv('pv-1')], [pv('pv-1', { mode: 'Block' })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: PV,
        field: 'spec.volumeMode',
        message:
          'spec.volumeMode changed from "Filesystem" to "Block": the API server refuses the update (ValidatePersistentVolumeUpdate (ValidateImmutableField): "field is immutable")',
      },
    ]);
  });

  test('a node affinity may be added, not changed', () => {
    const on = (node: string) => ({
      required: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
        ],
      },
    });
    expect(findings([pv('pv-1')], [pv('pv-1', { affinity: on('a') })])).toEqual([]);
    expect(findings([pv('pv-1', { affinity: on('a') })], [pv('pv-1', { affinity: on('b') })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: PV,
        field: 'spec.nodeAffinity',
        message:
          'spec.nodeAffinity changed (spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0] from "a" to "b"): the API server refuses the update (ValidatePersistentVolumeUpdate (validatePvNodeAffinity): "field is immutable"); a node affinity may be added to a volume that has none, not changed (MutablePVNodeAffinity, alpha from 1.35, is off by default)',
      },
    ]);
  });

  test('volumeAttributesClassName may not go from a value to none (1.34 on)', () => {
    const vac = (v?: string) => ({
      ...pv('pv-1'),
      spec: { ...pv('pv-1').spec, ...(v ? { volumeAttributesClassName: v } : {}) },
    });
    expect(findings([vac('gold')], [vac('silver')])).toEqual([]);
    expect(findings([vac('gold')], [vac()], { kubernetesVersion: '1.30' })).toEqual([]);
    expect(findings([vac('gold')], [vac()])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: PV,
        field: 'spec.volumeAttributesClassName',
        message:
          'spec.volumeAttributesClassName is removed (was "gold"): the API server refuses the update (ValidatePersistentVolumeUpdate: "update from non-nil value to nil is forbidden")',
      },
    ]);
  });

  test('reclaim-policy-to-delete: a reclaim policy changed to Delete warns', () => {
    expect(
      findings([pv('pv-1', { reclaim: 'Delete' })], [pv('pv-1', { reclaim: 'Delete', size: '20Gi' })]),
    ).toEqual([]);
    const plan = change([pv('pv-1')], [pv('pv-1', { reclaim: 'Delete' })]);
    expect(plan.findings).toEqual([
      {
        severity: 'warning',
        rule: 'reclaim-policy-to-delete',
        object: PV,
        field: 'spec.persistentVolumeReclaimPolicy',
        message:
          'persistentVolumeReclaimPolicy changes from Retain to Delete: deleting the claim bound to it now deletes the volume and its data (kubectl delete, a namespace deletion, a GitOps prune); keep Retain for data you keep',
      },
    ]);
    expect(plan.changes[0].data).toBe('deleting the claim bound to it now deletes the volume and its data');
  });
});

// ---------------------------------------------------------------------------------------------

describe('StorageClass updates (ValidateStorageClassUpdate)', () => {
  test('allowVolumeExpansion, mount options and annotations may change; spelled-out defaults are no change', () => {
    const changed = {
      ...storageClass('fixed', {
        expand: true,
        mountOptions: ['noatime'],
        reclaim: 'Delete',
        binding: 'Immediate',
      }),
    };
    changed.metadata.annotations = { 'storageclass.kubernetes.io/is-default-class': 'true' };
    expect(findings([FIXED], [changed])).toEqual([]);
  });

  test('parameters, provisioner, reclaimPolicy and volumeBindingMode are immutable', () => {
    const before = storageClass('fast', { params: { type: 'gp2' } });
    const after = storageClass('fast', {
      params: { type: 'gp3' },
      provisioner: 'kubernetes.io/aws-ebs',
      reclaim: 'Retain',
      binding: 'WaitForFirstConsumer',
    });
    expect(findings([before], [after])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'StorageClass/fast',
        field: 'parameters',
        message: `parameters changed from {type: "gp2"} to {type: "gp3"}: the API server refuses the update (ValidateStorageClassUpdate: "updates to parameters are forbidden.")${CLASS_HINT}`,
      },
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'StorageClass/fast',
        field: 'provisioner',
        message: `provisioner changed from "ebs.csi.aws.com" to "kubernetes.io/aws-ebs": the API server refuses the update (ValidateStorageClassUpdate: "updates to provisioner are forbidden.")${CLASS_HINT}`,
      },
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'StorageClass/fast',
        field: 'reclaimPolicy',
        message: `reclaimPolicy changed from "Delete" to "Retain": the API server refuses the update (ValidateStorageClassUpdate: "updates to reclaimPolicy are forbidden.")${CLASS_HINT}`,
      },
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'StorageClass/fast',
        field: 'volumeBindingMode',
        message: `volumeBindingMode changed from "Immediate" to "WaitForFirstConsumer": the API server refuses the update (ValidateStorageClassUpdate (ValidateImmutableField): "field is immutable")${CLASS_HINT}`,
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('StatefulSet updates (ValidateStatefulSetUpdate) and its claims', () => {
  const STS = 'StatefulSet/app/db';

  test('replicas, template, updateStrategy, minReadySeconds, ordinals and the retention policy may change', () => {
    const next = statefulSet('db', 5, [template('data', '10Gi')], {
      image: 'postgres:17',
      start: 0,
      policy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    });
    next.spec.updateStrategy = { type: 'OnDelete' };
    next.spec.minReadySeconds = 10;
    expect(findings([FAST, statefulSet('db', 3, [template('data', '10Gi')])], [FAST, next])).toEqual([]);
  });

  test('a claim template change is refused, with how to grow the claims', () => {
    expect(
      findings(
        [FAST, statefulSet('db', 3, [template('data', '10Gi')])],
        [FAST, statefulSet('db', 3, [template('data', '20Gi')])],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: STS,
        field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
        message: `spec.volumeClaimTemplates[0].spec.resources.requests.storage changed from "10Gi" to "20Gi": the API server refuses the update (ValidateStatefulSetUpdate: "${STS_FORBIDDEN}"); claim templates are fixed for the StatefulSet's life (kubernetes/kubernetes#68737); to grow the claims, resize each claim (data-db-0, data-db-1, data-db-2; its class must allow expansion), then recreate the StatefulSet with the new size: kubectl delete statefulset db --cascade=orphan, then apply`,
      },
    ]);
  });

  test('a template with several changes, an added template and a removed one', () => {
    const changed = template('data', '10Gi', 'slow');
    changed.spec.accessModes = ['ReadWriteMany'];
    expect(
      findings(
        [FAST, statefulSet('db', 2, [template('data', '10Gi'), template('logs', '1Gi')])],
        [FAST, statefulSet('db', 2, [changed])],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: STS,
        field: 'spec.volumeClaimTemplates[0]',
        message: `spec.volumeClaimTemplates[0] ("data") changes 2 fields (spec.volumeClaimTemplates[0].spec.accessModes[0], spec.volumeClaimTemplates[0].spec.storageClassName): the API server refuses the update (ValidateStatefulSetUpdate: "${STS_FORBIDDEN}"); claim templates are fixed for the StatefulSet's life (kubernetes/kubernetes#68737)${RECREATE('db')}`,
      },
      {
        severity: 'error',
        rule: 'update-immutable',
        object: STS,
        field: 'spec.volumeClaimTemplates[1]',
        message: `spec.volumeClaimTemplates[1] is removed ("logs"): the API server refuses the update (ValidateStatefulSetUpdate: "${STS_FORBIDDEN}"); claim templates are fixed for the StatefulSet's life (kubernetes/kubernetes#68737)${RECREATE('db')}`,
      },
    ]);
    expect(
      findings([FAST, statefulSet('db', 2, [])], [FAST, statefulSet('db', 2, [template('data', '1Gi')])]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: STS,
        field: 'spec.volumeClaimTemplates[0]',
        message: `spec.volumeClaimTemplates[0] is added ("data"): the API server refuses the update (ValidateStatefulSetUpdate: "${STS_FORBIDDEN}"); claim templates are fixed for the StatefulSet's life (kubernetes/kubernetes#68737)${RECREATE('db')}`,
      },
    ]);
  });

  test('claim-renamed: a renamed claim template names the claims whose data stays behind', () => {
    expect(
      findings(
        [FAST, statefulSet('db', 3, [template('data', '10Gi')])],
        [FAST, statefulSet('db', 3, [template('storage', '10Gi')])],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: STS,
        field: 'spec.volumeClaimTemplates[0].metadata.name',
        message: `spec.volumeClaimTemplates[0].metadata.name changed from "data" to "storage": the API server refuses the update (ValidateStatefulSetUpdate: "${STS_FORBIDDEN}"); claim templates are fixed for the StatefulSet's life (kubernetes/kubernetes#68737)${RECREATE('db')}`,
      },
      {
        severity: 'warning',
        rule: 'claim-renamed',
        object: STS,
        field: 'spec.volumeClaimTemplates[0].metadata.name',
        message:
          'claim template data is renamed storage: if the StatefulSet is recreated to force it, its pods get new empty claims storage-db-0, storage-db-1, storage-db-2 and the data stays in data-db-0, data-db-1, data-db-2',
      },
    ]);
  });

  test('serviceName, selector and podManagementPolicy are immutable; the message follows the version', () => {
    const prev = [FAST, statefulSet('db', 2, [template('data', '1Gi')])];
    const next = [FAST, statefulSet('db', 2, [template('data', '1Gi')], { serviceName: 'db-headless' })];
    const expected = (message: string): Finding[] => [
      {
        severity: 'error',
        rule: 'update-immutable',
        object: STS,
        field: 'spec.serviceName',
        message: `spec.serviceName changed from "db" to "db-headless": the API server refuses the update (ValidateStatefulSetUpdate: "${message}")${RECREATE('db')}`,
      },
    ];
    expect(findings(prev, next)).toEqual(expected(STS_FORBIDDEN));
    expect(findings(prev, next, { kubernetesVersion: '1.30' })).toEqual(expected(STS_FORBIDDEN_OLD));
    const parallel = statefulSet('db', 2, [template('data', '1Gi')]);
    parallel.spec.podManagementPolicy = 'Parallel';
    expect(findings(prev, [FAST, parallel]).map((f) => f.field)).toEqual(['spec.podManagementPolicy']);
  });

  test('revisionHistoryLimit may change from 1.34; refused before 1.33; 1.33 is not confirmed', () => {
    const prev = [FAST, statefulSet('db', 2, [template('data', '1Gi')])];
    const next = [FAST, statefulSet('db', 2, [template('data', '1Gi')], { revisionHistoryLimit: 3 })];
    expect(findings(prev, next)).toEqual([]);
    expect(findings(prev, next, { kubernetesVersion: '1.32' })).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: STS,
        field: 'spec.revisionHistoryLimit',
        message: `spec.revisionHistoryLimit changed from 10 to 3: the API server refuses the update (ValidateStatefulSetUpdate: "${STS_FORBIDDEN_OLD}")${RECREATE('db')}`,
      },
    ]);
    expect(findings(prev, next, { kubernetesVersion: '1.33' })).toEqual([
      {
        severity: 'warning',
        rule: 'update-immutable',
        object: STS,
        field: 'spec.revisionHistoryLimit',
        message:
          "spec.revisionHistoryLimit changed from 10 to 3: the API server refuses it up to 1.32 and accepts it from 1.34 (whose ValidateStatefulSetUpdate lists 'revisionHistoryLimit'); the plan has not confirmed 1.33",
      },
    ]);
  });

  test('statefulset-scale-down-deletes: a scale-down under whenScaled: Delete names the claims it deletes', () => {
    const plan = change(
      [FAST, statefulSet('db', 5, [template('data', '10Gi')])],
      [FAST, statefulSet('db', 2, [template('data', '10Gi')], { policy: { whenScaled: 'Delete' } })],
    );
    expect(plan.findings).toEqual([
      {
        severity: 'error',
        rule: 'statefulset-scale-down-deletes',
        object: STS,
        field: 'spec.replicas',
        message:
          'spec.replicas goes from 5 to 2 under persistentVolumeClaimRetentionPolicy.whenScaled: Delete: the StatefulSet controller deletes the claims of the removed replicas with their pods, data-db-2, data-db-3, data-db-4: their volumes and data are deleted (StorageClass fast reclaimPolicy Delete, the default); a later scale-up gets new empty volumes. Set whenScaled: Retain to keep them',
      },
    ]);
    expect(changeOf(plan, STS)?.data).toBe(
      'claims data-db-2, data-db-3, data-db-4 are deleted with their pods: their volumes and data are deleted (StorageClass fast reclaimPolicy Delete, the default); a later scale-up gets new empty volumes',
    );
  });

  test('statefulset-scale-down-deletes: names a few claims and counts the rest; Retained volumes warn', () => {
    const keep = storageClass('keep', { reclaim: 'Retain' });
    expect(
      findings(
        [keep, statefulSet('db', 10, [template('data', '1Gi', 'keep'), template('wal', '1Gi', 'keep')])],
        [
          keep,
          statefulSet('db', 1, [template('data', '1Gi', 'keep'), template('wal', '1Gi', 'keep')], {
            policy: { whenScaled: 'Delete' },
          }),
        ],
      ),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'statefulset-scale-down-deletes',
        object: STS,
        field: 'spec.replicas',
        message:
          'spec.replicas goes from 10 to 1 under persistentVolumeClaimRetentionPolicy.whenScaled: Delete: the StatefulSet controller deletes the claims of the removed replicas with their pods, data-db-1, wal-db-1, data-db-2 and 15 more: their volumes are kept with the data, Released (StorageClass keep reclaimPolicy Retain); a later scale-up gets new empty volumes. Set whenScaled: Retain to keep them',
      },
    ]);
  });

  test('statefulset-scale-down-deletes: a warning when the claims got the unknown default class', () => {
    const classless = {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    expect(
      findings(
        [statefulSet('db', 3, [classless])],
        [statefulSet('db', 1, [classless], { policy: { whenScaled: 'Delete' } })],
      ),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'statefulset-scale-down-deletes',
        object: STS,
        field: 'spec.replicas',
        message:
          'spec.replicas goes from 3 to 1 under persistentVolumeClaimRetentionPolicy.whenScaled: Delete: the StatefulSet controller deletes the claims of the removed replicas with their pods, data-db-1, data-db-2: their volumes are deleted with the data if their class has reclaimPolicy Delete (the default StorageClass is unknown); a later scale-up gets new empty volumes. Set whenScaled: Retain to keep them',
      },
    ]);
  });

  test('a scale-down under whenScaled: Retain keeps the claims; a moved ordinals start removes ordinals too', () => {
    const plan = change(
      [FAST, statefulSet('db', 3, [template('data', '1Gi')])],
      [FAST, statefulSet('db', 1, [template('data', '1Gi')])],
    );
    expect(plan.findings).toEqual([]);
    expect(changeOf(plan, STS)?.data).toBe(
      'claims data-db-1, data-db-2 of the removed replicas are kept (whenScaled: Retain) and reused by a later scale-up',
    );
    expect(
      findings(
        [FAST, statefulSet('db', 2, [template('data', '1Gi')], { policy: { whenScaled: 'Delete' } })],
        [
          FAST,
          statefulSet('db', 2, [template('data', '1Gi')], { policy: { whenScaled: 'Delete' }, start: 1 }),
        ],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'statefulset-scale-down-deletes',
        object: STS,
        field: 'spec.ordinals.start',
        message:
          'spec.ordinals.start moves from 0 to 1 under persistentVolumeClaimRetentionPolicy.whenScaled: Delete: the StatefulSet controller deletes the claims of the removed replicas with their pods, data-db-0: the volume provisioned for it and its data are deleted (StorageClass fast reclaimPolicy Delete, the default); a later scale-up gets new empty volumes. Set whenScaled: Retain to keep them',
      },
    ]);
  });

  test('a scale-up, or a scale-down of a set without claim templates, says nothing', () => {
    expect(
      change(
        [FAST, statefulSet('db', 1, [template('data', '1Gi')])],
        [FAST, statefulSet('db', 4, [template('data', '1Gi')], { policy: { whenScaled: 'Delete' } })],
      ),
    ).toEqual({
      changes: [
        { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
        {
          object: STS,
          apiVersion: 'apps/v1',
          action: 'update',
          fields: ['spec.replicas', 'spec.persistentVolumeClaimRetentionPolicy.whenScaled'],
        },
      ],
      findings: [],
    });
    expect(
      findings([statefulSet('db', 3, [])], [statefulSet('db', 1, [], { policy: { whenScaled: 'Delete' } })]),
    ).toEqual([]);
  });

  test('claim-renamed: a StatefulSet replaced by one of another name starts on new claims', () => {
    const plan = change(
      [FAST, statefulSet('db', 2, [template('data', '1Gi')])],
      [FAST, statefulSet('db2', 2, [template('data', '1Gi')])],
    );
    expect(plan.findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-renamed',
        object: 'StatefulSet/app/db2',
        field: 'metadata.name',
        message:
          "StatefulSet db2 replaces db (deleted by this change) with the same claim template data: its pods get new empty claims data-db2-0, data-db2-1, and the data stays in data-db-0, data-db-1; keep the StatefulSet's name to keep its claims",
      },
    ]);
    expect(changeOf(plan, STS)?.data).toBe(
      'its claims data-db-0, data-db-1 are kept (persistentVolumeClaimRetentionPolicy.whenDeleted: Retain)',
    );
    // A new StatefulSet with other claim templates is no rename.
    expect(
      findings(
        [FAST, statefulSet('db', 2, [template('data', '1Gi')])],
        [FAST, statefulSet('cache', 2, [template('cache', '1Gi')])],
      ),
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('Deployment, ReplicaSet, DaemonSet, Job and Pod updates', () => {
  test('a Deployment may change replicas and its template, not its selector', () => {
    const next = deployment('data', { replicas: 4 });
    next.spec.template.spec.containers[0].image = 'nginx:1.26';
    expect(
      findings([FAST, pvc('data', '1Gi'), deployment('data')], [FAST, pvc('data', '1Gi'), next]),
    ).toEqual([]);
    expect(
      findings(
        [FAST, pvc('data', '1Gi'), deployment('data')],
        [FAST, pvc('data', '1Gi'), deployment('data', { selector: 'web2' })],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Deployment/app/web',
        field: 'spec.selector',
        message:
          'spec.selector changed from {matchLabels: {app: "web"}} to {matchLabels: {app: "web2"}}: the API server refuses the update (ValidateDeploymentUpdate (strategy ValidateUpdate: ValidateImmutableField): "field is immutable"); to change it, delete the Deployment and create it again (kubectl delete --cascade=orphan keeps its pods until the new one adopts them)',
      },
    ]);
  });

  test('ReplicaSet and DaemonSet selectors are immutable too', () => {
    for (const kind of ['ReplicaSet', 'DaemonSet']) {
      const a = { ...deployment('data'), kind };
      const b = { ...deployment('data', { selector: 'other' }), kind };
      expect(findings([a], [b])).toEqual([
        {
          severity: 'error',
          rule: 'update-immutable',
          object: `${kind}/app/web`,
          field: 'spec.selector',
          message: `spec.selector changed from {matchLabels: {app: "web"}} to {matchLabels: {app: "other"}}: the API server refuses the update (Validate${kind}Update (strategy ValidateUpdate: ValidateImmutableField): "field is immutable"); to change it, delete the ${kind} and create it again (kubectl delete --cascade=orphan keeps its pods until the new one adopts them)`,
        },
      ]);
    }
  });

  test('a Job may change parallelism, not its template', () => {
    expect(findings([job()], [job({ parallelism: 3 })])).toEqual([]);
    expect(findings([job()], [job({ image: 'busybox:1.37' })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Job/app/migrate',
        field: 'spec.template',
        message: `spec.template changes (spec.template.spec.containers[0].image): the API server refuses the update (ValidateJobSpecUpdate (validatePodTemplateUpdate): "field is immutable")${JOB_HINT}`,
      },
    ]);
  });

  test("a suspended Job may change its template's scheduling directives only", () => {
    expect(findings([job({ suspend: true })], [job({ suspend: true, nodeSelector: { zone: 'a' } })])).toEqual(
      [],
    );
    expect(findings([job()], [job({ nodeSelector: { zone: 'a' } })])[0].field).toBe('spec.template');
    expect(
      findings([job({ suspend: true })], [job({ suspend: true, image: 'x:1', nodeSelector: { zone: 'a' } })]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Job/app/migrate',
        field: 'spec.template',
        message: `spec.template changes (spec.template.spec.containers[0].image and 1 more): the API server refuses the update (ValidateJobSpecUpdate (validatePodTemplateUpdate): "field is immutable"); a suspended Job may change only the scheduling directives of its template${JOB_HINT}`,
      },
    ]);
  });

  test('Job completions: immutable, except an Indexed Job changing it with parallelism', () => {
    expect(findings([job()], [job({ completions: 1 })])).toEqual([]);
    expect(findings([job({ completions: 2 })], [job({ completions: 3 })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Job/app/migrate',
        field: 'spec.completions',
        message: `spec.completions changed from 2 to 3: the API server refuses the update (ValidateJobSpecUpdate (validateCompletions): "field is immutable")${JOB_HINT}`,
      },
    ]);
    const indexed = (n: number, p: number) => job({ mode: 'Indexed', completions: n, parallelism: p });
    expect(findings([indexed(2, 2)], [indexed(4, 4)])).toEqual([]);
    expect(findings([indexed(2, 2)], [indexed(4, 2)])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Job/app/migrate',
        field: 'spec.completions',
        message:
          'spec.completions changed from 2 to 4: the API server refuses the update (ValidateJobSpecUpdate (validateCompletions): "can only be modified in tandem with spec.parallelism")',
      },
    ]);
    expect(findings([job()], [job({ mode: 'Indexed' })])[0].field).toBe('spec.completionMode');
  });

  test('a CronJob may change anything', () => {
    const cron = (image: string) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', namespace: 'app' },
      spec: { schedule: '0 * * * *', jobTemplate: job({ image }) },
    });
    expect(findings([cron('a:1')], [cron('a:2')])).toEqual([]);
  });

  test('a Pod may change images, labels, add tolerations, lower activeDeadlineSeconds', () => {
    const next = pod({
      image: 'busybox:1.37',
      labels: { a: 'b' },
      tolerations: [{ key: 'k', operator: 'Exists', tolerationSeconds: 30 }],
      deadline: 60,
    });
    expect(
      findings([pod({ deadline: 120, tolerations: [{ key: 'k', operator: 'Exists' }] })], [next]),
    ).toEqual([]);
    expect(findings([pod({ grace: -1 })], [pod({ grace: 1 })])).toEqual([]);
    expect(findings([pod({ gates: ['a', 'b'] })], [pod({ gates: ['a'] })])).toEqual([]);
  });

  test('a Pod may change nothing else (ValidatePodUpdate)', () => {
    const withLimits = pod({
      containers: [{ name: 'tool', image: 'busybox:1.36', resources: { limits: { cpu: '1' } } }],
    });
    expect(findings([pod()], [withLimits])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Pod/app/tool',
        field: 'spec.containers[0].resources.limits.cpu',
        message: `spec.containers[0].resources.limits.cpu is set to "1" (was unset): the API server refuses the update (ValidatePodUpdate: "${POD_UPDATABLE}")${POD_HINT}`,
      },
    ]);
    expect(
      findings(
        [pod()],
        [
          pod({
            containers: [
              { name: 'tool', image: 'busybox:1.36' },
              { name: 'side', image: 'x:1' },
            ],
          }),
        ],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Pod/app/tool',
        field: 'spec.containers',
        message: `spec.containers goes from 1 to 2: the API server refuses the update (ValidatePodUpdate (ValidateContainerUpdates): "pod updates may not add or remove containers")${POD_HINT}`,
      },
    ]);
  });

  test('Pod tolerations, scheduling gates and activeDeadlineSeconds follow their own rules', () => {
    expect(findings([pod({ tolerations: [{ key: 'k', operator: 'Exists' }] })], [pod()])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Pod/app/tool',
        field: 'spec.tolerations',
        message:
          'spec.tolerations[0] ({key: "k", operator: "Exists"}) is removed or changed: the API server refuses the update (ValidatePodUpdate (validateOnlyAddedTolerations): "existing toleration can not be modified except its tolerationSeconds")',
      },
    ]);
    expect(findings([pod({ gates: ['a'] })], [pod({ gates: ['a', 'b'] })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Pod/app/tool',
        field: 'spec.schedulingGates[1].name',
        message:
          'spec.schedulingGates[1] ("b") is added: the API server refuses the update (ValidatePodUpdate (validateOnlyDeletedSchedulingGates): "only deletion is allowed, but found new scheduling gate \'b\'")',
      },
    ]);
    expect(findings([pod({ deadline: 60 })], [pod({ deadline: 120 })])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Pod/app/tool',
        field: 'spec.activeDeadlineSeconds',
        message:
          'spec.activeDeadlineSeconds changed from 60 to 120: the API server refuses the update (ValidatePodUpdate: "must be less than or equal to previous value")',
      },
    ]);
    expect(findings([pod({ deadline: 60 })], [pod()])).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'Pod/app/tool',
        field: 'spec.activeDeadlineSeconds',
        message:
          'spec.activeDeadlineSeconds is removed (was 60): the API server refuses the update (ValidatePodUpdate: "must not update from a positive integer to nil value")',
      },
    ]);
    expect(findings([pod({ grace: 10 })], [pod({ grace: 1 })])[0].field).toBe(
      'spec.terminationGracePeriodSeconds',
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('deletions: what a pruning apply does to data', () => {
  test('delete-data-loss: a pruned claim whose class deletes its volume', () => {
    expect(findings([FAST, pvc('data', '1Gi')], [FAST])).toEqual([
      {
        severity: 'error',
        rule: 'delete-data-loss',
        object: CLAIM,
        message: `the claim is no longer among the manifests, so a pruning apply (Argo CD, Flux, kubectl apply --prune) deletes it: the volume provisioned for it and its data are deleted (StorageClass fast reclaimPolicy Delete, the default); ${PRUNE_HINT}`,
      },
    ]);
  });

  test('delete-data-loss: a pruned claim bound to a volume with reclaim policy Delete', () => {
    const vol = pv('pv-1', { reclaim: 'Delete', cls: 'fast' });
    const plan = change([FAST, vol, pvc('data', '1Gi', { volumeName: 'pv-1' })], [FAST, vol]);
    expect(plan.findings).toEqual([
      {
        severity: 'error',
        rule: 'delete-data-loss',
        object: CLAIM,
        message: `the claim is no longer among the manifests, so a pruning apply (Argo CD, Flux, kubectl apply --prune) deletes it: the volume pv-1 and its data are deleted (PersistentVolume pv-1 reclaimPolicy Delete); ${PRUNE_HINT}`,
      },
    ]);
    expect(changeOf(plan, CLAIM)?.data).toBe(
      'the volume pv-1 and its data are deleted (PersistentVolume pv-1 reclaimPolicy Delete)',
    );
  });

  test('no finding when the volume is kept, or the claim never had one; the data says so', () => {
    const keep = storageClass('keep', { reclaim: 'Retain' });
    const kept = change([keep, pvc('data', '1Gi', { cls: 'keep' })], [keep]);
    expect(kept.findings).toEqual([]);
    expect(changeOf(kept, CLAIM)?.data).toBe(
      'the volume provisioned for it is kept with its data, Released (StorageClass keep reclaimPolicy Retain)',
    );
    const vol = pv('pv-1', { cls: 'fast' });
    expect(
      changeOf(change([FAST, vol, pvc('data', '1Gi', { volumeName: 'pv-1' })], [FAST, vol]), CLAIM)?.data,
    ).toBe(
      'the volume pv-1 is kept with its data, Released (PersistentVolume pv-1 reclaimPolicy Retain); no new claim binds it until its claimRef is cleared',
    );
    const wait = storageClass('wait', { binding: 'WaitForFirstConsumer' });
    const never = change([wait, pvc('data', '1Gi', { cls: 'wait' })], [wait]);
    expect(never.findings).toEqual([]);
    expect(changeOf(never, CLAIM)?.data).toBe('it has no volume yet, so no data is lost');
    const recycled = pv('pv-1', { reclaim: 'Recycle' });
    expect(
      findings([recycled, pvc('data', '1Gi', { cls: '', volumeName: 'pv-1' })], [recycled])[0].message,
    ).toContain(
      'the volume pv-1 is scrubbed for reuse, its data deleted (PersistentVolume pv-1 reclaimPolicy Recycle)',
    );
  });

  test('delete-data-loss: a warning when the class is not among the manifests, or the default class is unknown', () => {
    expect(findings([pvc('data', '1Gi', { cls: 'ext' })], [])).toEqual([
      {
        severity: 'warning',
        rule: 'delete-data-loss',
        object: CLAIM,
        message: `the claim is no longer among the manifests, so a pruning apply (Argo CD, Flux, kubectl apply --prune) deletes it: the volume provisioned for it is deleted with its data if StorageClass ext has reclaimPolicy Delete (the default; the class is not among the manifests); ${PRUNE_HINT}`,
      },
    ]);
    expect(findings([pvc('data', '1Gi', { cls: null })], [])).toEqual([
      {
        severity: 'warning',
        rule: 'delete-data-loss',
        object: CLAIM,
        message: `the claim is no longer among the manifests, so a pruning apply (Argo CD, Flux, kubectl apply --prune) deletes it: if the default StorageClass provisioned it, its volume is deleted with its data under that class's reclaimPolicy Delete (the default); the plan does not know the default class (set the defaultStorageClass option); ${PRUNE_HINT}`,
      },
    ]);
    expect(findings([pvc('data', '1Gi', { cls: null })], [], { defaultStorageClass: '' })).toEqual([]);
  });

  test('prune protection keeps the object: unchanged, no finding', () => {
    for (const annotations of [
      ARGO_KEEP,
      FLUX_KEEP,
      { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=false' },
    ]) {
      const plan = change([FAST, pvc('data', '1Gi', { annotations })], [FAST]);
      expect(plan.findings).toEqual([]);
      expect(changeOf(plan, CLAIM)).toEqual({
        object: CLAIM,
        apiVersion: 'v1',
        action: 'unchanged',
        data: 'kept: prune protection',
      });
    }
  });

  test('delete-data-loss: a StatefulSet pruned with whenDeleted: Delete takes its claims', () => {
    const plan = change(
      [FAST, statefulSet('db', 2, [template('data', '1Gi')], { policy: { whenDeleted: 'Delete' } })],
      [FAST],
    );
    expect(plan.findings).toEqual([
      {
        severity: 'error',
        rule: 'delete-data-loss',
        object: 'StatefulSet/app/db',
        field: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
        message: `the StatefulSet is no longer among the manifests, so a pruning apply deletes it, and its claims data-db-0, data-db-1 are deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete): their volumes and data are deleted (StorageClass fast reclaimPolicy Delete, the default); ${PRUNE_HINT}, or set whenDeleted: Retain first`,
      },
    ]);
    // Claims of a WaitForFirstConsumer class: the set's own pods mount them, so they are bound.
    const wait = storageClass('wait', { binding: 'WaitForFirstConsumer' });
    expect(
      findings(
        [
          wait,
          statefulSet('db', 1, [template('data', '1Gi', 'wait')], { policy: { whenDeleted: 'Delete' } }),
        ],
        [wait],
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'delete-data-loss',
        object: 'StatefulSet/app/db',
        field: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
        message: `the StatefulSet is no longer among the manifests, so a pruning apply deletes it, and its claim data-db-0 is deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete): the volume provisioned for it and its data are deleted (StorageClass wait reclaimPolicy Delete, the default); ${PRUNE_HINT}, or set whenDeleted: Retain first`,
      },
    ]);
    const keep = storageClass('keep', { reclaim: 'Retain' });
    const kept = change(
      [keep, statefulSet('db', 2, [template('data', '1Gi', 'keep')], { policy: { whenDeleted: 'Delete' } })],
      [keep],
    );
    expect(kept.findings).toEqual([]);
    expect(changeOf(kept, 'StatefulSet/app/db')?.data).toBe(
      'claims data-db-0, data-db-1 are deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete): their volumes are kept with the data, Released (StorageClass keep reclaimPolicy Retain)',
    );
    expect(
      findings(
        [statefulSet('db', 2, [template('data', '1Gi', 'ext')], { policy: { whenDeleted: 'Delete' } })],
        [],
      ),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'delete-data-loss',
        object: 'StatefulSet/app/db',
        field: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
        message: `the StatefulSet is no longer among the manifests, so a pruning apply deletes it, and its claims data-db-0, data-db-1 are deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete): their volumes are deleted with the data if their class has reclaimPolicy Delete (StorageClass ext is not among the manifests; Delete is the default); ${PRUNE_HINT}, or set whenDeleted: Retain first`,
      },
    ]);
    // whenDeleted: Retain (the default) keeps them; a set without templates has none.
    expect(findings([FAST, statefulSet('db', 2, [template('data', '1Gi')])], [FAST])).toEqual([]);
    expect(changeOf(change([statefulSet('db', 2, [])], []), 'StatefulSet/app/db')?.data).toBe(
      'it has no claim templates: no claim is deleted',
    );
  });

  test('delete-data-loss: a pruned PersistentVolume with reclaim policy Delete (HonorPVReclaimPolicy from 1.31)', () => {
    const vol = pv('pv-1', { reclaim: 'Delete' });
    expect(findings([vol], [])).toEqual([
      {
        severity: 'error',
        rule: 'delete-data-loss',
        object: 'PersistentVolume/pv-1',
        field: 'spec.persistentVolumeReclaimPolicy',
        message: `the PersistentVolume is no longer among the manifests, so a pruning apply deletes it: the volume pv-1 and its data are deleted (reclaimPolicy Delete), once no claim is bound to it (HonorPVReclaimPolicy); ${PRUNE_HINT}, or set reclaimPolicy Retain first`,
      },
    ]);
    expect(findings([vol], [], { kubernetesVersion: '1.30' })).toEqual([
      {
        severity: 'warning',
        rule: 'delete-data-loss',
        object: 'PersistentVolume/pv-1',
        field: 'spec.persistentVolumeReclaimPolicy',
        message: `the PersistentVolume (reclaimPolicy Delete) is no longer among the manifests, so a pruning apply deletes it: the object is deleted once no claim is bound to it; before Kubernetes 1.31 (HonorPVReclaimPolicy off) its storage is then left behind, not deleted, and no claim can reach the data; ${PRUNE_HINT}`,
      },
    ]);
    const kept = change([pv('pv-1')], []);
    expect(kept.findings).toEqual([]);
    expect(kept.changes[0].data).toBe(
      'the storage is kept (reclaimPolicy Retain); the object goes once no claim is bound to it (kubernetes.io/pv-protection)',
    );
  });

  test('delete-data-loss: a pruned Namespace takes its claims, whatever their own protection', () => {
    const plan = change(
      [
        namespace('app'),
        FAST,
        pvc('data', '1Gi'),
        pvc('logs', '1Gi', { annotations: ARGO_KEEP }),
        statefulSet('db', 1, [template('wal', '1Gi')], { policy: { whenDeleted: 'Delete' } }),
        deployment('data'),
      ],
      [FAST],
    );
    expect(plan.findings).toEqual([
      {
        severity: 'error',
        rule: 'delete-data-loss',
        object: 'Namespace/app',
        message: `the Namespace is no longer among the manifests, so a pruning apply deletes it: everything in it is deleted whatever its objects' own prune protection, claims data, logs, wal-db-0 too: their volumes and data are deleted (StorageClass fast reclaimPolicy Delete, the default); ${PRUNE_HINT}`,
      },
    ]);
    expect(plan.changes.map((c) => `${c.object} ${c.action}: ${c.data}`)).toEqual([
      'StorageClass/fast unchanged: undefined',
      "Namespace/app delete: everything in it is deleted whatever its objects' own prune protection, claims data, logs, wal-db-0 too: their volumes and data are deleted (StorageClass fast reclaimPolicy Delete, the default)",
      'PersistentVolumeClaim/app/data delete: the volume provisioned for it and its data are deleted (StorageClass fast reclaimPolicy Delete, the default); deleted with its namespace (see the Namespace)',
      "PersistentVolumeClaim/app/logs delete: its prune protection does not stop its namespace's deletion; the volume provisioned for it and its data are deleted (StorageClass fast reclaimPolicy Delete, the default); deleted with its namespace (see the Namespace)",
      'StatefulSet/app/db delete: claim wal-db-0 is deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete): the volume provisioned for it and its data are deleted (StorageClass fast reclaimPolicy Delete, the default); deleted with its namespace (see the Namespace)',
      'Deployment/app/web delete: deleted with its namespace (see the Namespace)',
    ]);
    // Protected, or holding no claims: nothing to report.
    expect(
      findings([namespace('app', FLUX_KEEP), FAST, pvc('data', '1Gi')], [FAST, pvc('data', '1Gi')]),
    ).toEqual([]);
    expect(changeOf(change([namespace('empty')], []), 'Namespace/empty')?.data).toBe(
      'everything in it is deleted; it holds no claims of the manifests',
    );
    // Claims with other fates are named by fate; claims without a volume, or a kept one, are no loss.
    const keep = storageClass('keep', { reclaim: 'Retain' });
    const wait = storageClass('wait', { binding: 'WaitForFirstConsumer' });
    const mixed = change(
      [
        namespace('app'),
        FAST,
        keep,
        wait,
        pvc('a', '1Gi'),
        pvc('b', '1Gi', { cls: 'keep' }),
        pvc('c', '1Gi', { cls: 'wait' }),
        pvc('d', '1Gi', { cls: 'ext' }),
      ],
      [FAST, keep, wait],
    );
    expect(changeOf(mixed, 'Namespace/app')?.data).toBe(
      "everything in it is deleted whatever its objects' own prune protection, claims a, b, c and 1 more too: a: volume and data deleted (StorageClass fast reclaimPolicy Delete, the default); b: volume kept with its data, Released (StorageClass keep reclaimPolicy Retain); c: no volume yet; d: volume deleted with its data if its class has reclaimPolicy Delete (StorageClass ext is not among the manifests; Delete is the default)",
    );
    expect(mixed.findings.map((f) => `${f.severity} ${f.object}`)).toEqual(['error Namespace/app']);
    const unbound = change(
      [namespace('app'), wait, pvc('c', '1Gi', { cls: 'wait' }), pvc('e', '1Gi', { cls: 'wait' })],
      [wait],
    );
    expect(unbound.findings).toEqual([]);
    expect(changeOf(unbound, 'Namespace/app')?.data).toBe(
      "everything in it is deleted whatever its objects' own prune protection, claims c, e too: they have no volume yet",
    );
    expect(findings([namespace('app'), keep, pvc('b', '1Gi', { cls: 'keep' })], [keep])).toEqual([]);
    expect(findings([namespace('app'), pvc('d', '1Gi', { cls: 'ext' })], [])).toEqual([
      {
        severity: 'warning',
        rule: 'delete-data-loss',
        object: 'Namespace/app',
        message: `the Namespace is no longer among the manifests, so a pruning apply deletes it: everything in it is deleted whatever its objects' own prune protection, claim d too: the volume provisioned for it is deleted with its data if StorageClass ext has reclaimPolicy Delete (the default; the class is not among the manifests); ${PRUNE_HINT}`,
      },
    ]);
  });

  test('a pruned StorageClass or workload says nothing about data', () => {
    expect(change([FAST, deployment('data')], [])).toEqual({
      changes: [
        { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'delete' },
        { object: 'Deployment/app/web', apiVersion: 'apps/v1', action: 'delete' },
      ],
      findings: [],
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('claim-renamed: a workload switched to another claim', () => {
  test('a renamed claim gives the workload a new empty volume', () => {
    const plan = change(
      [FAST, pvc('data', '1Gi'), deployment('data')],
      [FAST, pvc('data-v2', '1Gi'), deployment('data-v2')],
    );
    expect(plan.findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-renamed',
        object: 'Deployment/app/web',
        field: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
        message:
          'pod volume data now mounts claim data-v2 instead of data: data-v2 is new, so the pods start on the new empty claim data-v2; the data stays with data, which this change deletes (see its own finding). To keep the data, keep the claim name, or create data-v2 as a clone (dataSource: {kind: PersistentVolumeClaim, name: data})',
      },
      {
        severity: 'error',
        rule: 'delete-data-loss',
        object: CLAIM,
        message: `the claim is no longer among the manifests, so a pruning apply (Argo CD, Flux, kubectl apply --prune) deletes it: the volume provisioned for it and its data are deleted (StorageClass fast reclaimPolicy Delete, the default); ${PRUNE_HINT}`,
      },
    ]);
    expect(changeOf(plan, 'Deployment/app/web')?.data).toBe('the pods start on the new empty claim data-v2');
  });

  test('the old claim kept: still a warning, without the deletion', () => {
    expect(
      findings(
        [FAST, pvc('data', '1Gi'), deployment('data')],
        [FAST, pvc('data', '1Gi'), pvc('data-v2', '1Gi'), deployment('data-v2')],
      ).map((f) => f.message),
    ).toEqual([
      'pod volume data now mounts claim data-v2 instead of data: data-v2 is new, so the pods start on the new empty claim data-v2; the data stays with data. To keep the data, keep the claim name, or create data-v2 as a clone (dataSource: {kind: PersistentVolumeClaim, name: data})',
    ]);
  });

  test('no warning for a clone, an existing claim, or the same static volume', () => {
    const clone = pvc('data-v2', '1Gi', { dataSource: { kind: 'PersistentVolumeClaim', name: 'data' } });
    expect(
      findings(
        [FAST, pvc('data', '1Gi'), deployment('data')],
        [FAST, pvc('data', '1Gi'), clone, deployment('data-v2')],
      ),
    ).toEqual([]);
    expect(
      findings(
        [FAST, pvc('data', '1Gi'), pvc('other', '1Gi'), deployment('data')],
        [FAST, pvc('data', '1Gi'), pvc('other', '1Gi'), deployment('other')],
      ),
    ).toEqual([]);
    const vol = pv('pv-1', { cls: 'fast' });
    const rebound = change(
      [FAST, vol, pvc('data', '1Gi', { volumeName: 'pv-1' }), deployment('data')],
      [FAST, vol, pvc('data-v2', '1Gi', { volumeName: 'pv-1' }), deployment('data-v2')],
    );
    expect(rebound.findings).toEqual([]);
  });
});
