/**
 * The Service a pod pattern can put in front of its pod (`SharedEmptyDirPod`, `GitClonePod`):
 * its options and how it is exposed.
 */

/** A Service exposing one port of a pattern's pod. */
export interface PodServiceOptions {
  /** The Service's port. */
  readonly port: number;
  /**
   * The container port traffic goes to; some container of the pod must declare it.
   * @default - the same as `port`
   */
  readonly targetPort?: number;
  /**
   * How the Service is exposed.
   * @default ServiceType.CLUSTER_IP
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
   */
  readonly type?: ServiceType;
  /**
   * The node port (NodePort and LoadBalancer only), within the cluster's node port range.
   * @default - assigned by the cluster
   */
  readonly nodePort?: number;
  /**
   * The Service's name (a DNS-1123 label).
   * @default - the pod's name
   */
  readonly name?: string;
}

/** How a Service is exposed. */
export enum ServiceType {
  /** A cluster-internal virtual IP. */
  CLUSTER_IP = 'ClusterIP',
  /** ClusterIP plus a port on every node. */
  NODE_PORT = 'NodePort',
  /** NodePort plus a cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}
