/**
 * The name rules (names.ts) and the hostPath facts (hostpath.ts), function by function, with the
 * exact messages: the constructs and the plan print them as the reason an object is rejected.
 */
import {
  hasBacksteps,
  HOST_PATH_TYPES,
  hostPathExposure,
  isNodeSystemPath,
  normalizeMountPath,
  sensitiveHostPathReason,
} from '../../src/k8s/hostpath';
import {
  dns1035LabelProblem,
  dnsLabelProblem,
  dnsSubdomainProblem,
  goTrimSpace,
  labelValueProblem,
  objectNameProblem,
  qualifiedNameProblem,
} from '../../src/k8s/names';

const LABEL_CHARS =
  "a DNS-1123 label has only lowercase letters, digits and '-', and starts and ends with a letter or digit";
const SUBDOMAIN_CHARS =
  "a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit";
const QUALIFIED = "a qualified name such as 'ebs.csi.aws.com' or 'example.com/my-provisioner'";
const LABEL_VALUE =
  "a label value has at most 63 letters, digits, '-', '_' or '.', and starts and ends with a letter or digit";

describe('goTrimSpace (Go strings.TrimSpace)', () => {
  test('trims what unicode.IsSpace calls space, on both ends only', () => {
    expect(
      goTrimSpace(' \t\n\v\f\r\u0085\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000a b\u3000 '),
    ).toBe('a b');
    // JavaScript's trim() takes U+FEFF (a BOM) too; Go keeps it
    expect(goTrimSpace('\ufeffa\ufeff')).toBe('\ufeffa\ufeff');
    expect(goTrimSpace('\u200ba')).toBe('\u200ba'); // zero-width space is not White_Space
    expect(goTrimSpace('')).toBe('');
  });
});

describe('dnsLabelProblem', () => {
  test.each(['a', 'ab', 'a-b', 'abc-123', '0', 'x'.repeat(63)])('accepts %j', (value) => {
    expect(dnsLabelProblem(value)).toBeUndefined();
  });

  test('names a missing, empty or non-string value', () => {
    const expected = "expected a non-empty DNS-1123 label (lowercase letters, digits and '-', at most 63)";
    expect(dnsLabelProblem('')).toBe(`is ""; ${expected}`);
    expect(dnsLabelProblem(undefined)).toBe(`is undefined; ${expected}`);
    expect(dnsLabelProblem(7)).toBe(`is 7; ${expected}`);
  });

  test('counts the characters of a long label', () => {
    const long = 'x'.repeat(64);
    expect(dnsLabelProblem(long)).toBe(`is "${long}" (64 characters); a DNS-1123 label has at most 63`);
  });

  test.each(['A', 'a.b', '-a', 'a-', 'a_b', 'a b'])('refuses %j by its characters', (value) => {
    expect(dnsLabelProblem(value)).toBe(`is "${value}"; ${LABEL_CHARS}`);
  });
});

describe('dns1035LabelProblem', () => {
  test('a DNS-1123 label that starts with a letter', () => {
    expect(dns1035LabelProblem('db-0')).toBeUndefined();
    expect(dns1035LabelProblem('0db')).toBe(
      `is "0db"; a DNS-1035 label starts with a lowercase letter (then lowercase letters, digits and '-', ending with a letter or digit)`,
    );
    expect(dns1035LabelProblem('a.b')).toBe(`is "a.b"; ${LABEL_CHARS}`);
    expect(dns1035LabelProblem('')).toMatch(/^is ""; expected a non-empty DNS-1123 label/);
  });
});

describe('dnsSubdomainProblem', () => {
  test.each(['a', 'ab', 'a-b', 'a.b', 'a.bc', 'a.b-c', 'example.com', 'x'.repeat(253)])(
    'accepts %j',
    (value) => {
      expect(dnsSubdomainProblem(value)).toBeUndefined();
    },
  );

  test('names a missing, empty or non-string value', () => {
    const expected =
      "expected a non-empty DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253)";
    expect(dnsSubdomainProblem('')).toBe(`is ""; ${expected}`);
    expect(dnsSubdomainProblem(null)).toBe(`is null; ${expected}`);
    expect(dnsSubdomainProblem(['a'])).toBe(`is ["a"]; ${expected}`);
  });

  test('a long subdomain is shown by its first 40 characters and its length', () => {
    const long = 'abcdefghij'.repeat(25) + 'xyzw';
    expect(dnsSubdomainProblem(long)).toBe(
      `is "${long.slice(0, 40)}..." (254 characters); a DNS-1123 subdomain has at most 253`,
    );
  });

  test.each(['A.b', 'a..b', 'a.', '.a', 'a.-b', 'a_b', 'a/b'])('refuses %j by its characters', (value) => {
    expect(dnsSubdomainProblem(value)).toBe(`is "${value}"; ${SUBDOMAIN_CHARS}`);
  });
});

describe('objectNameProblem', () => {
  test('Service and Namespace names are DNS-1123 labels, every other kind takes a subdomain', () => {
    expect(objectNameProblem('Service', 'a.b')).toBe(`is "a.b"; ${LABEL_CHARS}`);
    expect(objectNameProblem('Namespace', 'a.b')).toBe(`is "a.b"; ${LABEL_CHARS}`);
    expect(objectNameProblem('PersistentVolume', 'a.b')).toBeUndefined();
    expect(objectNameProblem('StorageClass', 'a.b')).toBeUndefined();
    expect(objectNameProblem('Service', 'ab')).toBeUndefined();
  });
});

describe('qualifiedNameProblem', () => {
  test.each([
    'ebs.csi.aws.com',
    'example.com/my-provisioner',
    'Name_With.Dots-1',
    'a',
    'a/b',
    'x'.repeat(63),
    `example.com/${'x'.repeat(63)}`,
    'a.b.c/d',
  ])('accepts %j', (value) => {
    expect(qualifiedNameProblem(value)).toBeUndefined();
  });

  test('an empty or non-string value names its type', () => {
    expect(qualifiedNameProblem('')).toBe(`is ""; expected ${QUALIFIED}`);
    expect(qualifiedNameProblem(undefined)).toBe(`is undefined; expected ${QUALIFIED}`);
    expect(qualifiedNameProblem(3)).toBe(`is number; expected ${QUALIFIED}`);
  });

  test('the prefix is everything before the last slash, and must be a DNS-1123 subdomain', () => {
    expect(qualifiedNameProblem('Example.com/x')).toBe(
      'is "Example.com/x"; its prefix "Example.com" is not a DNS-1123 subdomain',
    );
    expect(qualifiedNameProblem('a/b/c')).toBe('is "a/b/c"; its prefix "a/b" is not a DNS-1123 subdomain');
    expect(qualifiedNameProblem('/x')).toBe('is "/x"; its prefix "" is not a DNS-1123 subdomain');
  });

  test.each(['a/', 'a/-b', 'x'.repeat(64), `a/${'x'.repeat(64)}`, 'a b'])(
    'refuses the name part of %j',
    (value) => {
      expect(qualifiedNameProblem(value)).toBe(
        `is "${value}"; expected ${QUALIFIED} (the part after '/' at most 63 characters)`,
      );
    },
  );
});

describe('labelValueProblem', () => {
  test.each(['', 'a', 'ab', 'a-b', 'A_b.C', 'v'.repeat(63)])('accepts %j', (value) => {
    expect(labelValueProblem(value)).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['v'.repeat(64), `"${'v'.repeat(64)}"`],
    ['-a', '"-a"'],
    ['a.', '"a."'],
    ['a b', '"a b"'],
    [5, '5'],
    [undefined, 'undefined'],
  ])('refuses %j', (value, shown) => {
    expect(labelValueProblem(value)).toBe(`is ${shown}; ${LABEL_VALUE}`);
  });
});

describe('hostPath facts', () => {
  test('the hostPath types the API server accepts', () => {
    expect(HOST_PATH_TYPES).toEqual([
      '',
      'DirectoryOrCreate',
      'Directory',
      'FileOrCreate',
      'File',
      'Socket',
      'CharDevice',
      'BlockDevice',
    ]);
  });

  test.each<[string, string | undefined]>([
    ['/', 'the whole node filesystem'],
    ['//', 'the whole node filesystem'],
    ['/.', 'the whole node filesystem'],
    ['/etc', 'the node configuration and credentials'],
    ['/etc/kubernetes/pki', 'the node configuration and credentials'],
    ['/var//run/./docker.sock/', 'the Docker socket: root on the node'],
    ['/run/docker.sock', 'the Docker socket: root on the node'],
    ['/var/run/containerd/containerd.sock', 'the containerd socket: root on the node'],
    ['/run/containerd', 'the containerd socket: root on the node'],
    ['/var/run/crio/crio.sock', 'the CRI-O socket: root on the node'],
    ['/run/crio', 'the CRI-O socket: root on the node'],
    ['/var/lib/kubelet/pods', "the kubelet's pods, volumes and credentials"],
    ['/var/lib/docker', "the container runtime's images and containers"],
    ['/var/lib/containerd', "the container runtime's images and containers"],
    ['/proc/1', 'the kernel and every process of the node'],
    ['/sys', 'the kernel and devices of the node'],
    ['/dev/sda', 'the devices of the node'],
    ['/root/.ssh', "the node's root home directory"],
    ['/boot', "the node's kernel and boot loader"],
    // a sibling that only starts with the same letters is not below the sensitive path
    ['/etcetera', undefined],
    ['/var/run/docker.sockets', undefined],
    ['/devices', undefined],
    ['/data', undefined],
    ['/var/log', undefined],
    // a parent of a sensitive path exposes it: the first sensitive entry inside it is named
    ['/var', 'the Docker socket: root on the node (/var/run/docker.sock is inside it)'],
    ['/run', 'the Docker socket: root on the node (/run/docker.sock is inside it)'],
    ['/var/lib', "the kubelet's pods, volumes and credentials (/var/lib/kubelet is inside it)"],
    ['/var/run', 'the Docker socket: root on the node (/var/run/docker.sock is inside it)'],
    // the longest entry decides: plugins/ matches only itself, a driver's own directory below it is not sensitive
    ['/var/lib/kubelet/plugins', "every CSI driver's sockets and staged volumes"],
    ['/var/lib/kubelet/plugins/', "every CSI driver's sockets and staged volumes"],
    ['/var/lib/kubelet/plugins/ebs.csi.aws.com', undefined],
    ['/var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock', undefined],
    ['/var/lib/kubelet/plugins_registry', 'the kubelet plugin registration sockets'],
    ['/var/lib/kubelet/plugins_registry/x.sock', 'the kubelet plugin registration sockets'],
    ['/var/lib/kubelet/pluginsx', "the kubelet's pods, volumes and credentials"],
    ['/etc/ssl/certs', "the node's trusted CA certificates"],
    ['/etc/ssl/certs/ca-certificates.crt', "the node's trusted CA certificates"],
    ['/etc/ssl', 'the node configuration and credentials'],
    ['/etc/pki/tls', "the node's trusted CA certificates"],
    ['/etc/ca-certificates', "the node's trusted CA certificates"],
    ['/etc/selinux/config', "the node's SELinux policy"],
    ['/etc/localtime', "the node's time zone"],
    ['/etc/machine-id', "the node's machine id"],
    ['/etc/os-release', "the node's OS release"],
    // an entry that covers only itself (a file): nothing below it is sensitive, not even by /etc
    ['/etc/localtime/x', undefined],
    // the syslog socket is exempt: writing to it only logs on the node, and log agents mount it by design
    ['/dev/log', undefined],
    ['/dev/log/x', undefined],
    ['/dev/logs', 'the devices of the node'],
  ])('sensitiveHostPathReason(%j)', (path, reason) => {
    expect(sensitiveHostPathReason(path)).toBe(reason);
  });

  test.each<[string, ReturnType<typeof hostPathExposure>]>([
    // only a risk when written: safe read-only
    ['/etc/ssl/certs', { why: "the node's trusted CA certificates", readOnlySafe: true }],
    ['/etc/pki', { why: "the node's trusted CA certificates", readOnlySafe: true }],
    ['/etc/ca-certificates', { why: "the node's trusted CA certificates", readOnlySafe: true }],
    ['/etc/selinux', { why: "the node's SELinux policy", readOnlySafe: true }],
    ['/etc/localtime', { why: "the node's time zone", readOnlySafe: true }],
    ['/etc/machine-id', { why: "the node's machine id", readOnlySafe: true }],
    ['/etc/os-release', { why: "the node's OS release", readOnlySafe: true }],
    ['/sys', { why: 'the kernel and devices of the node', readOnlySafe: true }],
    ['/sys/fs/cgroup', { why: 'the kernel and devices of the node', readOnlySafe: true }],
    ['/boot', { why: "the node's kernel and boot loader", readOnlySafe: true }],
    // a risk even read (credentials, sockets)
    ['/etc', { why: 'the node configuration and credentials', readOnlySafe: false }],
    ['/etc/kubernetes', { why: 'the node configuration and credentials', readOnlySafe: false }],
    ['/dev', { why: 'the devices of the node', readOnlySafe: false }],
    ['/proc', { why: 'the kernel and every process of the node', readOnlySafe: false }],
    ['/', { why: 'the whole node filesystem', readOnlySafe: false }],
    [
      '/var',
      { why: 'the Docker socket: root on the node (/var/run/docker.sock is inside it)', readOnlySafe: false },
    ],
    ['/srv/data', undefined],
    ['/var/lib/kubelet/plugins/ebs.csi.aws.com', undefined],
    ['/dev/log', undefined],
  ])('hostPathExposure(%j)', (path, exposure) => {
    expect(hostPathExposure(path)).toEqual(exposure);
  });

  test.each<[string, boolean]>([
    // the node's own directories: kernel modules, firmware, sockets, logs, the kubelet's
    ['/lib/modules', true],
    ['/usr/lib/modules/6.1', true],
    ['/lib/firmware', true],
    ['/usr/src', true],
    ['/run/udev', true],
    ['/var/run/secrets', true],
    ['/var/log', true],
    ['/var/log/pods', true],
    ['/var/lib/kubelet/plugins/ebs.csi.aws.com', true],
    ['/etc/localtime', true],
    ['/sys', true],
    ['/dev/log', true],
    ['/proc', true],
    ['/boot', true],
    // sensitive paths count too, parents of sensitive paths included
    ['/var/lib/docker', true],
    ['/var', true],
    ['/', true],
    // an application's data
    ['/srv/data', false],
    ['/data', false],
    ['/var/lib/app', false],
    ['/mnt/disks/ssd1', false],
    ['/var/logs', false],
    ['/usr/local', false],
  ])('isNodeSystemPath(%j) is %j', (path, expected) => {
    expect(isNodeSystemPath(path)).toBe(expected);
  });

  test('hasBacksteps looks for a whole ".." element', () => {
    expect(hasBacksteps('/a/../b')).toBe(true);
    expect(hasBacksteps('..')).toBe(true);
    expect(hasBacksteps('a/..')).toBe(true);
    expect(hasBacksteps('/a/..b/c')).toBe(false);
    expect(hasBacksteps('/a/b..')).toBe(false);
    expect(hasBacksteps('/a/./b')).toBe(false);
  });

  test('normalizeMountPath roots every path at "/" (the kubelet makes a relative mountPath absolute) and drops empty and "." parts', () => {
    expect(normalizeMountPath('/data/')).toBe('/data');
    expect(normalizeMountPath('/data//')).toBe('/data');
    expect(normalizeMountPath('/data/.')).toBe('/data');
    expect(normalizeMountPath('/a//./b')).toBe('/a/b');
    // "data" and "/data" are one mount point
    expect(normalizeMountPath('data/')).toBe('/data');
    expect(normalizeMountPath('./data')).toBe('/data');
    expect(normalizeMountPath('data')).toBe(normalizeMountPath('/data'));
    expect(normalizeMountPath('/')).toBe('/');
    expect(normalizeMountPath('.')).toBe('/');
    expect(normalizeMountPath('')).toBe('/');
  });
});
