/**
 * Arbitraries of valid pod-pattern props: containers, mounts, every non-hostPath PodVolume
 * factory, security profiles, Services, tolerations. Names are drawn from disjoint prefixes
 * (containers `c`, volumes `v`, ...) so that the names a pattern derives never collide.
 */
import fc from 'fast-check';
import { ContainerProps, ImagePullPolicy, Mount, SecurityProfile } from '../../src/constructs/pod/container';
import { ServiceType } from '../../src/constructs/pod/shared-empty-dir-pod';
import { TaintEffect, Toleration, TolerationOperator } from '../../src/constructs/pod/host-path';
import { EmptyDirMedium, HostPathType, PodVolume, ProjectionSource } from '../../src/constructs/pod/volume';
import {
  dnsLabel,
  dnsSubdomain,
  image,
  labelKey,
  labelValue,
  mountPath,
  positiveQuantity,
  relativePath,
  safeAbsolutePath,
} from './_fc';

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

export const fileMode = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 0o777 });

const keyToPaths = () =>
  fc
    .uniqueArray(relativePath(), { maxLength: 3 })
    .chain((paths) =>
      fc.tuple(
        ...paths.map((path) =>
          fc.record({ key: dnsLabel(10), path: fc.constant(path), mode: opt(fileMode()) }),
        ),
      ),
    );

const DOWNWARD_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.labels',
  'metadata.annotations',
];
const DOWNWARD_RESOURCES = [
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'limits.hugepages-2Mi',
];

/** Downward API files; resource files read one of `containers`. */
const downwardItems = (containers: readonly string[]) =>
  fc.uniqueArray(relativePath(), { minLength: 1, maxLength: 3 }).chain((paths) =>
    fc.tuple(
      ...paths.map((path) =>
        fc.oneof(
          fc.record({
            path: fc.constant(path),
            fieldPath: fc.oneof(
              fc.constantFrom(...DOWNWARD_FIELDS),
              labelKey().map((k) => `metadata.labels['${k}']`),
              labelKey().map((k) => `metadata.annotations['${k}']`),
            ),
            mode: opt(fileMode()),
          }),
          fc.record({
            path: fc.constant(path),
            resource: fc.constantFrom(...DOWNWARD_RESOURCES),
            containerName: fc.constantFrom(...containers),
            mode: opt(fileMode()),
          }),
        ),
      ),
    ),
  );

/**
 * A PodVolume from any factory except hostPath (and except persistentVolumeClaim, which
 * would leave the plan a claim to look for; claims are mounted in the persistent properties).
 */
export const podVolume = (name: string, containers: readonly string[]): fc.Arbitrary<PodVolume> =>
  fc.oneof(
    fc
      .record({
        medium: opt(fc.constantFrom(EmptyDirMedium.DISK, EmptyDirMedium.MEMORY)),
        sizeLimit: opt(positiveQuantity()),
      })
      .map((o) => PodVolume.emptyDir(name, o)),
    fc
      .record({
        configMapName: dnsSubdomain(),
        items: opt(keyToPaths()),
        defaultMode: opt(fileMode()),
        optional: opt(fc.boolean()),
      })
      .map((o) => PodVolume.configMap(name, o)),
    fc
      .record({
        secretName: dnsSubdomain(),
        items: opt(keyToPaths()),
        defaultMode: opt(fileMode()),
        optional: opt(fc.boolean()),
      })
      .map((o) => PodVolume.secret(name, o)),
    fc
      .record({ items: downwardItems(containers), defaultMode: opt(fileMode()) })
      .map((o) => PodVolume.downwardApi(name, o)),
    projectedSources(containers).chain((sources) =>
      fc.record({ defaultMode: opt(fileMode()) }).map((o) => PodVolume.projected(name, { sources, ...o })),
    ),
  );

/**
 * Projected sources whose files never share a path (the API server refuses "conflicting
 * duplicate paths" across the sources of one projected volume): each source gets its own directory.
 */
const projectedSources = (containers: readonly string[]): fc.Arbitrary<ProjectionSource[]> =>
  fc
    .array(fc.constantFrom('configMap', 'secret', 'downwardApi', 'serviceAccountToken'), {
      minLength: 1,
      maxLength: 4,
    })
    .chain((kinds) =>
      fc.tuple(
        ...kinds.map((kind, i): fc.Arbitrary<ProjectionSource> => {
          const dir = (p: string) => `s${i}/${p}`;
          switch (kind) {
            case 'configMap':
              return fc
                .record({ configMapName: dnsSubdomain(), items: keyToPaths(), optional: opt(fc.boolean()) })
                .map((o) => ({
                  configMap: { ...o, items: o.items.map((it) => ({ ...it, path: dir(it.path) })) },
                }));
            case 'secret':
              return fc
                .record({ secretName: dnsSubdomain(), items: keyToPaths(), optional: opt(fc.boolean()) })
                .map((o) => ({
                  secret: { ...o, items: o.items.map((it) => ({ ...it, path: dir(it.path) })) },
                }));
            case 'downwardApi':
              return downwardItems(containers).map((items) => ({
                downwardApi: { items: items.map((it) => ({ ...it, path: dir(it.path) })) },
              }));
            default:
              return fc
                .record({
                  audience: opt(dnsSubdomain()),
                  expirationSeconds: opt(fc.integer({ min: 600, max: 2 ** 31 - 1 })),
                })
                .map((o) => ({ serviceAccountToken: { path: dir('token'), ...o } }));
          }
        }),
      ),
    );

/** A hostPath volume of a non-sensitive node path (or a sensitive one, flagged). */
export const hostPathVolume = (name: string): fc.Arbitrary<{ volume: PodVolume; sensitive: boolean }> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(safeAbsolutePath(), fc.constantFrom(...Object.values(HostPathType)))
        .map(([path, type]) => ({ volume: PodVolume.hostPath(name, { path, type }), sensitive: false })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            '/',
            '/etc',
            '/var/run/docker.sock',
            '/var/lib/kubelet/pods',
            '/proc',
            '/sys/fs/cgroup',
            '/etc//kubernetes/./pki/',
          ),
          fc.constantFrom(...Object.values(HostPathType)),
        )
        .map(([path, type]) => ({ volume: PodVolume.hostPath(name, { path, type }), sensitive: true })),
    },
  );

export const envName = (): fc.Arbitrary<string> => fc.stringMatching(/^[-._a-zA-Z][-._a-zA-Z0-9]{0,10}$/);

const resources = () =>
  fc
    .record({
      cpu: opt(
        fc.tuple(
          fc.integer({ min: 1, max: 4000 }),
          fc.integer({ min: 0, max: 4000 }),
          fc.boolean(),
          fc.boolean(),
        ),
      ),
      memory: opt(
        fc.tuple(
          fc.integer({ min: 1, max: 4096 }),
          fc.integer({ min: 0, max: 4096 }),
          fc.boolean(),
          fc.boolean(),
        ),
      ),
    })
    .map(({ cpu, memory }) => ({
      cpuRequest: cpu && cpu[2] ? `${cpu[0]}m` : undefined,
      cpuLimit: cpu && cpu[3] ? `${cpu[0] + cpu[1]}m` : undefined,
      memoryRequest: memory && memory[2] ? `${memory[0]}Mi` : undefined,
      memoryLimit: memory && memory[3] ? `${memory[0] + memory[1]}Mi` : undefined,
    }));

/** The fields of a container other than its name and mounts. */
export const containerBase = (): fc.Arbitrary<Omit<ContainerProps, 'name' | 'mounts'>> =>
  fc.record(
    {
      image: image(),
      command: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
      args: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
      env: fc.dictionary(envName(), fc.string({ maxLength: 8 }), { maxKeys: 3, noNullPrototype: true }),
      ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 3 }),
      imagePullPolicy: fc.constantFrom(...Object.values(ImagePullPolicy)),
      resources: resources(),
      runAsUser: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      workingDir: mountPath(),
    },
    { requiredKeys: ['image'] },
  );

export const securityProfile = (): fc.Arbitrary<SecurityProfile | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant(SecurityProfile.IMAGE_DEFAULT),
    fc
      .record(
        {
          runAsUser: fc.integer({ min: 1, max: 65535 }),
          runAsGroup: fc.integer({ min: 1, max: 65535 }),
          fsGroup: fc.integer({ min: 1, max: 65535 }),
          readOnlyRootFilesystem: fc.boolean(),
        },
        { requiredKeys: [] },
      )
      .map((o) => SecurityProfile.restricted(o)),
  );

/** What a generated pod is made of: containers with mounts of a shared pool of volumes. */
export interface PodShape {
  readonly containers: ContainerProps[];
  readonly initContainers: ContainerProps[];
  readonly volumes: PodVolume[];
}

/**
 * 1-3 containers and 0-2 init containers with distinct names, each mounting a subset of a pool
 * of 0-4 volumes at distinct paths (read-only or not, with or without a subPath).
 * `reserved` mount paths are kept free for what a pattern adds itself.
 */
export const podShape = (
  options: { maxInit?: number; volumePrefix?: string; avoidPaths?: string[] } = {},
): fc.Arbitrary<PodShape> => {
  const avoid = new Set(options.avoidPaths ?? []);
  return fc
    .tuple(
      fc.uniqueArray(dnsLabel(12), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 3 }),
      fc.uniqueArray(dnsLabel(12), { maxLength: 4 }),
    )
    .chain(([names, main, volNames]) => {
      const containerNames = names.map((n) => `c${n}`);
      const nMain = Math.min(main, containerNames.length);
      const mainNames = containerNames.slice(0, nMain);
      const initNames = containerNames.slice(nMain, nMain + (options.maxInit ?? 2));
      const volumes = fc.tuple(
        ...volNames.map((n) => podVolume(`${options.volumePrefix ?? 'v'}${n}`, mainNames)),
      );
      return volumes.chain((vols) => {
        const container = (name: string) =>
          fc
            .tuple(
              containerBase(),
              fc.subarray(vols),
              fc.uniqueArray(
                mountPath().filter((p) => !avoid.has(p)),
                { minLength: vols.length, maxLength: vols.length },
              ),
              fc.array(fc.record({ readOnly: opt(fc.boolean()), subPath: opt(relativePath()) }), {
                minLength: vols.length,
                maxLength: vols.length,
              }),
            )
            .map(([base, used, paths, extra]): ContainerProps => ({
              ...base,
              name,
              mounts: used.map((volume, i): Mount => ({ volume, path: paths[i], ...extra[i] })),
            }));
        return fc
          .tuple(fc.tuple(...mainNames.map(container)), fc.tuple(...initNames.map(container)))
          .map(([containers, initContainers]) => ({ containers, initContainers, volumes: vols }));
      });
    });
};

/** A Service over the containers' declared ports (undefined when none is declared). */
export const serviceFor = (
  containers: readonly ContainerProps[],
  name?: fc.Arbitrary<string | undefined>,
) => {
  const ports = containers.flatMap((c) => c.ports ?? []);
  if (!ports.length) return fc.constant(undefined);
  return fc.option(
    fc
      .tuple(
        fc.integer({ min: 1, max: 65535 }),
        fc.constantFrom(...ports),
        fc.constantFrom(...Object.values(ServiceType)),
        fc.integer({ min: 30000, max: 32767 }),
        fc.boolean(),
        name ?? fc.constant(undefined),
      )
      .map(([port, targetPort, type, nodePort, withNodePort, serviceName]) => ({
        port,
        targetPort,
        type,
        nodePort: type !== ServiceType.CLUSTER_IP && withNodePort ? nodePort : undefined,
        name: serviceName,
      })),
    { nil: undefined },
  );
};

export const toleration = (): fc.Arbitrary<Toleration> =>
  fc.oneof(
    fc.record(
      {
        key: labelKey(),
        value: labelValue(),
        effect: fc.constantFrom(...Object.values(TaintEffect)),
        operator: fc.constant(TolerationOperator.EQUAL),
      },
      { requiredKeys: ['key'] },
    ),
    fc.record({
      key: opt(labelKey()),
      operator: fc.constant(TolerationOperator.EXISTS),
      effect: opt(fc.constantFrom(...Object.values(TaintEffect))),
    }),
    fc.record({
      key: labelKey(),
      operator: opt(fc.constantFrom(TolerationOperator.EQUAL, TolerationOperator.EXISTS)),
      effect: fc.constant(TaintEffect.NO_EXECUTE),
      tolerationSeconds: fc.integer({ min: -10, max: 86400 }),
    }),
  );

export const podLabels = (): fc.Arbitrary<Record<string, string> | undefined> =>
  opt(fc.dictionary(labelKey(), labelValue(), { minKeys: 1, maxKeys: 3, noNullPrototype: true }));

export { opt };
