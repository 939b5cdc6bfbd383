/**
 * Where a new claim's data comes from: a VolumeSnapshot (restore), another claim (clone), or a
 * volume populator. Rendered as `spec.dataSource`, or as `spec.dataSourceRef` when only that can
 * say it (a populator's kind, another namespace).
 */
import { IConstruct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail } from '../../_errors';
import { dnsLabelProblem, dnsSubdomainProblem } from '../../k8s/names';
import { KubernetesVersion } from '../../k8s/versions';
import {
  classDriver,
  DataSourceClaim,
  DataSourceWorld,
  judgeDataSource,
  SnapshotSource,
  TEMPLATE_CLAIMS_SUFFIX,
} from '../../plan/snapshot';
import { show } from '../../_show';
import { refuseUnlessIgnored, SelfCheckProps } from '../_self-check';
import { IClaim } from '../persistent/claim-interface';
import { claimDriver, cloneSourceFacts } from './_claim-facts';
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
  /** The construct's name for the object, for its own refusals (`PersistentVolumeClaim/x`). */
  readonly at: string;
  readonly field: string;
  readonly namespace: string;
  readonly storage: string;
  readonly volumeMode?: string;
  /** The claim's class's provisioner, when known. */
  readonly provisioner?: string;
  readonly storageClassName?: string;
  /** The object as the plan names it (`PersistentVolumeClaim/<ns>/<name>`, `StatefulSet/<ns>/<name>`). */
  readonly object: string;
  /** The (first) claim made: the claim, or a template's claim of the first ordinal. */
  readonly claimName: string;
  /** A StatefulSet's claim template: the plan's messages say so. */
  readonly template?: boolean;
  /** The Kubernetes minor judged for. */
  readonly version: KubernetesVersion;
  /** The construct that refuses, and what its user accepts on purpose. */
  readonly scope: IConstruct;
  readonly ignoreChecks?: SelfCheckProps['ignoreChecks'];
}

/** Why `allowCrossNamespace` accepts the plan's findings on a source in another namespace. */
const CROSS_NAMESPACE_REASON =
  'ClaimDataSource allowCrossNamespace: the cluster runs CrossNamespaceVolumeDataSource and a ReferenceGrant lets the claim read its source';

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
      snapshot: snapshot._restoreSource,
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
  private readonly snapshot?: Omit<SnapshotSource, 'name' | 'takenOf'>;

  private constructor(
    apiGroup: string,
    kind: string,
    name: string,
    o: ClaimDataSourceOptions & {
      sourceClaim?: IClaim;
      clone?: boolean;
      populator?: boolean;
      snapshot?: Omit<SnapshotSource, 'name' | 'takenOf'>;
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
    this.snapshot = o.snapshot;
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
    /** The rules `allowCrossNamespace` accepts on the claim's object, with the reason. */
    implied: { [rule: string]: string };
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
    const ref = {
      apiGroup: this.apiGroup === '' ? undefined : this.apiGroup,
      kind: this.kind,
      name: this.name,
    };
    // dataSource for the classic sources (the API server copies it into dataSourceRef);
    // dataSourceRef for what only it can say.
    const rendered: { dataSource?: k8s.TypedLocalObjectReference; dataSourceRef?: k8s.TypedObjectReference } =
      this.populator || crossNamespace
        ? { dataSourceRef: { ...ref, namespace: crossNamespace ? ns : undefined } }
        : { dataSource: ref };
    // The plan's judgment of the claim spec (data-source-invalid, data-source-refused), with what
    // this app tells of the source: the construct refuses exactly what the plan flags.
    const version = t.version;
    const claim: DataSourceClaim = {
      name: t.claimName,
      storage: t.storage,
      volumeMode: t.volumeMode ?? 'Filesystem', // SetDefaults_PersistentVolumeClaimSpec
    };
    const findings = judgeDataSource(
      t.object,
      rendered,
      claim,
      this.world(t, version),
      spec.slice(0, -1),
      t.template ? TEMPLATE_CLAIMS_SUFFIX : '',
    );
    // allowCrossNamespace accepts what the plan says of a source in another namespace (the gate,
    // the ReferenceGrant), written by the claim or StatefulSet as the plan's suppression annotation.
    const implied: { [rule: string]: string } = {};
    for (const finding of findings) {
      if (crossNamespace && finding.field === `${spec}dataSourceRef.namespace`) {
        if (finding.severity !== 'error') {
          implied[finding.rule] = CROSS_NAMESPACE_REASON;
          continue;
        }
      }
      refuseUnlessIgnored(t.scope, finding, t.ignoreChecks);
    }
    return { ...rendered, implied };
  }

  /** What this app tells the plan's data-source rules of the objects around the claim. */
  private world(t: DataSourceTarget, version: KubernetesVersion): DataSourceWorld {
    const src = this.sourceClaim;
    const facts = cloneSourceFacts(src);
    const claimOf = (c: IClaim): DataSourceClaim => ({
      name: c.claimName,
      storage: (c as { storage?: unknown }).storage as string | undefined,
      volumeMode: facts ? (facts.volumeMode ?? 'Filesystem') : undefined, // unknown for a claim not of this library
    });
    const snapshot = this.snapshot;
    return {
      version,
      namespace: t.namespace,
      csiDrivers: new Set(),
      target:
        t.storageClassName !== undefined
          ? classDriver(t.storageClassName, t.provisioner, version)
          : undefined,
      granted: () => false,
      claim: (name) =>
        this.clone && src !== undefined && name === src.claimName
          ? {
              ...claimOf(src),
              driver: claimDriver(facts, version),
            }
          : undefined,
      snapshot: (name) =>
        snapshot !== undefined && name === this.name
          ? { ...snapshot, name, takenOf: src && claimOf(src) }
          : undefined,
    };
  }
}
