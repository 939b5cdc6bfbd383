import { planStorage } from '../../src/plan/plan';
import { predictBindings } from '../../src/plan/binding';
import { validateManifests } from '../../src/plan/validate';
import { Finding, PlanOptions } from '../../src/plan/types';

const CSI = 'pd.csi.storage.gke.io';

function sc(name: string, provisioner = CSI, waitForFirstConsumer = false): object {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner,
    reclaimPolicy: 'Retain',
    ...(waitForFirstConsumer ? { volumeBindingMode: 'WaitForFirstConsumer' } : {}),
  };
}

function template(spec: Record<string, unknown> = {}, metadata?: Record<string, unknown>): object {
  return {
    ...(metadata ? { metadata } : {}),
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

function podSpec(vct: object, volume = 'scratch'): object {
  return {
    containers: [
      { name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: volume, mountPath: '/scratch' }] },
    ],
    volumes: [{ name: volume, ephemeral: { volumeClaimTemplate: vct } }],
  };
}

function pod(vct: object, name = 'web', volume = 'scratch'): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: podSpec(vct, volume) };
}

function workload(kind: string, vct: object, replicas = 2): object {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'api' },
    spec: {
      replicas,
      ...(kind === 'StatefulSet' ? { serviceName: 'api' } : {}),
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: podSpec(vct) },
    },
  };
}

function claim(name: string, extra: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, ...extra },
    spec: {
      storageClassName: 'fast',
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    },
  };
}

function vac(name: string, driverName: string): object {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'VolumeAttributesClass',
    metadata: { name },
    driverName,
    parameters: { iops: '5000' },
  };
}

function ruleFindings(findings: readonly Finding[], ...rules: string[]): Finding[] {
  return findings.filter((f) => rules.includes(f.rule));
}

const NOTE_WEB =
  ' It is the claim the ephemeral volume controller makes for volume "scratch" of pod web, and it is deleted with the pod.';

describe('generic ephemeral volumes as claims', () => {
  test('a Pod: one claim <pod>-<volume> in its namespace, provisioned by its class', () => {
    const { claims, findings } = predictBindings([sc('fast'), pod(template({ storageClassName: 'fast' }))]);
    expect(claims).toEqual([
      {
        namespace: 'default',
        name: 'web-scratch',
        outcome: 'provisioned',
        storageClass: 'fast',
        reason:
          'no free static volume fits, so StorageClass "fast" (provisioner pd.csi.storage.gke.io, volumeBindingMode Immediate) provisions a new volume.' +
          NOTE_WEB,
      },
    ]);
    expect(findings).toEqual([]);
  });

  test('WaitForFirstConsumer: the claim waits for its own pod', () => {
    const { claims } = predictBindings([sc('fast', CSI, true), pod(template({ storageClassName: 'fast' }))]);
    expect(claims.map((c) => [c.name, c.outcome])).toEqual([['web-scratch', 'waiting']]);
    expect(claims[0].reason).toBe(
      'StorageClass "fast" has volumeBindingMode WaitForFirstConsumer: provisioner pd.csi.storage.gke.io provisions the volume when the first pod using the claim is scheduled. Pod/default/web mounts it, so that happens once its pod is scheduled.' +
        NOTE_WEB,
    );
  });

  test('the default class, as for any claim; none and no default: Pending (warning: the cluster may have one)', () => {
    const dflt = {
      ...(sc('fast') as any),
      metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    };
    expect(
      predictBindings([dflt, pod(template())]).claims.map((c) => [c.name, c.outcome, c.storageClass]),
    ).toEqual([['web-scratch', 'provisioned', 'fast']]);
    const missing = predictBindings([pod(template({ storageClassName: 'nope' }))]);
    expect(missing.claims.map((c) => [c.name, c.outcome])).toEqual([['web-scratch', 'pending']]);
    expect(missing.findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'Pod/default/web',
        field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName',
        message:
          'claim web-scratch: stays Pending: no static volume fits, and StorageClass "nope" is not among the manifests: if it exists in the cluster it may provision the claim, otherwise the claim stays Pending. Plan the claim together with the file that defines the class (or, if it is the cluster\'s default class, name it with --default-storage-class). There is no PersistentVolume among the manifests.',
      },
    ]);
  });

  test('a StatefulSet: one claim per replica, <set>-<ordinal>-<volume>; other workloads: one entry for generated pod names', () => {
    const sts = predictBindings([
      sc('fast'),
      workload('StatefulSet', template({ storageClassName: 'fast' }), 3),
    ]);
    expect(sts.claims.map((c) => c.name)).toEqual(['api-0-scratch', 'api-1-scratch', 'api-2-scratch']);
    expect(sts.claims[1].reason).toContain(
      'It is the claim the ephemeral volume controller makes for volume "scratch" of pod api-1, and it is deleted with the pod.',
    );
    const dep = predictBindings([sc('fast'), workload('Deployment', template({ storageClassName: 'fast' }))]);
    expect(dep.claims.map((c) => [c.name, c.outcome])).toEqual([['api-*-scratch', 'provisioned']]);
    expect(dep.claims[0].reason).toContain(
      'It is the claim the ephemeral volume controller makes for volume "scratch" of each pod of Deployment/default/api (pods get generated names, so one entry stands for a claim named <pod name>-scratch per pod), and it is deleted with the pod.',
    );
    // No pods, no claims.
    expect(
      predictBindings([sc('fast'), workload('Deployment', template({ storageClassName: 'fast' }), 0)]).claims,
    ).toEqual([]);
  });

  test("a claim of the manifests with the ephemeral claim's name: an error, the pod never starts", () => {
    const { claims, findings } = predictBindings([
      sc('fast'),
      pod(template({ storageClassName: 'fast' })),
      claim('web-scratch'),
    ]);
    expect(claims.map((c) => c.name)).toEqual(['web-scratch']); // the manifest's claim, bound as itself
    expect(claims[0].reason).not.toContain('ephemeral');
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'ephemeral-claim-conflict',
        object: 'Pod/default/web',
        field: 'spec.volumes[0].name',
        message:
          'ephemeral volume "scratch" of pod web needs a claim named web-scratch, but the manifests define PersistentVolumeClaim default/web-scratch, which the pod does not own: the ephemeral volume controller never uses it ("PVC default/web-scratch was not created for pod default/web (pod is not owner)") and the pod never starts; rename the volume or the claim',
      },
    ]);
    // A StatefulSet's replica pod is named too.
    const sts = predictBindings([
      sc('fast'),
      workload('StatefulSet', template({ storageClassName: 'fast' })),
      claim('api-1-scratch'),
    ]);
    expect(ruleFindings(sts.findings, 'ephemeral-claim-conflict').map((f) => [f.severity, f.object])).toEqual(
      [['error', 'StatefulSet/default/api']],
    );
    // Another namespace, another name: no conflict.
    const other = predictBindings([
      sc('fast'),
      pod(template({ storageClassName: 'fast' })),
      claim('web-scratch', { namespace: 'team' }),
    ]);
    expect(ruleFindings(other.findings, 'ephemeral-claim-conflict')).toEqual([]);
  });

  test('a claim naming the pod as controller: a warning (the uid decides, which the plan cannot see)', () => {
    const owned = claim('web-scratch', {
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'u-1', controller: true }],
    });
    const { findings } = predictBindings([sc('fast'), pod(template({ storageClassName: 'fast' })), owned]);
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: 'ephemeral-claim-conflict',
        object: 'Pod/default/web',
        field: 'spec.volumes[0].name',
        message:
          'ephemeral volume "scratch" of pod web uses the claim web-scratch, and the manifests define PersistentVolumeClaim default/web-scratch with an ownerReference to Pod web: the pod uses it only if that ownerReference\'s uid is the pod\'s (VolumeIsForPod), which the plan cannot see; otherwise the pod never starts',
      },
    ]);
  });

  test('a template with a data source: the new volume starts with its data, as for any claim', () => {
    const { claims } = predictBindings([
      sc('fast'),
      pod(
        template({
          storageClassName: 'fast',
          dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
        }),
      ),
    ]);
    expect(claims[0].reason).toBe(
      'no free static volume fits, so StorageClass "fast" (provisioner pd.csi.storage.gke.io, volumeBindingMode Immediate) provisions a new volume.' +
        ' The new volume starts with the data of VolumeSnapshot snap (the CSI provisioner restores or clones it).' +
        NOTE_WEB,
    );
  });

  test('the pod mounting its own ephemeral claim by name is not a missing claim', () => {
    const p = pod(template({ storageClassName: 'fast' })) as any;
    p.spec.volumes.push({ name: 'again', persistentVolumeClaim: { claimName: 'web-scratch' } });
    const plan = planStorage([sc('fast'), p]);
    expect(ruleFindings(plan.findings, 'claim-missing', 'ephemeral-claim-conflict')).toEqual([]);
  });
});

describe('volumeAttributesClassName', () => {
  const opts: PlanOptions = { kubernetesVersion: '1.34' };

  test("a class of the manifests with the class's driver: nothing to say", () => {
    const p = planStorage(
      [
        sc('fast'),
        pod(template({ storageClassName: 'fast', volumeAttributesClassName: 'gold' })),
        vac('gold', CSI),
      ],
      opts,
    );
    expect(ruleFindings(p.findings, 'attributes-class-missing', 'attributes-class-driver-mismatch')).toEqual(
      [],
    );
    expect(p.claims.map((c) => c.outcome)).toEqual(['provisioned']);
  });

  test('a class not in the manifests: a warning naming the assumption; in options.cluster: none', () => {
    const manifests = [sc('fast'), claim('data', {})];
    (manifests[1] as any).spec.volumeAttributesClassName = 'gold';
    const p = planStorage(manifests, opts);
    expect(ruleFindings(p.findings, 'attributes-class-missing')).toEqual([
      {
        severity: 'warning',
        rule: 'attributes-class-missing',
        object: 'PersistentVolumeClaim/default/data',
        field: 'spec.volumeAttributesClassName',
        message:
          'names VolumeAttributesClass "gold", which is not in the manifests: if it does not exist on the cluster either, the CSI provisioner cannot read it and the claim stays Pending until it does',
      },
    ]);
    const withCluster = planStorage(manifests, {
      ...opts,
      cluster: [{ kind: 'List', items: [vac('gold', CSI)] }],
    });
    expect(ruleFindings(withCluster.findings, 'attributes-class-missing')).toEqual([]);
  });

  test('a class of another driver: an error, and the claim stays Pending', () => {
    const p = planStorage(
      [
        sc('fast'),
        pod(template({ storageClassName: 'fast', volumeAttributesClassName: 'gold' })),
        vac('gold', 'ebs.csi.aws.com'),
      ],
      opts,
    );
    const text =
      'names VolumeAttributesClass "gold" of driver ebs.csi.aws.com, but its class fast is provisioned by pd.csi.storage.gke.io: the CSI provisioner refuses it ("VAC gold referenced in PVC is for driver ebs.csi.aws.com which does not match driver name pd.csi.storage.gke.io") and the claim stays Pending; name a VolumeAttributesClass of pd.csi.storage.gke.io';
    expect(ruleFindings(p.findings, 'attributes-class-driver-mismatch')).toEqual([
      {
        severity: 'error',
        rule: 'attributes-class-driver-mismatch',
        object: 'Pod/default/web',
        field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName',
        message: `claim web-scratch: ${text}`,
      },
    ]);
    expect(p.claims).toEqual([
      {
        namespace: 'default',
        name: 'web-scratch',
        outcome: 'pending',
        storageClass: 'fast',
        reason: `stays Pending: it ${text}.${NOTE_WEB}`,
      },
    ]);
  });

  test('a provisioner not known to be CSI: a warning naming the assumption, the claim still provisioned; a CSIDriver object makes it an error', () => {
    const manifests = [
      sc('local', 'driver.longhorn.io'),
      pod(template({ storageClassName: 'local', volumeAttributesClassName: 'gold' })),
      vac('gold', CSI),
    ];
    const p = planStorage(manifests, opts);
    expect(ruleFindings(p.findings, 'attributes-class-driver-mismatch')).toEqual([
      {
        severity: 'warning',
        rule: 'attributes-class-driver-mismatch',
        object: 'Pod/default/web',
        field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName',
        message:
          'claim web-scratch: names VolumeAttributesClass "gold" of driver pd.csi.storage.gke.io, but its class local is provisioned by driver.longhorn.io: ' +
          'if driver.longhorn.io is a CSI driver (no CSIDriver object of it is in the manifests), the CSI provisioner refuses the claim and it stays Pending; ' +
          'a provisioner that is not CSI ignores the VolumeAttributesClass; name a VolumeAttributesClass of driver.longhorn.io',
      },
    ]);
    expect(p.claims[0].outcome).toBe('provisioned');
    const csiDriver = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: 'driver.longhorn.io' },
      spec: {},
    };
    const withDriver = planStorage([...manifests, csiDriver], opts);
    expect(
      ruleFindings(withDriver.findings, 'attributes-class-driver-mismatch').map((f) => f.severity),
    ).toEqual(['error']);
    expect(withDriver.claims[0].outcome).toBe('pending');
  });

  test('not judged before 1.34 (the field is dropped), nor for an in-tree provisioner name (CSI migration)', () => {
    const manifests = [
      sc('fast'),
      pod(template({ storageClassName: 'fast', volumeAttributesClassName: 'gold' })),
      vac('gold', 'ebs.csi.aws.com'),
    ];
    const old = planStorage(manifests, { kubernetesVersion: '1.33' });
    expect(
      ruleFindings(old.findings, 'attributes-class-driver-mismatch', 'attributes-class-missing'),
    ).toEqual([]);
    const intree = planStorage(
      [
        sc('fast', 'kubernetes.io/gce-pd'),
        pod(template({ storageClassName: 'fast', volumeAttributesClassName: 'gold' })),
        vac('gold', CSI),
      ],
      opts,
    );
    expect(ruleFindings(intree.findings, 'attributes-class-driver-mismatch')).toEqual([]);
  });
});

describe('API server validation of ephemeral.volumeClaimTemplate', () => {
  test('metadata other than labels and annotations is rejected', () => {
    const findings = validateManifests([
      pod(template({}, { name: 'mine', namespace: 'x', labels: { a: 'b' } })),
    ]);
    expect(ruleFindings(findings, 'ephemeral-template-metadata')).toEqual([
      {
        severity: 'error',
        rule: 'ephemeral-template-metadata',
        object: 'Pod/default/web',
        field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name',
        message:
          "metadata.name cannot be set for an ephemeral volume: only labels and annotations are allowed (the claim is named <pod name>-<volume name>, in the pod's namespace)",
      },
      {
        severity: 'error',
        rule: 'ephemeral-template-metadata',
        object: 'Pod/default/web',
        field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.namespace',
        message:
          "metadata.namespace cannot be set for an ephemeral volume: only labels and annotations are allowed (the claim is named <pod name>-<volume name>, in the pod's namespace)",
      },
    ]);
    expect(
      ruleFindings(
        // Zero values are unset: kubectl --dry-run prints `creationTimestamp: null` in templates.
        validateManifests([
          pod(template({}, { labels: { a: 'b' }, creationTimestamp: null, name: '', generation: 0 })),
        ]),
        'ephemeral-template-metadata',
      ),
    ).toEqual([]);
    // ...but 0 in a pointer field (deletionGracePeriodSeconds, an *int64) is set: validateFieldAllowList rejects it.
    expect(
      ruleFindings(
        validateManifests([pod(template({}, { deletionGracePeriodSeconds: 0 }))]),
        'ephemeral-template-metadata',
      ).map((f) => f.field),
    ).toEqual(['spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.deletionGracePeriodSeconds']);
  });

  test("a Pod whose <pod>-<volume> is no valid claim name is rejected (a workload's template is not: its pods' names are generated)", () => {
    const long = 'p'.repeat(250);
    const findings = validateManifests([pod(template(), long, 'scratch')]);
    expect(ruleFindings(findings, 'name-invalid')).toEqual([
      {
        severity: 'error',
        rule: 'name-invalid',
        object: `Pod/default/${long}`,
        field: 'spec.volumes[0].name',
        message: `ephemeral volume "scratch" makes the claim name "${long}-scratch", which the API server rejects: the claim name is "${'p'.repeat(40)}..." (258 characters); a DNS-1123 subdomain has at most 253; shorten the pod or the volume name`,
      },
    ]);
    expect(ruleFindings(validateManifests([workload('Deployment', template())]), 'name-invalid')).toEqual([]);
  });
});

describe('admission of ephemeral claims (ordinary creates for LimitRanger and ResourceQuota)', () => {
  test("a Pod's claim over a quota is never created: its plan says so, with the finding", () => {
    const q = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'storage' },
      spec: { hard: { 'requests.storage': '500Mi' } },
    };
    const p = planStorage([sc('fast'), q, pod(template({ storageClassName: 'fast' }))]);
    const why =
      'ResourceQuota "storage" in namespace "default" limits requests.storage to 500Mi, and this claim alone asks ' +
      'for 1Gi: the API server rejects it (exceeded quota)';
    expect(p.claims).toEqual([
      {
        namespace: 'default',
        name: 'web-scratch',
        outcome: 'pending',
        storageClass: 'fast',
        reason: `never created: admission rejects it: ${why}`,
      },
    ]);
    expect(ruleFindings(p.findings, 'claim-quota-exceeded')).toEqual([
      {
        severity: 'error',
        rule: 'claim-quota-exceeded',
        object: 'Pod/default/web',
        field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage',
        message:
          `ephemeral claim web-scratch, which the ephemeral volume controller makes for volume "scratch" of pod web: ${why}, ` +
          'so the pod never starts. The namespace may already hold other claims; they only add to the usage.',
      },
    ]);
  });

  test('a Deployment whose replicas partly fit keeps its plan entry (it stands for every pod)', () => {
    const q = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'claims' },
      spec: { hard: { persistentvolumeclaims: '1' } },
    };
    const p = planStorage([sc('fast'), q, workload('Deployment', template({ storageClassName: 'fast' }), 2)]);
    expect(p.claims.map((c) => [c.name, c.outcome])).toEqual([['api-*-scratch', 'provisioned']]);
    expect(ruleFindings(p.findings, 'claim-quota-exceeded').map((f) => f.message)).toEqual([
      '1 of the 2 ephemeral claims for volume "scratch" (one per pod of Deployment/default/api, named <pod name>-scratch) ' +
        'is rejected, after the first fits: ResourceQuota "claims" in namespace "default" limits persistentvolumeclaims ' +
        'to 1; the claims before it in the manifests already count 1 and this one adds 1: the API server rejects it ' +
        '(exceeded quota); the ephemeral volume controller cannot create it, so that pod never starts. The namespace ' +
        'may already hold other claims; they only add to the usage.',
    ]);
  });
});
