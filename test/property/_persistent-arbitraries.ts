/**
 * Arbitraries of valid persistent-storage props: every PersistentVolumeSource factory with the
 * traits that decide what else is allowed (Block, Recycle, mount options, ReadWriteOncePod,
 * node affinity), every Provisioner, node affinities, selectors that match given labels.
 */
import fc from 'fast-check';
import { AccessMode, SelectorOperator } from '../../src/constructs/persistent/modes';
import { NodeAffinity, PersistentVolumeSource } from '../../src/constructs/persistent/persistent-volume';
import {
  EbsVolumeType,
  GcePdDiskType,
  GcePdReplication,
  Provisioner,
} from '../../src/constructs/persistent/storage-class';
import { HostPathType } from '../../src/constructs/pod/volume';
import { ClaimSelector, SelectorRequirement } from '../../src/constructs/persistent/claim';
import {
  dnsLabel,
  dnsSubdomain,
  labelKey,
  memo,
  nonEmptyLabelValue,
  relativePath,
  safeAbsolutePath,
} from './_fc';
import { opt } from './_pod-arbitraries';

/** A source, and what the volume around it may then use. */
export interface SourceCase {
  readonly source: PersistentVolumeSource;
  readonly factory: string;
  readonly csi: boolean;
  readonly recyclable: boolean;
  readonly block: boolean;
  readonly mountOptions: boolean;
  readonly needsAffinity: boolean;
  /** The plan reports the source as removed from Kubernetes (an error by design). */
  readonly removed: boolean;
}

/** Prints a case as the factory call that made it, so a counterexample reads as code. */
export const printable = <T extends object>(value: T, text: string): T =>
  Object.defineProperty(value, fc.toStringMethod, { value: () => text, enumerable: false });

const call = (factory: string, args: unknown[]) =>
  `${factory}(${args.map((a) => (a === undefined ? 'undefined' : JSON.stringify(a))).join(', ')})`;

const traits =
  (factory: string, t: Partial<SourceCase>) =>
  (make: (...args: any[]) => PersistentVolumeSource, ...args: unknown[]): SourceCase =>
    printable(
      {
        source: make(...args),
        factory,
        csi: false,
        recyclable: false,
        block: false,
        mountOptions: true,
        needsAffinity: false,
        removed: false,
        ...t,
      },
      call(`PersistentVolumeSource.${factory}`, args),
    );

const hostRaw = () =>
  fc.oneof(
    dnsSubdomain(),
    fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.')),
  );
const fsTypeRaw = () => opt(fc.constantFrom('ext4', 'xfs', 'btrfs', 'ext3'));
const secretRefRaw = () => fc.record({ name: dnsSubdomain(), namespace: dnsLabel(20) });
const gcpIdRaw = () => fc.stringMatching(/^[a-z][-a-z0-9]{0,20}[a-z0-9]$/);
const ebsIdRaw = () =>
  fc.oneof(fc.stringMatching(/^vol-[0-9a-f]{8}$/), fc.stringMatching(/^vol-[0-9a-f]{17}$/));

const sourceCaseRaw = (): fc.Arbitrary<SourceCase> => {
  const S = PersistentVolumeSource as any;
  const hostPath = traits('hostPath', { recyclable: true, mountOptions: false });
  return fc.oneof(
    fc
      .tuple(safeAbsolutePath(), fc.constantFrom(...Object.values(HostPathType)))
      .map(([path, type]) => hostPath(S.hostPath, path, type)),
    fc
      .tuple(
        fc.constantFrom('/', '/etc', '/var/lib/kubelet'),
        fc.constantFrom(...Object.values(HostPathType)),
      )
      .map(([path, type]) =>
        traits('hostPath', { mountOptions: false })(S.hostPath, path, type, { allowSensitivePath: true }),
      ),
    fc
      .tuple(safeAbsolutePath(), fsType())
      .map(([path, fs]) =>
        traits('local', { block: true, mountOptions: false, needsAffinity: true })(S.local, path, fs),
      ),
    fc
      .tuple(host(), safeAbsolutePath(), opt(fc.boolean()))
      .map(([server, path, ro]) => traits('nfs', { recyclable: true })(S.nfs, server, path, ro)),
    fc
      .record(
        {
          targetPortal: fc
            .tuple(host(), opt(fc.integer({ min: 1, max: 65535 })))
            .map(([h, p]) => (p ? `${h}:${p}` : h)),
          iqn: fc.oneof(
            fc
              .tuple(
                fc.integer({ min: 1990, max: 2030 }),
                fc.integer({ min: 1, max: 12 }),
                dnsSubdomain(),
                dnsLabel(10),
              )
              .map(([y, m, d, n]) => `iqn.${y}-${String(m).padStart(2, '0')}.${d}:${n}`),
            fc.stringMatching(/^eui\.[0-9A-F]{16}$/),
          ),
          lun: fc.integer({ min: 0, max: 255 }),
          fsType: fsType(),
          readOnly: opt(fc.boolean()),
          portals: opt(fc.array(host(), { maxLength: 2 })),
          chap: fc.boolean(),
          secret: secretRef(),
          initiatorName: opt(fc.constant('iqn.2020-01.com.example:node1')),
        },
        { requiredKeys: ['targetPortal', 'iqn', 'lun', 'chap', 'secret'] },
      )
      .map(({ chap, secret, ...o }) =>
        traits('iscsi', { block: true })(S.iscsi, {
          ...o,
          ...(chap ? { chapAuthSession: true, chapAuthDiscovery: true, secret } : {}),
        }),
      ),
    fc
      .record(
        {
          driver: fc.oneof(dnsSubdomain(), fc.constantFrom('ebs.csi.aws.com', 'Driver.Example-1')),
          volumeHandle: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''),
          fsType: fsType(),
          volumeAttributes: fc.dictionary(labelKey(), fc.string({ maxLength: 10 }), {
            maxKeys: 3,
            noNullPrototype: true,
          }),
          readOnly: fc.boolean(),
          nodePublishSecretRef: secretRef(),
          nodeStageSecretRef: secretRef(),
          controllerPublishSecretRef: secretRef(),
          controllerExpandSecretRef: secretRef(),
          nodeExpandSecretRef: secretRef(),
        },
        { requiredKeys: ['driver', 'volumeHandle'] },
      )
      .map((o) => traits('csi', { csi: true, block: true })(S.csi, o)),
    fc
      .record({
        diskName: gcpId(),
        project: opt(gcpId()),
        location: opt(fc.tuple(fc.boolean(), gcpId())),
        fsType: fsType(),
        readOnly: opt(fc.boolean()),
      })
      .map(({ location, ...o }) =>
        traits('gcePdCsi', { csi: true, block: true })(S.gcePdCsi, {
          ...o,
          ...(location ? (location[0] ? { zone: location[1] } : { region: location[1] }) : {}),
        }),
      ),
    fc
      .record({ volumeId: ebsId(), zone: opt(gcpId()), fsType: fsType(), readOnly: opt(fc.boolean()) })
      .map((o) => traits('awsEbsCsi', { csi: true, block: true })(S.awsEbsCsi, o)),
    fc
      .tuple(gcpId(), fsType(), opt(fc.boolean()))
      .map(([name, fs, ro]) =>
        traits('gcePersistentDisk', { block: true })(S.gcePersistentDisk, name, fs, ro),
      ),
    fc
      .tuple(ebsId(), fsType(), opt(fc.boolean()))
      .map(([id, fs, ro]) =>
        traits('awsElasticBlockStore', { block: true, removed: true })(S.awsElasticBlockStore, id, fs, ro),
      ),
  );
};

/** Non-empty, distinct access modes; ReadWriteOncePod alone, and only if allowed. */
const accessModesRaw = (allowOncePod: boolean): fc.Arbitrary<AccessMode[]> =>
  allowOncePod
    ? fc.oneof(fc.constant<AccessMode[]>([AccessMode.READ_WRITE_ONCE_POD]), accessModes(false))
    : fc.subarray([AccessMode.READ_WRITE_ONCE, AccessMode.READ_ONLY_MANY, AccessMode.READ_WRITE_MANY], {
        minLength: 1,
      });

/** A non-empty subset of the volume's modes, for a claim that must fit it. */
export const claimModesOf = (modes: readonly AccessMode[]): fc.Arbitrary<AccessMode[]> =>
  fc.subarray([...modes], { minLength: 1 });

const nodeAffinityRaw = (): fc.Arbitrary<NodeAffinity> =>
  fc.oneof(
    fc.array(dnsSubdomain(), { minLength: 1, maxLength: 3 }).map((h) => NodeAffinity.hostnames(h)),
    fc.array(gcpId(), { minLength: 1, maxLength: 2 }).map((z) => NodeAffinity.zones(z)),
    fc
      .tuple(
        labelKey(),
        fc.array(nonEmptyLabelValue(), { minLength: 1, maxLength: 2 }),
        opt(fc.tuple(labelKey(), fc.array(nonEmptyLabelValue(), { minLength: 1, maxLength: 2 }))),
      )
      .map(([k, v, and]) =>
        and ? NodeAffinity.matchLabel(k, v).andMatchLabel(and[0], and[1]) : NodeAffinity.matchLabel(k, v),
      ),
  );

/**
 * A selector that the given labels satisfy, using every operator: matchLabels drawn from the
 * labels, In with the label's value among others, NotIn without it, Exists on a present key,
 * DoesNotExist on a key the labels lack.
 */
export const selectorMatching = (labels: Record<string, string>): fc.Arbitrary<ClaimSelector> => {
  const keys = Object.keys(labels);
  const present = keys.length
    ? fc.constantFrom(...keys).chain((k): fc.Arbitrary<SelectorRequirement> =>
        fc.oneof(
          fc
            .array(nonEmptyLabelValue(), { maxLength: 2 })
            .map((others) => ({ key: k, operator: SelectorOperator.IN, values: [...others, labels[k]] })),
          fc
            .array(
              nonEmptyLabelValue().filter((v) => v !== labels[k]),
              { minLength: 1, maxLength: 2 },
            )
            .map((values) => ({ key: k, operator: SelectorOperator.NOT_IN, values })),
          fc.constant({ key: k, operator: SelectorOperator.EXISTS }),
        ),
      )
    : fc.constant(undefined);
  const absent = labelKey()
    .filter((k) => !(k in labels))
    .chain((k) =>
      fc.oneof(
        fc.constant<SelectorRequirement>({ key: k, operator: SelectorOperator.DOES_NOT_EXIST }),
        fc
          .array(nonEmptyLabelValue(), { minLength: 1, maxLength: 2 })
          .map((values): SelectorRequirement => ({ key: k, operator: SelectorOperator.NOT_IN, values })),
      ),
    );
  return fc
    .tuple(
      keys.length ? fc.subarray(keys) : fc.constant([] as string[]),
      fc.array(fc.oneof(present, absent), { maxLength: 3 }),
    )
    .map(([matchKeys, exprs]) => {
      const matchExpressions = exprs.filter((e): e is SelectorRequirement => e !== undefined);
      return {
        matchLabels: matchKeys.length ? Object.fromEntries(matchKeys.map((k) => [k, labels[k]])) : undefined,
        matchExpressions: matchExpressions.length ? matchExpressions : undefined,
      };
    })
    .filter((s) => s.matchLabels !== undefined || s.matchExpressions !== undefined);
};

/** A provisioner, and whether it makes single-node disks (no ReadWriteMany filesystems) or provisions nothing. */
export interface ProvisionerCase {
  readonly provisioner: Provisioner;
  readonly factory: string;
  readonly singleNodeDisk: boolean;
  readonly local: boolean;
}

const diskType = (known: readonly string[]) =>
  fc.oneof(fc.constantFrom(...known), fc.stringMatching(/^[a-z0-9][-a-z0-9]{0,12}$/));

const provisionerCaseRaw = (): fc.Arbitrary<ProvisionerCase> =>
  fc.oneof(
    fc
      .record(
        {
          type: diskType(['pd-standard', 'pd-balanced', 'pd-ssd', 'pd-extreme']).map((t) =>
            t === 'pd-ssd'
              ? GcePdDiskType.SSD
              : t === 'pd-balanced'
                ? GcePdDiskType.BALANCED
                : GcePdDiskType.custom(t),
          ),
          replication: fc.constantFrom(...Object.values(GcePdReplication)),
          fsType: fc.constantFrom('ext4', 'xfs'),
          kmsKeyName: fc.string({ minLength: 1, maxLength: 40 }),
        },
        { requiredKeys: [] },
      )
      .map((o) =>
        printable(
          { provisioner: Provisioner.gcePdCsi(o), factory: 'gcePdCsi', singleNodeDisk: true, local: false },
          call('Provisioner.gcePdCsi', [o]),
        ),
      ),
    fc
      .record({
        type: fc.option(
          fc.constantFrom(
            EbsVolumeType.GP2,
            EbsVolumeType.GP3,
            EbsVolumeType.IO1,
            EbsVolumeType.IO2,
            EbsVolumeType.SC1,
            EbsVolumeType.ST1,
          ),
          { nil: undefined },
        ),
        iops: opt(fc.integer({ min: 1, max: 64000 })),
        throughput: opt(fc.integer({ min: 1, max: 1000 })),
        encrypted: opt(fc.boolean()),
        kmsKeyId: opt(fc.string({ minLength: 1, maxLength: 30 })),
        fsType: opt(fc.constantFrom('ext4', 'xfs')),
      })
      .map((o) => ({
        ...o,
        // iops only for io1, io2, gp3 (or an unset type); throughput only for gp3; a KMS key only when encrypted.
        iops: o.type === undefined || ['io1', 'io2', 'gp3'].includes(o.type.value) ? o.iops : undefined,
        throughput: o.type?.value === 'gp3' ? o.throughput : undefined,
        kmsKeyId: o.encrypted === true ? o.kmsKeyId : undefined,
      }))
      .map((o) =>
        printable(
          { provisioner: Provisioner.awsEbsCsi(o), factory: 'awsEbsCsi', singleNodeDisk: true, local: false },
          call('Provisioner.awsEbsCsi', [o]),
        ),
      ),
    fc
      .constant(0)
      .map(() =>
        printable(
          { provisioner: Provisioner.local(), factory: 'local', singleNodeDisk: false, local: true },
          'Provisioner.local()',
        ),
      ),
    fc
      .record(
        {
          server: host(),
          share: safeAbsolutePath(),
          subDir: fc.oneof(relativePath(), fc.constant('${pvc.metadata.namespace}/${pvc.metadata.name}')),
          mountPermissions: fc.integer({ min: 0, max: 0o777 }),
        },
        { requiredKeys: ['server', 'share'] },
      )
      .map((o) =>
        printable(
          { provisioner: Provisioner.nfsCsi(o), factory: 'nfsCsi', singleNodeDisk: false, local: false },
          call('Provisioner.nfsCsi', [o]),
        ),
      ),
    fc
      .tuple(
        fc.oneof(
          dnsSubdomain(),
          fc
            .tuple(dnsSubdomain(), fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/))
            .map(([p, n]) => `${p}/${n}`),
        ),
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== 'constructor' && k !== '__proto__'),
          fc.string({ maxLength: 12 }),
          {
            maxKeys: 3,
            noNullPrototype: true,
          },
        ),
      )
      .map(([name, params]) =>
        printable(
          {
            provisioner: Provisioner.custom(name, params),
            factory: 'custom',
            singleNodeDisk: false,
            local: false,
          },
          call('Provisioner.custom', [name, params]),
        ),
      ),
  );

const host = memo(hostRaw);

const fsType = memo(fsTypeRaw);

const secretRef = memo(secretRefRaw);

const gcpId = memo(gcpIdRaw);

const ebsId = memo(ebsIdRaw);

export const sourceCase = memo(sourceCaseRaw);

export const nodeAffinity = memo(nodeAffinityRaw);

export const provisionerCase = memo(provisionerCaseRaw);

export const accessModes = memo(accessModesRaw);
