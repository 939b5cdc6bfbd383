// Inputs of test/plan/binding-plans.test.ts: binding scenarios, each a set of manifests (and options).
import { PlanOptions } from '../../src/plan/types';

type M = Record<string, unknown>;

export function pv(
  name: string,
  size: unknown,
  o: {
    modes?: string[];
    cls?: string | null;
    volumeMode?: string;
    labels?: M;
    claimRef?: M;
    annotations?: M;
    source?: M;
  } = {},
): M {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      capacity: { storage: size },
      accessModes: o.modes ?? ['ReadWriteOnce'],
      ...(o.cls === null ? {} : { storageClassName: o.cls ?? '' }),
      ...(o.volumeMode ? { volumeMode: o.volumeMode } : {}),
      ...(o.claimRef ? { claimRef: o.claimRef } : {}),
      ...(o.source ?? { hostPath: { path: `/data/${name}` } }),
    },
  };
}

export function pvc(
  name: string,
  size: unknown,
  o: {
    ns?: string;
    modes?: string[];
    cls?: string;
    volumeMode?: string;
    selector?: unknown;
    volumeName?: string;
    annotations?: M;
    uid?: string;
  } = {},
): M {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      ...(o.ns ? { namespace: o.ns } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.uid ? { uid: o.uid } : {}),
    },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(o.cls !== undefined ? { storageClassName: o.cls } : {}),
      ...(o.volumeMode ? { volumeMode: o.volumeMode } : {}),
      ...(o.selector !== undefined ? { selector: o.selector } : {}),
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    },
  };
}

export function sc(
  name: string,
  o: { provisioner?: string; wffc?: boolean; isDefault?: boolean; betaDefault?: boolean } = {},
): M {
  const annotations: M = {};
  if (o.isDefault) annotations['storageclass.kubernetes.io/is-default-class'] = 'true';
  if (o.betaDefault) annotations['storageclass.beta.kubernetes.io/is-default-class'] = 'true';
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, annotations },
    provisioner: o.provisioner ?? 'ebs.csi.aws.com',
    ...(o.wffc ? { volumeBindingMode: 'WaitForFirstConsumer' } : {}),
  };
}

export function sts(name: string, replicas: unknown, templates: M[], ns?: string): M {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'db',
              image: 'postgres',
              volumeMounts: templates.map((t: any) => ({
                name: t.metadata.name,
                mountPath: `/${t.metadata.name}`,
              })),
            },
          ],
        },
      },
      volumeClaimTemplates: templates,
    },
  };
}

export function template(
  name: string,
  size: string,
  o: { cls?: string; modes?: string[]; selector?: unknown } = {},
): M {
  return {
    metadata: { name },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(o.cls !== undefined ? { storageClassName: o.cls } : {}),
      ...(o.selector !== undefined ? { selector: o.selector } : {}),
    },
  };
}

export function pod(name: string, claims: string[], ns?: string, kind = 'Pod', replicas?: number): M {
  const spec = {
    containers: [
      {
        name: 'app',
        image: 'nginx',
        volumeMounts: claims.map((_c, i) => ({ name: `v${i}`, mountPath: `/d${i}` })),
      },
    ],
    volumes: claims.map((claimName, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName } })),
  };
  return kind === 'Pod'
    ? { apiVersion: 'v1', kind, metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec }
    : {
        apiVersion: 'apps/v1',
        kind,
        metadata: { name, ...(ns ? { namespace: ns } : {}) },
        spec: { replicas, template: { spec } },
      };
}

const RWO = ['ReadWriteOnce'];
const RWX = ['ReadWriteMany'];
const RWO_ROX = ['ReadWriteOnce', 'ReadOnlyMany'];
const ALL3 = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'];
const BETA = 'volume.beta.kubernetes.io/storage-class';

export const CASES: Array<[string, unknown[], PlanOptions?]> = [
  [
    'named: missing, unreadable capacity, not positive',
    [
      pvc('a', '1Gi', { cls: '', volumeName: 'ghost' }),
      pv('bad', 'x'),
      pvc('b', '1Gi', { cls: '', volumeName: 'bad' }),
      pv('zero', '0'),
      pvc('c', '1Gi', { cls: '', volumeName: 'zero' }),
    ],
  ],
  [
    'named: two claims name one free volume',
    [
      pv('v', '10Gi'),
      pvc('a', '1Gi', { cls: '', volumeName: 'v' }),
      pvc('b', '1Gi', { cls: '', volumeName: 'v' }),
    ],
  ],
  [
    'named: every mismatch, one at a time and together',
    [
      pv('small', '1G'),
      pvc('size', '1Gi', { cls: '', volumeName: 'small' }),
      pv('rwo', '1Gi'),
      pvc('modes', '1Gi', { cls: '', modes: RWX, volumeName: 'rwo' }),
      pv('fast', '1Gi', { cls: 'fast' }),
      pvc('class', '1Gi', { cls: '', volumeName: 'fast' }),
      pv('block', '1Gi', { volumeMode: 'Block' }),
      pvc('mode', '1Gi', { cls: '', volumeName: 'block' }),
      pv('all', '1G', { cls: 'x', volumeMode: 'Block' }),
      pvc('every', '1Gi', { cls: '', modes: RWX, volumeName: 'all' }),
    ],
  ],
  [
    'named: an unset class takes the default class first',
    [
      sc('standard', { isDefault: true }),
      pv('classless', '1Gi'),
      pvc('data', '1Gi', { volumeName: 'classless' }),
      pv('no-default', '1Gi'),
      pvc('other', '1Gi', { volumeName: 'no-default', ns: 'x' }),
    ],
  ],
  [
    'named: whole bytes, as the controller compares a named volume',
    [
      pv('v', '1000m'),
      pvc('data', '1', { cls: '', volumeName: 'v' }),
      pv('w', '1500m'),
      pvc('more', '2', { cls: '', volumeName: 'w' }),
    ],
  ],
  [
    'named and reserved both ways, with and without mismatches',
    [
      pv('v', '1Gi', { claimRef: { name: 'a', namespace: 'default' } }),
      pvc('a', '1Gi', { cls: '', volumeName: 'v' }),
      pv('w', '1G', { cls: 'x', claimRef: { name: 'b', namespace: 'default' } }),
      pvc('b', '2Gi', { cls: '', modes: RWX, volumeName: 'w' }),
    ],
  ],
  [
    'named, but reserved for someone else',
    [
      pv('other', '1Gi', { claimRef: { name: 'x', namespace: 'default' } }),
      pvc('a', '1Gi', { cls: '', volumeName: 'other' }),
      pv('nons-same', '1Gi', { claimRef: { name: 'b' } }),
      pvc('b', '1Gi', { cls: '', volumeName: 'nons-same' }),
      pv('nons-other', '1Gi', { claimRef: { name: 'zz' } }),
      pvc('c', '1Gi', { cls: '', volumeName: 'nons-other' }),
      pv('uid', '1Gi', { claimRef: { name: 'd', namespace: 'default', uid: '123' } }),
      pvc('d', '1Gi', { cls: '', volumeName: 'uid' }),
      pv('noname', '1Gi', { claimRef: { namespace: 'default' } }),
      pvc('e', '1Gi', { cls: '', volumeName: 'noname' }),
      pv('uid-ok', '1Gi', { claimRef: { name: 'f', namespace: 'default', uid: 'u1' } }),
      pvc('f', '1Gi', { cls: '', volumeName: 'uid-ok', uid: 'u1' }),
    ],
  ],
  [
    'reserved by claimRef: taken first, class and labels unchecked, size and mode checked',
    [
      pv('reserved', '5Gi', { cls: 'other', claimRef: { name: 'a', namespace: 'default' } }),
      pv('free', '1Gi'),
      pvc('a', '1Gi', { cls: '' }),
      pv('too-small', '1Gi', { claimRef: { name: 'b', namespace: 'default' } }),
      pv('free2', '5Gi'),
      pvc('b', '2Gi', { cls: '' }),
      pv('wrong-mode', '5Gi', { volumeMode: 'Block', claimRef: { name: 'c', namespace: 'default' } }),
      pvc('c', '1Gi', { cls: '' }),
    ],
  ],
  [
    'several volumes reserved for one claim',
    [
      pv('r1', '1Gi', { claimRef: { name: 'a', namespace: 'default' } }),
      pv('r2', '2Gi', { claimRef: { name: 'a', namespace: 'default' } }),
      pv('r3', '3Gi', { claimRef: { name: 'a', namespace: 'default' } }),
      pvc('a', '1Gi', { cls: '' }),
      pv('n1', '1Gi', { claimRef: { name: 'b', namespace: 'default' } }),
      pv('n2', '1Gi'),
      pvc('b', '1Gi', { cls: '', volumeName: 'n2' }),
    ],
  ],
  [
    'reserved, with a WaitForFirstConsumer class',
    [
      sc('local', { provisioner: 'kubernetes.io/no-provisioner', wffc: true }),
      pv('r', '1Gi', { cls: 'local', claimRef: { name: 'a', namespace: 'default' } }),
      pvc('a', '1Gi', { cls: 'local' }),
    ],
  ],
  [
    'search: the smallest that fits, in the smallest access-mode group',
    [
      pv('tiny', '500Mi'),
      pv('rwo-10', '10Gi'),
      pv('rwo-2', '2Gi'),
      pv('rox-1', '1Gi', { modes: RWO_ROX }),
      pvc('a', '1Gi', { cls: '' }),
      pvc('b', '1Gi', { cls: '' }),
      pvc('c', '1Gi', { cls: '' }),
      pvc('d', '1Gi', { cls: '' }),
      pvc('e', '1Gi', { cls: '', modes: ['ReadOnlyMany'] }),
    ],
  ],
  [
    'search: access-mode groups from the fewest modes',
    [
      pv('all3', '1Gi', { modes: ALL3 }),
      pv('rox', '5Gi', { modes: RWO_ROX }),
      pvc('a', '1Gi', { cls: '', modes: ['ReadOnlyMany'] }),
      pvc('b', '1Gi', { cls: '', modes: ['ReadOnlyMany'] }),
    ],
  ],
  [
    'search: selectors',
    [
      pv('gold-big', '10Gi', { labels: { tier: 'gold', zone: 'a' } }),
      pv('gold', '1Gi', { labels: { tier: 'gold', zone: 'b' } }),
      pv('silver', '1Gi', { labels: { tier: 'silver' } }),
      pv('plain', '1Gi'),
      pvc('gold-a', '1Gi', {
        cls: '',
        selector: {
          matchLabels: { tier: 'gold' },
          matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }],
        },
      }),
      pvc('not-gold', '1Gi', {
        cls: '',
        selector: {
          matchExpressions: [
            { key: 'tier', operator: 'NotIn', values: ['gold'] },
            { key: 'tier', operator: 'Exists' },
          ],
        },
      }),
      pvc('unlabelled', '1Gi', {
        cls: '',
        selector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
      }),
      pvc('invalid', '1Gi', { cls: '', selector: { matchLabels: { 'bad key': 'x' } } }),
      pvc('none-left', '1Gi', { cls: '', selector: { matchLabels: { tier: 'gold' } } }),
    ],
  ],
  [
    'search: volume modes',
    [
      pv('fs', '1Gi'),
      pv('blk', '1Gi', { volumeMode: 'Block' }),
      pvc('b', '1Gi', { cls: '', volumeMode: 'Block' }),
      pvc('f', '1Gi', { cls: '', volumeMode: 'Filesystem' }),
      pvc('g', '1Gi', { cls: '', volumeMode: 'Block' }),
    ],
  ],
  [
    'classes: WaitForFirstConsumer with and without a static volume, Immediate, no-provisioner, missing',
    [
      sc('wffc', { wffc: true }),
      sc('now'),
      sc('none', { provisioner: 'kubernetes.io/no-provisioner', wffc: true }),
      pv('w1', '2Gi', { cls: 'wffc' }),
      pvc('w-static', '1Gi', { cls: 'wffc' }),
      pvc('w-dynamic', '5Gi', { cls: 'wffc' }),
      pv('n1', '1Gi', { cls: 'now' }),
      pvc('n-static', '1Gi', { cls: 'now' }),
      pvc('n-dynamic', '1Gi', { cls: 'now' }),
      pvc('local', '1Gi', { cls: 'none' }),
      pvc('ghost', '1Gi', { cls: 'ghost' }),
      pod('user', ['w-dynamic']),
    ],
  ],
  [
    'default classes: annotated, beta, several, from the options, none',
    [
      sc('b-default', { betaDefault: true }),
      sc('a-default', { isDefault: true }),
      pvc('unset', '1Gi'),
      pvc('explicit', '1Gi', { cls: 'b-default' }),
    ],
  ],
  [
    'default class from the options',
    [pvc('unset', '1Gi'), pvc('set', '1Gi', { cls: 'standard' }), pv('static', '1Gi', { cls: 'standard' })],
    { defaultStorageClass: 'standard' },
  ],
  ['no default class, unset claims', [pv('small', '1G'), pvc('unset', '1Gi'), pvc('unset-fits', '500Mi')]],
  [
    'no default class known: a claim named by its volume is warned, one its volume reserves is not',
    [
      pv('named', '1Gi'),
      pvc('by-name', '1Gi', { volumeName: 'named' }),
      pv('reserved', '1Gi', { claimRef: { name: 'by-ref', namespace: 'default' } }),
      pvc('by-ref', '1Gi'),
    ],
  ],
  [
    'the options say the cluster has no default class (defaultStorageClass "")',
    [pv('small', '1G'), pvc('unset', '1Gi'), pvc('unset-fits', '500Mi')],
    { defaultStorageClass: '' },
  ],
  [
    'class "" never provisions, and near misses name what failed',
    [
      pv('small', '1G'),
      pv('rwo', '10Gi'),
      pv('classy', '10Gi', { cls: 'fast', modes: RWX }),
      pv('block', '10Gi', { volumeMode: 'Block', modes: RWX }),
      pv('labelled', '10Gi', { modes: RWX, labels: { a: 'b' } }),
      pv('taken', '10Gi', { modes: RWX }),
      pvc('first', '5Gi', { cls: '', modes: RWX }),
      pvc('rwx', '5Gi', { cls: '', modes: RWX }),
    ],
  ],
  [
    'near misses: a single failed check points at its field',
    [
      pv('v', '1Gi'),
      pvc('size', '5Gi', { cls: '' }),
      pv('w', '10Gi', { modes: RWO }),
      pvc('modes', '1Gi', { cls: '', modes: RWX }),
      pv('x', '10Gi', { cls: 'gold', modes: RWX }),
      pvc('sel', '1Gi', { cls: 'gold', modes: RWX, selector: { matchLabels: { a: 'b' } } }),
    ],
  ],
  [
    'a selector on a dynamic class, empty or not',
    [
      sc('fast'),
      pvc('sel', '1Gi', { cls: 'fast', selector: { matchLabels: { a: 'b' } } }),
      pvc('empty', '1Gi', { cls: 'fast', selector: {} }),
    ],
  ],
  [
    'claims the API server rejects are not bound',
    [
      pv('v', '10Gi'),
      pvc('bad-size', 'x', { cls: '' }),
      pvc('no-modes', '1Gi', { cls: '', modes: [] }),
      pvc('zero', '0', { cls: '' }),
      pvc('rwop-mixed', '1Gi', { cls: '', modes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
      pvc('ok', '1Gi', { cls: '' }),
    ],
  ],
  [
    'beta class annotations win over spec.storageClassName',
    [
      pv('v', '1Gi', { cls: 'spec', annotations: { [BETA]: 'gold' } }),
      pvc('a', '1Gi', { cls: 'spec', annotations: { [BETA]: 'gold' } }),
      pv('w', '1Gi', { cls: 'gold' }),
      pvc('b', '1Gi', { cls: 'gold', annotations: { [BETA]: '' } }),
    ],
  ],
  [
    'namespaces: same name, different namespaces',
    [
      pv('v1', '1Gi', { claimRef: { name: 'data', namespace: 'a' } }),
      pv('v2', '1Gi', { claimRef: { name: 'data', namespace: 'b' } }),
      pvc('data', '1Gi', { cls: '', ns: 'b' }),
      pvc('data', '1Gi', { cls: '', ns: 'a' }),
    ],
  ],
  [
    'StatefulSet templates: ordinals, class "", static volumes',
    [
      pv('d0', '1Gi'),
      pv('d1', '2Gi'),
      sts('db', 3, [template('data', '1Gi', { cls: '' })], 'shop'),
      sts('none', 0, [template('x', '1Gi', { cls: 'fast' })]),
      sc('fast', { wffc: true }),
      sts('web', undefined, [
        template('cache', '1Gi', { cls: 'fast' }),
        template('logs', '1Gi', { cls: 'fast', selector: { matchLabels: { a: 'b' } } }),
      ]),
    ],
  ],
  [
    'a provisioned claim that lost its static volume to another',
    [
      sc('gold'),
      pv('g', '1Gi', { cls: 'gold' }),
      pvc('a', '1Gi', { cls: 'gold' }),
      pvc('b', '1Gi', { cls: 'gold' }),
    ],
  ],
  [
    'unclaimed volumes, and volumes of a class nobody asks for',
    [
      pv('free', '1Gi'),
      pv('gold', '1Gi', { cls: 'gold' }),
      pv('bad', 'x'),
      pv('reserved', '1Gi', { claimRef: { name: 'gone', namespace: 'default' } }),
    ],
  ],
  [
    'odd inputs: options not an object, duplicates, non-manifests',
    [null, 5, pvc('a', '1Gi', { cls: '' }), pvc('a', '1Gi', { cls: '' }), pv('v', '1Gi'), pv('v', '2Gi')],
    null as any,
  ],
];
