/**
 * Properties of the pod patterns: random valid props synthesize objects that pass the strict
 * 1.27 schema and that the storage plan finds no error in.
 */
import fc from 'fast-check';
import { compareQuantities, parseQuantity } from '../../src/k8s/quantity';
import { planStorage } from '../../src/plan/plan';
import { toJson_Volume } from '../../imports/k8s';
import { GitClonePod, GitRepoVolume } from '../../src/constructs/pod/git-clone-pod';
import { HostPathContainerProps, HostPathDaemon, HostPathPod } from '../../src/constructs/pod/host-path';
import { SharedEmptyDirPod } from '../../src/constructs/pod/shared-empty-dir-pod';
import { EmptyDirMedium, HostPathType, PodVolume } from '../../src/constructs/pod/volume';
import { SecurityProfile } from '../../src/constructs/pod/container';
import {
  checkProperty,
  dnsLabel,
  dnsSubdomain,
  expectNoPlanErrors,
  mountPath,
  positiveQuantity,
  relativePath,
  safeAbsolutePath,
  synthValid,
  TIMEOUT,
} from './_fc';
import {
  hostPathVolume,
  opt,
  podLabels,
  podShape,
  securityProfile,
  serviceFor,
  toleration,
} from './_pod-arbitraries';

const namespace = () => opt(dnsLabel(20));
/** Accepts a tmpfs emptyDir's sizing (rule emptydir-memory) where sizing is not what a property is about. */
const TMPFS = { 'emptydir-memory': 'generated volumes: tmpfs sizing is judged by the .fortune() property' };

describe('SharedEmptyDirPod', () => {
  test(
    'random containers, volumes, labels, profile and Service: schema-valid, no plan error, volumes listed once',
    () => {
      const props = fc
        .tuple(podShape(), dnsSubdomain(), namespace(), podLabels(), securityProfile(), dnsLabel(20))
        .chain(([shape, name, ns, labels, security, serviceName]) =>
          serviceFor(shape.containers, opt(fc.constant(serviceName))).map((service) => ({
            name,
            namespace: ns,
            labels,
            security,
            containers: shape.containers,
            initContainers: shape.initContainers.length ? shape.initContainers : undefined,
            // A Service named after the pod needs a DNS-1123 label name.
            service: service && (name.includes('.') ? { ...service, name: serviceName } : service),
          })),
        );
      checkProperty(
        fc.property(props, (p) => {
          const manifests = synthValid(
            (chart) => new SharedEmptyDirPod(chart, 'pod', { ...p, ignoreChecks: TMPFS }),
          );
          expectNoPlanErrors(manifests);
          const pod = manifests.find((m) => m.kind === 'Pod');
          expect(pod.metadata.name).toBe(p.name);
          expect(pod.metadata.labels).toEqual(p.labels ?? { app: p.name });
          const mounted = new Set(
            [...p.containers, ...(p.initContainers ?? [])].flatMap((c) =>
              (c.mounts ?? []).map((m) => m.volume.name),
            ),
          );
          expect((pod.spec.volumes ?? []).map((v: any) => v.name).sort()).toEqual([...mounted].sort());
          expect(manifests.filter((m) => m.kind === 'Service')).toHaveLength(p.service ? 1 : 0);
        }),
      );
    },
    TIMEOUT,
  );

  test(
    '.fortune(): any medium, limits, hardening and Service',
    () => {
      const options = fc.record(
        {
          name: dnsLabel(30),
          namespace: dnsLabel(20),
          labels: fc.dictionary(dnsLabel(10), dnsLabel(10), {
            minKeys: 1,
            maxKeys: 2,
            noNullPrototype: true,
          }),
          medium: fc.constantFrom(EmptyDirMedium.DISK, EmptyDirMedium.MEMORY),
          sizeLimit: positiveQuantity(),
          memoryLimit: fc.integer({ min: 1, max: 4096 }).map((n) => `${n}Mi`),
          hardened: fc.boolean(),
          service: fc.record({ port: fc.integer({ min: 1, max: 65535 }) }),
        },
        { requiredKeys: [] },
      );
      checkProperty(
        fc.property(options, (o) => {
          // A tmpfs without a sizeLimit under each writer's memory limit is refused, as the plan warns of it
          // (emptydir-memory): the construct throws exactly when the plan would flag what it builds.
          const tmpfsUnbounded =
            o.medium === EmptyDirMedium.MEMORY &&
            (o.sizeLimit === undefined ||
              o.memoryLimit === undefined ||
              compareQuantities(parseQuantity(o.sizeLimit)!, parseQuantity(o.memoryLimit)!) > 0);
          if (tmpfsUnbounded) {
            expect(() => synthValid((chart) => SharedEmptyDirPod.fortune(chart, 'fortune', o))).toThrow(
              /\[emptydir-memory, warning; see /,
            );
          }
          const manifests = synthValid((chart) =>
            SharedEmptyDirPod.fortune(chart, 'fortune', tmpfsUnbounded ? { ...o, ignoreChecks: TMPFS } : o),
          );
          expectNoPlanErrors(manifests);
          const plan = planStorage(manifests);
          expect(plan.findings.filter((f) => f.rule === 'emptydir-memory')).toEqual([]);
          expect((plan.suppressed ?? []).filter((s) => s.finding.rule === 'emptydir-memory')).toHaveLength(
            tmpfsUnbounded ? 1 : 0,
          );
          const pod = manifests.find((m) => m.kind === 'Pod');
          const web = pod.spec.containers.find((c: any) => c.name === 'web-server');
          expect(web.volumeMounts[0]).toEqual({
            name: 'html',
            mountPath: '/usr/share/nginx/html',
            readOnly: true,
          });
          expect(web.ports).toEqual([{ containerPort: o.hardened ? 8080 : 80 }]);
          if (o.service) {
            const svc = manifests.find((m) => m.kind === 'Service');
            expect(svc.spec.ports[0].targetPort).toBe(o.hardened ? 8080 : 80);
          }
        }),
      );
    },
    TIMEOUT,
  );
});

/** A repository, the volume and the consumers of a GitClonePod. */
const gitRepoProps = () =>
  fc
    .tuple(
      fc.constantFrom('https', 'ssh', 'scp', 'file'),
      dnsSubdomain(),
      relativePath(),
      fc.boolean(),
      dnsSubdomain(),
      fc.record(
        {
          revision: fc.oneof(
            fc.constantFrom('main', 'HEAD', 'v1.2.3', 'release/2024.1', 'feature/a-b_c+d'),
            fc.stringMatching(/^[0-9a-f]{40}$/),
          ),
          directory: relativePath(),
          volumeName: dnsLabel(20).map((n) => `r${n}`),
          medium: fc.constantFrom(EmptyDirMedium.DISK, EmptyDirMedium.MEMORY),
          sizeLimit: positiveQuantity(),
        },
        { requiredKeys: [] },
      ),
      fc.oneof(
        fc.record(
          { image: fc.constantFrom('alpine/git:v2.45.0', 'registry.example.com/git:1') },
          { requiredKeys: [] },
        ),
        fc.record({
          sync: fc.record(
            {
              period: fc.constantFrom('10ms', '1s', '60s', '5m', '1h30m', '1.5h', '2h45m30.5s'),
              link: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/),
              image: fc.constant('registry.k8s.io/git-sync/git-sync:v4.2.0'),
            },
            { requiredKeys: [] },
          ),
        }),
      ),
    )
    .map(([form, host, path, dotGit, secret, rest, clone]) => {
      const p = dotGit ? `${path}.git` : path;
      const repository =
        form === 'https'
          ? `https://${host}/${p}`
          : form === 'ssh'
            ? `ssh://git@${host}/${p}`
            : form === 'scp'
              ? `git@${host}:${p}`
              : `file:///${p}`;
      return {
        repository,
        ...(form === 'ssh' || form === 'scp' ? { sshKeySecretName: secret } : {}),
        ...rest,
        ...clone,
      };
    });

describe('GitClonePod and GitRepoVolume', () => {
  test(
    'any repository form, revision, directory, sync and consumers: schema-valid, no plan error',
    () => {
      const props = fc
        .tuple(
          gitRepoProps(),
          podShape({ avoidPaths: ['/srv/repo'] }),
          dnsLabel(30),
          namespace(),
          podLabels(),
          securityProfile(),
          fc.boolean(),
        )
        .chain(([repoProps, shape, name, ns, labels, security, readOnly]) => {
          const repo = new GitRepoVolume(repoProps);
          const [first, ...others] = shape.containers;
          const containers = [
            { ...first, mounts: [...(first.mounts ?? []), repo.mount('/srv/repo', { readOnly })] },
            ...others,
          ];
          return serviceFor(containers).map((service) => ({
            repo,
            name,
            namespace: ns,
            labels,
            security,
            containers,
            initContainers: shape.initContainers.length ? shape.initContainers : undefined,
            service,
          }));
        });
      checkProperty(
        fc.property(props, (p) => {
          const manifests = synthValid(
            (chart) => new GitClonePod(chart, 'git', { ...p, ignoreChecks: TMPFS }),
          );
          expectNoPlanErrors(manifests);
          const pod = manifests.find((m) => m.kind === 'Pod');
          // The clone runs first; the sidecar (with sync) runs beside the consumers.
          expect(pod.spec.initContainers[0].name).toBe(p.repo.initContainer.name);
          expect(pod.spec.containers.some((c: any) => c.name === p.repo.sidecar?.name)).toBe(
            p.repo.sidecar !== undefined,
          );
          // L1 fragment of the same repository: valid volumes, and the mount it describes.
          const fragment = p.repo.toPodSpecFragment();
          expect(fragment.initContainers).toHaveLength(1);
          expect(p.repo.toVolumeMountJson('/x').name).toBe(p.repo.volume.name);
        }),
      );
    },
    TIMEOUT,
  );

  test(
    '.webServer(): any repository, hardening and Service',
    () => {
      const options = fc
        .tuple(
          gitRepoProps(),
          fc.record(
            {
              name: dnsLabel(30),
              namespace: dnsLabel(20),
              hardened: fc.boolean(),
              service: fc.record({ port: fc.integer({ min: 1, max: 65535 }) }),
            },
            { requiredKeys: [] },
          ),
        )
        .map(([repo, o]) => ({
          repository: repo.repository,
          revision: repo.revision,
          directory: repo.directory,
          volumeName: repo.volumeName,
          ...o,
        }))
        .filter((o) => !/^(ssh:|[^/]+@)/.test(o.repository)); // webServer takes no ssh key
      checkProperty(
        fc.property(options, (o) => {
          const manifests = synthValid((chart) => GitClonePod.webServer(chart, 'web', o));
          expectNoPlanErrors(manifests);
        }),
      );
    },
    TIMEOUT,
  );
});

/** Containers of a hostPath pattern: the pod shape plus hostPathMounts of hostPath volumes. */
const hostPathContainers = () =>
  podShape({ volumePrefix: 'v' }).chain((shape) =>
    fc
      .tuple(
        ...shape.containers.map((c) =>
          fc.uniqueArray(dnsLabel(10), { maxLength: 3 }).chain((names) =>
            fc
              .tuple(
                fc.tuple(...names.map((n) => hostPathVolume(`h${n}`))),
                fc.uniqueArray(
                  mountPath().filter((p) => !(c.mounts ?? []).some((m) => m.path === p)),
                  { minLength: names.length, maxLength: names.length },
                ),
                fc.array(fc.record({ readOnly: opt(fc.boolean()), subPath: opt(relativePath()) }), {
                  minLength: names.length,
                  maxLength: names.length,
                }),
              )
              .map(([vols, paths, extra]): HostPathContainerProps => ({
                ...c,
                // a container name per pattern: the hostPath volume names are per container here
                hostPathMounts: vols.map((v, i) => ({
                  volume: v.volume,
                  path: paths[i],
                  allowSensitivePath: v.sensitive ? true : undefined,
                  ...extra[i],
                })),
              })),
          ),
        ),
      )
      .map((containers) => ({ containers, initContainers: shape.initContainers }))
      // Two containers may draw the same hostPath volume name with different paths: keep distinct sources.
      .filter(({ containers }) => {
        const seen = new Map<string, string>();
        for (const m of containers.flatMap((c) => c.hostPathMounts ?? [])) {
          const json = JSON.stringify(m.volume.toJson());
          if (seen.has(m.volume.name) && seen.get(m.volume.name) !== json) return false;
          seen.set(m.volume.name, json);
        }
        return true;
      }),
  );

const scheduling = () =>
  fc.oneof(
    fc.record(
      { tolerations: fc.array(toleration(), { maxLength: 3 }), nodeSelector: podLabels() },
      { requiredKeys: [] },
    ),
    fc.record({ tolerateAllTaints: fc.boolean(), nodeSelector: podLabels() }, { requiredKeys: [] }),
  );

describe('HostPathPod and HostPathDaemon', () => {
  test(
    'HostPathPod: any node paths (sensitive ones allowed explicitly), read-only unless said otherwise',
    () => {
      const props = fc
        .tuple(
          hostPathContainers(),
          dnsSubdomain(),
          namespace(),
          podLabels(),
          securityProfile(),
          opt(dnsSubdomain()),
          scheduling(),
        )
        .map(([shape, name, ns, labels, security, nodeName, sched]) => ({
          ...shape,
          name,
          namespace: ns,
          labels,
          security,
          nodeName,
          ...sched,
        }));
      checkProperty(
        fc.property(props, (p) => {
          const manifests = synthValid(
            (chart) =>
              new HostPathPod(chart, 'pod', {
                ...p,
                ignoreChecks: { ...(p as { ignoreChecks?: Record<string, string> }).ignoreChecks, ...TMPFS },
              }),
          );
          expectNoPlanErrors(manifests);
          const pod = manifests.find((m) => m.kind === 'Pod');
          p.containers.forEach((c, i) => {
            for (const h of c.hostPathMounts ?? []) {
              const m = pod.spec.containers[i].volumeMounts.find((x: any) => x.mountPath === h.path);
              expect(m.readOnly).toBe(h.readOnly === false ? undefined : true);
            }
          });
        }),
      );
    },
    TIMEOUT,
  );

  test(
    'HostPathDaemon: any node paths, tolerations and selectors',
    () => {
      const props = fc
        .tuple(
          hostPathContainers(),
          dnsSubdomain(),
          namespace(),
          podLabels(),
          securityProfile(),
          scheduling(),
        )
        .map(([shape, name, ns, labels, security, sched]) => ({
          ...shape,
          name,
          namespace: ns,
          labels,
          security,
          ...sched,
        }));
      checkProperty(
        fc.property(props, (p) => {
          const manifests = synthValid(
            (chart) =>
              new HostPathDaemon(chart, 'ds', {
                ...p,
                ignoreChecks: { ...(p as { ignoreChecks?: Record<string, string> }).ignoreChecks, ...TMPFS },
              }),
          );
          expectNoPlanErrors(manifests);
          const ds = manifests.find((m) => m.kind === 'DaemonSet');
          expect(ds.spec.selector.matchLabels).toEqual(ds.spec.template.metadata.labels);
        }),
      );
    },
    TIMEOUT,
  );
});

describe('PodVolume factories', () => {
  const mode = opt(fc.integer({ min: 0, max: 0o777 }));
  const items = fc.array(fc.record({ key: dnsLabel(10), path: relativePath(), mode }), { maxLength: 3 });
  /** Each factory with random options, and the `volumes:` entry it must give. */
  const cases = fc.oneof(
    fc
      .record({
        medium: opt(fc.constantFrom(EmptyDirMedium.DISK, EmptyDirMedium.MEMORY)),
        sizeLimit: opt(positiveQuantity()),
      })
      .map((o) => [
        PodVolume.emptyDir('v', o),
        {
          name: 'v',
          emptyDir: {
            ...(o.medium ? { medium: o.medium } : {}),
            ...(o.sizeLimit !== undefined ? { sizeLimit: o.sizeLimit } : {}),
          },
        },
      ]),
    fc
      .tuple(safeAbsolutePath(), fc.constantFrom(...Object.values(HostPathType)))
      .map(([path, type]) => [
        PodVolume.hostPath('v', { path, type }),
        { name: 'v', hostPath: { path, type } },
      ]),
    fc
      .record({ configMapName: dnsSubdomain(), items, defaultMode: mode, optional: opt(fc.boolean()) })
      .map((o) => [
        PodVolume.configMap('v', o),
        {
          name: 'v',
          configMap: {
            name: o.configMapName,
            items: o.items,
            defaultMode: o.defaultMode,
            optional: o.optional,
          },
        },
      ]),
    fc
      .record({ secretName: dnsSubdomain(), items, defaultMode: mode, optional: opt(fc.boolean()) })
      .map((o) => [
        PodVolume.secret('v', o),
        {
          name: 'v',
          secret: {
            secretName: o.secretName,
            items: o.items,
            defaultMode: o.defaultMode,
            optional: o.optional,
          },
        },
      ]),
    fc
      .tuple(
        relativePath(),
        fc.constantFrom('metadata.name', 'metadata.labels', "metadata.annotations['a/b']"),
        mode,
      )
      .map(([path, fieldPath, m]) => [
        PodVolume.downwardApi('v', { items: [{ path, fieldPath, mode: m }] }),
        { name: 'v', downwardAPI: { items: [{ path, fieldRef: { fieldPath }, mode: m }] } },
      ]),
    fc
      .tuple(dnsSubdomain(), fc.boolean())
      .map(([claimName, readOnly]) => [
        PodVolume.persistentVolumeClaim('v', { claimName, readOnly }),
        { name: 'v', persistentVolumeClaim: { claimName, ...(readOnly ? { readOnly } : {}) } },
      ]),
  ) as fc.Arbitrary<[PodVolume, Record<string, unknown>]>;

  test(
    'every factory keeps what it is given, as written, and nothing else',
    () => {
      checkProperty(
        fc.property(cases, ([volume, expected]) => {
          // as the manifest carries it: wire names, quantities as text, no undefined fields
          expect(JSON.parse(JSON.stringify(toJson_Volume(volume.toJson())))).toEqual(
            JSON.parse(JSON.stringify(expected)),
          );
          expect(volume.name).toBe('v');
          expect(volume.sameAs(volume)).toBe(true);
        }),
      );
    },
    TIMEOUT,
  );

  test('null options mean the defaults, as undefined does (JavaScript callers)', () => {
    expect(PodVolume.emptyDir('v', null as any).toJson()).toEqual(PodVolume.emptyDir('v').toJson());
    expect(SecurityProfile.restricted(null as any).podSecurityContext()).toEqual(
      SecurityProfile.restricted().podSecurityContext(),
    );
    const a = synthValid((chart) => SharedEmptyDirPod.fortune(chart, 'f', null as any));
    const b = synthValid((chart) => SharedEmptyDirPod.fortune(chart, 'f'));
    expect(a).toEqual(b);
  });
});
