import { podSecurityFindings, podSecurityLevel } from '../../src/plan/security';

type Obj = Record<string, any>;

/** A pod that meets restricted: non-root, RuntimeDefault seccomp, no escalation, all capabilities dropped. */
const hardened = (): Obj => ({
  securityContext: { runAsNonRoot: true, runAsUser: 101, seccompProfile: { type: 'RuntimeDefault' } },
  volumes: [{ name: 'cache', emptyDir: {} }],
  containers: [
    {
      name: 'web',
      image: 'nginxinc/nginx-unprivileged:1.25',
      volumeMounts: [{ name: 'cache', mountPath: '/var/cache/nginx' }],
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      },
    },
  ],
});

/** The hardened pod with one change. */
const hardenedWith = (change: (spec: Obj) => void): Obj => {
  const spec = hardened();
  change(spec);
  return spec;
};
const web = (spec: Obj): Obj => spec.containers[0];

describe('podSecurityLevel: the three reference pods', () => {
  it('a root nginx pod is baseline, and says why not restricted', () => {
    const r = podSecurityLevel({ containers: [{ name: 'nginx', image: 'nginx:alpine' }] });
    expect(r.level).toBe('baseline');
    expect(r.notBaseline).toEqual([]);
    expect(r.notRestricted).toEqual([
      expect.stringContaining(
        'containers[0].securityContext.allowPrivilegeEscalation (container "nginx") is unset; must be false',
      ),
      expect.stringContaining('containers[0].securityContext.runAsNonRoot (container "nginx") is unset'),
      expect.stringContaining(
        'containers[0].securityContext.seccompProfile.type (container "nginx") is unset',
      ),
      expect.stringContaining(
        'containers[0].securityContext.capabilities.drop (container "nginx") is unset; must include ALL',
      ),
    ]);
  });

  it('a hostPath pod is privileged', () => {
    const r = podSecurityLevel({
      volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }],
      containers: [
        {
          name: 'agent',
          image: 'fluent/fluent-bit',
          volumeMounts: [{ name: 'logs', mountPath: '/var/log', readOnly: true }],
        },
      ],
    });
    expect(r.level).toBe('privileged');
    expect(r.notBaseline).toEqual(['volumes[0].hostPath is set (volume "logs", path "/var/log")']);
    // restricted's own volume-type check names it too
    expect(r.notRestricted).toContainEqual(expect.stringContaining('volumes[0] ("logs") is hostPath'));
  });

  it('a hardened pod is restricted', () => {
    expect(podSecurityLevel(hardened())).toEqual({ level: 'restricted', notBaseline: [], notRestricted: [] });
  });
});

describe('podSecurityLevel: each baseline check', () => {
  const cases: Array<[string, (s: Obj) => void, string]> = [
    ['hostNetwork', (s) => (s.hostNetwork = true), 'hostNetwork is true'],
    ['hostPID', (s) => (s.hostPID = true), 'hostPID is true'],
    ['hostIPC', (s) => (s.hostIPC = true), 'hostIPC is true'],
    [
      'privileged',
      (s) => (web(s).securityContext.privileged = true),
      'containers[0].securityContext.privileged (container "web") is true',
    ],
    [
      'capabilities beyond the default set',
      (s) => (web(s).securityContext.capabilities.add = ['NET_ADMIN']),
      'capabilities.add (container "web") has "NET_ADMIN"',
    ],
    [
      'hostPort',
      (s) => (web(s).ports = [{ containerPort: 8080, hostPort: 8080 }]),
      'containers[0].ports[0].hostPort is 8080',
    ],
    [
      'Windows hostProcess',
      (s) => (s.securityContext.windowsOptions = { hostProcess: true }),
      'securityContext.windowsOptions.hostProcess is true',
    ],
    [
      'SELinux type',
      (s) => (web(s).securityContext.seLinuxOptions = { type: 'spc_t' }),
      'seLinuxOptions.type is "spc_t"',
    ],
    [
      'SELinux user',
      (s) => (s.securityContext.seLinuxOptions = { user: 'system_u' }),
      'securityContext.seLinuxOptions.user is "system_u"',
    ],
    [
      'procMount',
      (s) => (web(s).securityContext.procMount = 'Unmasked'),
      'procMount (container "web") is "Unmasked"',
    ],
    [
      'seccomp Unconfined',
      (s) => (web(s).securityContext.seccompProfile = { type: 'Unconfined' }),
      'seccompProfile.type (container "web") is "Unconfined"',
    ],
    [
      'unsafe sysctl',
      (s) => (s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]),
      'securityContext.sysctls[0].name is "kernel.msgmax"',
    ],
    [
      'an init container',
      (s) =>
        (s.initContainers = [{ name: 'setup', image: 'busybox', securityContext: { privileged: true } }]),
      'initContainers[0].securityContext.privileged (container "setup") is true',
    ],
    [
      'an ephemeral container',
      (s) =>
        (s.ephemeralContainers = [
          { name: 'debug', image: 'busybox', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } },
        ]),
      'ephemeralContainers[0].securityContext.capabilities.add (container "debug") has "SYS_PTRACE"',
    ],
  ];
  it.each(cases)('%s makes the pod privileged', (_title, change, reason) => {
    const r = podSecurityLevel(hardenedWith(change));
    expect(r.level).toBe('privileged');
    expect(r.notBaseline).toEqual([expect.stringContaining(reason)]);
  });

  const allowed: Array<[string, (s: Obj) => void]> = [
    ['hostPort 0', (s) => (web(s).ports = [{ containerPort: 8080, hostPort: 0 }])],
    [
      'SELinux container_t',
      (s) => (web(s).securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' }),
    ],
    ['procMount Default', (s) => (web(s).securityContext.procMount = 'Default')],
    [
      'safe sysctls',
      (s) => (s.securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]),
    ],
    ['NET_BIND_SERVICE', (s) => (web(s).securityContext.capabilities.add = ['NET_BIND_SERVICE'])],
    [
      'seccomp Localhost',
      (s) =>
        (s.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' }),
    ],
    [
      'runAsNonRoot on every container instead of the pod',
      (s) => {
        delete s.securityContext.runAsNonRoot;
        web(s).securityContext.runAsNonRoot = true;
      },
    ],
    [
      'seccomp on every container instead of the pod',
      (s) => {
        delete s.securityContext.seccompProfile;
        web(s).securityContext.seccompProfile = { type: 'RuntimeDefault' };
      },
    ],
  ];
  it.each(allowed)('%s keeps it restricted', (_title, change) => {
    expect(podSecurityLevel(hardenedWith(change)).level).toBe('restricted');
  });
});

describe('podSecurityLevel: each restricted check', () => {
  const cases: Array<[string, (s: Obj) => void, string]> = [
    [
      'an nfs volume',
      (s) => s.volumes.push({ name: 'share', nfs: { server: 'nfs', path: '/x' } }),
      'volumes[1] ("share") is nfs',
    ],
    [
      'allowPrivilegeEscalation true',
      (s) => (web(s).securityContext.allowPrivilegeEscalation = true),
      'allowPrivilegeEscalation (container "web") is true; must be false',
    ],
    [
      'runAsNonRoot false on a container',
      (s) => (web(s).securityContext.runAsNonRoot = false),
      'runAsNonRoot (container "web") is false',
    ],
    ['runAsUser 0', (s) => (web(s).securityContext.runAsUser = 0), 'runAsUser (container "web") is 0 (root)'],
    [
      'seccomp unset everywhere',
      (s) => delete s.securityContext.seccompProfile,
      'seccompProfile.type (container "web") is unset',
    ],
    [
      'capabilities not dropped',
      (s) => (web(s).securityContext.capabilities = {}),
      'capabilities.drop (container "web") is unset; must include ALL',
    ],
    [
      'capability added beyond NET_BIND_SERVICE',
      (s) => (web(s).securityContext.capabilities.add = ['CHOWN']),
      'capabilities.add (container "web") has "CHOWN"; only NET_BIND_SERVICE',
    ],
  ];
  it.each(cases)('%s makes the pod baseline', (_title, change, reason) => {
    const r = podSecurityLevel(hardenedWith(change));
    expect(r.level).toBe('baseline');
    expect(r.notRestricted).toEqual([expect.stringContaining(reason)]);
  });

  it('exempts Windows pods from the Linux-only checks', () => {
    const r = podSecurityLevel({
      os: { name: 'windows' },
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis' }],
    });
    expect(r.level).toBe('restricted');
  });
});

describe('podSecurityFindings', () => {
  const deployment = (spec: Obj, annotations: Obj = {}): Obj => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { replicas: 2, template: { metadata: { annotations }, spec } },
  });

  it('emits one info per workload with the level and the fields', () => {
    const findings = podSecurityFindings([
      deployment(hardened()),
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'root' },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: {} },
    ]);
    expect(findings).toEqual([
      {
        severity: 'info',
        rule: 'pod-security',
        object: 'Deployment/shop/web',
        field: 'spec.template.spec',
        message: expect.stringContaining('"restricted"'),
      },
      {
        severity: 'info',
        rule: 'pod-security',
        object: 'Pod/default/root',
        field: 'spec',
        message: expect.stringMatching(
          /meets the Pod Security Standard "baseline"; not "restricted" because \(under spec\): securityContext\.allowPrivilegeEscalation is unset; must be false \(container nginx\)/,
        ),
      },
    ]);
  });

  it('reads AppArmor annotations from the pod template metadata', () => {
    const annotation = 'container.apparmor.security.beta.kubernetes.io/web';
    const [bad] = podSecurityFindings([deployment(hardened(), { [annotation]: 'unconfined' })]);
    expect(bad.message).toContain(`metadata.annotations["${annotation}"] is "unconfined"`);
    expect(bad.message).toContain('"privileged"');
    const [good] = podSecurityFindings([deployment(hardened(), { [annotation]: 'runtime/default' })]);
    expect(good.message).toContain('"restricted"');
  });

  it('finds the pod spec of a CronJob', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup' },
      spec: { jobTemplate: { spec: { template: { spec: hardened() } } } },
    };
    expect(podSecurityFindings([cron])[0].field).toBe('spec.jobTemplate.spec.template.spec');
  });

  it('never throws on malformed input', () => {
    const junk: unknown[] = [
      null,
      1,
      'x',
      [],
      { kind: 'Pod', spec: 5 },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'a' },
        spec: { containers: 'x', volumes: [null, 3, { hostPath: 5 }], securityContext: [] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'b' },
        spec: {
          containers: [null, { securityContext: { capabilities: { add: 'ALL', drop: {} } } }],
          securityContext: { sysctls: [null, 5] },
        },
      },
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('boom');
          },
        },
      ),
    ];
    expect(() => podSecurityFindings(junk)).not.toThrow();
    expect(() => podSecurityFindings('nope' as unknown as unknown[])).not.toThrow();
    expect(() => podSecurityLevel(42)).not.toThrow();
    expect(podSecurityLevel(null).level).toBe('restricted'); // nothing in it breaks a rule
  });
});
