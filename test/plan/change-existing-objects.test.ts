/**
 * The change plan through planStorage(manifests, { previous, cluster }): generateName objects,
 * admission of claims that exist already, StatefulSet start ordinals, Helm's keep policy, and input
 * that throws when read.
 */
import { planStorage } from '../../src/plan/plan';
import { Finding, PlanOptions } from '../../src/plan/types';

type Obj = Record<string, any>;

const NS = 'app';

const klass = (name: string, o: { expand?: boolean; reclaim?: string } = {}): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner: 'ebs.csi.aws.com',
  ...(o.expand ? { allowVolumeExpansion: true } : {}),
  ...(o.reclaim ? { reclaimPolicy: o.reclaim } : {}),
});

const claim = (name: string, size: string, o: { annotations?: Record<string, string> } = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: NS, ...(o.annotations ? { annotations: o.annotations } : {}) },
  spec: {
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'fast',
    resources: { requests: { storage: size } },
  },
});

const quota = (hard: Record<string, string>): Obj => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'storage', namespace: NS },
  spec: { hard },
});

const limitRange = (min: string): Obj => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'claims', namespace: NS },
  spec: { limits: [{ type: 'PersistentVolumeClaim', min: { storage: min } }] },
});

const statefulSet = (o: { replicas: number; start?: number; whenScaled?: string }): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: NS },
  spec: {
    replicas: o.replicas,
    ...(o.start !== undefined ? { ordinals: { start: o.start } } : {}),
    ...(o.whenScaled ? { persistentVolumeClaimRetentionPolicy: { whenScaled: o.whenScaled } } : {}),
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: {
      metadata: { labels: { app: 'db' } },
      spec: { containers: [{ name: 'db', image: 'postgres:17' }] },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'fast',
          resources: { requests: { storage: '1Gi' } },
        },
      },
    ],
  },
});

const FAST = klass('fast', { expand: true });

const plan = (manifests: unknown[], options: PlanOptions = {}) => planStorage(manifests, options);
const byRule = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

describe('generateName', () => {
  const generated = (prefix: string, size: string): Obj => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { generateName: prefix, namespace: NS },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'fast',
      resources: { requests: { storage: size } },
    },
  });

  test('an object named by generateName is created again, never updated or deleted', () => {
    // A shrink of a claim with a name would be refused; generateName makes a new claim each time.
    const p = plan([FAST, generated('scratch-', '1Gi')], { previous: [FAST, generated('scratch-', '5Gi')] });
    expect(p.changes).toEqual([
      { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
      { object: 'PersistentVolumeClaim/app/scratch-*', apiVersion: 'v1', action: 'create' },
    ]);
    expect(byRule(p.findings, 'claim-shrink')).toEqual([]);
  });

  test('a previous generateName object is no deletion when it leaves the manifests', () => {
    const p = plan([klass('fast', { reclaim: 'Delete' })], {
      previous: [klass('fast', { reclaim: 'Delete' }), generated('scratch-', '5Gi')],
    });
    expect(p.changes?.map((c) => c.action)).toEqual(['unchanged']);
    expect(byRule(p.findings, 'delete-data-loss')).toEqual([]);
  });
});

describe('admission of claims that exist already', () => {
  test('an existing claim below a LimitRange added later is not judged again when its request stays', () => {
    const manifests = [FAST, limitRange('5Gi'), claim('old', '2Gi')];
    expect(byRule(plan(manifests).findings, 'claim-limit-range')).toHaveLength(1);
    const p = plan(manifests, { previous: [FAST, claim('old', '2Gi')] });
    expect(byRule(p.findings, 'claim-limit-range')).toEqual([]);
  });

  test('an existing claim whose request changes is judged by LimitRanger on the update', () => {
    const p = plan([FAST, limitRange('5Gi'), claim('old', '3Gi')], { previous: [FAST, claim('old', '2Gi')] });
    expect(byRule(p.findings, 'claim-limit-range')).toEqual([
      {
        severity: 'error',
        rule: 'claim-limit-range',
        object: 'PersistentVolumeClaim/app/old',
        field: 'spec.resources.requests.storage',
        message:
          'claim old exists, and updating it is refused: LimitRange "claims" in namespace "app" requires at ' +
          'least 5Gi of storage per PersistentVolumeClaim, and this claim asks for 3Gi (LimitRanger).',
      },
    ]);
    // Refused, not rejected: the claim exists and keeps its volume.
    expect(p.claims.find((c) => c.name === 'old')?.reason ?? '').not.toContain('never created');
  });

  test('quota: existing claims count as used; an update is charged only its growth', () => {
    const previous = [FAST, quota({ 'requests.storage': '10Gi' }), claim('a', '6Gi'), claim('b', '3Gi')];
    // Growing b by 1Gi fits (6 + 3 + 1 = 10Gi), though b's whole request on top of a's would not be new.
    expect(
      byRule(
        plan([...previous.slice(0, 3), claim('b', '4Gi')], { previous }).findings,
        'claim-quota-exceeded',
      ),
    ).toEqual([]);
    const p = plan([...previous.slice(0, 3), claim('b', '5Gi')], { previous });
    expect(byRule(p.findings, 'claim-quota-exceeded')).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'PersistentVolumeClaim/app/b',
        field: 'spec.resources.requests.storage',
        message:
          'claim b exists, and updating it is refused: ResourceQuota "storage" in namespace "app" limits ' +
          'requests.storage to 10Gi; the claims that exist and those created before it use 9Gi, and growing it ' +
          'from 3Gi to 5Gi adds 2Gi: the API server refuses the update (exceeded quota).',
      },
    ]);
  });

  test('quota: a new claim is charged on top of the claims that exist, and the message says so', () => {
    const previous = [FAST, quota({ persistentvolumeclaims: '2' }), claim('a', '1Gi'), claim('b', '1Gi')];
    const p = plan([...previous, claim('c', '1Gi')], { previous });
    expect(byRule(p.findings, 'claim-quota-exceeded').map((f) => [f.object, f.message])).toEqual([
      [
        'PersistentVolumeClaim/app/c',
        'ResourceQuota "storage" in namespace "app" limits persistentvolumeclaims to 2; the claims that exist and ' +
          'those before it in the manifests already count 2 and this one adds 1: the API server rejects it ' +
          '(exceeded quota). The namespace may already hold other claims; they only add to the usage.',
      ],
    ]);
  });

  test('quota: claims the change prunes are not charged (no verdict rests on when the prune runs)', () => {
    const previous = [FAST, quota({ persistentvolumeclaims: '2' }), claim('a', '1Gi'), claim('b', '1Gi')];
    const p = plan([FAST, quota({ persistentvolumeclaims: '2' }), claim('c', '1Gi'), claim('d', '1Gi')], {
      previous,
    });
    expect(byRule(p.findings, 'claim-quota-exceeded')).toEqual([]);
  });

  test('quota: claims of the cluster that the manifests never held use quota', () => {
    const live = { ...claim('legacy', '8Gi'), status: { phase: 'Bound' } };
    const manifests = [FAST, quota({ 'requests.storage': '10Gi' }), claim('new', '4Gi')];
    expect(byRule(plan(manifests).findings, 'claim-quota-exceeded')).toEqual([]);
    const p = plan(manifests, { cluster: [live] });
    expect(byRule(p.findings, 'claim-quota-exceeded').map((f) => f.message)).toEqual([
      'ResourceQuota "storage" in namespace "app" limits requests.storage to 10Gi; the claims that exist and ' +
        'those before it in the manifests already use 8Gi and this one asks for 4Gi: the API server rejects it ' +
        '(exceeded quota). The namespace may already hold other claims; they only add to the usage.',
    ]);
  });
});

describe('StatefulSet spec.ordinals.start', () => {
  test('binding names the claims from the start ordinal', () => {
    const p = plan([FAST, statefulSet({ replicas: 2, start: 5 })]);
    expect(p.claims.map((c) => c.name)).toEqual(['data-db-5', 'data-db-6']);
  });

  test('a scale-down under whenScaled: Delete names the claims of the removed ordinals', () => {
    const del = klass('fast', { expand: true, reclaim: 'Delete' });
    const p = plan([del, statefulSet({ replicas: 1, start: 5, whenScaled: 'Delete' })], {
      previous: [del, statefulSet({ replicas: 3, start: 5, whenScaled: 'Delete' })],
    });
    const found = byRule(p.findings, 'statefulset-scale-down-deletes');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('data-db-6, data-db-7');
    expect(found[0].message).not.toContain('data-db-1');
    expect(found[0].severity).toBe('error');
  });
});

describe('helm.sh/resource-policy: keep', () => {
  const del = klass('fast', { reclaim: 'Delete' });

  test('a pruned claim that only Helm keeps is a warning naming the tools that ignore the annotation', () => {
    const kept = claim('data', '1Gi', { annotations: { 'helm.sh/resource-policy': 'keep' } });
    const p = plan([del], { previous: [del, kept] });
    const found = byRule(p.findings, 'delete-data-loss');
    expect(found.map((f) => f.severity)).toEqual(['warning']);
    expect(found[0].message).toMatch(
      /\. It carries helm\.sh\/resource-policy: keep, so Helm \(helm upgrade, Flux helm-controller\) keeps it, but an Argo CD prune, Flux kustomize-controller and kubectl apply --prune do not honour that annotation$/,
    );
  });

  test('without it the same deletion is an error; with Argo CD Prune=false it is kept', () => {
    expect(
      byRule(plan([del], { previous: [del, claim('data', '1Gi')] }).findings, 'delete-data-loss'),
    ).toHaveLength(1);
    const argo = claim('data', '1Gi', { annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } });
    const p = plan([del], { previous: [del, argo] });
    expect(byRule(p.findings, 'delete-data-loss')).toEqual([]);
    expect(p.changes?.[1]).toEqual({
      object: 'PersistentVolumeClaim/app/data',
      apiVersion: 'v1',
      action: 'unchanged',
      data: 'kept: prune protection',
    });
  });
});

describe('input that throws when read never throws out of planStorage', () => {
  const boom = (): never => {
    throw new Error('boom');
  };
  const hostile = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });
  const throwingList = new Proxy([] as unknown[], { get: (_t, k) => (k === 'length' ? 2 : boom()) });
  const message = (what: string) =>
    `${what} cannot be read (reading it throws, e.g. a Proxy or a getter handed in by code); the plan went on without it`;

  test('a list of manifests whose items throw', () => {
    const p = plan(throwingList);
    expect(p.findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: '<manifests>',
        message: message('the list of manifests'),
      },
    ]);
  });

  test('previous and cluster lists whose items throw, option getters that throw', () => {
    const p = plan([FAST], {
      previous: throwingList,
      cluster: throwingList,
      get kubernetesVersion(): string {
        return boom();
      },
    } as PlanOptions);
    expect(p.findings.filter((f) => f.object === '<options>')).toEqual([
      {
        severity: 'error',
        rule: 'option-invalid',
        object: '<options>',
        field: 'cluster',
        message: message('the list options.cluster'),
      },
      {
        severity: 'error',
        rule: 'option-invalid',
        object: '<options>',
        field: 'kubernetesVersion',
        message: message('options.kubernetesVersion'),
      },
      {
        severity: 'error',
        rule: 'option-invalid',
        object: '<options>',
        field: 'previous',
        message: message('the list options.previous'),
      },
    ]);
  });

  test('hostile objects, getters and cycles among the previous and cluster objects', () => {
    const cyclic: Obj = claim('data', '1Gi');
    cyclic.spec.selector = { matchLabels: {} };
    cyclic.spec.selector.self = cyclic;
    const getter = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: NS },
      get spec(): unknown {
        return boom();
      },
    };
    const options = { previous: [hostile, cyclic, getter], cluster: [hostile, getter, cyclic] };
    expect(() => plan([FAST, claim('data', '2Gi'), hostile, getter], options)).not.toThrow();
    expect(() => plan([FAST, cyclic], { previous: [FAST, cyclic] })).not.toThrow();
    expect(() => plan([FAST], hostile as PlanOptions)).not.toThrow();
  });
});

describe('lists in messages are capped', () => {
  test('a namespace deletion whose claims have many fates names five groups, then counts the rest', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } };
    const volumes: Obj[] = [];
    const claims: Obj[] = [];
    for (let i = 0; i < 8; i++) {
      volumes.push({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: `pv-${i}` },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Delete',
          storageClassName: '',
          claimRef: { namespace: NS, name: `c-${i}` },
          nfs: { server: 'nfs.example.com', path: `/exports/${i}` },
        },
      });
      claims.push({
        ...claim(`c-${i}`, '1Gi'),
        spec: { ...claim(`c-${i}`, '1Gi').spec, storageClassName: '', volumeName: `pv-${i}` },
      });
    }
    const p = plan(volumes, { previous: [ns, ...volumes, ...claims] });
    const [finding] = byRule(p.findings, 'delete-data-loss').filter((f) => f.object === `Namespace/${NS}`);
    expect(finding.message).toBe(
      'the Namespace is no longer among the manifests, so a pruning apply deletes it: everything in it is deleted ' +
        "whatever its objects' own prune protection, claims c-0, c-1, c-2 and 5 more too: " +
        'c-0: volume and data deleted (PersistentVolume pv-0 reclaimPolicy Delete); ' +
        'c-1: volume and data deleted (PersistentVolume pv-1 reclaimPolicy Delete); ' +
        'c-2: volume and data deleted (PersistentVolume pv-2 reclaimPolicy Delete); ' +
        'c-3: volume and data deleted (PersistentVolume pv-3 reclaimPolicy Delete); ' +
        'c-4: volume and data deleted (PersistentVolume pv-4 reclaimPolicy Delete); ' +
        'and 3 more claims with other fates; keep it, or annotate it argocd.argoproj.io/sync-options: Prune=false ' +
        '(Argo CD) or kustomize.toolkit.fluxcd.io/prune: disabled (Flux) before removing it',
    );
  });
});
