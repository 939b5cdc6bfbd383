import { ADMISSION_RULES, admissionFindings, admissionRejectedClaims } from '../../src/plan/admission';
import { indexManifests } from '../../src/plan/_manifest';
import { predictIndexed } from '../../src/plan/binding';
import { ClaimPlan, Finding, PlanOptions } from '../../src/plan/types';

type Obj = Record<string, any>;

interface ClaimOpts {
  ns?: string;
  /** The class; `null` leaves storageClassName unset. */
  cls?: string | null;
  vac?: string;
  annotations?: Record<string, string>;
}

const pvc = (name: string, size: unknown, o: ClaimOpts = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: o.ns ?? 'team', ...(o.annotations ? { annotations: o.annotations } : {}) },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(o.cls === null ? {} : { storageClassName: o.cls ?? 'standard' }),
    ...(o.vac ? { volumeAttributesClassName: o.vac } : {}),
  },
});

const template = (name: string, size: string, cls: string | null = 'standard'): Obj => ({
  metadata: { name },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(cls === null ? {} : { storageClassName: cls }),
  },
});

const statefulSet = (name: string, replicas: number, templates: Obj[], ns = 'team'): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: ns },
  spec: {
    replicas,
    serviceName: name,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'db', image: 'postgres:16' }] },
    },
    volumeClaimTemplates: templates,
  },
});

const limitRange = (name: string, limits: Obj[], ns = 'team'): Obj => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name, namespace: ns },
  spec: { limits },
});

const quota = (name: string, hard: Obj, extra: Obj = {}, ns = 'team'): Obj => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace: ns },
  spec: { hard, ...extra },
});

const storageClass = (name: string, isDefault = false): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: {
    name,
    ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
  },
  provisioner: 'ebs.csi.aws.com',
});

/** planStorage's steps: the pre-pass, the binding plan, then admission. */
function admit(manifests: unknown[], options: PlanOptions = {}): Finding[] {
  const index = indexManifests(manifests);
  const { claims } = predictIndexed(index, options);
  return admissionFindings(index, claims, { kubernetesVersion: options.kubernetesVersion });
}

const ASSUMPTION = ' The namespace may already hold other claims; they only add to the usage.';

describe('LimitRange', () => {
  const limits = limitRange('storage-limits', [
    { type: 'Container', max: { memory: '1Gi' } },
    { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } },
  ]);

  it('rejects a claim below the minimum', () => {
    expect(admit([limits, pvc('small', '500Mi')])).toEqual([
      {
        severity: 'error',
        rule: 'claim-limit-range',
        object: 'PersistentVolumeClaim/team/small',
        field: 'spec.resources.requests.storage',
        message:
          'LimitRange "storage-limits" in namespace "team" requires at least 1Gi of storage per PersistentVolumeClaim, ' +
          'and this claim asks for 500Mi: the API server rejects it (LimitRanger).',
      },
    ]);
  });

  it('rejects a claim above the maximum', () => {
    expect(admit([limits, pvc('big', '20Gi')])).toEqual([
      {
        severity: 'error',
        rule: 'claim-limit-range',
        object: 'PersistentVolumeClaim/team/big',
        field: 'spec.resources.requests.storage',
        message:
          'LimitRange "storage-limits" in namespace "team" allows at most 10Gi of storage per PersistentVolumeClaim, ' +
          'and this claim asks for 20Gi: the API server rejects it (LimitRanger).',
      },
    ]);
  });

  it('passes claims within min and max, at both bounds, and in other namespaces', () => {
    expect(
      admit([
        limits,
        pvc('at-min', '1Gi'),
        pvc('at-max', '10Gi'),
        pvc('between', '5Gi'),
        pvc('same-bytes', '1073741824'),
        pvc('elsewhere', '100Gi', { ns: 'other' }),
      ]),
    ).toEqual([]);
  });

  it('compares exact bytes: 1G is below a 1Gi minimum', () => {
    expect(admit([limits, pvc('decimal', '1G')]).map((f) => f.message)).toEqual([
      'LimitRange "storage-limits" in namespace "team" requires at least 1Gi of storage per PersistentVolumeClaim, ' +
        'and this claim asks for 1G (1G = 1,000,000,000 bytes, less than 1Gi = 1,073,741,824 bytes): ' +
        'the API server rejects it (LimitRanger).',
    ]);
  });

  it('rejects a claim that lacks a request another resource of the item limits', () => {
    const cpu = limitRange('odd', [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi', cpu: '1' } }]);
    expect(admit([cpu, pvc('data', '2Gi')])).toEqual([
      {
        severity: 'error',
        rule: 'claim-limit-range',
        object: 'PersistentVolumeClaim/team/data',
        field: 'spec.resources.requests.cpu',
        message:
          'LimitRange "odd" in namespace "team" requires at least 1 of cpu per PersistentVolumeClaim, and this claim ' +
          'requests no cpu: the API server rejects it (LimitRanger).',
      },
    ]);
  });

  it('compares values too large for milli-units in whole units', () => {
    const huge = limitRange('huge', [{ type: 'PersistentVolumeClaim', max: { storage: '8Ei' } }]);
    expect(admit([huge, pvc('fits', '9E')])).toEqual([]);
    expect(admit([huge, pvc('over', '10E')]).map((f) => f.message)).toEqual([
      'LimitRange "huge" in namespace "team" allows at most 8Ei of storage per PersistentVolumeClaim, and this claim ' +
        'asks for 10E (10E = 10,000,000,000,000,000,000 bytes, more than 8Ei = 9,223,372,036,854,775,807 bytes): ' +
        'the API server rejects it (LimitRanger).',
    ]);
  });

  it('reports each LimitRange that rejects the claim', () => {
    const findings = admit([
      limitRange('a', [{ type: 'PersistentVolumeClaim', max: { storage: '1Gi' } }]),
      limitRange('b', [{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' } }]),
      pvc('data', '3Gi'),
    ]);
    expect(findings.map((f) => f.message.slice(0, 14))).toEqual(['LimitRange "a"', 'LimitRange "b"']);
  });

  it('reports a StatefulSet template once, for every replica', () => {
    const findings = admit([limits, statefulSet('db', 3, [template('data', '50Gi')])]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-limit-range',
        object: 'StatefulSet/team/db',
        field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
        message:
          '3 of 3 replicas\' claims of template "data" are rejected, the first at ordinal 0 (data-db-0): ' +
          'LimitRange "storage-limits" in namespace "team" allows at most 10Gi of storage per PersistentVolumeClaim, ' +
          'and this claim asks for 50Gi: the API server rejects it (LimitRanger); the StatefulSet controller cannot ' +
          'create them, so pod db-0 and the 2 other pods whose claims are rejected never start.',
      },
    ]);
  });

  it('skips a LimitRange the API server would reject', () => {
    expect(
      admit([
        limitRange('bad-value', [{ type: 'PersistentVolumeClaim', min: { storage: '1Gx' } }]),
        limitRange('min-over-max', [
          { type: 'PersistentVolumeClaim', min: { storage: '5Gi' }, max: { storage: '1Gi' } },
        ]),
        limitRange('no-storage', [{ type: 'PersistentVolumeClaim', min: { cpu: '1' } }]),
        limitRange('negative', [{ type: 'PersistentVolumeClaim', max: { storage: '-1Gi' } }]),
        limitRange('not-a-list', { type: 'PersistentVolumeClaim' } as any),
        pvc('data', '3Gi'),
      ]),
    ).toEqual([]);
  });

  it('does not judge a claim the API server already rejects for its request', () => {
    expect(admit([limits, pvc('none', undefined), pvc('bad', '1Gx'), pvc('zero', '0')])).toEqual([]);
  });
});

describe('ResourceQuota on requests.storage', () => {
  it('rejects the first claim that would exceed it, naming the usage before it', () => {
    const findings = admit([
      quota('storage', { 'requests.storage': '10Gi', 'requests.cpu': '4' }),
      pvc('logs', '5Gi'),
      pvc('cache', '3Gi'),
      pvc('data', '5Gi'),
      pvc('tiny', '2Gi'),
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'PersistentVolumeClaim/team/data',
        field: 'spec.resources.requests.storage',
        message:
          'ResourceQuota "storage" in namespace "team" limits requests.storage to 10Gi; the claims before it in the ' +
          'manifests already use 8Gi and this one asks for 5Gi: the API server rejects it (exceeded quota).' +
          ASSUMPTION,
      },
    ]);
  });

  it('passes claims that fill the quota exactly', () => {
    expect(
      admit([quota('storage', { 'requests.storage': '10Gi' }), pvc('a', '5Gi'), pvc('b', '5Gi')]),
    ).toEqual([]);
  });

  it('rejects a single claim over the quota', () => {
    expect(admit([quota('storage', { 'requests.storage': '10Gi' }), pvc('huge', '20Gi')])[0].message).toBe(
      'ResourceQuota "storage" in namespace "team" limits requests.storage to 10Gi, and this claim alone asks for ' +
        '20Gi: the API server rejects it (exceeded quota).' +
        ASSUMPTION,
    );
  });

  it('does not apply a quota of another namespace', () => {
    expect(admit([quota('storage', { 'requests.storage': '1Gi' }, {}, 'other'), pvc('data', '5Gi')])).toEqual(
      [],
    );
  });

  it('compares decimal and binary units exactly (1G < 1Gi)', () => {
    // 1G + 70M = 1,070,000,000 bytes fits 1Gi = 1,073,741,824 bytes; 100M more does not.
    expect(admit([quota('q', { 'requests.storage': '1Gi' }), pvc('a', '1G'), pvc('b', '70M')])).toEqual([]);
    expect(
      admit([quota('q', { 'requests.storage': '1Gi' }), pvc('a', '1G'), pvc('b', '100M')]).map(
        (f) => f.message,
      ),
    ).toEqual([
      'ResourceQuota "q" in namespace "team" limits requests.storage to 1Gi; the claims before it in the manifests ' +
        'already use 1G and this one asks for 100M (1,100,000,000 bytes in all, more than 1Gi = 1,073,741,824 bytes): ' +
        'the API server rejects it (exceeded quota).' +
        ASSUMPTION,
    ]);
    expect(admit([quota('q', { 'requests.storage': '1G' }), pvc('a', '1Gi')]).map((f) => f.message)).toEqual([
      'ResourceQuota "q" in namespace "team" limits requests.storage to 1G, and this claim alone asks for 1Gi ' +
        '(1,073,741,824 bytes, more than 1G = 1,000,000,000 bytes): the API server rejects it (exceeded quota).' +
        ASSUMPTION,
    ]);
  });

  it('charges a request rounded up to whole bytes', () => {
    // 1500m is 1.5 bytes, charged as 2 (getStorageUsage rounds up).
    expect(admit([quota('q', { 'requests.storage': '3' }), pvc('a', '1500m'), pvc('b', '1500m')])).toEqual([
      expect.objectContaining({ object: 'PersistentVolumeClaim/team/b' }),
    ]);
  });
});

describe('ResourceQuota on the number of claims', () => {
  it('counts persistentvolumeclaims', () => {
    const findings = admit([
      quota('pvcs', { persistentvolumeclaims: '2' }),
      pvc('a', '1Gi'),
      pvc('b', '1Gi'),
      pvc('c', '1Gi'),
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'PersistentVolumeClaim/team/c',
        message:
          'ResourceQuota "pvcs" in namespace "team" limits persistentvolumeclaims to 2; the claims before it in the ' +
          'manifests already count 2 and this one adds 1: the API server rejects it (exceeded quota).' +
          ASSUMPTION,
      },
    ]);
  });

  it('counts count/persistentvolumeclaims, and a quota of 0 rejects the first claim', () => {
    expect(admit([quota('none', { 'count/persistentvolumeclaims': '0' }), pvc('a', '1Gi')])).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'PersistentVolumeClaim/team/a',
        message:
          'ResourceQuota "none" in namespace "team" limits count/persistentvolumeclaims to 0, and this claim alone ' +
          'adds 1: the API server rejects it (exceeded quota).' +
          ASSUMPTION,
      },
    ]);
  });

  it('names every resource of the quotas the claim would exceed', () => {
    const findings = admit([
      quota('a-storage', { 'requests.storage': '1Gi' }),
      quota('b-count', { persistentvolumeclaims: '1', 'count/persistentvolumeclaims': '1' }),
      pvc('first', '1Gi'),
      pvc('second', '1Gi'),
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'ResourceQuota "a-storage" in namespace "team" limits requests.storage to 1Gi; the claims before it in the ' +
        'manifests already use 1Gi and this one asks for 1Gi: the API server rejects it (exceeded quota); it would ' +
        'also exceed persistentvolumeclaims of ResourceQuota "b-count" (limit 1), count/persistentvolumeclaims of ' +
        'ResourceQuota "b-count" (limit 1).' +
        ASSUMPTION,
    ]);
  });

  it('charges nothing for a rejected claim: a later one still fits', () => {
    expect(
      admit([
        quota('storage', { 'requests.storage': '10Gi' }),
        pvc('a', '8Gi'),
        pvc('b', '5Gi'),
        pvc('c', '2Gi'),
      ]).map((f) => f.object),
    ).toEqual(['PersistentVolumeClaim/team/b']);
  });

  it('charges nothing for a claim a LimitRange rejects', () => {
    const findings = admit([
      limitRange('limits', [{ type: 'PersistentVolumeClaim', max: { storage: '5Gi' } }]),
      quota('pvcs', { persistentvolumeclaims: '1' }),
      pvc('too-big', '6Gi'),
      pvc('fits', '1Gi'),
    ]);
    expect(findings.map((f) => `${f.rule} ${f.object}`)).toEqual([
      'claim-limit-range PersistentVolumeClaim/team/too-big',
    ]);
  });
});

describe('per-class quotas', () => {
  const goldStorage = quota('gold', {
    'gold.storageclass.storage.k8s.io/requests.storage': '5Gi',
    'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '10',
  });

  it('charges the class the claim names', () => {
    const findings = admit([
      goldStorage,
      pvc('a', '4Gi', { cls: 'gold' }),
      pvc('b', '10Gi'),
      pvc('c', '2Gi', { cls: 'gold' }),
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'PersistentVolumeClaim/team/c',
        field: 'spec.resources.requests.storage',
        message:
          'ResourceQuota "gold" in namespace "team" limits gold.storageclass.storage.k8s.io/requests.storage to 5Gi; ' +
          'the claims of class "gold" before it in the manifests already use 4Gi and this one asks for 2Gi: the API ' +
          'server rejects it (exceeded quota).' +
          ASSUMPTION,
      },
    ]);
  });

  it('charges the default class to a claim that sets none', () => {
    const findings = admit([
      storageClass('gold', true),
      goldStorage,
      pvc('a', '4Gi', { cls: null }),
      pvc('b', '2Gi', { cls: null }),
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'ResourceQuota "gold" in namespace "team" limits gold.storageclass.storage.k8s.io/requests.storage to 5Gi; ' +
        'the claims of class "gold" before it in the manifests already use 4Gi and this one (it sets no ' +
        'storageClassName, so admission gives it the default class "gold") asks for 2Gi: the API server rejects it ' +
        '(exceeded quota).' +
        ASSUMPTION,
    ]);
  });

  it('takes the default class from the options', () => {
    const manifests = [goldStorage, pvc('a', '6Gi', { cls: null })];
    expect(admit(manifests)).toEqual([]); // the default class is unknown: no class is charged
    expect(admit(manifests, { defaultStorageClass: 'gold' }).map((f) => f.object)).toEqual([
      'PersistentVolumeClaim/team/a',
    ]);
  });

  it('counts claims per class, and never charges a class-less claim', () => {
    const findings = admit([
      storageClass('gold', true),
      quota('one-gold', { 'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '1' }),
      pvc('a', '1Gi', { cls: 'gold' }),
      pvc('static', '1Gi', { cls: '' }),
      pvc('b', '1Gi', { annotations: { 'volume.beta.kubernetes.io/storage-class': 'gold' }, cls: 'other' }),
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'PersistentVolumeClaim/team/b',
        message:
          'ResourceQuota "one-gold" in namespace "team" limits gold.storageclass.storage.k8s.io/persistentvolumeclaims ' +
          'to 1; the claims of class "gold" before it in the manifests already count 1 and this one adds 1: the API ' +
          'server rejects it (exceeded quota).' +
          ASSUMPTION,
      },
    ]);
  });
});

describe('quota scopes', () => {
  it('a quota with a pod scope governs no claim', () => {
    expect(
      admit([
        quota('best-effort', { persistentvolumeclaims: '0' }, { scopes: ['BestEffort'] }),
        quota(
          'priority',
          { 'requests.storage': '1Gi' },
          {
            scopeSelector: {
              matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }],
            },
          },
        ),
        pvc('data', '5Gi'),
      ]),
    ).toEqual([]);
  });

  it('the VolumeAttributesClass scope governs the claims of that class, from 1.34', () => {
    const gold = quota(
      'gold-vac',
      { 'requests.storage': '1Gi' },
      {
        scopeSelector: {
          matchExpressions: [{ scopeName: 'VolumeAttributesClass', operator: 'In', values: ['gold'] }],
        },
      },
    );
    const plain = quota('no-vac', { persistentvolumeclaims: '1' }, { scopes: ['VolumeAttributesClass'] });
    const manifests = [
      gold,
      plain,
      pvc('fast', '5Gi', { vac: 'gold' }),
      pvc('plain', '5Gi'),
      pvc('slow', '1Gi', { vac: 'silver' }),
      pvc('slower', '1Gi', { vac: 'silver' }),
    ];
    expect(admit(manifests).map((f) => f.object)).toEqual([
      'PersistentVolumeClaim/team/fast',
      'PersistentVolumeClaim/team/slower',
    ]);
    expect(admit(manifests, { kubernetesVersion: '1.36' })[1].message).toBe(
      'ResourceQuota "no-vac" in namespace "team" limits persistentvolumeclaims to 1; the claims before it in the ' +
        'manifests already count 1 and this one adds 1: the API server rejects it (exceeded quota).' +
        ASSUMPTION,
    );
    // Before 1.34 (VolumeAttributesClass off by default), a scoped quota governs no claim.
    expect(admit(manifests, { kubernetesVersion: '1.33' })).toEqual([]);
  });

  it('DoesNotExist and NotIn match claims without that class', () => {
    const unclassified = quota(
      'unclassified',
      { persistentvolumeclaims: '0' },
      {
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'VolumeAttributesClass', operator: 'DoesNotExist' },
            { scopeName: 'VolumeAttributesClass', operator: 'NotIn', values: ['gold'] },
          ],
        },
      },
    );
    expect(
      admit([unclassified, pvc('a', '1Gi'), pvc('b', '1Gi', { vac: 'gold' })]).map((f) => f.object),
    ).toEqual(['PersistentVolumeClaim/team/a']);
  });
});

describe('StatefulSet claims over quota', () => {
  it('are reported once for the template, with the count and the first ordinal', () => {
    const findings = admit([
      quota('storage', { 'requests.storage': '10Gi' }),
      pvc('shared', '2Gi'),
      statefulSet('db', 5, [template('data', '3Gi')]),
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'StatefulSet/team/db',
        field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
        message:
          '3 of 5 replicas\' claims of template "data" are rejected, the first at ordinal 2 (data-db-2): ResourceQuota ' +
          '"storage" in namespace "team" limits requests.storage to 10Gi; the claims before it in the manifests ' +
          'already use 8Gi and this one asks for 3Gi: the API server rejects it (exceeded quota); the StatefulSet ' +
          'controller cannot create them, so pod db-2 and the 2 other pods whose claims are rejected never start.' +
          ASSUMPTION,
      },
    ]);
  });

  it('names one pod when only the last replica is rejected, and counts the claims of each template', () => {
    const findings = admit([
      quota('pvcs', { persistentvolumeclaims: '5' }),
      statefulSet('db', 3, [template('data', '1Gi'), template('logs', '1Gi')]),
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'StatefulSet/team/db',
        field: 'spec.volumeClaimTemplates[1]',
        message:
          '1 of 3 replicas\' claims of template "logs" is rejected, the first at ordinal 2 (logs-db-2): ResourceQuota ' +
          '"pvcs" in namespace "team" limits persistentvolumeclaims to 5; the claims before it in the manifests ' +
          'already count 5 and this one adds 1: the API server rejects it (exceeded quota); the StatefulSet ' +
          'controller cannot create it, so pod db-2 never starts.' +
          ASSUMPTION,
      },
    ]);
  });

  it('a claim manifest standing in for a replica is judged as that manifest', () => {
    const findings = admit([
      quota('storage', { 'requests.storage': '4Gi' }),
      statefulSet('db', 2, [template('data', '3Gi')]),
      pvc('data-db-1', '1Gi'),
    ]);
    expect(findings).toEqual([]);
  });
});

describe('malformed input', () => {
  it('skips a quota the API server would reject', () => {
    expect(
      admit([
        quota('bad', { 'requests.storage': '1Gx' }),
        quota('negative', { 'requests.storage': '-1Gi' }),
        quota('fraction', { persistentvolumeclaims: '1.5' }),
        quota('fraction-class', { 'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '500m' }),
        quota('not-a-map', ['requests.storage'] as any),
        quota('no-claims', { pods: '0' }),
        { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-spec', namespace: 'team' } },
        pvc('data', '5Gi', { cls: 'gold' }),
      ]),
    ).toEqual([]);
  });

  it('a later duplicate of a quota is not read', () => {
    expect(
      admit([
        quota('storage', { 'requests.storage': '10Gi' }),
        quota('storage', { 'requests.storage': '1Gi' }),
        pvc('data', '5Gi'),
      ]),
    ).toEqual([]);
  });

  it('a quota created with generateName governs too', () => {
    const generated = {
      ...quota('x', { persistentvolumeclaims: '0' }),
      metadata: { generateName: 'q-', namespace: 'team' },
    };
    expect(admit([generated, pvc('a', '1Gi')]).map((f) => f.message)).toEqual([
      'ResourceQuota "q-*" in namespace "team" limits persistentvolumeclaims to 0, and this claim alone adds 1: ' +
        'the API server rejects it (exceeded quota).' +
        ASSUMPTION,
    ]);
  });

  it('never throws', () => {
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const manifests = [quota('q', { persistentvolumeclaims: '0' }), throwing, null, 42, pvc('data', '1Gi')];
    const index = indexManifests(manifests);
    const claims = predictIndexed(index).claims;
    expect(admissionFindings(index, claims).map((f) => f.object)).toEqual([
      'PersistentVolumeClaim/team/data',
    ]);
    expect(
      admissionFindings(index, [null, throwing, { namespace: 'team' }] as unknown as ClaimPlan[]),
    ).toEqual([]);
    expect(admissionFindings(index, null as unknown as ClaimPlan[], 'x' as any)).toEqual([]);
    expect(admissionFindings(indexManifests([]), [])).toEqual([]);
  });

  it('lists the rejected claims for the plan', () => {
    const index = indexManifests([
      quota('q', { persistentvolumeclaims: '1' }),
      pvc('a', '1Gi'),
      pvc('b', '1Gi'),
    ]);
    const rejected = admissionRejectedClaims(index, predictIndexed(index).claims);
    expect([...rejected.keys()]).toEqual(['team/b']);
  });
});

describe('rule declarations', () => {
  it('declare both rules as admission errors with every text set', () => {
    expect(ADMISSION_RULES.map((r) => [r.id, r.severity, r.group])).toEqual([
      ['claim-limit-range', 'error', 'admission'],
      ['claim-quota-exceeded', 'error', 'admission'],
    ]);
    for (const r of ADMISSION_RULES) {
      for (const text of [r.summary, r.why, r.remediation, r.source]) expect(text.length).toBeGreaterThan(20);
      // Claims, StatefulSet templates, and the workloads whose generic ephemeral volumes make claims.
      expect(r.kinds).toEqual([
        'PersistentVolumeClaim',
        'StatefulSet',
        'Pod',
        'Deployment',
        'ReplicaSet',
        'ReplicationController',
        'DaemonSet',
        'Job',
        'CronJob',
      ]);
    }
  });
});

describe('ephemeral claims (the ephemeral volume controller creates ordinary claims)', () => {
  const vct = (size: string, cls: string | null = 'standard'): Obj => ({
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(cls === null ? {} : { storageClassName: cls }),
    },
  });
  const podSpec = (size: string, cls: string | null = 'standard'): Obj => ({
    containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'scratch', mountPath: '/s' }] }],
    volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: vct(size, cls) } }],
  });
  const pod = (name: string, size: string, ns = 'team'): Obj => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: podSpec(size),
  });
  const workload = (kind: string, name: string, replicas: number, size: string, extra: Obj = {}): Obj => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: 'team' },
    spec: {
      replicas,
      ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec(size) },
      ...extra,
    },
  });
  const FIELD = 'spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage';

  it("a Pod's claim over a LimitRange: the pod never starts", () => {
    const limits = limitRange('limits', [{ type: 'PersistentVolumeClaim', max: { storage: '1Gi' } }]);
    expect(admit([storageClass('standard'), limits, pod('web', '2Gi')])).toEqual([
      {
        severity: 'error',
        rule: 'claim-limit-range',
        object: 'Pod/team/web',
        field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage',
        message:
          'ephemeral claim web-scratch, which the ephemeral volume controller makes for volume "scratch" of pod web: ' +
          'LimitRange "limits" in namespace "team" allows at most 1Gi of storage per PersistentVolumeClaim, and this ' +
          'claim asks for 2Gi: the API server rejects it (LimitRanger), so the pod never starts.',
      },
    ]);
  });

  it('a Deployment of 3 replicas makes 3 claims: the third goes over a quota of 2 claims', () => {
    const q = quota('claims', { persistentvolumeclaims: '2' });
    expect(admit([storageClass('standard'), q, workload('Deployment', 'api', 3, '1Gi')])).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'Deployment/team/api',
        field: 'spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate',
        message:
          '1 of the 3 ephemeral claims for volume "scratch" (one per pod of Deployment/team/api, named <pod name>-scratch) ' +
          'is rejected, after the first 2 fit: ResourceQuota "claims" in namespace "team" limits persistentvolumeclaims ' +
          'to 2; the claims before it in the manifests already count 2 and this one adds 1: the API server rejects it ' +
          '(exceeded quota); the ephemeral volume controller cannot create it, so that pod never starts.' +
          ASSUMPTION,
      },
    ]);
    // Two replicas fit.
    expect(admit([storageClass('standard'), q, workload('Deployment', 'api', 2, '1Gi')])).toEqual([]);
  });

  it("the replicas' claims count against requests.storage together with the namespace's other claims", () => {
    const q = quota('storage', { 'requests.storage': '5Gi' });
    const manifests = [
      storageClass('standard'),
      q,
      pvc('data', '2Gi'),
      workload('Deployment', 'api', 4, '1Gi'),
    ];
    expect(admit(manifests)).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'Deployment/team/api',
        field: FIELD,
        message:
          '1 of the 4 ephemeral claims for volume "scratch" (one per pod of Deployment/team/api, named <pod name>-scratch) ' +
          'is rejected, after the first 3 fit: ResourceQuota "storage" in namespace "team" limits requests.storage to ' +
          '5Gi; the claims before it in the manifests already use 5Gi and this one asks for 1Gi: the API server rejects ' +
          'it (exceeded quota); the ephemeral volume controller cannot create it, so that pod never starts.' +
          ASSUMPTION,
      },
    ]);
  });

  it('every claim over the quota: the entry is rejected as a whole, per-class forms included', () => {
    const q = quota('gold', { 'standard.storageclass.storage.k8s.io/requests.storage': '1Gi' });
    const manifests = [storageClass('standard'), q, workload('ReplicaSet', 'api', 2, '2Gi')];
    const index = indexManifests(manifests);
    const { claims } = predictIndexed(index, {});
    expect(admissionFindings(index, claims)).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'ReplicaSet/team/api',
        field: FIELD,
        message:
          'all 2 ephemeral claims for volume "scratch" (one per pod of ReplicaSet/team/api, named <pod name>-scratch) ' +
          'are rejected: ResourceQuota "gold" in namespace "team" limits ' +
          'standard.storageclass.storage.k8s.io/requests.storage to 1Gi, and this claim alone asks for 2Gi: the API ' +
          'server rejects it (exceeded quota); the ephemeral volume controller cannot create them, so those 2 pods ' +
          'never start.' +
          ASSUMPTION,
      },
    ]);
    expect([...admissionRejectedClaims(index, claims).keys()]).toEqual(['team/api-*-scratch']);
  });

  it("a StatefulSet's replicas: named claims, reported once", () => {
    const q = quota('claims', { persistentvolumeclaims: '1' });
    expect(admit([storageClass('standard'), q, workload('StatefulSet', 'db', 3, '1Gi')])).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'StatefulSet/team/db',
        field: 'spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate',
        message:
          '2 of 3 replicas\' ephemeral claims for volume "scratch" are rejected, the first for pod db-1 (db-1-scratch): ' +
          'ResourceQuota "claims" in namespace "team" limits persistentvolumeclaims to 1; the claims before it in the ' +
          'manifests already count 1 and this one adds 1: the API server rejects it (exceeded quota); the ephemeral ' +
          'volume controller cannot create them, so pod db-1 and the 1 other pod whose claims are rejected never start.' +
          ASSUMPTION,
      },
    ]);
  });

  it('a Job counts its parallelism, capped by its completions', () => {
    const q = quota('claims', { persistentvolumeclaims: '2' });
    const job = (parallelism: number, completions?: number): Obj => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'batch', namespace: 'team' },
      spec: {
        parallelism,
        ...(completions !== undefined ? { completions } : {}),
        template: { spec: { ...podSpec('1Gi'), restartPolicy: 'Never' } },
      },
    });
    expect(admit([storageClass('standard'), q, job(3)]).map((f) => f.message)).toEqual([
      '1 of the 3 ephemeral claims for volume "scratch" (one per pod of Job/team/batch, named <pod name>-scratch) ' +
        'is rejected, after the first 2 fit: ResourceQuota "claims" in namespace "team" limits persistentvolumeclaims ' +
        'to 2; the claims before it in the manifests already count 2 and this one adds 1: the API server rejects it ' +
        '(exceeded quota); the ephemeral volume controller cannot create it, so that pod never starts.' +
        ASSUMPTION,
    ]);
    expect(admit([storageClass('standard'), q, job(3, 2)])).toEqual([]);
  });

  it('claims that exist are not made again: the previous manifests and the cluster', () => {
    const q = quota('claims', { persistentvolumeclaims: '3' });
    const sc = storageClass('standard');
    const prevIndex = indexManifests([sc, q, workload('Deployment', 'api', 2, '1Gi')]);
    const prev = { index: prevIndex, claims: predictIndexed(prevIndex, {}).claims };
    const nextManifests = [sc, q, workload('Deployment', 'api', 4, '1Gi')];
    const index = indexManifests(nextManifests);
    const { claims } = predictIndexed(index, {});
    // 2 exist, 2 more: the fourth claim goes over 3.
    expect(admissionFindings(index, claims, { previous: prev }).map((f) => f.message)).toEqual([
      '1 of the 2 ephemeral claims for volume "scratch" (one per pod of Deployment/team/api, named <pod name>-scratch; ' +
        'the 2 that exist already are not counted among them) is rejected, after the first fits: ResourceQuota ' +
        '"claims" in namespace "team" limits persistentvolumeclaims to 3; the claims that exist and those before it ' +
        'in the manifests already count 3 and this one adds 1: the API server rejects it (exceeded quota); the ' +
        'ephemeral volume controller cannot create it, so that pod never starts.' +
        ASSUMPTION,
    ]);
    // The cluster shows the pods' claims (owned by their pods): 3 exist, so only one more is made.
    const owned = (n: string): Obj => ({
      ...pvc(n, '1Gi'),
      metadata: {
        name: n,
        namespace: 'team',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Pod', name: n.replace(/-scratch$/, ''), uid: n, controller: true },
        ],
      },
    });
    const cluster = ['api-7c9-a1-scratch', 'api-7c9-b2-scratch', 'api-7c9-c3-scratch'].map(owned);
    expect(admissionFindings(index, claims, { cluster }).map((f) => f.message)).toEqual([
      'the ephemeral claim for volume "scratch" (one per pod of Deployment/team/api, named <pod name>-scratch; ' +
        'the 3 that exist already are not counted among them) is rejected: ResourceQuota "claims" in namespace ' +
        '"team" limits persistentvolumeclaims to 3; the claims that exist and those before it in the manifests ' +
        'already count 3 and this one adds 1: the API server rejects it (exceeded quota); the ephemeral volume ' +
        'controller cannot create it, so that pod never starts.' +
        ASSUMPTION,
    ]);
    // A claim not owned by a pod is another claim of the namespace: it only adds to the usage.
    const unowned = [...cluster.slice(0, 2), pvc('api-7c9-c3-scratch', '1Gi')];
    expect(admissionFindings(index, claims, { cluster: unowned }).map((f) => f.message.slice(0, 38))).toEqual(
      ['all 2 ephemeral claims for volume "scr'],
    );
    // A Pod's claim that exists is not judged.
    const limits = limitRange('limits', [{ type: 'PersistentVolumeClaim', max: { storage: '1Gi' } }]);
    const podIndex = indexManifests([sc, limits, pod('web', '2Gi')]);
    const podClaims = predictIndexed(podIndex, {}).claims;
    expect(admissionFindings(podIndex, podClaims, { cluster: [owned('web-scratch')] })).toEqual([]);
  });
});
