/**
 * Workloads that mount claims: a Pod, a Deployment and a StatefulSet (with per-replica claim
 * templates). Containers, mounts and the security profile are the pod/ props, rendered by
 * renderPodSpec; mount a claim with `claim.toPodVolume(name)`.
 */
import { contextKubernetesVersion, refuseUnlessIgnored, selfCheck, SelfCheckProps } from '../_self-check';
import { refOf } from '../../plan/_manifest';
import { rwopRolloutVerdict } from '../../plan/rollout';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail, oneOf } from '../../_errors';
import { checkedLabels } from '../../_maps';
import { normalizeMountPath } from '../../k8s/hostpath';
import { dnsLabelProblem, dnsSubdomainProblem } from '../../k8s/names';
import { storageSizeProblem } from '../../k8s/quantity';
import {
  ContainerProps,
  PodOptions,
  podTemplateMetadata,
  renderPodSpec,
  SecurityProfile,
} from '../pod/container';
import { absolutePathProblem, addImageVolumes } from '../pod/volume';
import {
  ClaimRecord,
  claimOfPodVolume,
  nonEmpty,
  renderAccessModes,
  renderVolumeMode,
  resolveName,
  resolveNamespace,
} from './_common';
import { protectionAnnotations } from './_protection';
import { AccessMode, VolumeMode } from './modes';
import { StorageClass } from './storage-class';
import { ClaimDataSource } from '../snapshot/data-source';

/** Props of {@link ClaimPod}, and the pod part of the other workloads' props. */
export interface ClaimPodProps extends SelfCheckProps {
  /**
   * metadata.name, kept exactly.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The namespace; always emitted. Every claim mounted must be in it.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * Labels of the object (and of its pods).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /** The containers; mount claims with `Mount`s of `claim.toPodVolume(name)`. */
  readonly containers: ContainerProps[];
  /**
   * Containers run to completion, in order, before the containers start.
   * @default - none
   */
  readonly initContainers?: ContainerProps[];
  /**
   * The pod's security context. The default sets nothing, so images that run as root and
   * write their root filesystem (nginx:alpine) start; that meets Pod Security `baseline`.
   * `SecurityProfile.restricted()` meets `restricted` for images that run as non-root.
   * @default SecurityProfile.IMAGE_DEFAULT
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly security?: SecurityProfile;
  /**
   * Pod-level fields (service account, nodeSelector, affinity, tolerations, imagePullSecrets,
   * terminationGracePeriodSeconds, priority) and the pods' own labels and annotations.
   * @default - none
   */
  readonly podOptions?: PodOptions;
}

/** A single Pod mounting claims. */
export class ClaimPod extends Construct {
  /** metadata.name. */
  public readonly name: string;
  /** metadata.namespace (always emitted). */
  public readonly namespace: string;
  /** The Pod this construct made. */
  public readonly apiObject: k8s.KubePod;

  constructor(scope: Construct, id: string, props: ClaimPodProps) {
    super(scope, id);
    props = props ?? ({} as ClaimPodProps); // from JavaScript: no props fails on the first required field
    this.name = resolveName('Pod', id, props?.name);
    const at = `Pod/${this.name}`;
    this.namespace = resolveNamespace(this, at, props.namespace);
    const spec = renderPodSpec(at, podParts(props));
    useClaims(at, props, this.namespace, 1);
    this.apiObject = new k8s.KubePod(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        ...podTemplateMetadata(at, checkedLabels(at, 'metadata.labels', props.labels), {}, props.podOptions),
      },
      spec,
    });
    addImageVolumes(this.apiObject, spec, '/spec');
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks);
  }
}

/** Props of {@link ClaimDeployment}. */
export interface ClaimDeploymentProps extends ClaimPodProps {
  /**
   * A ReadWriteOnce claim attaches to one node: several replicas can share it only while they
   * run on that node (the storage plan warns). A ReadWriteOncePod claim serves one pod: more
   * than one replica is an error.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The labels that select the pods (added to the pod template).
   * @default { app: <name> }
   */
  readonly selectorLabels?: { [key: string]: string };
  /**
   * How pods are replaced on update. With a ReadWriteOnce(Pod) claim mounted, the default is
   * Recreate: a rolling update starts the new pod before the old one stops, and the new pod
   * cannot attach the volume while the old one holds it (on another node, or at all for
   * ReadWriteOncePod), so the rollout hangs.
   * @default - Recreate when a ReadWriteOnce or ReadWriteOncePod claim is mounted, else Kubernetes' RollingUpdate
   */
  readonly strategy?: DeploymentStrategy;
}

/** A Deployment mounting claims. */
export class ClaimDeployment extends Construct {
  /** metadata.name. */
  public readonly name: string;
  /** metadata.namespace (always emitted). */
  public readonly namespace: string;
  /** The Deployment this construct made. */
  public readonly apiObject: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: ClaimDeploymentProps) {
    super(scope, id);
    props = props ?? ({} as ClaimDeploymentProps); // from JavaScript: no props fails on the first required field
    this.name = resolveName('Deployment', id, props?.name);
    const at = `Deployment/${this.name}`;
    this.namespace = resolveNamespace(this, at, props.namespace);
    const replicas = replicasOf(at, props.replicas);
    const selectorLabels = selectorLabelsOf(at, this.name, props.selectorLabels);
    const spec = renderPodSpec(at, podParts(props));
    const claims = useClaims(at, props, this.namespace, replicas);
    const singleNode = claims.filter(
      (c) =>
        c.accessModes.includes(AccessMode.READ_WRITE_ONCE) ||
        c.accessModes.includes(AccessMode.READ_WRITE_ONCE_POD),
    );
    if (props.strategy !== undefined)
      oneOf(at, 'spec.strategy.type', props.strategy, Object.values(DeploymentStrategy));
    const rwop = claims.find((c) => c.accessModes.includes(AccessMode.READ_WRITE_ONCE_POD));
    const strategy = props.strategy ?? (singleNode.length ? DeploymentStrategy.RECREATE : undefined);
    const labels = checkedLabels(at, 'metadata.labels', props.labels);
    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: selectorLabels },
        strategy: strategy && { type: strategy },
        template: { metadata: podTemplateMetadata(at, labels, selectorLabels, props.podOptions), spec },
      },
    });
    addImageVolumes(this.apiObject, spec, '/spec/template/spec');
    // The plan's claim-rwop-rollout judgment on the Deployment as emitted: the construct refuses exactly what the plan flags.
    if (rwop) refuseRwopRollout(this, this.apiObject, rwop.claimName, props.ignoreChecks);
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks);
  }
}

/** Props of {@link ClaimStatefulSet}. */
export interface ClaimStatefulSetProps extends ClaimPodProps {
  /**
   * Each replica gets its own claims from `volumeClaimTemplates`. A claim mounted through
   * the containers' `mounts` is shared by every replica.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The pods' labels and the StatefulSet's selector (immutable once applied).
   * @default { app: <name> }
   */
  readonly selectorLabels?: { [key: string]: string };
  /**
   * The headless Service that gives the pods their DNS names.
   * @default - the StatefulSet's name
   */
  readonly serviceName?: string;
  /**
   * Make that headless Service (clusterIP None, the containers' ports).
   * @default true
   */
  readonly createService?: boolean;
  /**
   * One claim per replica and template, named `<template>-<set>-<ordinal>`, which the
   * StatefulSet keeps across pod restarts and rescheduling.
   * @default - none
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
   */
  readonly volumeClaimTemplates?: ClaimTemplate[];
  /**
   * Whether the templates' claims are deleted with the StatefulSet or on scale-down.
   * Emitted explicitly.
   * @default - Retain when deleted, Retain when scaled
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
   */
  readonly claimRetention?: ClaimRetention;
  /**
   * Annotate the templates' claims with the Argo CD / Flux keep annotations
   * (`Prune=false,Delete=false`, `prune: disabled`), so a GitOps tool that adopts them never
   * deletes them.
   * @default true
   */
  readonly pruneProtection?: boolean;
}

/** A StatefulSet with per-replica claims, and (by default) its headless Service. */
export class ClaimStatefulSet extends Construct {
  /** metadata.name. */
  public readonly name: string;
  /** metadata.namespace (always emitted). */
  public readonly namespace: string;
  /** The name of the headless Service that governs the pods (`spec.serviceName`). */
  public readonly serviceName: string;
  /** The StatefulSet this construct made. */
  public readonly apiObject: k8s.KubeStatefulSet;
  /** The headless Service, unless `createService` is false. */
  public readonly service?: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ClaimStatefulSetProps) {
    super(scope, id);
    props = props ?? ({} as ClaimStatefulSetProps); // from JavaScript: no props fails on the first required field
    this.name = resolveName('StatefulSet', id, props?.name);
    const at = `StatefulSet/${this.name}`;
    this.namespace = resolveNamespace(this, at, props.namespace);
    const replicas = replicasOf(at, props.replicas);
    const selectorLabels = selectorLabelsOf(at, this.name, props.selectorLabels);
    this.serviceName = props.serviceName ?? this.name;
    check(at, 'spec.serviceName', dnsLabelProblem(this.serviceName));
    const rendered = renderPodSpec(at, podParts(props));
    useClaims(at, props, this.namespace, replicas);
    const { spec, templates, implied } = addClaimTemplates(
      this,
      at,
      this.name,
      replicas,
      rendered,
      props,
      this.namespace,
    );
    const retention = props.claimRetention ?? {};
    const whenDeleted = retention.whenDeleted ?? ClaimRetentionPolicy.RETAIN;
    const whenScaled = retention.whenScaled ?? ClaimRetentionPolicy.RETAIN;
    oneOf(
      at,
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
      whenDeleted,
      Object.values(ClaimRetentionPolicy),
    );
    oneOf(
      at,
      'spec.persistentVolumeClaimRetentionPolicy.whenScaled',
      whenScaled,
      Object.values(ClaimRetentionPolicy),
    );

    const labels = checkedLabels(at, 'metadata.labels', props.labels);
    if (props.createService ?? true) {
      const ports = [...new Set(props.containers.flatMap((c) => c.ports ?? []))].sort((a, b) => a - b);
      this.service = new k8s.KubeService(this, 'Service', {
        metadata: { name: this.serviceName, namespace: this.namespace, labels },
        spec: {
          clusterIp: 'None',
          selector: selectorLabels,
          ports: ports.length
            ? ports.map((p) => ({ name: `tcp-${p}`, port: p, targetPort: k8s.IntOrString.fromNumber(p) }))
            : undefined,
        },
      });
    }
    this.apiObject = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        serviceName: this.serviceName,
        replicas,
        selector: { matchLabels: selectorLabels },
        template: { metadata: podTemplateMetadata(at, labels, selectorLabels, props.podOptions), spec },
        volumeClaimTemplates: templates.length ? templates : undefined,
        persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled },
      },
    });
    addImageVolumes(this.apiObject, spec, '/spec/template/spec');
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    // `implied`: what a template's allowCrossNamespace accepts of the plan's data-source rules.
    selfCheck(this, props.ignoreChecks, implied);
  }
}

/** A per-replica claim of a StatefulSet, and where it is mounted. */
export interface ClaimTemplate {
  /** The template's name (a DNS-1123 label): the volume's name in the pod, and the claims' prefix. */
  readonly name: string;
  /** The size of each replica's claim, as an exact Kubernetes quantity kept as written. */
  readonly storage: string;
  /** Absolute path in the container(s). */
  readonly mountPath: string;
  /**
   * The access modes of each replica's claim.
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: AccessMode[];
  /**
   * Filesystem or raw block device, for each replica's claim.
   * @default - Filesystem (not emitted)
   */
  readonly volumeMode?: VolumeMode;
  /**
   * The class that provisions each replica's volume. Set this or `storageClassName`.
   * @default - the cluster's default class
   */
  readonly storageClass?: StorageClass;
  /**
   * The class by name; `""` binds each replica's claim to volumes made ahead of time.
   * @default - the cluster's default class
   */
  readonly storageClassName?: string;
  /**
   * Mount the claim read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * The containers that mount it.
   * @default - the first container only
   */
  readonly containerNames?: string[];
  /**
   * Labels of each replica's claim.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Start each replica's volume with data: a snapshot restored or a claim cloned (see
   * ClaimDataSource). Only claims not yet made use it: existing replicas keep their volumes.
   * @default - empty volumes
   */
  readonly dataSource?: ClaimDataSource;
}

/** When a StatefulSet's claims are deleted. */
export interface ClaimRetention {
  /**
   * What happens to the claims when the StatefulSet is deleted.
   * @default ClaimRetentionPolicy.RETAIN
   */
  readonly whenDeleted?: ClaimRetentionPolicy;
  /**
   * What happens to the claims of the replicas removed by a scale-down.
   * @default ClaimRetentionPolicy.RETAIN
   */
  readonly whenScaled?: ClaimRetentionPolicy;
}

/**
 * What happens to a StatefulSet's claims (`persistentVolumeClaimRetentionPolicy`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export enum ClaimRetentionPolicy {
  /** Keep the claims (and the data). */
  RETAIN = 'Retain',
  /** Delete the claims; with a Delete reclaim policy the data goes too. */
  DELETE = 'Delete',
}

/**
 * How a Deployment replaces its pods (`spec.strategy.type`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export enum DeploymentStrategy {
  /** Stop every old pod, then start the new ones (a short outage; the volume is free to attach). */
  RECREATE = 'Recreate',
  /** Start new pods before stopping old ones. */
  ROLLING_UPDATE = 'RollingUpdate',
}

function podParts(props: ClaimPodProps) {
  return {
    containers: props.containers,
    initContainers: props.initContainers,
    security: props.security,
    podOptions: props.podOptions,
  };
}

function replicasOf(at: string, replicas: number | undefined): number {
  const n = replicas ?? 1;
  if (!(Number.isInteger(n) && n >= 0))
    fail(at, 'spec.replicas', `is ${n}; expected a whole number, 0 or more`);
  return n;
}

function selectorLabelsOf(
  at: string,
  name: string,
  labels: { [key: string]: string } | undefined,
): { [key: string]: string } {
  const out = checkedLabels(at, 'spec.selector.matchLabels', labels ?? { app: name })!;
  if (Object.keys(out).length === 0)
    fail(at, 'spec.selector.matchLabels', 'is empty; give at least one label to select the pods');
  return out;
}

/**
 * The claims a pod spec mounts (through `toPodVolume`), checked: same namespace as the
 * workload, and a ReadWriteOncePod claim only for a single pod. Records the use for the
 * synth-time check across workloads.
 */
function useClaims(at: string, props: ClaimPodProps, namespace: string, pods: number): ClaimRecord[] {
  const found = new Map<ClaimRecord, string>();
  const lists: Array<[string, ContainerProps[] | undefined]> = [
    ['initContainers', props.initContainers],
    ['containers', props.containers],
  ];
  for (const [list, containers] of lists) {
    (containers ?? []).forEach((c, i) =>
      (c.mounts ?? []).forEach((m, j) => {
        const record = claimOfPodVolume(m.volume);
        if (record && !found.has(record)) found.set(record, `${list}[${i}].volumeMounts[${j}]`);
      }),
    );
  }
  for (const [record, field] of found) {
    if (record.namespace !== namespace) {
      fail(
        at,
        field,
        `mounts claim ${record.claimName} of namespace "${record.namespace}", but the pod is in "${namespace}"; a pod can only mount claims of its own namespace`,
      );
    }
    if (record.accessModes.includes(AccessMode.READ_WRITE_ONCE_POD) && pods > 1) {
      fail(
        at,
        'spec.replicas',
        `is ${pods}, but ${field} mounts ReadWriteOncePod claim ${record.claimName}, which only one pod can use; the other replicas would stay Pending`,
      );
    }
    record.users.push({ workload: at, pods });
  }
  return [...found.keys()];
}

/** Renders the claim templates and adds their mounts to the chosen containers of the pod spec. */
function addClaimTemplates(
  scope: Construct,
  at: string,
  setName: string,
  replicas: number,
  spec: k8s.PodSpec,
  props: ClaimStatefulSetProps,
  namespace: string,
): {
  spec: k8s.PodSpec;
  templates: k8s.KubePersistentVolumeClaimProps[];
  implied: { [rule: string]: string };
} {
  const list = props.volumeClaimTemplates ?? [];
  const implied: { [rule: string]: string } = {};
  const version = contextKubernetesVersion(scope);
  const object = refOf({ kind: 'StatefulSet', metadata: { name: setName, namespace } });
  const extraMounts = new Map<string, k8s.VolumeMount[]>();
  const podVolumes = new Set((spec.volumes ?? []).map((v) => v.name));
  const seen = new Set<string>();
  const templates = list.map((t, i): k8s.KubePersistentVolumeClaimProps => {
    const f = `spec.volumeClaimTemplates[${i}]`;
    check(at, `${f}.metadata.name`, dnsLabelProblem(t?.name));
    if (seen.has(t.name))
      fail(at, `${f}.metadata.name`, `is "${t.name}", which another claim template already uses`);
    seen.add(t.name);
    if (podVolumes.has(t.name)) {
      fail(
        at,
        `${f}.metadata.name`,
        `is "${t.name}", which is also a volume of the pod; the StatefulSet would replace that volume with the claim`,
      );
    }
    // The claims are named <template>-<set>-<ordinal>.
    check(
      at,
      `${f}.metadata.name`,
      prefixed(dnsSubdomainProblem(`${t.name}-${setName}-${Math.max(replicas - 1, 0)}`)),
    );
    check(at, `${f}.spec.resources.requests.storage`, storageSizeProblem(t.storage));
    const accessModes = renderAccessModes(at, `${f}.spec.accessModes`, t.accessModes);
    const volumeMode = renderVolumeMode(at, `${f}.spec.volumeMode`, t.volumeMode);
    if (t.storageClass !== undefined && t.storageClassName !== undefined) {
      fail(at, `${f}.spec.storageClassName`, 'is set twice (storageClass and storageClassName); set one');
    }
    if (t.storageClass !== undefined && !(t.storageClass instanceof StorageClass)) {
      fail(
        at,
        `${f}.spec.storageClassName`,
        'has a storageClass that is not a StorageClass; pass the object, or its name as storageClassName',
      );
    }
    const storageClassName = t.storageClass?.name ?? t.storageClassName;
    if (storageClassName) check(at, `${f}.spec.storageClassName`, dnsSubdomainProblem(storageClassName));
    const classProblem = t.storageClass?._claimProblem(accessModes, volumeMode);
    if (classProblem) fail(at, `${f}.spec.accessModes`, classProblem);
    check(at, `${f}.mountPath`, absolutePathProblem(t.mountPath));
    if (t.dataSource !== undefined && !(t.dataSource instanceof ClaimDataSource))
      fail(
        at,
        `${f}.spec.dataSource`,
        'is not a ClaimDataSource; use ClaimDataSource.fromSnapshot(), fromClaim() or fromPopulator()',
      );
    // Every replica's claim starts from the same source (src/snapshot/data-source.ts judges it).
    const dataSource = t.dataSource?._render({
      at,
      field: `${f}.spec.dataSource`,
      namespace,
      storage: t.storage,
      volumeMode,
      provisioner: t.storageClass?.provisioner.name,
      storageClassName,
      object,
      claimName: `${t.name}-${setName}-0`,
      template: true,
      version,
      scope,
      ignoreChecks: props.ignoreChecks,
    });
    Object.assign(implied, dataSource?.implied);

    const names = t.containerNames ?? [props.containers[0].name];
    if (names.length === 0)
      fail(at, `${f}.containerNames`, 'is empty; name at least one container to mount the claim');
    for (const name of names) {
      const c =
        spec.containers.find((x) => x.name === name) ?? spec.initContainers?.find((x) => x.name === name);
      if (!c) {
        fail(
          at,
          `${f}.containerNames`,
          `names "${name}", which is not a container of the pod; expected one of ${spec.containers.map((x) => `"${x.name}"`).join(', ')}`,
        );
      }
      const mounts = [...(c.volumeMounts ?? []), ...(extraMounts.get(name) ?? [])];
      const target = normalizeMountPath(t.mountPath);
      if (mounts.some((m) => normalizeMountPath(m.mountPath) === target)) {
        fail(
          at,
          `${f}.mountPath`,
          `is "${t.mountPath}", where container "${name}" already mounts another volume`,
        );
      }
      extraMounts.set(name, [
        ...(extraMounts.get(name) ?? []),
        { name: t.name, mountPath: t.mountPath, readOnly: t.readOnly || undefined },
      ]);
    }
    return {
      metadata: {
        name: t.name,
        labels: checkedLabels(at, `${f}.metadata.labels`, t.labels),
        annotations: nonEmpty(protectionAnnotations(props.pruneProtection)),
      },
      spec: {
        accessModes,
        resources: { requests: { storage: k8s.Quantity.fromString(t.storage) } },
        storageClassName,
        volumeMode,
        dataSource: dataSource?.dataSource,
        dataSourceRef: dataSource?.dataSourceRef,
      },
    };
  });
  const withMounts = (c: k8s.Container): k8s.Container => {
    const extra = extraMounts.get(c.name);
    return extra ? { ...c, volumeMounts: [...(c.volumeMounts ?? []), ...extra] } : c;
  };
  return {
    spec: {
      ...spec,
      initContainers: spec.initContainers?.map(withMounts),
      containers: spec.containers.map(withMounts),
    },
    templates,
    implied,
  };
}

function prefixed(problem: string | undefined): string | undefined {
  return problem && `gives claim names <template>-<set>-<ordinal> that are not valid: the name ${problem}`;
}

/** Throws the plan's claim-rwop-rollout finding for the Deployment, unless ignoreChecks accepts it. */
function refuseRwopRollout(
  scope: Construct,
  deployment: k8s.KubeDeployment,
  claimName: string,
  ignoreChecks: SelfCheckProps['ignoreChecks'],
): void {
  const manifest = deployment.toJson() as { spec?: { template?: { spec?: { volumes?: k8s.Volume[] } } } };
  const verdict = rwopRolloutVerdict(manifest, claimName);
  if (!verdict) return;
  const i = (manifest.spec?.template?.spec?.volumes ?? []).findIndex(
    (v) => v.persistentVolumeClaim?.claimName === claimName,
  );
  refuseUnlessIgnored(
    scope,
    {
      severity: verdict.severity,
      rule: 'claim-rwop-rollout',
      object: refOf(manifest),
      field: `spec.template.spec.volumes[${i}].persistentVolumeClaim.claimName`,
      message: verdict.message,
    },
    ignoreChecks,
  );
}
