/**
 * Edge cases of validate.ts that the case table (_validate-cases.ts) does not reach, each with
 * its exact findings: a null where a string is required, a list of sources or resources joined
 * in a message, file modes written as strings or as octal digits, a manifest whose fields throw
 * when read. Found by mutation testing (docs/mutation.md): each test fails if the rule it names
 * is weakened.
 */
import { Finding } from '../../src/plan/types';
import { PV_SOURCES, validateManifests } from '../../src/plan/validate';

const pv = (name: string, spec: Record<string, unknown>): unknown => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec,
});
const pod = (spec: Record<string, unknown>): unknown => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
});
const BASE = { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] };
const HOST = { hostPath: { path: '/d' } };
const err = (object: string, rule: string, field: string | undefined, message: string): Finding =>
  field === undefined
    ? { severity: 'error', rule, object, message }
    : { severity: 'error', rule, object, field, message };
const PV_ONE_OF = `one of: ${PV_SOURCES.join(', ')}`;

describe('PersistentVolume sources', () => {
  test('every PersistentVolumeSpec field is a field, not an unknown key, when the source is missing', () => {
    const spec = {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      claimRef: { name: 'c', namespace: 'n' },
      mountOptions: [],
      nodeAffinity: {},
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'x',
      volumeMode: 'Filesystem',
      volumeAttributesClassName: 'y',
    };
    expect(validateManifests([pv('v', spec)])).toEqual([
      err(
        'PersistentVolume/v',
        'volume-source',
        'spec',
        `a PersistentVolume needs exactly one source and has none; ${PV_ONE_OF}`,
      ),
    ]);
  });

  test('unknown keys are named, the first five only', () => {
    const spec = { ...BASE, a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6 };
    expect(validateManifests([pv('v', spec)])).toEqual([
      err(
        'PersistentVolume/v',
        'volume-source',
        'spec',
        `a PersistentVolume needs exactly one source and has none (unknown keys: a1, a2, a3, a4, a5); ${PV_ONE_OF}`,
      ),
    ]);
  });

  test('a pod volume with only an unknown key is an emptyDir (SetDefaults_Volume): no volume-source', () => {
    // the unknown key is the schema's to report; the API server defaults the volume to an emptyDir
    expect(validateManifests([pod({ volumes: [{ name: 'v', bogus: {} }] })])).toEqual([]);
    expect(validateManifests([pod({ volumes: [{ name: 'v' }, { name: 'w', emptyDir: null }] })])).toEqual([]);
  });

  test('a PersistentVolume names its unknown keys, but not a name key', () => {
    expect(validateManifests([pv('v', { ...BASE, name: 'v', bogus: {} })])).toEqual([
      err(
        'PersistentVolume/v',
        'volume-source',
        'spec',
        `a PersistentVolume needs exactly one source and has none (unknown keys: bogus); ${PV_ONE_OF}`,
      ),
    ]);
  });

  test('sources without a field check of their own pass as they are', () => {
    expect(
      validateManifests([
        pv('v', { ...BASE, cinder: { volumeID: 'x' } }),
        pod({ volumes: [{ name: 'a', azureFile: { secretName: 's', shareName: 'x' } }] }),
      ]),
    ).toEqual([]);
  });

  test('Recycle on several sources: two sources are an error, the policy is not (warnings.ts names the sources)', () => {
    const spec = {
      ...BASE,
      persistentVolumeReclaimPolicy: 'Recycle',
      csi: { driver: 'd', volumeHandle: 'h' },
      local: { path: '/d' },
    };
    expect(validateManifests([pv('v', spec)])).toEqual([
      err(
        'PersistentVolume/v',
        'volume-source',
        'spec',
        'a PersistentVolume has 2 sources (csi, local); it must have exactly one',
      ),
      // no reclaim-policy: the API server accepts Recycle on any source but hostPath "/"
      err(
        'PersistentVolume/v',
        'local-node-affinity',
        'spec.nodeAffinity.required',
        'a local PersistentVolume needs spec.nodeAffinity.required with at least one nodeSelectorTerm naming its node (got unset)',
      ),
    ]);
  });

  test('capacity resources other than storage are listed', () => {
    const spec = { ...BASE, ...HOST, capacity: { storage: '1Gi', cpu: '1', memory: '1Gi' } };
    expect(validateManifests([pv('v', spec)])).toEqual([
      err(
        'PersistentVolume/v',
        'capacity-resource',
        'spec.capacity',
        "capacity has cpu, memory; a PersistentVolume's capacity takes only storage",
      ),
    ]);
  });

  test('an empty capacity is missing, not malformed', () => {
    expect(validateManifests([pv('v', { ...BASE, ...HOST, capacity: { storage: '' } })])).toEqual([
      err(
        'PersistentVolume/v',
        'required-field',
        'spec.capacity.storage',
        'capacity storage is required; expected a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
      ),
    ]);
  });

  test('null is missing: a claimRef with null name and namespace, a csi driver of null', () => {
    expect(
      validateManifests([
        pv('v', { ...BASE, ...HOST, claimRef: { name: null, namespace: null } }),
        pv('w', { ...BASE, csi: { driver: null, volumeHandle: 'h' } }),
      ]),
    ).toEqual([
      err(
        'PersistentVolume/v',
        'required-field',
        'spec.claimRef.name',
        'claimRef name is required (got null)',
      ),
      err(
        'PersistentVolume/v',
        'claimref-namespace',
        'spec.claimRef.namespace',
        'claimRef names claim null with namespace null; claimRef.namespace is required, or the claim never binds',
      ),
      err('PersistentVolume/w', 'required-field', 'spec.csi.driver', 'csi driver is required (got null)'),
    ]);
  });

  test('ReadWriteOncePod with other modes: the message lists the known modes only', () => {
    const spec = { ...BASE, ...HOST, accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'Bogus', 5] };
    const allowed = 'allowed: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod';
    expect(validateManifests([pv('v', spec)])).toEqual([
      err('PersistentVolume/v', 'access-mode', 'spec.accessModes[2]', `access mode is "Bogus"; ${allowed}`),
      err('PersistentVolume/v', 'access-mode', 'spec.accessModes[3]', `access mode is 5; ${allowed}`),
      err(
        'PersistentVolume/v',
        'access-mode',
        'spec.accessModes',
        'accessModes are [ReadWriteOncePod, ReadWriteOnce]; ReadWriteOncePod cannot be combined with other access modes',
      ),
    ]);
  });
});

describe('pod volumes and mounts', () => {
  test('file modes: null is unset, a string is not a mode, octal-looking decimals get the hint', () => {
    const volumes = [
      { name: 'a', configMap: { name: 'cm', defaultMode: null } },
      { name: 'b', configMap: { name: 'cm', defaultMode: '644' } },
      { name: 'c', secret: { secretName: 's', defaultMode: 640 } },
    ];
    expect(validateManifests([pod({ volumes })])).toEqual([
      err(
        'Pod/default/p',
        'file-mode',
        'spec.volumes[1].configMap.defaultMode',
        'defaultMode is "644"; a file mode is an integer from 0 to 0777 octal (511 decimal)',
      ),
      err(
        'Pod/default/p',
        'file-mode',
        'spec.volumes[2].secret.defaultMode',
        'defaultMode is 640; a file mode is an integer from 0 to 0777 octal (511 decimal); 640 looks like octal: write 416 (decimal) or 0640 in YAML 1.1',
      ),
    ]);
  });

  test('volumes: null is no volumes; a gitRepo without a directory clones into the volume root', () => {
    expect(validateManifests([pod({ volumes: null })])).toEqual([]);
    expect(
      validateManifests([pod({ volumes: [{ name: 'g', gitRepo: { repository: 'https://x' } }] })]),
    ).toEqual([]);
  });

  test('an empty subPath is no subPath; a path starting with ".." is refused even when not a ".." element', () => {
    const mounts = [
      { name: 'v', mountPath: '/a', subPath: '', subPathExpr: 'x' },
      { name: 'v', mountPath: '/b', subPath: '.../' },
    ];
    const spec = {
      containers: [{ name: 'c', image: 'i', volumeMounts: mounts }],
      volumes: [{ name: 'v', emptyDir: {} }],
    };
    expect(validateManifests([pod(spec)])).toEqual([
      err(
        'Pod/default/p',
        'path-backsteps',
        'spec.containers[0].volumeMounts[1].subPath',
        `subPath is ".../"; it must not contain or start with '..'`,
      ),
    ]);
  });

  test('a request that is not a quantity is reported once, and not compared with its limit', () => {
    const spec = {
      containers: [
        { name: 'c', image: 'i', resources: { limits: { memory: '1Gi' }, requests: { memory: 'bad' } } },
      ],
    };
    expect(validateManifests([pod(spec)])).toEqual([
      err(
        'Pod/default/p',
        'quantity-format',
        'spec.containers[0].resources.requests.memory',
        'requests.memory is "bad", which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
      ),
    ]);
  });

  test('only a StatefulSet has claim templates: a Deployment cannot mount one', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
        template: {
          spec: {
            containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'data', mountPath: '/d' }] }],
          },
        },
      },
    };
    expect(validateManifests([deployment])).toEqual([
      err(
        'Deployment/default/d',
        'mount-volume-missing',
        'spec.template.spec.containers[0].volumeMounts[0].name',
        'volumeMount names volume "data", which this pod does not have; its volumes are: none',
      ),
    ]);
  });

  test('a StorageClass topology term shows what it got', () => {
    const sc = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'sc' },
      provisioner: 'p.example.com',
      allowedTopologies: [{ matchLabelExpressions: [] }],
    };
    expect(validateManifests([sc])).toEqual([
      err(
        'StorageClass/sc',
        'storageclass-topology',
        'allowedTopologies[0].matchLabelExpressions',
        'a topology term needs at least one matchLabelExpression (got a list of 0)',
      ),
    ]);
  });
});

describe('objects', () => {
  const WORKLOADS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];

  test('every workload kind needs a pod spec', () => {
    const manifests = WORKLOADS.map((kind) => ({ apiVersion: 'v1', kind, metadata: { name: 'w' } }));
    expect(validateManifests(manifests)).toEqual(
      WORKLOADS.map((kind) =>
        err(
          `${kind}/default/w`,
          'required-field',
          undefined,
          `${kind} has no pod spec where one is required (an object at spec, spec.template.spec or spec.jobTemplate.spec.template.spec)`,
        ),
      ),
    );
  });

  test('the name rule applies to every kind it knows, and to no other', () => {
    const subdomain = [
      ...WORKLOADS.filter((kind) => kind !== 'StatefulSet'),
      'PersistentVolume',
      'PersistentVolumeClaim',
      'StorageClass',
      'ConfigMap',
      'Secret',
    ];
    // StatefulSet: ValidateStatefulSetName is NameIsDNSLabel since 1.27 (its pods' hostnames)
    const label = ['Service', 'Namespace', 'StatefulSet'];
    const manifests = [...subdomain, ...label, 'ClusterRole'].map((kind) => ({
      apiVersion: 'v1',
      kind,
      metadata: { name: 'Bad_Name' },
    }));
    const named = validateManifests(manifests).filter((f) => f.rule === 'name-invalid');
    const subdomainRule =
      "a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit";
    const labelRule =
      "a DNS-1123 label has only lowercase letters, digits and '-', and starts and ends with a letter or digit";
    expect(named.map((f) => [f.object.split('/')[0], f.field, f.message])).toEqual([
      ...subdomain.map((kind) => [kind, 'metadata.name', `${kind} name is "Bad_Name"; ${subdomainRule}`]),
      ...label.map((kind) => [kind, 'metadata.name', `${kind} name is "Bad_Name"; ${labelRule}`]),
    ]);
  });

  test('duplicates are counted per (apiVersion, object) pair, even when both hold a "|"', () => {
    // Joined with "|" into one key, apiVersion "a" + "b|c/default/n" and apiVersion "a|b" +
    // "c/default/n" would be one object. Both are invalid, but they are not the same object.
    const odd = (apiVersion: string, kind: string): unknown => ({
      apiVersion,
      kind,
      metadata: { name: 'n', namespace: 'default' },
    });
    const duplicates = (manifests: unknown[]) =>
      validateManifests(manifests)
        .filter((f) => f.rule === 'duplicate-object')
        .map((f) => f.message);
    expect(duplicates([odd('a', 'b|c'), odd('a|b', 'c')])).toEqual([]);
    expect(duplicates([odd('a', 'b|c'), odd('a|b', 'c'), odd('a|b', 'c')])).toEqual([
      'c/default/n appears more than once in the manifests (again at manifests[2]); when applied, the later one replaces the earlier',
    ]);
  });

  test('a hole in a sparse list is skipped, as forEach skips it', () => {
    const manifests: unknown[] = [];
    manifests[0] = pv('v', { ...BASE, ...HOST });
    manifests[2] = pv('w', { ...BASE, ...HOST });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('an object whose field throws when read: one finding for it, and duplicates are still found', () => {
    const throwing = (thrown: unknown): unknown => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      get spec() {
        throw thrown;
      },
    });
    expect(
      validateManifests([throwing(new Error('boom')), throwing(new Error('boom')), throwing('str')]),
    ).toEqual([
      err('manifests[0]', 'manifest-unreadable', undefined, 'manifests[0] could not be read: boom'),
      err('manifests[1]', 'manifest-unreadable', undefined, 'manifests[1] could not be read: boom'),
      {
        severity: 'warning',
        rule: 'duplicate-object',
        object: 'Pod/default/p',
        message:
          'Pod/default/p appears more than once in the manifests (again at manifests[1]); when applied, the later one replaces the earlier',
      },
      err('manifests[2]', 'manifest-unreadable', undefined, 'manifests[2] could not be read: "str"'),
    ]);
  });
});
