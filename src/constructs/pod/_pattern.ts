/**
 * Helpers shared by the pod patterns (SharedEmptyDirPod, GitClonePod, HostPathPod,
 * HostPathDaemon): the pattern's name in messages, its metadata, the hostPath refusal and the
 * optional Service. Internal: src/pod/index.ts does not export them.
 */
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail, oneOf } from '../../_errors';
import { checkedMap } from '../../_maps';
import { resolveNamespace } from '../_namespace';
import { dnsLabelProblem, labelValueProblem, objectNameProblem, qualifiedNameProblem } from '../../k8s/names';
import { ContainerProps } from './container';
import { PodServiceOptions, ServiceType } from './service';
import { PodVolume } from './volume';

/** Why a pattern other than HostPathPod and HostPathDaemon refuses a hostPath volume. */
export const NODE_PATHS_ELSEWHERE = 'use HostPathPod or HostPathDaemon, which check node paths';

/** `SharedEmptyDirPod/fortune`, or the construct id while the name is not yet a usable string. */
export function patternRef(kind: string, name: unknown, id: string): string {
  return `${kind}/${typeof name === 'string' && name !== '' ? name : id}`;
}

/**
 * Metadata of a pattern's main object: name kept exactly, the namespace of the library's one policy
 * (the prop, else the chart's, else `default`: src/_namespace.ts), labels sorted.
 */
export function podMetadata(
  scope: Construct,
  object: string,
  kind: string,
  props: { readonly name: string; readonly namespace?: string; readonly labels?: { [key: string]: string } },
): k8s.ObjectMeta {
  check(object, 'name', objectNameProblem(kind, props?.name));
  if (props.namespace !== undefined) check(object, 'namespace', dnsLabelProblem(props.namespace));
  return {
    name: props.name,
    namespace: resolveNamespace(scope, object, props.namespace),
    labels: podLabels(object, props.name, props.labels),
  };
}

/** The labels, validated and sorted by key; `{ app: <name> }` when none are given. */
function podLabels(
  object: string,
  name: string,
  labels: { [key: string]: string } | undefined,
): { [key: string]: string } {
  const hint = labels === undefined ? ' (it defaults to the name: give labels explicitly)' : '';
  const out = checkedMap(object, 'labels', labels ?? { app: name }, qualifiedNameProblem, (value) => {
    const problem = labelValueProblem(value);
    return problem && problem + hint;
  })!;
  if (!Object.keys(out).length)
    fail(object, 'labels', 'is empty; give at least one label: it selects the pod');
  return out;
}

/**
 * Refuses hostPath volumes in plain `mounts`: node paths go through the hostPath patterns,
 * which refuse sensitive paths and mount read-only by default.
 */
export function refuseHostPathMounts(
  object: string,
  containers: readonly ContainerProps[] | undefined,
  hint: string,
  list = 'containers',
): void {
  (containers ?? []).forEach((c, i) =>
    (c?.mounts ?? []).forEach((m, j) => {
      if (m?.volume instanceof PodVolume && m.volume.sourceType === 'hostPath') {
        fail(
          object,
          `${list}[${i}].volumeMounts[${j}].volume`,
          `is hostPath volume "${m.volume.name}"; ${hint}`,
        );
      }
    }),
  );
}

/** A Service selecting the pod by its labels, forwarding `port` to a port some container declares. */
export function podService(
  scope: Construct,
  object: string,
  pod: k8s.ObjectMeta,
  containers: readonly ContainerProps[],
  options: PodServiceOptions,
): k8s.KubeService {
  const isPort = (p: unknown) => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
  if (!isPort(options.port))
    fail(object, 'service.port', `is ${options.port}; expected a port from 1 to 65535`);
  const targetPort = options.targetPort ?? options.port;
  if (!isPort(targetPort))
    fail(object, 'service.targetPort', `is ${targetPort}; expected a port from 1 to 65535`);
  const declared = containers.flatMap((c) => c.ports ?? []);
  if (!declared.includes(targetPort)) {
    fail(
      object,
      'service.targetPort',
      `is ${targetPort}, which no container of the pod declares (declared: ${declared.length ? declared.join(', ') : 'none'}); add it to the serving container's ports`,
    );
  }
  const type = options.type ?? ServiceType.CLUSTER_IP;
  oneOf(object, 'service.type', type, Object.values(ServiceType));
  if (options.nodePort !== undefined) {
    if (type === ServiceType.CLUSTER_IP)
      fail(
        object,
        'service.nodePort',
        `is ${options.nodePort}, but a ClusterIP Service has no node port; set type NodePort or LoadBalancer`,
      );
    if (!isPort(options.nodePort))
      fail(
        object,
        'service.nodePort',
        `is ${options.nodePort}; expected a port in the cluster's node port range (default 30000-32767)`,
      );
  }
  const name = options.name ?? pod.name!;
  const nameProblem = objectNameProblem('Service', name);
  if (nameProblem)
    check(
      object,
      'service.name',
      nameProblem + (options.name === undefined ? ' (it defaults to the pod name: set service.name)' : ''),
    );
  return new k8s.KubeService(scope, 'Service', {
    metadata: { name, namespace: pod.namespace, labels: pod.labels },
    spec: {
      type,
      selector: pod.labels,
      ports: [
        {
          port: options.port,
          targetPort: k8s.IntOrString.fromNumber(targetPort),
          nodePort: options.nodePort,
        },
      ],
    },
  });
}
