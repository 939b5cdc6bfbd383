/**
 * The constructs' self-check (src/constructs/_self-check.ts): each disagreement of issue 14 between the
 * constructs and the storage plan, now one rule. For each: the construct refuses with the rule id,
 * and the plan flags the same YAML (built with the rule accepted, the annotation then removed) with
 * the same finding.
 */
import { Chart, Testing } from 'cdk8s';
import { IGNORE_ANNOTATION_PREFIX } from '../../src/plan/suppress';
import { planStorage } from '../../src/plan/plan';
import { judgeObjects } from '../../src/plan/object-rules';
import { Finding } from '../../src/plan/types';
import { kubernetesVersionProblem } from '../../src/k8s/versions';
import { SecurityProfile } from '../../src/constructs/pod/container';
import { HostPathType, PodVolume } from '../../src/constructs/pod/volume';
import { DynamicClaim } from '../../src/constructs/persistent/dynamic-claim';
import { AccessMode, ReclaimPolicy } from '../../src/constructs/persistent/modes';
import {
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../src/constructs/persistent/persistent-volume';
import { Provisioner, StorageClass } from '../../src/constructs/persistent/storage-class';
import {
  ClaimDeployment,
  ClaimPod,
  ClaimStatefulSet,
  DeploymentStrategy,
} from '../../src/constructs/persistent/workloads';
import { KUBERNETES_VERSION_CONTEXT, RuleViolationError } from '../../src/constructs/_self-check';
import { StorageValidationError } from '../../src/_errors';
import { ruleDocUrl } from '../../src/rules/catalogue';

type Ignore = { [rule: string]: string } | undefined;

function setup(context: Record<string, unknown> = {}): Chart {
  const app = Testing.app();
  for (const [k, v] of Object.entries(context)) app.node.setContext(k, v);
  return new Chart(app, 'test');
}

/**
 * The message a construct throws for one finding: the house shape, the plan's words (`opening`, the
 * first word naming the field, replaced by the field path), the rule, its doc, the construct's path.
 */
function refusal(path: string, f: Finding, opening?: string): string {
  const message = opening === undefined ? ` ${f.message}` : f.message.slice(opening.length);
  if (opening !== undefined) expect(f.message.startsWith(`${opening} `)).toBe(true);
  return (
    `${f.object}: ${f.field}${message} [${f.rule}, ${f.severity}; see ${ruleDocUrl(f.rule)}]; ` +
    `to accept it on purpose, pass ignoreChecks: { '${f.rule}': '<reason>' } (construct ${path})`
  );
}

/** The message `make` throws (the test fails if it does not throw). */
function thrown(make: () => unknown): string {
  try {
    make();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the construct to throw');
}

/** The plan's findings of `rule` on the synthesized chart, with the rule's suppression annotation removed. */
function planned(chart: Chart, rule: string): Finding[] {
  const manifests = Testing.synth(chart).map((m) => {
    const annotations = m.metadata?.annotations;
    if (annotations) delete annotations[`${IGNORE_ANNOTATION_PREFIX}${rule}`];
    return m;
  });
  return planStorage(manifests).findings.filter((f) => f.rule === rule);
}

interface Disagreement {
  /** What the construct did before, and what the plan said. */
  readonly name: string;
  /** The construct's path in the tree (chart `test`). */
  readonly path: string;
  /** The finding the plan reports, which the construct now throws. */
  readonly finding: Finding;
  /** The message's first word when it names the field, which the construct's message replaces by the field path. */
  readonly opening?: string;
  readonly build: (chart: Chart, ignoreChecks: Ignore) => void;
}

const DOCKER_SOCK = PodVolume.hostPath('sock', { path: '/var/run/docker.sock', type: HostPathType.SOCKET });
const ETC = PodVolume.hostPath('etc', { path: '/etc', type: HostPathType.DIRECTORY });
const nginx = { name: 'web', image: 'nginx:1.27' };

const DISAGREEMENTS: Disagreement[] = [
  {
    name: 'a configMap item path "..data/x": accepted by the constructs, flagged by the plan (the plan is right: validateKeyToPath)',
    path: 'test/app',
    opening: 'items[].path',
    finding: {
      severity: 'error',
      rule: 'path-backsteps',
      object: 'Pod/default/app',
      field: 'spec.volumes[0].configMap.items[0].path',
      message: `items[].path is "..data/x"; it must not contain or start with '..'`,
    },
    build: (chart, ignoreChecks) => {
      const cm = PodVolume.configMap('cfg', {
        configMapName: 'app',
        items: [{ key: 'k', path: '..data/x' }],
      });
      new ClaimPod(chart, 'app', {
        ignoreChecks,
        containers: [{ ...nginx, mounts: [{ volume: cm, path: '/cfg' }] }],
      });
    },
  },
  {
    name: 'ClaimPod mounting the Docker socket writable: accepted before, refused now as SharedEmptyDirPod and GitClonePod refuse it',
    path: 'test/ci',
    finding: {
      severity: 'warning',
      rule: 'hostpath-sensitive',
      object: 'Pod/default/ci',
      field: 'spec.volumes[0].hostPath.path',
      message:
        'hostPath volume "sock" ("/var/run/docker.sock") exposes the Docker socket: root on the node, mounted writable by container "builder": ' +
        'whoever controls this pod controls the node; keep it out of application pods, narrow the path, and mount it readOnly: true where it is only read',
    },
    build: (chart, ignoreChecks) =>
      new ClaimPod(chart, 'ci', {
        ignoreChecks,
        containers: [
          {
            name: 'builder',
            image: 'docker:27',
            mounts: [{ volume: DOCKER_SOCK, path: '/var/run/docker.sock' }],
          },
        ],
      }),
  },
  {
    name: 'ClaimStatefulSet mounting /etc writable',
    path: 'test/db',
    finding: {
      severity: 'warning',
      rule: 'hostpath-sensitive',
      object: 'StatefulSet/default/db',
      field: 'spec.template.spec.volumes[0].hostPath.path',
      message:
        'hostPath volume "etc" ("/etc") exposes the node configuration and credentials, mounted writable by container "web": ' +
        'whoever controls this pod controls the node; keep it out of application pods, narrow the path, and mount it readOnly: true where it is only read',
    },
    build: (chart, ignoreChecks) =>
      new ClaimStatefulSet(chart, 'db', {
        ignoreChecks,
        containers: [{ ...nginx, mounts: [{ volume: ETC, path: '/host/etc' }] }],
      }),
  },
  {
    name: "Recycle on a CSI volume: one rule (the plan's recycle-deprecated), not a second copy in the construct",
    path: 'test/data',
    opening: 'persistentVolumeReclaimPolicy',
    finding: {
      severity: 'warning',
      rule: 'recycle-deprecated',
      object: 'PersistentVolume/data',
      field: 'spec.persistentVolumeReclaimPolicy',
      message:
        'persistentVolumeReclaimPolicy is "Recycle" on a csi volume: only nfs and hostPath volumes have a recycler, so once its claim is released ' +
        'the volume goes Failed (and Recycle is deprecated anyway); use Retain or Delete',
    },
    build: (chart, ignoreChecks) =>
      new StaticPersistentVolume(chart, 'data', {
        ignoreChecks,
        capacity: '1Gi',
        source: PersistentVolumeSource.csi({ driver: 'd.example.com', volumeHandle: 'h' }),
        reclaimPolicy: ReclaimPolicy.RECYCLE,
      }),
  },
  {
    name: 'ClaimDeployment with RollingUpdate and a ReadWriteOncePod claim: refused by the construct, now flagged by the plan too',
    path: 'test/roll',
    finding: {
      severity: 'error',
      rule: 'claim-rwop-rollout',
      object: 'Deployment/default/roll',
      field: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
      message:
        'mounts ReadWriteOncePod claim "solo" with the RollingUpdate strategy and maxUnavailable 25% (the default), which is 0 of 1 replica: ' +
        'a rollout starts the new pod before an old one stops, and the new pod cannot use the claim while the old one holds it, so every ' +
        'rollout after the first hangs; use strategy Recreate, or maxUnavailable 1',
    },
    build: (chart, ignoreChecks) => {
      const claim = new DynamicClaim(chart, 'solo', {
        storageClassName: 'fast',
        storage: '1Gi',
        accessModes: [AccessMode.READ_WRITE_ONCE_POD],
      });
      new ClaimDeployment(chart, 'roll', {
        ignoreChecks,
        strategy: DeploymentStrategy.ROLLING_UPDATE,
        containers: [{ ...nginx, mounts: [{ volume: claim.toPodVolume('solo'), path: '/data' }] }],
      });
    },
  },
  {
    name: 'a database keeping its data directory on an emptyDir: warned by the plan, accepted by the constructs before',
    path: 'test/db',
    finding: {
      severity: 'warning',
      rule: 'emptydir-database',
      object: 'Pod/default/db',
      field: 'spec.containers[0].volumeMounts[0].mountPath',
      message:
        'container "postgres" runs postgres:16 with its data directory /var/lib/postgresql/data on emptyDir "data" ' +
        '(mounted at /var/lib/postgresql/data): the data is lost whenever the pod is deleted, evicted or rescheduled; ' +
        'use a PersistentVolumeClaim (in a StatefulSet, a volumeClaimTemplate)',
    },
    build: (chart, ignoreChecks) =>
      new ClaimPod(chart, 'db', {
        ignoreChecks,
        containers: [
          {
            name: 'postgres',
            image: 'postgres:16',
            mounts: [{ volume: PodVolume.emptyDir('data'), path: '/var/lib/postgresql/data' }],
          },
        ],
      }),
  },
  {
    name: 'replicas 2**31 (int32)',
    path: 'test/big',
    finding: {
      severity: 'error',
      rule: 'schema-invalid',
      object: 'Deployment/default/big',
      field: 'spec.replicas',
      message: '2147483648 is above the int32 maximum 2147483647',
    },
    build: (chart, ignoreChecks) =>
      new ClaimDeployment(chart, 'big', { ignoreChecks, replicas: 2 ** 31, containers: [nginx] }),
  },
  {
    name: 'runAsUser above 2^31-1 in a container',
    path: 'test/uid',
    opening: 'runAsUser',
    finding: {
      severity: 'error',
      rule: 'security-context-id',
      object: 'Pod/default/uid',
      field: 'spec.containers[0].securityContext.runAsUser',
      message: 'runAsUser is 2147483648; a user or group id must be between 0 and 2147483647, inclusive',
    },
    build: (chart, ignoreChecks) =>
      new ClaimPod(chart, 'uid', { ignoreChecks, containers: [{ ...nginx, runAsUser: 2 ** 31 }] }),
  },
  {
    name: 'runAsUser above 2^31-1 in the pod security profile',
    path: 'test/uid',
    opening: 'runAsUser',
    finding: {
      severity: 'error',
      rule: 'security-context-id',
      object: 'Pod/default/uid',
      field: 'spec.securityContext.runAsUser',
      message: 'runAsUser is 4294967295; a user or group id must be between 0 and 2147483647, inclusive',
    },
    build: (chart, ignoreChecks) =>
      new ClaimPod(chart, 'uid', {
        ignoreChecks,
        security: SecurityProfile.restricted({ runAsUser: 2 ** 32 - 1 }),
        containers: [nginx],
      }),
  },
  {
    name: 'an image with surrounding spaces',
    path: 'test/sp',
    opening: 'image',
    finding: {
      severity: 'error',
      rule: 'image-whitespace',
      object: 'Pod/default/sp',
      field: 'spec.containers[0].image',
      message:
        'image is " nginx:1.27 "; the API server rejects a Pod whose image has leading or trailing whitespace: remove it',
    },
    build: (chart, ignoreChecks) =>
      new ClaimPod(chart, 'sp', { ignoreChecks, containers: [{ name: 'web', image: ' nginx:1.27 ' }] }),
  },
  {
    name: 'NaN in env',
    path: 'test/nan',
    finding: {
      severity: 'error',
      rule: 'schema-invalid',
      object: 'Pod/default/nan',
      field: 'spec.containers[0].env[0].value',
      message: 'is NaN, expected a string',
    },
    build: (chart, ignoreChecks) =>
      new ClaimPod(chart, 'nan', {
        ignoreChecks,
        containers: [{ ...nginx, env: { X: NaN as unknown as string } }],
      }),
  },
  {
    name: 'NaN in mountOptions',
    path: 'test/nfs',
    finding: {
      severity: 'error',
      rule: 'schema-invalid',
      object: 'PersistentVolume/nfs',
      field: 'spec.mountOptions[0]',
      message: 'is NaN, expected a string',
    },
    build: (chart, ignoreChecks) =>
      new StaticPersistentVolume(chart, 'nfs', {
        ignoreChecks,
        capacity: '1Gi',
        source: PersistentVolumeSource.nfs('nfs.example.com', '/exports/data'),
        mountOptions: [NaN as unknown as string],
      }),
  },
  {
    name: "allowVolumeExpansion 'yes' from JavaScript",
    path: 'test/fast',
    finding: {
      severity: 'error',
      rule: 'schema-invalid',
      object: 'StorageClass/fast',
      field: 'allowVolumeExpansion',
      message: 'is "yes", expected a boolean',
    },
    build: (chart, ignoreChecks) =>
      new StorageClass(chart, 'fast', {
        ignoreChecks,
        provisioner: Provisioner.awsEbsCsi(),
        allowVolumeExpansion: 'yes' as unknown as boolean,
      }),
  },
];

describe('one rule for constructs and plan (issue 14)', () => {
  test.each(DISAGREEMENTS.map((d) => [d.name, d] as const))('%s', (_name, d) => {
    // The construct refuses, naming the object, the rule, the plan's message and the rule's doc.
    expect(thrown(() => d.build(setup(), undefined))).toBe(refusal(d.path, d.finding, d.opening));
    // Accepted on purpose, it builds; the plan flags the same YAML once the annotation is removed.
    const chart = setup();
    d.build(chart, { [d.finding.rule]: 'accepted in this test' });
    expect(planned(chart, d.finding.rule)).toEqual([d.finding]);
  });

  test('the error is the house StorageValidationError, carrying the rule and the findings as the plan reports them', () => {
    const d = DISAGREEMENTS[0];
    let error: unknown;
    try {
      d.build(setup(), undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toBeInstanceOf(RuleViolationError);
    const e = error as RuleViolationError;
    expect([e.object, e.field, e.rule, e.constructPath, e.findings]).toEqual([
      d.finding.object,
      d.finding.field,
      d.finding.rule,
      d.path,
      [d.finding],
    ]);
  });

  test('isDefault \'false\' from JavaScript is refused at the prop: it would be written as the default-class annotation "true"', () => {
    const make = () =>
      new StorageClass(setup(), 'std', {
        provisioner: Provisioner.awsEbsCsi(),
        isDefault: 'false' as unknown as boolean,
      });
    expect(thrown(make)).toBe(
      'StorageClass/std: isDefault is "false"; expected true or false (a boolean): it decides the annotation storageclass.kubernetes.io/is-default-class [field-type]',
    );
  });
});

describe('ignoreChecks', () => {
  const dockerPod = (chart: Chart, ignoreChecks: Ignore) =>
    new ClaimPod(chart, 'ci', {
      ignoreChecks,
      containers: [
        {
          name: 'builder',
          image: 'docker:27',
          mounts: [{ volume: DOCKER_SOCK, path: '/var/run/docker.sock' }],
        },
      ],
    });

  test("is written as the plan's suppression annotation, which the plan honours and counts", () => {
    const chart = setup();
    dockerPod(chart, { 'hostpath-sensitive': 'CI builder on dedicated nodes' });
    const manifests = Testing.synth(chart);
    expect(manifests[0].metadata.annotations).toEqual({
      'ignore-check.cdk8s-volumes.io/hostpath-sensitive': 'CI builder on dedicated nodes',
    });
    const plan = planStorage(manifests);
    expect(plan.findings.filter((f) => f.rule === 'hostpath-sensitive')).toEqual([]);
    expect(plan.suppressed?.map((s) => [s.finding.rule, s.finding.object, s.reason])).toEqual([
      ['hostpath-sensitive', 'Pod/default/ci', 'CI builder on dedicated nodes'],
    ]);
  });

  test('silences only the rule it names', () => {
    const make = () =>
      new ClaimPod(setup(), 'ci', {
        ignoreChecks: { 'schema-invalid': 'not this one' },
        containers: [
          {
            name: 'builder',
            image: 'docker:27',
            mounts: [{ volume: DOCKER_SOCK, path: '/var/run/docker.sock' }],
          },
        ],
      });
    expect(thrown(make)).toMatch(/ \[hostpath-sensitive, warning; /);
  });

  test('is written only on the objects the rule judges, and refused where the construct makes none of them', () => {
    const chart = setup();
    new ClaimStatefulSet(chart, 'db', {
      ignoreChecks: { 'hostpath-sensitive': 'node agent' },
      containers: [{ ...nginx, mounts: [{ volume: ETC, path: '/host/etc' }] }],
    });
    const annotated = Testing.synth(chart).map((m) => [m.kind, m.metadata.annotations]);
    expect(annotated).toEqual([
      ['Service', undefined],
      ['StatefulSet', { 'ignore-check.cdk8s-volumes.io/hostpath-sensitive': 'node agent' }],
    ]);
    expect(
      thrown(
        () =>
          new ClaimPod(setup(), 'p', { ignoreChecks: { 'recycle-deprecated': 'x' }, containers: [nginx] }),
      ),
    ).toBe(
      'test/p: ignoreChecks names rule "recycle-deprecated", which judges PersistentVolume, and this construct makes Pod; remove it',
    );
  });

  test('refuses a rule the constructs do not apply, an empty reason, and a value that is not a map', () => {
    expect(thrown(() => dockerPod(setup(), { 'claim-pending': 'x' }))).toBe(
      'test/ci: ignoreChecks names rule "claim-pending", which is not a rule the constructs apply; use an id of docs/rules.md marked "constructs apply it"',
    );
    expect(thrown(() => dockerPod(setup(), { 'hostpath-sensitive': ' ' }))).toBe(
      'test/ci: ignoreChecks["hostpath-sensitive"] is " "; give the reason the rule is accepted here (a non-empty string)',
    );
    expect(thrown(() => dockerPod(setup(), ['hostpath-sensitive'] as unknown as Ignore))).toBe(
      "test/ci: ignoreChecks is a list; it must map rule ids to reasons, e.g. { 'hostpath-sensitive': 'node agent' }",
    );
  });

  test("a source's allowSensitivePath opt-in is the same acceptance, written as the same annotation", () => {
    const chart = setup();
    new StaticPersistentVolume(chart, 'sock', {
      capacity: '1Gi',
      source: PersistentVolumeSource.hostPath('/var/run/docker.sock', HostPathType.SOCKET, {
        allowSensitivePath: true,
      }),
    });
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual(
      expect.objectContaining({
        'ignore-check.cdk8s-volumes.io/hostpath-sensitive': 'allowSensitivePath: true on the hostPath source',
      }),
    );
  });
});

describe('the target Kubernetes version', () => {
  const pod = (chart: Chart) => new ClaimPod(chart, 'p', { containers: [nginx] });

  test(`comes from the tree context ${KUBERNETES_VERSION_CONTEXT}; a value it does not know is a clear error`, () => {
    expect(() => pod(setup({ [KUBERNETES_VERSION_CONTEXT]: '1.27' }))).not.toThrow();
    expect(thrown(() => pod(setup({ [KUBERNETES_VERSION_CONTEXT]: '2.0' })))).toBe(
      `test/p: context ${KUBERNETES_VERSION_CONTEXT} ${kubernetesVersionProblem('2.0')}`,
    );
  });
});

describe('judgeObjects', () => {
  test('reports only object-scoped rules: not claim-missing nor duplicate-object, which read other objects', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'c', image: 'nginx:1.27' }],
        volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'missing' } }],
      },
    };
    const plan = planStorage([pod, pod]).findings.map((f) => f.rule);
    expect(plan).toEqual(expect.arrayContaining(['claim-missing', 'duplicate-object']));
    expect(judgeObjects([pod, pod])).toEqual([]);
  });

  test('never throws on input that is not a list', () => {
    expect(judgeObjects(undefined as unknown as unknown[])).toEqual([]);
  });
});
