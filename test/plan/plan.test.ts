import { createHash } from 'crypto';
import { generate } from '../../bench/programs/plan';
import { predictBindings } from '../../src/plan/binding';
import { planStorage } from '../../src/plan/plan';
import { podSecurityFindings } from '../../src/plan/security';
import { Finding } from '../../src/plan/types';
import { validateManifests } from '../../src/plan/validate';
import { storageWarnings } from '../../src/plan/warnings';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// Recorded from planStorage before its performance work (one shared pre-pass, cheaper readers and
// sort): any change to a finding, a claim, a reason or their order changes the checksum. The
// input's checksum is recorded too, so a change to the benchmark's generator is told apart from a
// change of the plan's output.
// Re-recorded when reclaim-delete became info and prune-unprotected was limited to objects whose
// deletion deletes data: the claims are unchanged; 667 reclaim-delete warnings are info, the one
// of StorageClass "local" (which provisions no claim) is gone, and 2 568 prune-unprotected are gone
// (1 336 Retain volumes, 1 047 claims bound to Retain volumes, 185 pending claims): 7 294 -> 4 725.
// Re-recorded when every claim the search leaves Pending became a warning (the cluster may hold a
// volume the manifests do not): the outcomes and the volumes are unchanged; the 91 search findings
// (53 claim-pending, 38 claim-competing) are warnings instead of errors, and their messages and
// the claims' reasons say "among the manifests" and carry the plan's assumption ("The plan sees only
// the volumes in the manifests: ..."); the 94 claim-pending errors of claims naming a volume stay
// errors. Still 4 725 findings.
const GENERATED_INPUT_SHA256 = '0e99e1cafbfcf574c26af187692423d22be206f927d601e75a86200a956e8e5a';
const GENERATED_PLAN_SHA256 = 'a79e4aa64c74020fdced7a394a1e1b005251edeeb981ce8b10242d6d83bc1a93';

describe('planStorage', () => {
  test('gives the recorded plan for the benchmark generator at 2 000 volumes and 2 000 claims', () => {
    const manifests = generate(2000, 2000);
    expect(sha256(JSON.stringify(manifests))).toBe(GENERATED_INPUT_SHA256);
    const plan = planStorage(manifests);
    expect(plan.claims).toHaveLength(2000);
    expect(plan.findings).toHaveLength(4725);
    expect(sha256(JSON.stringify(plan))).toBe(GENERATED_PLAN_SHA256);
  });

  test('is the four modules composed: their findings, sorted by severity, object, rule, field and message', () => {
    const manifests = generate(300, 300, 7);
    const binding = predictBindings(manifests, { defaultStorageClass: 'fast' });
    const expected: Finding[] = [
      ...validateManifests(manifests),
      ...binding.findings,
      ...storageWarnings(manifests, binding.claims),
      ...podSecurityFindings(manifests),
    ];
    const rank = { error: 0, warning: 1, info: 2 };
    const key = (f: Finding): string => [f.object, f.rule, f.field ?? '', f.message].join('\u0000');
    expected.sort(
      (a, b) => rank[a.severity] - rank[b.severity] || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
    );
    const plan = planStorage(manifests, { defaultStorageClass: 'fast' });
    expect(plan.claims).toEqual(binding.claims);
    expect(plan.findings).toEqual(expected);
  });

  test('options.kubernetesVersion: a known minor (1.30, v1.30.2) is accepted with no finding', () => {
    const manifests = generate(30, 30, 3);
    const byDefault = planStorage(manifests);
    for (const kubernetesVersion of ['1.30', 'v1.30.2', '1.27', '1.36']) {
      const plan = planStorage(manifests, { kubernetesVersion });
      expect(plan.findings.filter((f) => f.rule === 'option-invalid')).toEqual([]);
      expect(plan).toEqual(byDefault);
    }
    expect(planStorage([], { kubernetesVersion: '1.30' })).toEqual({ claims: [], findings: [] });
  });

  test('options.kubernetesVersion: an unknown minor, or a number, is an error finding; the plan judges for 1.36', () => {
    const invalid = (message: string): Finding => ({
      severity: 'error',
      rule: 'option-invalid',
      object: '<options>',
      field: 'kubernetesVersion',
      message,
    });
    expect(planStorage([], { kubernetesVersion: '1.26' })).toEqual({
      claims: [],
      findings: [
        invalid(
          'kubernetesVersion "1.26" is not a Kubernetes minor this release knows; allowed: 1.27 to 1.36 (e.g. 1.30); ' +
            'the plan judged for 1.36 instead',
        ),
      ],
    });
    // YAML reads an unquoted 1.30 as the number 1.3
    expect(planStorage([], { kubernetesVersion: 1.3 as unknown as string })).toEqual({
      claims: [],
      findings: [
        invalid(
          'kubernetesVersion 1.3 is not a Kubernetes minor this release knows; allowed: 1.27 to 1.36 (e.g. 1.30); ' +
            'the plan judged for 1.36 instead',
        ),
      ],
    });
    // the rest of the plan is the default version's, the option's error sorted among the errors
    const manifests = generate(30, 30, 3);
    const byDefault = planStorage(manifests);
    const plan = planStorage(manifests, { kubernetesVersion: '1.26' });
    expect(plan.claims).toEqual(byDefault.claims);
    const optionError = plan.findings.filter((f) => f.rule === 'option-invalid');
    expect(optionError).toEqual([
      invalid(
        'kubernetesVersion "1.26" is not a Kubernetes minor this release knows; allowed: 1.27 to 1.36 (e.g. 1.30); ' +
          'the plan judged for 1.36 instead',
      ),
    ]);
    expect(plan.findings.filter((f) => f.rule !== 'option-invalid')).toEqual(byDefault.findings);
    expect(plan.findings.indexOf(optionError[0])).toBeLessThan(
      plan.findings.findIndex((f) => f.severity !== 'error'),
    );
  });

  test('also runs the schema, the version rules, admission and suppressions, for the target version', () => {
    const claim = (
      name: string,
      size: string,
      extra: Record<string, unknown> = {},
      metadata = {},
    ): unknown => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'shop', ...metadata },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
        storageClassName: 'fast',
        ...extra,
      },
    });
    const fast = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      provisioner: 'ebs.csi.aws.com',
      reclaimPolicy: 'Retain',
    };
    const manifests = [
      fast,
      // an apiVersion 1.36 no longer serves
      { ...fast, apiVersion: 'storage.k8s.io/v1beta1', metadata: { name: 'old' } },
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'storage', namespace: 'shop' },
        spec: { limits: [{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' } }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx',
              volumeMounts: [
                { name: 'src', mountPath: '/src' },
                { name: 'd', mountPath: '/d' },
                { name: 'b', mountPath: '/b' },
              ],
            },
          ],
          volumes: [
            { name: 'src', gitRepo: { repository: 'https://example.com/site.git' } },
            { name: 'd', persistentVolumeClaim: { claimName: 'data' } },
            { name: 'b', persistentVolumeClaim: { claimName: 'big' } },
          ],
        },
      },
      // an unknown field (strict schema validation)
      claim('data', '1Gi', { foo: 1 }),
      // above the LimitRange's max: never created
      claim('big', '5Gi'),
      // its pending finding silenced by an annotation
      claim(
        'ghost',
        '1Gi',
        { storageClassName: 'premium' },
        { annotations: { 'ignore-check.cdk8s-volumes.io/claim-pending': 'the admin makes the class' } },
      ),
    ];
    const plan = planStorage(manifests);
    const ghost =
      'stays Pending: no static volume fits, and StorageClass "premium" is not among the manifests: if it exists in ' +
      'the cluster it may provision the claim, otherwise the claim stays Pending. Plan the claim together with the ' +
      "file that defines the class (or, if it is the cluster's default class, name it with --default-storage-class). " +
      'There is no PersistentVolume among the manifests.';
    const limit =
      'LimitRange "storage" in namespace "shop" allows at most 2Gi of storage per PersistentVolumeClaim, and this ' +
      'claim asks for 5Gi: the API server rejects it (LimitRanger)';
    expect(plan.claims).toEqual([
      {
        namespace: 'shop',
        name: 'data',
        outcome: 'provisioned',
        storageClass: 'fast',
        reason:
          'no free static volume fits, so StorageClass "fast" (provisioner ebs.csi.aws.com, volumeBindingMode ' +
          'Immediate) provisions a new volume.',
      },
      {
        namespace: 'shop',
        name: 'big',
        outcome: 'pending',
        storageClass: 'fast',
        reason: `never created: admission rejects it: ${limit}`,
      },
      { namespace: 'shop', name: 'ghost', outcome: 'pending', storageClass: 'premium', reason: ghost },
    ]);
    // the Pod Security report is security.ts's (test/plan/security.test.ts): one info here
    expect(plan.findings.filter((f) => f.rule === 'pod-security').map((f) => f.object)).toEqual([
      'Pod/shop/web',
    ]);
    expect(plan.findings.filter((f) => f.rule !== 'pod-security')).toEqual([
      {
        severity: 'error',
        rule: 'claim-limit-range',
        object: 'PersistentVolumeClaim/shop/big',
        field: 'spec.resources.requests.storage',
        message: `${limit}.`,
      },
      {
        severity: 'error',
        rule: 'schema-invalid',
        object: 'PersistentVolumeClaim/shop/data',
        field: 'spec.foo',
        message: 'unknown field "foo"',
      },
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'Pod/shop/web',
        field: 'spec.volumes[0].gitRepo',
        message:
          'volume source gitRepo is removed in Kubernetes 1.36: GitRepoVolumeDriver is locked to false: no cluster can run ' +
          'gitRepo volumes (the driver code itself is removed in 1.39 per KEP-5040); the API server still accepts ' +
          'the pod. Clone in an init container into an emptyDir instead (GitClonePod and GitRepoVolume do it)',
      },
      {
        severity: 'error',
        rule: 'api-version-unserved',
        object: 'StorageClass/old',
        field: 'apiVersion',
        message:
          'storage.k8s.io/v1beta1 StorageClass is not served by Kubernetes 1.36; use storage.k8s.io/v1',
      },
      {
        severity: 'info',
        rule: 'claim-unused',
        object: 'PersistentVolumeClaim/shop/ghost',
        message:
          'no workload in the manifests mounts this claim; if nothing elsewhere does, it holds storage for nothing ' +
          '(and a WaitForFirstConsumer class never provisions it)',
      },
    ]);
    expect(plan.suppressed).toEqual([
      {
        finding: {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/shop/ghost',
          field: 'spec.storageClassName',
          message: ghost,
        },
        by: 'annotation',
        reason: 'the admin makes the class',
      },
    ]);
    expect(plan.changes).toBeUndefined();
    // 1.32: gitRepo is only deprecated there
    expect(
      planStorage(manifests, { kubernetesVersion: '1.32' }).findings.filter((f) =>
        f.rule.startsWith('source-'),
      ),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'source-deprecated',
        object: 'Pod/shop/web',
        field: 'spec.volumes[0].gitRepo',
        message:
          'volume source gitRepo is deprecated (since 1.11): runs git on the node as root; clone in an init ' +
          'container into an emptyDir instead',
      },
    ]);
  });

  test('options.previous: the plan also judges the update and lists what happens to each object', () => {
    const fast = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      provisioner: 'ebs.csi.aws.com',
      reclaimPolicy: 'Retain',
    };
    const claim = (size: string): unknown => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'shop' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
        storageClassName: 'fast',
      },
    });
    const plan = planStorage([fast, claim('1Gi')], { previous: [fast, claim('2Gi')] });
    expect(plan.changes).toEqual([
      { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
      {
        object: 'PersistentVolumeClaim/shop/data',
        apiVersion: 'v1',
        action: 'update',
        fields: ['spec.resources.requests.storage'],
      },
    ]);
    expect(plan.findings.filter((f) => f.rule === 'claim-shrink')).toEqual([
      {
        severity: 'error',
        rule: 'claim-shrink',
        object: 'PersistentVolumeClaim/shop/data',
        field: 'spec.resources.requests.storage',
        message:
          'spec.resources.requests.storage shrinks from 2Gi to 1Gi: the API server refuses the update ' +
          '(ValidatePersistentVolumeClaimUpdate: "field can not be less than status.capacity"); a lower request is ' +
          'accepted only above status.capacity, to recover from a failed expansion; a volume never shrinks: keep ' +
          '2Gi, or copy the data to a new, smaller claim',
      },
    ]);
    // previous must be a list
    expect(planStorage([], { previous: 'x' as unknown as unknown[] })).toEqual({
      claims: [],
      findings: [
        {
          severity: 'error',
          rule: 'option-invalid',
          object: '<options>',
          field: 'previous',
          message: 'previous must be a list of manifests (the objects applied before)',
        },
      ],
    });
  });

  test('reads a non-list as no manifests', () => {
    expect(planStorage('not a list' as unknown as unknown[])).toEqual({ claims: [], findings: [] });
  });
});
