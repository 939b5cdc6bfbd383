/**
 * Where a new claim's data comes from: a VolumeSnapshot (restore), another claim (clone), or a
 * volume populator. Rendered as `spec.dataSource`, or as `spec.dataSourceRef` when only that can
 * say it (a populator's kind, another namespace).
 */
import * as k8s from '../../../imports/k8s';
import { check, fail } from '../../_errors';
import { dnsLabelProblem, dnsSubdomainProblem } from '../../k8s/names';
import { compareQuantities, parseQuantity } from '../../k8s/quantity';
import { show } from '../../_show';
import { IClaim } from '../persistent/claim-interface';
import { CloneSourceFacts, cloneSourceFacts } from './_claim-facts';
import { VolumeSnapshot } from './snapshot';

/** Options of every {@link ClaimDataSource} factory. */
export interface ClaimDataSourceOptions {
  /**
   * The source's namespace, when it is not the claim's. Only `spec.dataSourceRef.namespace` can
   * say it, and the API server keeps that field only with the alpha feature gate
   * CrossNamespaceVolumeDataSource on; the source's namespace must also hold a ReferenceGrant
   * (gateway.networking.k8s.io) that lets claims of this namespace read it, and the CSI
   * provisioner must run with --feature-gates=CrossNamespaceVolumeDataSource=true. Refused unless
   * `allowCrossNamespace` is true.
   * @default - the claim's namespace (or, for a source object of this app, its namespace)
   */
  readonly namespace?: string;
  /**
   * Opt in to a source in another namespace (see `namespace`).
   * @default false
   */
  readonly allowCrossNamespace?: boolean;
}

/** What a claim tells its data source about itself, to be judged. @internal */
export interface DataSourceTarget {
  readonly at: string;
  readonly field: string;
  readonly namespace: string;
  readonly storage: string;
  readonly volumeMode?: string;
  /** The claim's class's provisioner, when known. */
  readonly provisioner?: string;
  readonly storageClassName?: string;
}

const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';

/**
 * A claim's data source. A claim with one starts with the data of a snapshot or of another claim
 * instead of empty; the CSI external-provisioner does the copy.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-snapshot-and-restore-volume-from-snapshot-support
 * @see https://kubernetes.io/docs/concepts/storage/volume-pvc-datasource/
 */
export class ClaimDataSource {
  /** Restore a VolumeSnapshot of this app. */
  public static fromSnapshot(
    snapshot: VolumeSnapshot,
    options: ClaimDataSourceOptions = {},
  ): ClaimDataSource {
    if (!(snapshot instanceof VolumeSnapshot))
      throw new TypeError(
        'ClaimDataSource.fromSnapshot: expected a VolumeSnapshot; use fromSnapshotName for one by name',
      );
    return new ClaimDataSource(SNAPSHOT_GROUP, 'VolumeSnapshot', snapshot.name, {
      ...options,
      namespace: options?.namespace ?? snapshot.namespace,
      sourceClaim: snapshot.sourceClaim,
      snapshotDriver: snapshot._driver,
    });
  }

  /** Restore a VolumeSnapshot by name (e.g. one taken by a backup tool). */
  public static fromSnapshotName(name: string, options: ClaimDataSourceOptions = {}): ClaimDataSource {
    return new ClaimDataSource(SNAPSHOT_GROUP, 'VolumeSnapshot', name, options ?? {});
  }

  /** Clone a claim of this app. */
  public static fromClaim(claim: IClaim, options: ClaimDataSourceOptions = {}): ClaimDataSource {
    return new ClaimDataSource('', 'PersistentVolumeClaim', claim.claimName, {
      ...options,
      namespace: options?.namespace ?? claim.namespace,
      sourceClaim: claim,
      clone: true,
    });
  }

  /** Clone a claim by name (e.g. `data-postgres-0` of a StatefulSet). */
  public static fromClaimName(name: string, options: ClaimDataSourceOptions = {}): ClaimDataSource {
    return new ClaimDataSource('', 'PersistentVolumeClaim', name, { ...options, clone: true });
  }

  /**
   * A volume populator's object (any kind of a non-core API group, e.g. a VolumeImportSource of
   * `volumepopulator.example.com`), rendered as `spec.dataSourceRef`; the populator's controller
   * must run, or the claim stays Pending.
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-populators-and-data-sources
   */
  public static fromPopulator(
    apiGroup: string,
    kind: string,
    name: string,
    options: ClaimDataSourceOptions = {},
  ): ClaimDataSource {
    return new ClaimDataSource(apiGroup, kind, name, { ...(options ?? {}), populator: true });
  }

  /** The API group: "" for a claim. */
  public readonly apiGroup: string;
  /** The kind: `VolumeSnapshot`, `PersistentVolumeClaim`, or a populator's kind. */
  public readonly kind: string;
  /** The source object's name. */
  public readonly name: string;
  /** The source's namespace, when given or known (a source object of this app). */
  public readonly namespace?: string;
  private readonly allowCrossNamespace: boolean;
  private readonly sourceClaim?: IClaim;
  private readonly clone: boolean;
  private readonly populator: boolean;
  private readonly snapshotDriver?: string;

  private constructor(
    apiGroup: string,
    kind: string,
    name: string,
    o: ClaimDataSourceOptions & {
      sourceClaim?: IClaim;
      clone?: boolean;
      populator?: boolean;
      snapshotDriver?: string;
    },
  ) {
    this.apiGroup = apiGroup;
    this.kind = kind;
    this.name = name;
    this.namespace = o.namespace;
    this.allowCrossNamespace = o.allowCrossNamespace ?? false;
    this.sourceClaim = o.sourceClaim;
    this.clone = o.clone ?? false;
    this.populator = o.populator ?? false;
    this.snapshotDriver = o.snapshotDriver;
  }

  /**
   * Judges the source for the claim and renders it. What is refused is what the API server
   * (pkg/apis/core/validation ValidatePersistentVolumeClaimSpec: validateDataSource,
   * validateDataSourceRef) or the CSI external-provisioner (pkg/controller/controller.go:
   * getPVCSource, getSnapshotSource) refuses.
   * @internal
   */
  public _render(t: DataSourceTarget): {
    dataSource?: k8s.TypedLocalObjectReference;
    dataSourceRef?: k8s.TypedObjectReference;
  } {
    const f = t.field;
    // The claim's spec path (`spec.` or `spec.volumeClaimTemplates[0].spec.`), for its other fields.
    const spec = f.slice(0, f.length - 'dataSource'.length);
    check(t.at, `${f}.name`, dnsSubdomainProblem(this.name));
    if (this.populator) {
      // validateDataSource: with no apiGroup, only PersistentVolumeClaim is allowed.
      if (typeof this.apiGroup !== 'string' || this.apiGroup === '')
        fail(
          t.at,
          `${f}.apiGroup`,
          `is ${show(this.apiGroup)} for kind ${show(this.kind)}; a populator's kind is of a non-core API group (the core group allows only PersistentVolumeClaim: use ClaimDataSource.fromClaim)`,
        );
      check(t.at, `${f}.apiGroup`, dnsSubdomainProblem(this.apiGroup));
      if (typeof this.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(this.kind))
        fail(t.at, `${f}.kind`, `is ${show(this.kind)}; expected a kind such as "VolumeImportSource"`);
      if (this.apiGroup === SNAPSHOT_GROUP && this.kind !== 'VolumeSnapshot')
        fail(
          t.at,
          `${f}.kind`,
          `is "${this.kind}" of group ${SNAPSHOT_GROUP}; only a VolumeSnapshot of that group is a claim's data source (a VolumeSnapshotContent is bound through a VolumeSnapshot)`,
        );
    }
    const ns = this.namespace ?? t.namespace;
    if (this.namespace !== undefined) check(t.at, `${f}.namespace`, dnsLabelProblem(this.namespace));
    const crossNamespace = ns !== t.namespace;
    if (crossNamespace && !this.allowCrossNamespace)
      fail(
        t.at,
        `${f}.namespace`,
        `is "${ns}", not the claim's namespace "${t.namespace}"; a source in another namespace needs spec.dataSourceRef.namespace, which the API server drops unless the alpha feature gate CrossNamespaceVolumeDataSource is on, and a ReferenceGrant in "${ns}": set allowCrossNamespace: true to opt in`,
      );
    const src = this.sourceClaim;
    const facts: CloneSourceFacts | undefined = cloneSourceFacts(src);
    if (src !== undefined) {
      // external-provisioner refuses a new volume smaller than its source: "requested volume size
      // %d is less than the size %d for the source PVC/snapshot". A snapshot's restoreSize is at
      // least its claim's request, so a request below the source claim's is refused either way.
      const want = parseQuantity(t.storage);
      const have = parseQuantity((src as { storage?: unknown }).storage);
      if (want && have && compareQuantities(want, have) < 0)
        fail(
          t.at,
          `${spec}resources.requests.storage`,
          `is "${t.storage}", less than the ${this.clone ? 'cloned claim' : "snapshot's claim"} ${src.claimName}'s "${(src as { storage?: string }).storage}"; the CSI provisioner refuses a volume smaller than its source: request at least that`,
        );
    }
    if (this.clone && facts !== undefined) {
      // getPVCSource: "the source PVC and destination PVCs must be in the same volume mode".
      const a = facts.volumeMode ?? 'Filesystem';
      const b = t.volumeMode ?? 'Filesystem';
      if (a !== b)
        fail(
          t.at,
          `${spec}volumeMode`,
          `is "${b}", but the cloned claim ${src!.claimName} is "${a}"; the CSI provisioner clones only within one volume mode`,
        );
      // Cloning across classes was relaxed (external-provisioner v5): it is refused only when the
      // source's class is of another provisioner, which only that provisioner can clone.
      if (
        facts.provisioner !== undefined &&
        t.provisioner !== undefined &&
        facts.provisioner !== t.provisioner
      )
        fail(
          t.at,
          `${spec}storageClassName`,
          `is "${t.storageClassName}" of provisioner "${t.provisioner}", but the cloned claim ${src!.claimName}'s class "${facts.storageClassName}" is of "${facts.provisioner}"; a CSI driver clones only its own volumes: use a class of "${facts.provisioner}"`,
        );
    }
    // getSnapshotSource: the snapshot's VolumeSnapshotContent driver must be the class's provisioner.
    if (
      this.snapshotDriver !== undefined &&
      t.provisioner !== undefined &&
      this.snapshotDriver !== t.provisioner
    )
      fail(
        t.at,
        `${spec}storageClassName`,
        `is "${t.storageClassName}" of provisioner "${t.provisioner}", but VolumeSnapshot ${this.name} is of driver "${this.snapshotDriver}"; the CSI provisioner restores only its own driver's snapshots: use a class of "${this.snapshotDriver}"`,
      );
    const ref = {
      apiGroup: this.apiGroup === '' ? undefined : this.apiGroup,
      kind: this.kind,
      name: this.name,
    };
    // dataSource for the classic sources (the API server copies it into dataSourceRef);
    // dataSourceRef for what only it can say.
    if (this.populator || crossNamespace)
      return { dataSourceRef: { ...ref, namespace: crossNamespace ? ns : undefined } };
    return { dataSource: ref };
  }
}
