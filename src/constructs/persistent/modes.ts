/**
 * The wire-string choices shared by volumes, claims, classes and workloads. They live in one
 * file (not after a construct, as enums usually do) because the volume, the claims and the
 * class all use them, and keeping them here avoids an import cycle between those files.
 */

/**
 * How a volume can be mounted. A claim binds only to a volume that offers every mode it asks for.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export enum AccessMode {
  /** Read-write by the pods of one node (several pods on that node may share it). */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes (NFS, CephFS, Filestore, EFS; not block disks). */
  READ_WRITE_MANY = 'ReadWriteMany',
  /**
   * Read-write by a single pod in the whole cluster. CSI volumes only, and never combined
   * with another mode.
   */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/**
 * A filesystem mounted at a path, or a raw block device. A claim binds only to a volume of
 * the same mode.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-mode
 */
export enum VolumeMode {
  /** The API server's default. */
  FILESYSTEM = 'Filesystem',
  /** A raw block device (local, iSCSI, CSI and cloud disks; not NFS or hostPath). */
  BLOCK = 'Block',
}

/**
 * What happens to a volume (and the data on it) when its claim is deleted.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming
 */
export enum ReclaimPolicy {
  /** Keep the volume and its data (phase Released); an admin decides. This library's default. */
  RETAIN = 'Retain',
  /** Delete the volume and the backing disk: the data is gone. */
  DELETE = 'Delete',
  /**
   * Scrub the volume (`rm -rf /thevolume/*`) and offer it again.
   * @deprecated Kubernetes deprecated Recycle; only nfs and hostPath support it. Use Retain
   * and clean up, or dynamic provisioning.
   */
  RECYCLE = 'Recycle',
}

/**
 * When a StorageClass provisions (and binds) a volume for a new claim.
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
 */
export enum VolumeBindingMode {
  /** As soon as the claim is created, before any pod is scheduled. */
  IMMEDIATE = 'Immediate',
  /** When the first pod using the claim is scheduled, in that pod's zone or node. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/** The operators of a label selector requirement. */
export enum SelectorOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label is absent, or its value is none of `values`. */
  NOT_IN = 'NotIn',
  /** The label is present (no `values`). */
  EXISTS = 'Exists',
  /** The label is absent (no `values`). */
  DOES_NOT_EXIST = 'DoesNotExist',
}
