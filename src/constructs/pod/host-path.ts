/**
 * Pods and DaemonSets that mount directories and files of the node (hostPath). A hostPath
 * hands the pod part of the node: these constructs mount read-only by default, and refuse
 * the paths that give away the node (/, /etc, the container runtime's socket, the kubelet's
 * directory, /proc, /sys, ...) unless a mount opts in explicitly.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 */
import { selfCheck, SelfCheckProps } from '../_self-check';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail } from '../../_errors';
import { checkedLabels } from '../../_maps';
import { hostPathExposure } from '../../k8s/hostpath';
import { dnsSubdomainProblem } from '../../k8s/names';
import { patternRef, podMetadata, refuseHostPathMounts } from './_pattern';
import {
  ContainerProps,
  Mount,
  PodOptions,
  podTemplateMetadata,
  renderPodSpec,
  renderToleration,
  SecurityProfile,
  TaintEffect,
  TolerationOperator,
} from './container';
import { PodVolume, addImageVolumes } from './volume';

/** What both hostPath patterns take: {@link HostPathPodProps} and {@link HostPathDaemonProps}. */
export interface HostPathBaseProps extends SelfCheckProps {
  /**
   * The namespace.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The containers; node paths go in each container's `hostPathMounts` (read-only by default),
   * any other PodVolume (configMap, secret, downwardAPI, projected, emptyDir, claims) in its `mounts`.
   */
  readonly containers: HostPathContainerProps[];
  /**
   * Containers run to completion before the containers start; they may mount node paths too.
   * @default - none
   */
  readonly initContainers?: HostPathContainerProps[];
  /**
   * The security context of the pods and their containers. A hostPath volume alone makes a pod
   * Pod Security `privileged`, whatever the profile.
   * @default SecurityProfile.IMAGE_DEFAULT
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly security?: SecurityProfile;
  /**
   * Pod-level fields (service account, nodeSelector, affinity, tolerations, imagePullSecrets,
   * terminationGracePeriodSeconds, priority) and the pod's own labels and annotations.
   * @default - none
   */
  readonly podOptions?: PodOptions;
  /**
   * Run only on nodes with these labels.
   * @default - any node (for a DaemonSet: every node that the tolerations allow)
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the pods tolerate.
   * @default - none: no pod on tainted nodes, e.g. the control plane
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly tolerations?: Toleration[];
  /**
   * Tolerate every taint (`operator: Exists`): run on every node, control plane included, and
   * stay on nodes that become NotReady (what node agents and log collectors want).
   * Exclusive with `tolerations`.
   * @default false
   */
  readonly tolerateAllTaints?: boolean;
}

/** Props of {@link HostPathPod}. */
export interface HostPathPodProps extends HostPathBaseProps {
  /** The pod's name, kept exactly as given. */
  readonly name: string;
  /**
   * The pod's labels.
   * @default { app: <name> }
   */
  readonly labels?: { [key: string]: string };
  /**
   * Run on this node (a hostPath is the node's: the pod sees only the node it lands on).
   * @default - any node the scheduler picks
   */
  readonly nodeName?: string;
}

/**
 * A pod whose containers mount node paths (`hostPathMounts`, read-only unless `readOnly: false`).
 *
 * Pod Security: `privileged` only: `baseline` and `restricted` forbid hostPath volumes, so
 * the namespace must allow privileged pods. `security` still applies (non-root, read-only root
 * filesystem) and limits what the pod can do with what it mounts.
 */
export class HostPathPod extends Construct {
  /** The pod's name. */
  public readonly name: string;
  /** The pod's labels. */
  public readonly labels: { [key: string]: string };
  /** The Pod. */
  public readonly pod: k8s.KubePod;

  constructor(scope: Construct, id: string, props: HostPathPodProps) {
    super(scope, id);
    props = props ?? ({} as HostPathPodProps); // from JavaScript: no props fails on the first required field
    const object = patternRef('HostPathPod', props?.name, id);
    const meta = podMetadata(this, object, 'Pod', props);
    if (props.nodeName !== undefined) check(object, 'nodeName', dnsSubdomainProblem(props.nodeName));
    const spec = renderHostPathSpec(object, props);
    this.name = props.name;
    this.labels = meta.labels!;
    this.pod = new k8s.KubePod(this, 'Pod', {
      metadata: { ...meta, ...podTemplateMetadata(object, meta.labels, meta.labels!, props.podOptions) },
      spec: { ...spec, nodeName: props.nodeName },
    });
    addImageVolumes(this.pod, spec, '/spec');
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks, sensitiveOptIn(props));
  }
}

/** Props of {@link HostPathDaemon}. */
export interface HostPathDaemonProps extends HostPathBaseProps {
  /** The DaemonSet's name, kept exactly as given; its pods are named after it. */
  readonly name: string;
  /**
   * The pods' labels and the DaemonSet's selector (immutable once applied).
   * @default { app: <name> }
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A DaemonSet (one pod per node) whose containers mount node paths, read-only by default.
 *
 * Pod Security: `privileged` only, as for `HostPathPod`.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export class HostPathDaemon extends Construct {
  /** The DaemonSet's name. */
  public readonly name: string;
  /** The pods' labels, and the DaemonSet's selector. */
  public readonly labels: { [key: string]: string };
  /** The DaemonSet. */
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: HostPathDaemonProps) {
    super(scope, id);
    props = props ?? ({} as HostPathDaemonProps); // from JavaScript: no props fails on the first required field
    const object = patternRef('HostPathDaemon', props?.name, id);
    const meta = podMetadata(this, object, 'DaemonSet', props);
    const spec = renderHostPathSpec(object, props);
    this.name = props.name;
    this.labels = meta.labels!;
    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: meta,
      spec: {
        selector: { matchLabels: meta.labels },
        template: {
          metadata: podTemplateMetadata(object, meta.labels, meta.labels!, props.podOptions),
          spec,
        },
      },
    });
    addImageVolumes(this.daemonSet, spec, '/spec/template/spec');
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks, sensitiveOptIn(props));
  }
}

/** A container of a hostPath pattern: a container plus the node paths it mounts. */
export interface HostPathContainerProps extends ContainerProps {
  /**
   * Node paths this container mounts (`PodVolume.hostPath()` volumes), read-only by default.
   * @default - none
   */
  readonly hostPathMounts?: HostPathMount[];
}

/** A node path mounted into a container. */
export interface HostPathMount {
  /** A `PodVolume.hostPath()` volume: the node path and its required type. */
  readonly volume: PodVolume;
  /** Absolute path in the container. */
  readonly path: string;
  /**
   * Mount read-only. A read-only mount of a socket (the container runtime's) still lets the
   * container connect to it: read-only protects files, not what a socket serves.
   * @default true
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this relative path of the node path.
   * @default - the whole node path
   */
  readonly subPath?: string;
  /**
   * Mount a sensitive node path anyway (/, /etc, the container runtime's sockets and state,
   * /var/lib/kubelet, /proc, /sys, /dev, /root, /boot and below). Such a path is refused
   * without this; with it, it is still read-only unless `readOnly: false`.
   * @default false
   */
  readonly allowSensitivePath?: boolean;
}

/**
 * A toleration of a node taint.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface Toleration {
  /**
   * The taint's key.
   * @default - every key (operator must be Exists)
   */
  readonly key?: string;
  /**
   * How the taint's value is matched.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * The taint's value, with operator Equal.
   * @default - the empty value
   */
  readonly value?: string;
  /**
   * The taint effect tolerated.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * How long the pod stays on a node after a NoExecute taint appears (NoExecute only).
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

export { TaintEffect, TolerationOperator };

// ---------------------------------------------------------------------------------------------

/** The pod spec of a hostPath pattern: hostPathMounts checked and turned into mounts. */
function renderHostPathSpec(object: string, props: HostPathBaseProps): k8s.PodSpec {
  const hint =
    "mount node paths through the container's hostPathMounts, where sensitive paths are checked and mounts are read-only by default";
  refuseHostPathMounts(object, props.containers, hint);
  refuseHostPathMounts(object, props.initContainers, hint, 'initContainers');
  const convert =
    (list: string) =>
    (c: HostPathContainerProps, i: number): ContainerProps => {
      const { hostPathMounts, ...container } = c ?? ({} as HostPathContainerProps);
      const extra = (hostPathMounts ?? []).map((m, j) =>
        hostPathMount(object, `${list}[${i}].hostPathMounts[${j}]`, m),
      );
      return { ...container, mounts: [...(container.mounts ?? []), ...extra] };
    };
  const spec = renderPodSpec(object, {
    containers: (props.containers ?? []).map(convert('containers')),
    initContainers: props.initContainers?.map(convert('initContainers')),
    security: props.security,
    podOptions: props.podOptions,
  });
  // The pattern's own nodeSelector and tolerations, or podOptions': one place each, never merged silently.
  if (props.podOptions?.nodeSelector !== undefined && props.nodeSelector !== undefined)
    fail(object, 'podOptions.nodeSelector', 'is set with nodeSelector; set one of them');
  if (
    props.podOptions?.tolerations !== undefined &&
    (props.tolerations !== undefined || props.tolerateAllTaints)
  ) {
    fail(
      object,
      'podOptions.tolerations',
      `is set with ${props.tolerateAllTaints ? 'tolerateAllTaints' : 'tolerations'}; set one of them`,
    );
  }
  if (props.tolerateAllTaints && props.tolerations?.length) {
    fail(
      object,
      'tolerations',
      'are set with tolerateAllTaints: true, which already tolerates every taint; set one of them',
    );
  }
  const tolerations = props.tolerateAllTaints
    ? [{ operator: TolerationOperator.EXISTS }]
    : props.tolerations?.map((t, i) => renderToleration(object, `tolerations[${i}]`, t));
  return {
    ...spec,
    nodeSelector: props.nodeSelector ? nodeSelector(object, props.nodeSelector) : spec.nodeSelector,
    tolerations: tolerations?.length ? tolerations : spec.tolerations,
  };
}

function hostPathMount(object: string, field: string, m: HostPathMount): Mount {
  if (!(m?.volume instanceof PodVolume))
    fail(
      object,
      `${field}.volume`,
      'is not a PodVolume; make one with PodVolume.hostPath(name, { path, type })',
    );
  if (m.volume.sourceType !== 'hostPath') {
    fail(
      object,
      `${field}.volume`,
      `is ${m.volume.sourceType} volume "${m.volume.name}"; hostPathMounts takes PodVolume.hostPath() volumes, mount others through mounts`,
    );
  }
  const hostPath = m.volume.toJson().hostPath!.path;
  const exposure = hostPathExposure(hostPath);
  const reason = exposure?.why;
  // The plan's rule: a path that is only a risk when written (CA certificates, /sys) is fine read-only.
  const harmless = exposure?.readOnlySafe === true && (m.readOnly ?? true);
  if (reason && !harmless && m.allowSensitivePath !== true) {
    fail(
      object,
      `${field}.volume`,
      `is hostPath "${hostPath}" (${reason}), a sensitive node path; refused unless this mount sets allowSensitivePath: true (it is then read-only unless readOnly: false)`,
    );
  }
  return { volume: m.volume, path: m.path, readOnly: m.readOnly ?? true, subPath: m.subPath };
}

function nodeSelector(object: string, selector: { [key: string]: string }): { [key: string]: string } {
  return checkedLabels(object, 'nodeSelector', selector)!;
}

/** A mount that sets allowSensitivePath accepts hostpath-sensitive on purpose: the plan is told so by the same annotation. */
function sensitiveOptIn(props: HostPathBaseProps): { [ruleId: string]: string } {
  const containers = [...(props.containers ?? []), ...(props.initContainers ?? [])];
  const mounts = containers.flatMap((c) => c?.hostPathMounts ?? []);
  return mounts.some((m) => m?.allowSensitivePath === true)
    ? { 'hostpath-sensitive': 'allowSensitivePath: true on a hostPath mount' }
    : {};
}
