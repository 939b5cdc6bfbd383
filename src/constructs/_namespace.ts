/**
 * The one namespace policy of every namespaced object the constructs emit (claims, the Claim*
 * workloads, the pod patterns and their Services): the construct's `namespace` prop, else the
 * chart's namespace, else `default`. The namespace is always written, so `kubectl apply -n team`
 * cannot split an app (a pod in `team`, its claim in `default`), and a PersistentVolume's claimRef,
 * which must name the claim's namespace, always has one to name.
 */
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { check } from '../_errors';
import { dnsLabelProblem } from '../k8s/names';

/** The namespace of a namespaced object made under `scope`, checked as a DNS-1123 label (as the API server does). */
export function resolveNamespace(scope: IConstruct, object: string, namespace: string | undefined): string {
  const ns = namespace ?? Chart.of(scope).namespace ?? 'default';
  check(object, 'metadata.namespace', dnsLabelProblem(ns));
  return ns;
}
