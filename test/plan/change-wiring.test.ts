import { planStorage } from '../../src/plan/plan';
import type { PlanOptions } from '../../src/plan/types';

/*
 * planStorage with options.previous: the change plan wired into the plan (its changes, its
 * findings, suppressions read from the previous manifests for deleted objects, option errors).
 * The change rules themselves are pinned in change.test.ts.
 */

type Obj = Record<string, any>;

const storageClass = (parameters: Obj, extra: Obj = {}): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'fast' },
  provisioner: 'ebs.csi.aws.com',
  reclaimPolicy: 'Retain',
  parameters,
  ...extra,
});

const claim = (name: string, annotations?: Obj): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'shop', ...(annotations ? { annotations } : {}) },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
    storageClassName: 'fast',
  },
});

const PARAMETERS_FORBIDDEN =
  'parameters changed from {type: "gp2"} to {type: "gp3"}: the API server refuses the update (ValidateStorageClassUpdate: ' +
  '"updates to parameters are forbidden."); volumes already provisioned keep the old settings: create a class with a new ' +
  'name for new claims';

const DELETED_CLAIM =
  'the claim is no longer among the manifests, so a pruning apply (Argo CD, Flux, kubectl apply --prune) deletes it: the ' +
  'volume provisioned for it and its data are deleted (StorageClass fast reclaimPolicy Delete); keep it, or annotate it ' +
  'argocd.argoproj.io/sync-options: Prune=false (Argo CD) or kustomize.toolkit.fluxcd.io/prune: disabled (Flux) before ' +
  'removing it';

describe('planStorage with options.previous', () => {
  test('without previous: no changes key at all', () => {
    const p = planStorage([storageClass({ type: 'gp3' })]);
    expect('changes' in p).toBe(false);
  });

  test('the changes are listed, one per object: update with its fields, create, unchanged', () => {
    const p = planStorage([storageClass({ type: 'gp3' }), claim('new')], {
      previous: [storageClass({ type: 'gp2' })],
    });
    expect(p.changes).toEqual([
      {
        object: 'StorageClass/fast',
        apiVersion: 'storage.k8s.io/v1',
        action: 'update',
        fields: ['parameters.type'],
      },
      { object: 'PersistentVolumeClaim/shop/new', apiVersion: 'v1', action: 'create' },
    ]);
    const unchanged = planStorage([storageClass({ type: 'gp3' })], {
      previous: [storageClass({ type: 'gp3' })],
    });
    expect(unchanged.changes).toEqual([
      { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
    ]);
    expect(unchanged.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test("a change finding is one of the plan's findings: a StorageClass parameters edit is refused", () => {
    const p = planStorage([storageClass({ type: 'gp3' })], { previous: [storageClass({ type: 'gp2' })] });
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'StorageClass/fast',
        field: 'parameters',
        message: PARAMETERS_FORBIDDEN,
      },
    ]);
  });

  test('an empty previous list: everything is created, nothing is judged as an update', () => {
    const p = planStorage([storageClass({ type: 'gp3' })], { previous: [] });
    expect(p.changes).toEqual([
      { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'create' },
    ]);
  });

  test('the previous manifests are bound with the same options (the class the default gave a claim)', () => {
    const unset = (name: string): Obj => {
      const c = claim(name);
      delete c.spec.storageClassName;
      return c;
    };
    const options: PlanOptions = { defaultStorageClass: 'fast', previous: [storageClass({}), unset('data')] };
    const p = planStorage([storageClass({}), unset('data')], options);
    // the class admission gave it is the same: no change of spec.storageClassName to report
    expect(p.changes?.map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
    expect(p.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  describe('suppressions and deleted objects', () => {
    const deleteClass = storageClass({ type: 'gp3' }, { reclaimPolicy: 'Delete' });

    test('a deleted claim whose volume is deleted: an error on its old name', () => {
      const p = planStorage([deleteClass], { previous: [deleteClass, claim('old')] });
      expect(p.changes).toEqual([
        { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
        {
          object: 'PersistentVolumeClaim/shop/old',
          apiVersion: 'v1',
          action: 'delete',
          data: 'the volume provisioned for it and its data are deleted (StorageClass fast reclaimPolicy Delete)',
        },
      ]);
      expect(p.findings.filter((f) => f.severity === 'error')).toEqual([
        {
          severity: 'error',
          rule: 'delete-data-loss',
          object: 'PersistentVolumeClaim/shop/old',
          message: DELETED_CLAIM,
        },
      ]);
      expect(p.suppressed).toBeUndefined();
    });

    test('the annotation on the previous manifest of a deleted object silences its finding; its unused annotations are not reported', () => {
      const previous = [
        deleteClass,
        claim('old', {
          'ignore-check.cdk8s-volumes.io/delete-data-loss': 'the data moved to the new cluster',
          'ignore-check.cdk8s-volumes.io/claim-pending': 'unused, but the object is gone',
        }),
      ];
      const p = planStorage([deleteClass], { previous });
      expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(p.findings.filter((f) => f.rule === 'suppression-unused')).toEqual([]);
      expect(p.suppressed).toEqual([
        {
          finding: {
            severity: 'error',
            rule: 'delete-data-loss',
            object: 'PersistentVolumeClaim/shop/old',
            message: DELETED_CLAIM,
          },
          by: 'annotation',
          reason: 'the data moved to the new cluster',
        },
      ]);
    });

    test('an object still in the manifests is judged by its annotations now, not by its previous ones', () => {
      const previous = [
        storageClass(
          { type: 'gp2' },
          {
            metadata: {
              name: 'fast',
              annotations: { 'ignore-check.cdk8s-volumes.io/update-immutable': 'old' },
            },
          },
        ),
      ];
      const p = planStorage([storageClass({ type: 'gp3' })], { previous });
      expect(p.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual([
        'update-immutable',
      ]);
      expect(p.suppressed).toBeUndefined();

      const annotatedNow = storageClass(
        { type: 'gp3' },
        {
          metadata: {
            name: 'fast',
            annotations: { 'ignore-check.cdk8s-volumes.io/update-immutable': 'recreated by hand' },
          },
        },
      );
      const q = planStorage([annotatedNow], { previous: [storageClass({ type: 'gp2' })] });
      expect(q.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(q.suppressed?.map((s) => [s.finding.rule, s.by, s.reason])).toEqual([
        ['update-immutable', 'annotation', 'recreated by hand'],
      ]);
    });

    // The change rules (CHANGE_RULES of src/plan/change.ts) are in the catalogue, so disableRules
    // knows them.
    test('disableRules silences change findings too', () => {
      const p = planStorage([deleteClass], {
        previous: [deleteClass, claim('old')],
        disableRules: ['delete-data-loss'],
      });
      expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(p.suppressed?.map((s) => [s.finding.rule, s.by, s.reason])).toEqual([
        ['delete-data-loss', 'option', 'disabled by the disableRules option'],
      ]);
    });

    test('a previous manifest that cannot be read is no annotation source and no crash', () => {
      const unreadable = new Proxy(
        {},
        {
          get() {
            throw new Error('a Proxy');
          },
        },
      );
      const p = planStorage([deleteClass], { previous: [deleteClass, unreadable, null, claim('old')] });
      expect(p.findings.filter((f) => f.severity === 'error').map((f) => [f.rule, f.object])).toEqual([
        ['delete-data-loss', 'PersistentVolumeClaim/shop/old'],
      ]);
    });
  });

  describe('option errors', () => {
    test.each([['dist/'], [{ kind: 'List' }], [null], [42]])(
      'previous %j, not a list: an option-invalid error, no change plan',
      (previous) => {
        const p = planStorage([storageClass({ type: 'gp3' })], { previous: previous as any });
        expect('changes' in p).toBe(false);
        expect(p.findings.filter((f) => f.severity === 'error')).toEqual([
          {
            severity: 'error',
            rule: 'option-invalid',
            object: '<options>',
            field: 'previous',
            message: 'previous must be a list of manifests (the objects applied before)',
          },
        ]);
      },
    );

    test('an option error is never silenced, not even by disableRules', () => {
      const p = planStorage([], { previous: 'dist/' as any, disableRules: ['option-invalid'] });
      expect(p.findings.map((f) => [f.rule, f.field])).toEqual([['option-invalid', 'previous']]);
    });

    test('options whose previous cannot be read: no change plan, no crash, an option error naming it', () => {
      const options = {
        get previous(): never {
          throw new Error('a getter handed in by code');
        },
      };
      const p = planStorage([storageClass({ type: 'gp3' })], options as PlanOptions);
      expect('changes' in p).toBe(false);
      expect(p.findings.filter((f) => f.severity === 'error')).toEqual([
        {
          severity: 'error',
          rule: 'option-invalid',
          object: '<options>',
          field: 'previous',
          message:
            'options.previous cannot be read (reading it throws, e.g. a Proxy or a getter handed in by code); the plan went on without it',
        },
      ]);
    });

    test('the change plan is judged for the target version (kubernetesVersion reaches it)', () => {
      // HonorPVReclaimPolicy is on from 1.31: a deleted Delete volume loses its data (error); before, a warning
      const volume = {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv' },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Delete',
          csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' },
        },
      };
      const at = (kubernetesVersion: string) =>
        planStorage([], { previous: [volume], kubernetesVersion })
          .findings.filter((f) => f.rule === 'delete-data-loss')
          .map((f) => f.severity);
      expect(at('1.36')).toEqual(['error']);
      expect(at('1.30')).toEqual(['warning']);
    });
  });
});
