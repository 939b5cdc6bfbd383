/**
 * security.ts, cases first found by mutation testing (docs/mutation.md, "Killed since, by the survivor tests"): AppArmor and seccomp
 * `Unconfined` at pod and container level, SELinux `user` and `role`, the joins of the lists in
 * the reasons, and the summary of a finding's message. Every reason is asserted whole.
 */
import { podSecurityFindings, podSecurityLevel } from '../../src/plan/security';

type Obj = Record<string, any>;

/** A container that meets restricted under a hardened pod, with `extra` in its securityContext. */
const container = (name: string, extra: Obj = {}): Obj => ({
  name,
  image: 'registry.example/app:1',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...extra },
});

/** A pod spec that meets restricted (with hardened containers), with `extra` in its securityContext. */
const pod = (containers: Obj[], extra: Obj = {}): Obj => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...extra },
  containers,
});

const asPod = (spec: Obj): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'shop' },
  spec,
});

const info = (message: string): Obj[] => [
  { severity: 'info', rule: 'pod-security', object: 'Pod/shop/p', field: 'spec', message },
];
const PRIVILEGED =
  'meets only the Pod Security Standard "privileged" (no restrictions); not "baseline" because (under spec): ';

describe('AppArmor: appArmorProfile.type Unconfined', () => {
  test('at pod level and at container level, each named; RuntimeDefault and Localhost are fine', () => {
    const r = podSecurityLevel(
      pod(
        [
          container('web', { appArmorProfile: { type: 'Unconfined' } }),
          container('side', { appArmorProfile: { type: 'RuntimeDefault' } }),
          container('local', { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } }),
        ],
        { appArmorProfile: { type: 'Unconfined' } },
      ),
    );
    expect(r).toEqual({
      level: 'privileged',
      notBaseline: [
        'securityContext.appArmorProfile.type is "Unconfined"',
        'containers[0].securityContext.appArmorProfile.type (container "web") is "Unconfined"',
      ],
      notRestricted: [],
    });
  });

  test('at pod level only: the finding says so', () => {
    expect(
      podSecurityFindings([asPod(pod([container('web')], { appArmorProfile: { type: 'Unconfined' } }))]),
    ).toEqual(info(`${PRIVILEGED}securityContext.appArmorProfile.type is "Unconfined"`));
  });

  test('at container level in two containers: one line naming both', () => {
    const spec = pod([
      container('web', { appArmorProfile: { type: 'Unconfined' } }),
      container('side', { appArmorProfile: { type: 'Unconfined' } }),
    ]);
    expect(podSecurityFindings([asPod(spec)])).toEqual(
      info(`${PRIVILEGED}securityContext.appArmorProfile.type is "Unconfined" (containers web, side)`),
    );
  });

  test('annotations: only container.apparmor.security.beta.kubernetes.io/ keys, and only values not allowed', () => {
    const prefix = 'container.apparmor.security.beta.kubernetes.io/';
    const r = podSecurityLevel(pod([container('web')]), {
      annotations: {
        [`${prefix}a`]: 'unconfined',
        [`${prefix}b`]: '',
        [`${prefix}c`]: 'runtime/default',
        [`${prefix}d`]: 'localhost/my-profile',
        [`${prefix}e`]: 'my-localhost/',
        'example.com/apparmor': 'unconfined',
      },
    });
    expect(r.notBaseline).toEqual([
      `metadata.annotations["${prefix}a"] is "unconfined" (allowed: runtime/default, localhost/<profile>)`,
      `metadata.annotations["${prefix}e"] is "my-localhost/" (allowed: runtime/default, localhost/<profile>)`,
    ]);
  });
});

describe('seccomp: seccompProfile.type Unconfined', () => {
  test('at pod level: breaks baseline, and restricted says what it must be', () => {
    // the containers set RuntimeDefault themselves: only the pod's own type is reported
    const r = podSecurityLevel(
      pod([container('web', { seccompProfile: { type: 'RuntimeDefault' } })], {
        seccompProfile: { type: 'Unconfined' },
      }),
    );
    expect(r).toEqual({
      level: 'privileged',
      notBaseline: ['securityContext.seccompProfile.type is "Unconfined"'],
      notRestricted: [
        'securityContext.seccompProfile.type is "Unconfined"; must be RuntimeDefault or Localhost',
      ],
    });
  });

  test('at container level: breaks baseline, and restricted says what it must be; Localhost is fine', () => {
    const r = podSecurityLevel(
      pod([
        container('web', { seccompProfile: { type: 'Unconfined' } }),
        container('side', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }),
      ]),
    );
    expect(r).toEqual({
      level: 'privileged',
      notBaseline: ['containers[0].securityContext.seccompProfile.type (container "web") is "Unconfined"'],
      notRestricted: [
        'containers[0].securityContext.seccompProfile.type (container "web") is "Unconfined"; must be RuntimeDefault or Localhost',
      ],
    });
    expect(
      podSecurityFindings([asPod(pod([container('web', { seccompProfile: { type: 'Unconfined' } })]))]),
    ).toEqual(info(`${PRIVILEGED}securityContext.seccompProfile.type is "Unconfined" (container web)`));
  });
});

describe('SELinux: seLinuxOptions', () => {
  test('user and role must be unset (or empty), at pod level and container level; type from the allowed list', () => {
    const r = podSecurityLevel(
      pod(
        [
          container('web', { seLinuxOptions: { type: 'spc_t', user: 'u', role: 'r' } }),
          container('side', { seLinuxOptions: { type: 'container_t', user: '', role: '' } }),
        ],
        { seLinuxOptions: { type: 'container_init_t', user: 'system_u', role: 'system_r' } },
      ),
    );
    expect(r).toEqual({
      level: 'privileged',
      notBaseline: [
        'securityContext.seLinuxOptions.user is "system_u" (must be unset)',
        'securityContext.seLinuxOptions.role is "system_r" (must be unset)',
        'containers[0].securityContext.seLinuxOptions.type is "spc_t" (allowed: container_t, container_init_t, container_kvm_t) (container "web")',
        'containers[0].securityContext.seLinuxOptions.user is "u" (must be unset) (container "web")',
        'containers[0].securityContext.seLinuxOptions.role is "r" (must be unset) (container "web")',
      ],
      notRestricted: [],
    });
  });

  test('a role alone is reported alone', () => {
    expect(
      podSecurityLevel(pod([container('web')], { seLinuxOptions: { role: 'system_r' } })).notBaseline,
    ).toEqual(['securityContext.seLinuxOptions.role is "system_r" (must be unset)']);
  });
});

describe("lists in the reasons are joined with ', '", () => {
  test('capabilities beyond the default set, and beyond NET_BIND_SERVICE', () => {
    const r = podSecurityLevel(
      pod([
        container('web', { capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'SYS_ADMIN', 'CHOWN', 5] } }),
      ]),
    );
    expect(r).toEqual({
      level: 'privileged',
      notBaseline: [
        'containers[0].securityContext.capabilities.add (container "web") has "NET_ADMIN", "SYS_ADMIN", 5, beyond the default set',
      ],
      notRestricted: [
        'containers[0].securityContext.capabilities.add (container "web") has "NET_ADMIN", "SYS_ADMIN", "CHOWN", 5; only NET_BIND_SERVICE may be added',
      ],
    });
  });

  test('the volume types restricted allows', () => {
    expect(
      podSecurityLevel({ volumes: [{ name: 'host', hostPath: { path: '/srv' } }], containers: [] }),
    ).toEqual({
      level: 'privileged',
      notBaseline: ['volumes[0].hostPath is set (volume "host", path "/srv")'],
      notRestricted: [
        'volumes[0] ("host") is hostPath; restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret',
      ],
    });
  });

  test('the summary: one line per requirement, containers joined, requirements joined with "; "', () => {
    const spec = {
      containers: [
        { name: 'a', image: 'x' },
        { name: 'b', image: 'x' },
      ],
    };
    expect(podSecurityFindings([asPod(spec)])).toEqual(
      info(
        'meets the Pod Security Standard "baseline"; not "restricted" because (under spec): ' +
          'securityContext.allowPrivilegeEscalation is unset; must be false (containers a, b); ' +
          'securityContext.runAsNonRoot is unset in the container and the pod; one must be true (containers a, b); ' +
          'securityContext.seccompProfile.type is unset in the container and the pod; one must be RuntimeDefault or Localhost (containers a, b); ' +
          'securityContext.capabilities.drop is unset; must include ALL (containers a, b)',
      ),
    );
  });
});

describe('other pod-level and container-level fields', () => {
  test('windowsOptions.hostProcess in a container', () => {
    expect(
      podSecurityLevel(pod([container('web', { windowsOptions: { hostProcess: true } })])).notBaseline,
    ).toEqual(['containers[0].securityContext.windowsOptions.hostProcess (container "web") is true']);
  });

  test('hostPort: null and 0 are unset', () => {
    const web = container('web');
    web.ports = [
      { containerPort: 80, hostPort: null },
      { containerPort: 81, hostPort: 0 },
      { hostPort: 8080 },
    ];
    expect(podSecurityLevel(pod([web])).notBaseline).toEqual([
      'containers[0].ports[2].hostPort is 8080 (container "web")',
    ]);
  });

  test('runAsNonRoot false and runAsUser 0 at pod level', () => {
    const r = podSecurityLevel(
      pod([container('web', { runAsNonRoot: true })], { runAsNonRoot: false, runAsUser: 0 }),
    );
    expect(r).toEqual({
      level: 'baseline',
      notBaseline: [],
      notRestricted: ['securityContext.runAsNonRoot is false', 'securityContext.runAsUser is 0 (root)'],
    });
  });
});

describe('a requirement broken by the pod and by its containers says both', () => {
  const BASELINE = 'meets the Pod Security Standard "baseline"; not "restricted" because (under spec): ';

  test('the pod and the containers set AppArmor Unconfined: "the pod and containers ..."', () => {
    const unconfined = { appArmorProfile: { type: 'Unconfined' } };
    expect(
      podSecurityFindings([
        asPod(pod([container('web', unconfined), container('side', unconfined)], unconfined)),
      ]),
    ).toEqual(
      info(
        PRIVILEGED +
          'securityContext.appArmorProfile.type is "Unconfined" (the pod and containers web, side)',
      ),
    );
  });

  test('only the containers: the pod is not named', () => {
    const unconfined = { appArmorProfile: { type: 'Unconfined' } };
    expect(podSecurityFindings([asPod(pod([container('web', unconfined)]))])).toEqual(
      info(PRIVILEGED + 'securityContext.appArmorProfile.type is "Unconfined" (container web)'),
    );
  });

  test('runAsUser 0 at both levels', () => {
    expect(podSecurityFindings([asPod(pod([container('web', { runAsUser: 0 })], { runAsUser: 0 }))])).toEqual(
      info(BASELINE + 'securityContext.runAsUser is 0 (root) (the pod and container web)'),
    );
  });
});

describe('a container that takes a bad value from its pod is told which', () => {
  test('seccomp: the pod sets Unconfined, the container sets nothing', () => {
    const r = podSecurityLevel(pod([container('web')], { seccompProfile: { type: 'Unconfined' } }));
    expect(r.level).toBe('privileged');
    expect(r.notRestricted).toEqual([
      'securityContext.seccompProfile.type is "Unconfined"; must be RuntimeDefault or Localhost',
      'containers[0].securityContext.seccompProfile.type (container "web") is unset, so the pod\'s "Unconfined" applies; one must be RuntimeDefault or Localhost',
    ]);
  });

  test('seccomp: both unset still reads "and so is the pod\'s"', () => {
    const r = podSecurityLevel({ containers: [container('web')], securityContext: { runAsNonRoot: true } });
    expect(r.notRestricted).toEqual([
      'containers[0].securityContext.seccompProfile.type (container "web") is unset, and so is the pod\'s securityContext.seccompProfile; one must be RuntimeDefault or Localhost',
    ]);
  });

  test('runAsNonRoot: the pod says false, the container nothing; or the container null and the pod nothing', () => {
    const seccomp = { seccompProfile: { type: 'RuntimeDefault' } };
    expect(
      podSecurityLevel({
        containers: [container('web')],
        securityContext: { ...seccomp, runAsNonRoot: false },
      }).notRestricted,
    ).toEqual([
      'securityContext.runAsNonRoot is false',
      'containers[0].securityContext.runAsNonRoot (container "web") is unset, and the pod\'s securityContext.runAsNonRoot is false; one must be true',
    ]);
    expect(
      podSecurityLevel({
        containers: [container('web', { runAsNonRoot: null })],
        securityContext: seccomp,
      }).notRestricted,
    ).toEqual([
      'containers[0].securityContext.runAsNonRoot (container "web") is null, and the pod\'s securityContext.runAsNonRoot is unset; one must be true',
    ]);
    expect(
      podSecurityLevel({ containers: [container('web')], securityContext: seccomp }).notRestricted,
    ).toEqual([
      'containers[0].securityContext.runAsNonRoot (container "web") is unset, and so is the pod\'s securityContext.runAsNonRoot; one must be true',
    ]);
  });
});
