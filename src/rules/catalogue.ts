/**
 * The rule catalogue: one declaration per rule id the storage plan reports, with a failing and a
 * passing example each. `docs/rules.md` is generated from it (`npm run rules-doc`), and
 * test/rules/catalogue.test.ts checks that every id the plan emits is declared here, that every
 * declaration is complete, and that each failing example reports its rule and each passing one
 * does not. Declarations are data: the checks themselves live in src/plan/ and src/k8s/.
 */
import { API_VERSION_UNSERVED_RULE, SCHEMA_INVALID_RULE, SCHEMA_RULES } from '../k8s/schema';
import { ADMISSION_RULES } from '../plan/admission';
import type { LoadOptions } from '../plan/load';
import type { PlanOptions } from '../plan/types';
import { CHANGE_RULES } from '../plan/change';
import type { Finding } from '../plan/types';
import type { RuleDeclaration, RuleGroup } from './rule';

/** A set of manifests the plan is run over, with the options it is judged with. */
export interface RuleExample {
  /** Multi-document YAML, as a file holds it. */
  readonly manifests: string;
  /**
   * Plan options for this example.
   * @default - none
   */
  readonly options?: PlanOptions;
  /**
   * Options for reading the YAML (e.g. `strict`, as the CLI's --strict).
   * @default - none
   */
  readonly load?: LoadOptions;
  /**
   * The manifests applied before (multi-document YAML), for the rules of the change plan: the plan
   * then judges the update from them to `manifests`.
   * @default - none
   */
  readonly previous?: string;
}

/** The examples of a rule: what it reports, and the same manifests fixed. */
export interface RuleExamples {
  /** Manifests on which the plan reports the rule. */
  readonly failing: RuleExample;
  /** The failing example fixed: the plan does not report the rule. */
  readonly passing: RuleExample;
  /**
   * For a rule that reports on every object it judges (an info report such as `pod-security`): the
   * text that tells the failing example's finding from the passing one's. The example test then
   * counts only the rule's findings whose message includes it.
   * @default - any finding of the rule counts
   */
  readonly messageIncludes?: string;
}

/** A declaration with its examples, as the catalogue holds it. */
export interface RuleEntry extends RuleDeclaration {
  /** A failing and a passing example: the test runs both, and docs/rules.md shows them. */
  readonly examples: RuleExamples;
}

/** The groups in the order docs/rules.md lists them, with their titles. */
export const RULE_GROUPS: ReadonlyArray<{ readonly group: RuleGroup; readonly title: string }> = [
  { group: 'input', title: 'Input' },
  { group: 'api-server', title: 'API server' },
  { group: 'admission', title: 'Admission' },
  { group: 'binding', title: 'Binding' },
  { group: 'data-safety', title: 'Data safety' },
  { group: 'node-exposure', title: 'Node exposure' },
  { group: 'security', title: 'Security' },
  { group: 'version', title: 'Kubernetes versions' },
];

/**
 * The repository's web address, for links to docs/rules.md from findings. Keep it equal to
 * package.json `repository` (test/rules/catalogue.test.ts checks): until that is set, links are the
 * path inside the repository.
 */
export const REPOSITORY_URL = undefined as string | undefined;

/** Where docs/rules.md is: on the repository's default branch when known, else its path in the repository. */
export const RULE_DOCS_URL: string = docsUrl(REPOSITORY_URL);

function docsUrl(repository: string | undefined): string {
  return repository === undefined
    ? 'docs/rules.md'
    : `${repository.replace(/\/+$/, '')}/blob/main/docs/rules.md`;
}

/** The link to one rule's section of docs/rules.md (e.g. for the CLI to print beside a finding). */
export function ruleDocUrl(id: string): string {
  return `${RULE_DOCS_URL}#${id}`;
}

/** Kebab-case: lower-case words of letters and digits joined by single hyphens. */
export const RULE_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Checks a list of rules and returns it frozen: throws on a duplicate or malformed id, so a second
 * declaration of an id fails when the module loads, not later in a report.
 */
export function ruleRegistry<T extends RuleDeclaration>(rules: readonly T[]): readonly T[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (typeof rule.id !== 'string' || !RULE_ID_PATTERN.test(rule.id)) {
      throw new Error(`rule id ${JSON.stringify(rule.id)} is not kebab-case (e.g. claim-pending)`);
    }
    if (seen.has(rule.id)) {
      throw new Error(`rule id "${rule.id}" is declared more than once; declare each rule once`);
    }
    seen.add(rule.id);
  }
  return Object.freeze([...rules]);
}

/** Strips the common indentation of a template literal and its first newline: YAML written indented in code. */
function yaml(strings: TemplateStringsArray): string {
  const lines = strings
    .join('')
    .replace(/^\n/, '')
    .replace(/\n[ ]*$/, '\n')
    .split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Kinds that carry a pod template (the plan reads their volumes and containers). */
const WORKLOADS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;

/** A StorageClass the examples provision with. */
const CLASS = yaml`
  apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    name: standard
  provisioner: ebs.csi.aws.com
  reclaimPolicy: Retain
`;

/** A claim provisioned by {@link CLASS}. */
const CLAIM = yaml`
  apiVersion: v1
  kind: PersistentVolumeClaim
  metadata:
    name: data
  spec:
    storageClassName: standard
    accessModes: [ReadWriteOnce]
    resources:
      requests:
        storage: 10Gi
`;

/** A pod mounting {@link CLAIM}. */
const CLAIM_POD = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: app
  spec:
    containers:
      - name: app
        image: nginx:1.27
        volumeMounts:
          - name: data
            mountPath: /data
    volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
`;

/**
 * A declaration made beside its check (src/k8s/, src/plan/), which the catalogue takes as it is and
 * gives its examples: one declaration per id, wherever it is written.
 */
function declared(from: readonly RuleDeclaration[], id: string): RuleDeclaration {
  const rule = from.find((r) => r.id === id);
  if (!rule) throw new Error(`rule "${id}" is not among the declarations it is taken from`);
  return rule;
}

/** Joins YAML documents. */
function docs(...parts: string[]): string {
  return parts.join('---\n');
}

/** A class that lets its claims grow. */
const EXPANDABLE = yaml`
  apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    name: expandable
  provisioner: ebs.csi.aws.com
  reclaimPolicy: Retain
  allowVolumeExpansion: true
`;

/** A class whose volumes are deleted with their claims (reclaimPolicy Delete, Kubernetes' default). */
const DELETING = yaml`
  apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    name: deleting
  provisioner: ebs.csi.aws.com
  reclaimPolicy: Delete
`;

/** A claim of `storage` on a class (default: {@link EXPANDABLE}), optionally prune-protected. */
function claimOf(storage: string, className = 'expandable', protect = false, name = 'data'): string {
  const annotations = protect
    ? '\n  annotations:\n    argocd.argoproj.io/sync-options: Prune=false,Delete=false'
    : '';
  return (
    `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}${annotations}\n` +
    `spec:\n  storageClassName: ${className}\n  accessModes: [ReadWriteOnce]\n` +
    `  resources:\n    requests:\n      storage: ${storage}\n`
  );
}

/** A Deployment mounting claim `claim`. */
function deploymentMounting(claim: string): string {
  return (
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n' +
    '  strategy:\n    type: Recreate\n  selector:\n    matchLabels:\n      app: web\n  template:\n' +
    '    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n' +
    '          image: nginx:1.27\n          volumeMounts:\n            - name: data\n              mountPath: /data\n' +
    `      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: ${claim}\n`
  );
}

/** A StatefulSet of `replicas` with a claim template on {@link DELETING} and whenScaled `whenScaled`. */
function statefulSetOf(replicas: number, whenScaled: string): string {
  return (
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: ${replicas}\n` +
    '  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n' +
    `  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Retain\n    whenScaled: ${whenScaled}\n` +
    '  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n' +
    '        - name: db\n          image: postgres:16\n          volumeMounts:\n            - name: data\n' +
    '              mountPath: /var/lib/postgresql/data\n  volumeClaimTemplates:\n    - metadata:\n        name: data\n' +
    '      spec:\n        storageClassName: deleting\n        accessModes: [ReadWriteOnce]\n' +
    '        resources:\n          requests:\n            storage: 10Gi\n'
  );
}

/** A static NFS volume with reclaim policy `policy`. */
function volumeWith(policy: string): string {
  return (
    'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: share\nspec:\n  capacity:\n    storage: 10Gi\n' +
    `  accessModes: [ReadWriteMany]\n  persistentVolumeReclaimPolicy: ${policy}\n` +
    '  nfs:\n    server: nfs.example.com\n    path: /exports/share\n'
  );
}

const RULE_ENTRIES: RuleEntry[] = [
  // -------------------------------------------------------------------------------------------
  // Input
  {
    id: 'manifest-unreadable',
    severity: 'error',
    group: 'input',
    summary: 'A file or YAML document that cannot be read, or an object without kind, apiVersion or name.',
    why:
      'kubectl refuses a file when one of its documents does not parse, and the API server refuses an object ' +
      'without kind, apiVersion or metadata.name (or generateName): nothing of it is applied. A plan over the rest ' +
      'is a plan without it.',
    remediation:
      'Fix the YAML at the line the message names (quote values that contain ": " or start with a special ' +
      'character); give every object a kind, an apiVersion and a metadata.name.',
    source:
      'sigs.k8s.io/yaml (YAML 1.1 over go-yaml v2, as kubectl reads it); ' +
      'k8s.io/apimachinery/pkg/api/validation: ValidateObjectMeta (name or generateName required)',
    kinds: ['*'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            greeting: Hello: world
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            greeting: 'Hello: world'
        `,
      },
    },
  },
  {
    id: 'manifest-duplicate-key',
    severity: 'warning',
    severities: ['warning', 'error'],
    group: 'input',
    summary: 'A key set twice in one YAML mapping.',
    why:
      'Readers disagree on it: kubectl apply -f keeps the last value, while kustomize (kubectl apply -k, Flux, ' +
      'Argo CD) and sigs.k8s.io/yaml strict reading reject the file. Either way one of the two values is not what ' +
      'the author meant. A warning; an error with --strict (LoadOptions.strict).',
    remediation: 'Keep one of the two keys.',
    source:
      'sigs.k8s.io/yaml: YAMLToJSONStrict (duplicate keys refused); kustomize (kyaml) duplicate-key check',
    kinds: ['*'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            mode: fast
            mode: safe
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            mode: safe
        `,
      },
    },
  },
  {
    id: 'manifest-not-an-object',
    severity: 'error',
    group: 'input',
    summary: 'With --strict: a document or file that is not a Kubernetes API object.',
    why:
      'A Helm values file, a kustomization, a kubeconfig or a tool configuration among the manifests is not ' +
      'applied by the API server (kubectl apply -f fails on it). Without --strict the plan skips and lists it; ' +
      'with --strict (LoadOptions.strict) the run fails, for pipelines that apply the folder as it is.',
    remediation:
      'Keep only API objects in the folder that is applied, or render the tool first (helm template, kustomize build).',
    source:
      "this library's loader (src/plan/load.ts: notAnApiObject); kubectl apply -f (every document must be an object with kind)",
    kinds: ['*'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: kustomize.config.k8s.io/v1beta1
          kind: Kustomization
          resources:
            - settings.yaml
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            mode: safe
        `,
        load: { strict: true },
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            mode: safe
        `,
        load: { strict: true },
      },
    },
  },
  {
    id: 'duplicate-object',
    severity: 'warning',
    group: 'input',
    summary: 'The same object (apiVersion, kind, namespace, name) appears more than once.',
    why:
      'kubectl apply applies the documents in order: the later one replaces the earlier, so one of the two ' +
      'definitions is silently lost, and which one depends on file order (Argo CD reports a repeated resource).',
    remediation: 'Keep one definition per object, or give the second object its own name.',
    source:
      'kubectl apply (k8s.io/kubectl/pkg/cmd/apply): each document is applied in turn to the same object',
    kinds: ['*'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            mode: fast
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            mode: safe
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
          data:
            mode: fast
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings-safe
          data:
            mode: safe
        `,
      },
    },
  },
  {
    id: 'option-invalid',
    severity: 'error',
    group: 'input',
    summary:
      'A plan option names nothing the plan knows: a kubernetesVersion outside 1.27 to 1.36, a disableRules entry that is no rule.',
    why:
      'The plan judges every object for one Kubernetes minor (its schema, served APIs, volume plugins and ' +
      'feature gates); a version it has no data for is replaced by the default, so the verdicts may be for ' +
      'another cluster than the one meant. A misspelt rule in disableRules silences nothing.',
    remediation:
      'Name a minor this release has data for (options.kubernetesVersion, e.g. 1.30), and rule ids as this page lists them.',
    source: "this library's PlanOptions (src/plan/types.ts); the minors in src/k8s/versions.ts",
    kinds: ['*'],
    examples: {
      failing: { manifests: docs(CLASS, CLAIM, CLAIM_POD), options: { kubernetesVersion: '1.26' } },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD), options: { kubernetesVersion: '1.30' } },
    },
  },

  {
    id: 'suppression-unused',
    severity: 'info',
    group: 'input',
    summary:
      'An ignore-check annotation that silences nothing: no such rule, or no such finding on its object.',
    why:
      'Suppressions outlive the problem they silenced (or never matched one, when the rule id is misspelt), and ' +
      'a stale one would silence a new finding of that rule later without anyone deciding so.',
    remediation:
      'Remove the annotation, or fix the rule id it names (the ids are the headings of this page).',
    source:
      "this library's suppressions (src/plan/suppress.ts: ignore-check.cdk8s-volumes.io/<rule-id>), as kube-linter's ignore annotations",
    kinds: ['*'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
              annotations:
                ignore-check.cdk8s-volumes.io/claim-pending: provisioned by hand
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },

  // -------------------------------------------------------------------------------------------
  // API server
  {
    ...declared(SCHEMA_RULES, SCHEMA_INVALID_RULE),
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            reclaimPolicy: Retain
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Retain
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
    },
  },
  {
    id: 'name-invalid',
    severity: 'error',
    group: 'api-server',
    summary: 'An object, namespace, volume, container, class or provisioner name breaks its naming rule.',
    why:
      'The API server rejects the object: object names are DNS-1123 subdomains (Services and Namespaces DNS-1123 ' +
      'labels), pod volume and container names DNS-1123 labels (at most 63 lower-case letters, digits and ' +
      "'-'), a provisioner a qualified name.",
    remediation:
      "Use lower-case letters, digits and '-' (and '.' where a subdomain is allowed), starting and ending with a letter or digit.",
    source:
      'k8s.io/apimachinery/pkg/api/validation: ValidateObjectMeta, NameIsDNSSubdomain, NameIsDNSLabel; ' +
      'pkg/apis/core/validation: ValidateVolumes, validateContainers; pkg/apis/storage/validation: validateProvisioner',
    kinds: ['*'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: Scratch_Space
                    mountPath: /scratch
            volumes:
              - name: Scratch_Space
                emptyDir: {}
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: scratch-space
                    mountPath: /scratch
            volumes:
              - name: scratch-space
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'field-type',
    severity: 'error',
    group: 'api-server',
    summary:
      'A field has the wrong JSON type: a string where a list is required, a scalar where an object is.',
    why:
      'The API server cannot decode the object and rejects it (or, for a list given as a string, the ' +
      'request fails before validation).',
    remediation:
      'Write the field in the shape the API has, e.g. accessModes: [ReadWriteOnce], not accessModes: ReadWriteOnce.',
    source: 'the API types of k8s.io/api/core/v1 and k8s.io/api/storage/v1 (JSON decoding)',
    kinds: ['*'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: ReadWriteOnce
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'required-field',
    severity: 'error',
    group: 'api-server',
    summary:
      'A required field is missing or empty: a claim without a storage request, a hostPath without a path.',
    why: 'The API server rejects the object with "Required value".',
    remediation: 'Set the field the message names.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeClaimSpec, ValidatePersistentVolumeSpec, validateVolumeSource; ' +
      'pkg/apis/storage/validation: ValidateStorageClass',
    kinds: ['*'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'cluster-scoped-namespace',
    severity: 'warning',
    group: 'api-server',
    summary: 'A cluster-scoped object (PersistentVolume, StorageClass, ...) sets metadata.namespace.',
    why:
      'The API server clears the namespace of a cluster-scoped object: the object is not per-namespace, ' +
      'whatever the manifest suggests, and two such "copies" in two namespaces are one object.',
    remediation: 'Remove metadata.namespace; give per-namespace copies distinct names.',
    source: 'k8s.io/apiserver/pkg/registry/rest: BeforeCreate (a cluster-scoped object gets no namespace)',
    kinds: ['PersistentVolume', 'StorageClass', 'Namespace', 'CSIDriver', 'VolumeAttachment', 'Node'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
            namespace: team-a
          provisioner: ebs.csi.aws.com
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: ebs.csi.aws.com
        `,
      },
    },
  },
  {
    id: 'quantity-format',
    severity: 'error',
    group: 'api-server',
    summary: 'A size is not a Kubernetes quantity (e.g. 10GB, 1Gx, NaN).',
    why:
      'The API server rejects the object. Quantities take the suffixes n, u, m, k, M, G, T, P, E (powers of ' +
      '1000) and Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024); "GB" is none of them.',
    remediation: 'Write 10Gi (2^30 bytes each) or 10G (10^9 bytes each).',
    source: 'k8s.io/apimachinery/pkg/api/resource: ParseQuantity',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10GB
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'quantity-range',
    severity: 'error',
    group: 'api-server',
    summary: 'A quantity out of range: a negative size, a storage size of zero, a request above its limit.',
    why:
      'The API server rejects the object: storage capacity and requests must be greater than zero, ' +
      'resource quantities must not be negative, and a container request may not exceed its limit.',
    remediation: 'Use a positive size; keep each request at or below its limit.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeClaimSpec, ValidatePersistentVolumeSpec, ' +
      'ValidateResourceRequirements, ValidateNonnegativeQuantity',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                resources:
                  requests:
                    memory: 1Gi
                  limits:
                    memory: 512Mi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                resources:
                  requests:
                    memory: 512Mi
                  limits:
                    memory: 1Gi
        `,
      },
    },
  },
  {
    id: 'access-mode',
    severity: 'error',
    group: 'api-server',
    summary: 'An unknown access mode, or ReadWriteOncePod combined with another mode.',
    why:
      'The API server rejects the claim or volume: the modes are ReadWriteOnce, ReadOnlyMany, ReadWriteMany and ' +
      'ReadWriteOncePod, and ReadWriteOncePod must be the only one.',
    remediation: 'Use the exact mode names; ask for ReadWriteOncePod alone.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeSpec, ValidatePersistentVolumeClaimSpec (supportedAccessModes)',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOncePod, ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
      passing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOncePod]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
    },
  },
  {
    id: 'capacity-resource',
    severity: 'error',
    group: 'api-server',
    summary: "A PersistentVolume's capacity names a resource other than storage.",
    why: 'The API server rejects the volume: capacity takes only storage. IOPS or throughput belong to the StorageClass parameters or the CSI driver.',
    remediation: 'Keep only capacity.storage; move performance settings to the class parameters.',
    source: 'pkg/apis/core/validation: ValidatePersistentVolumeSpec (capacity: only storage)',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
              iops: '3000'
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
    },
  },
  {
    id: 'volume-source',
    severity: 'error',
    group: 'api-server',
    summary: 'A PersistentVolume or projected source without exactly one source (none, or several).',
    why:
      'The API server rejects the object: a PersistentVolume (and each entry of a projected volume) names exactly ' +
      'one source. A pod volume with none is defaulted to an emptyDir; one with several is rejected.',
    remediation: 'Keep one source per volume; split the others into volumes of their own.',
    source:
      'pkg/apis/core/validation: validateVolumeSource, ValidatePersistentVolumeSpec, validateProjectionSources',
    kinds: ['PersistentVolume', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: shared
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/shared
            hostPath:
              path: /srv/shared
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: shared
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/shared
        `,
      },
    },
  },
  {
    id: 'reclaim-policy',
    severity: 'error',
    group: 'api-server',
    summary:
      'A reclaim policy that is unknown, Recycle on a StorageClass, on hostPath "/", or on a source that cannot be recycled.',
    why:
      'The API server rejects an unknown policy, Recycle on a StorageClass (Delete or Retain only) and Recycle ' +
      'on a hostPath volume of "/". Recycle on a source other than nfs and hostPath it accepts, but the PV ' +
      'controller has no recycler for it: once the claim is released the volume goes Failed and is never ' +
      'offered again.',
    remediation: 'Use Retain to keep the data, Delete to remove it with the claim.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeSpec (supported policies; no Recycle of hostPath "/"); ' +
      'pkg/apis/storage/validation: validateReclaimPolicy; pkg/controller/volume/persistentvolume: recycleVolumeOperation',
    kinds: ['PersistentVolume', 'StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: scratch
          provisioner: ebs.csi.aws.com
          reclaimPolicy: Recycle
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: scratch
          provisioner: ebs.csi.aws.com
          reclaimPolicy: Delete
        `,
      },
    },
  },
  {
    id: 'local-node-affinity',
    severity: 'error',
    group: 'api-server',
    summary: 'A local PersistentVolume without spec.nodeAffinity.required.',
    why:
      'The API server rejects the volume: a local volume is a disk of one node, and the scheduler needs its node ' +
      'affinity to place the pods that use it on that node.',
    remediation: 'Add spec.nodeAffinity.required.nodeSelectorTerms naming the node (kubernetes.io/hostname).',
    source: 'pkg/apis/core/validation: ValidatePersistentVolumeSpec ("Local volume requires node affinity")',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: local-ssd
          spec:
            capacity:
              storage: 100Gi
            accessModes: [ReadWriteOnce]
            storageClassName: local-storage
            local:
              path: /mnt/disks/ssd1
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: local-ssd
          spec:
            capacity:
              storage: 100Gi
            accessModes: [ReadWriteOnce]
            storageClassName: local-storage
            local:
              path: /mnt/disks/ssd1
            nodeAffinity:
              required:
                nodeSelectorTerms:
                  - matchExpressions:
                      - key: kubernetes.io/hostname
                        operator: In
                        values: [node-1]
        `,
      },
    },
  },
  {
    id: 'volume-mode',
    severity: 'error',
    group: 'api-server',
    summary: 'A volumeMode other than Filesystem or Block.',
    why: 'The API server rejects the claim or volume; the values are case-sensitive.',
    remediation: 'Use Filesystem (the default) or Block.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeSpec, ValidatePersistentVolumeClaimSpec (supportedVolumeModes)',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              volumeMode: block
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'volume-binding-mode',
    severity: 'error',
    group: 'api-server',
    summary: 'A StorageClass volumeBindingMode other than Immediate or WaitForFirstConsumer.',
    why: 'The API server rejects the StorageClass, and every claim of that class then waits for a class that does not exist.',
    remediation: 'Use Immediate (the default) or WaitForFirstConsumer.',
    source: 'pkg/apis/storage/validation: validateVolumeBindingMode',
    kinds: ['StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: zonal
          provisioner: pd.csi.storage.gke.io
          volumeBindingMode: WaitForConsumer
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: zonal
          provisioner: pd.csi.storage.gke.io
          volumeBindingMode: WaitForFirstConsumer
        `,
      },
    },
  },
  {
    id: 'storageclass-topology',
    severity: 'error',
    group: 'api-server',
    summary: 'A StorageClass allowedTopologies term without matchLabelExpressions, a key or values.',
    why: 'The API server rejects the StorageClass: each topology term needs at least one expression with a key and non-empty values.',
    remediation: 'Give each term a key such as topology.kubernetes.io/zone and the values it allows.',
    source:
      'pkg/apis/storage/validation: validateAllowedTopologies; pkg/apis/core/validation: ValidateTopologySelectorTerm',
    kinds: ['StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: zonal
          provisioner: pd.csi.storage.gke.io
          allowedTopologies:
            - matchLabelExpressions:
                - key: topology.kubernetes.io/zone
                  values: []
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: zonal
          provisioner: pd.csi.storage.gke.io
          allowedTopologies:
            - matchLabelExpressions:
                - key: topology.kubernetes.io/zone
                  values: [europe-west1-b]
        `,
      },
    },
  },
  {
    id: 'duplicate-name',
    severity: 'error',
    group: 'api-server',
    summary: 'Two volumes, or two containers, of one pod share a name.',
    why: 'The API server rejects the pod with "Duplicate value": mounts refer to volumes by name, so names must be unique.',
    remediation: 'Rename one of them (and the volumeMounts that refer to it).',
    source: 'pkg/apis/core/validation: ValidateVolumes, validateContainers',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir: {}
              - name: cache
                emptyDir: {}
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
                  - name: run
                    mountPath: /var/run
            volumes:
              - name: cache
                emptyDir: {}
              - name: run
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'mount-volume-missing',
    severity: 'error',
    group: 'api-server',
    summary: 'A volumeMount names a volume the pod does not have.',
    why: 'The API server rejects the pod ("Not found"): a mount refers to one of the pod\'s own volumes (or, in a StatefulSet, a volumeClaimTemplate).',
    remediation: 'Add the volume to the pod, or fix the name in the volumeMount.',
    source: 'pkg/apis/core/validation: ValidateVolumeMounts',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: scratch
                emptyDir: {}
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'mount-path-duplicate',
    severity: 'error',
    group: 'api-server',
    summary: 'Two volumeMounts of one container at the same path.',
    why:
      'The API server rejects two mounts at the same path ("must be unique"). Written differently (`/data` and ' +
      '`/data/`), they pass the API server but name one directory: one mount hides the other, or the runtime ' +
      'refuses the container.',
    remediation: 'Give each mount its own path, or use subPath to place parts of volumes side by side.',
    source: 'pkg/apis/core/validation: ValidateVolumeMounts',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: content
                    mountPath: /usr/share/nginx/html
                  - name: extra
                    mountPath: /usr/share/nginx/html
            volumes:
              - name: content
                emptyDir: {}
              - name: extra
                emptyDir: {}
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: content
                    mountPath: /usr/share/nginx/html
                  - name: extra
                    mountPath: /usr/share/nginx/html/extra
            volumes:
              - name: content
                emptyDir: {}
              - name: extra
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'subpath-exclusive',
    severity: 'error',
    group: 'api-server',
    summary: 'A volumeMount sets both subPath and subPathExpr.',
    why: 'The API server rejects the pod: subPath and subPathExpr are mutually exclusive.',
    remediation: 'Keep one: subPathExpr when the path uses $(VAR) from the environment, subPath otherwise.',
    source: 'pkg/apis/core/validation: ValidateVolumeMounts',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: logger
          spec:
            containers:
              - name: logger
                image: busybox:1.36
                env:
                  - name: POD_NAME
                    valueFrom:
                      fieldRef:
                        fieldPath: metadata.name
                volumeMounts:
                  - name: logs
                    mountPath: /logs
                    subPath: logger
                    subPathExpr: $(POD_NAME)
            volumes:
              - name: logs
                emptyDir: {}
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: logger
          spec:
            containers:
              - name: logger
                image: busybox:1.36
                env:
                  - name: POD_NAME
                    valueFrom:
                      fieldRef:
                        fieldPath: metadata.name
                volumeMounts:
                  - name: logs
                    mountPath: /logs
                    subPathExpr: $(POD_NAME)
            volumes:
              - name: logs
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'path-backsteps',
    severity: 'error',
    group: 'api-server',
    summary: "A node path, subPath, item path or gitRepo directory with a '..' element.",
    why:
      "The API server rejects the object: '..' would reach outside the volume (subPath, items) or make the node " +
      'path ambiguous (hostPath, local).',
    remediation:
      "Write the path without '..': mount a different volume or directory instead of climbing out of one.",
    source:
      'pkg/apis/core/validation: validatePathNoBacksteps, validateLocalDescendingPath, validateHostPathVolumeSource, ' +
      'validateLocalVolumeSource',
    kinds: ['PersistentVolume', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: content
                    mountPath: /usr/share/nginx/html
                    subPath: ../site
            volumes:
              - name: content
                emptyDir: {}
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: content
                    mountPath: /usr/share/nginx/html
                    subPath: site
            volumes:
              - name: content
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'path-not-relative',
    severity: 'error',
    group: 'api-server',
    summary: 'A subPath, items[].path or gitRepo directory that is absolute.',
    why: 'The API server rejects the object: these paths are inside the volume and must be relative to it.',
    remediation: "Drop the leading '/'.",
    source: 'pkg/apis/core/validation: validateLocalDescendingPath',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: config
                    mountPath: /etc/nginx/conf.d
            volumes:
              - name: config
                configMap:
                  name: web-config
                  items:
                    - key: site.conf
                      path: /default.conf
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: config
                    mountPath: /etc/nginx/conf.d
            volumes:
              - name: config
                configMap:
                  name: web-config
                  items:
                    - key: site.conf
                      path: default.conf
        `,
      },
    },
  },
  {
    id: 'path-not-absolute',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'api-server',
    summary: 'An NFS export path, hostPath or local path that is not absolute.',
    why:
      'The API server rejects an NFS volume whose path is not absolute (an error). A relative hostPath or local ' +
      'path it accepts, and the kubelet hands it to the container runtime as it is, so what a Linux node mounts is ' +
      'unclear or the mount fails (a warning: Windows nodes take drive and \\-rooted paths). A relative mountPath ' +
      'is no problem: the kubelet makes it absolute.',
    remediation: "Start the path with '/' (or a drive letter on Windows nodes).",
    source:
      'pkg/apis/core/validation: validateNFSVolumeSource (path.IsAbs), validateHostPathVolumeSource, ' +
      'validateLocalVolumeSource; pkg/kubelet/kubelet_pods.go makeMounts (MakeAbsolutePath for a mountPath)',
    kinds: ['PersistentVolume', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: share
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Retain
            nfs:
              server: nfs.example.com
              path: exports/share
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: share
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Retain
            nfs:
              server: nfs.example.com
              path: /exports/share
        `,
      },
    },
  },
  {
    id: 'file-mode',
    severity: 'error',
    group: 'api-server',
    summary: 'A defaultMode or items[].mode outside 0 to 0777 octal, often a decimal 644 meant as octal.',
    why:
      'The API server rejects the pod. YAML reads 644 as decimal 644, which is more than 0777 (511); kubectl reads ' +
      'YAML 1.1, where 0644 is octal (420).',
    remediation: 'Write the mode as 0644 in YAML, or as its decimal value (420) in JSON.',
    source:
      'pkg/apis/core/validation: validateSecretVolumeSource, validateConfigMapVolumeSource, validateKeyToPath',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: tls
                    mountPath: /etc/nginx/tls
                    readOnly: true
            volumes:
              - name: tls
                secret:
                  secretName: web-tls
                  defaultMode: 644
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: tls
                    mountPath: /etc/nginx/tls
                    readOnly: true
            volumes:
              - name: tls
                secret:
                  secretName: web-tls
                  defaultMode: 0644
        `,
      },
    },
  },
  {
    id: 'label-selector',
    severity: 'error',
    group: 'api-server',
    summary: 'A claim selector expression with an unknown operator, or values that do not fit the operator.',
    why:
      'The API server rejects the claim: In and NotIn need a non-empty values list, Exists and DoesNotExist take ' +
      'no values, and no other operator exists.',
    remediation: 'Use matchLabels, or fix the expression as the message says.',
    source: 'k8s.io/apimachinery/pkg/apis/meta/v1/validation: ValidateLabelSelectorRequirement',
    kinds: ['PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: fast-1
            labels:
              tier: fast
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/fast-1
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
            selector:
              matchExpressions:
                - key: tier
                  operator: In
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: fast-1
            labels:
              tier: fast
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/fast-1
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
            selector:
              matchExpressions:
                - key: tier
                  operator: In
                  values: [fast]
        `,
      },
    },
  },
  {
    id: 'hostpath-type',
    severity: 'error',
    group: 'api-server',
    summary: 'A hostPath type that is not one of the API values.',
    why:
      'The API server rejects the object. The type decides what the kubelet checks (or creates) before mounting: ' +
      '"", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice.',
    remediation: 'Use one of those values; Directory or File when the path must already exist.',
    source: 'pkg/apis/core/validation: validateHostPathType',
    kinds: ['PersistentVolume', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: log-reader
          spec:
            selector:
              matchLabels:
                app: log-reader
            template:
              metadata:
                labels:
                  app: log-reader
              spec:
                containers:
                  - name: reader
                    image: busybox:1.36
                    volumeMounts:
                      - name: logs
                        mountPath: /host/log
                        readOnly: true
                volumes:
                  - name: logs
                    hostPath:
                      path: /var/log
                      type: Dir
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: log-reader
          spec:
            selector:
              matchLabels:
                app: log-reader
            template:
              metadata:
                labels:
                  app: log-reader
              spec:
                containers:
                  - name: reader
                    image: busybox:1.36
                    volumeMounts:
                      - name: logs
                        mountPath: /host/log
                        readOnly: true
                volumes:
                  - name: logs
                    hostPath:
                      path: /var/log
                      type: Directory
        `,
      },
    },
  },
  {
    id: 'emptydir-medium',
    severity: 'error',
    group: 'api-server',
    summary: 'An emptyDir medium other than "", Memory, HugePages or HugePages-<size>.',
    why:
      'The API server accepts the pod, but the kubelet fails to set up the volume ("unknown storage medium") and ' +
      'the pod stays in ContainerCreating. The values are case-sensitive.',
    remediation: 'Use Memory for tmpfs, or leave medium unset for node disk.',
    source: 'pkg/volume/emptydir: SetUpAt (the kubelet); docs: Volumes, emptyDir',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                resources:
                  limits:
                    memory: 256Mi
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir:
                  medium: memory
                  sizeLimit: 64Mi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                resources:
                  limits:
                    memory: 256Mi
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir:
                  medium: Memory
                  sizeLimit: 64Mi
        `,
      },
    },
  },

  // -------------------------------------------------------------------------------------------
  // Admission
  {
    id: 'default-class-multiple',
    severity: 'warning',
    group: 'admission',
    summary: 'More than one StorageClass is annotated as the default class.',
    why:
      'The DefaultStorageClass admission plugin gives a claim without storageClassName the newest of the default ' +
      'classes, so which class (and provisioner, and reclaim policy) a claim gets depends on creation times. ' +
      'The plan assumes the first by name.',
    remediation:
      'Annotate one class with storageclass.kubernetes.io/is-default-class: "true"; set it to "false" on the others.',
    source:
      'plugin/pkg/admission/storage/storageclass/setdefault; pkg/volume/util: GetDefaultClass; docs: Storage Classes, Default StorageClass',
    kinds: ['StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: gp3
            annotations:
              storageclass.kubernetes.io/is-default-class: 'true'
          provisioner: ebs.csi.aws.com
          ---
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: io2
            annotations:
              storageclass.kubernetes.io/is-default-class: 'true'
          provisioner: ebs.csi.aws.com
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: gp3
            annotations:
              storageclass.kubernetes.io/is-default-class: 'true'
          provisioner: ebs.csi.aws.com
          ---
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: io2
          provisioner: ebs.csi.aws.com
        `,
      },
    },
  },
  {
    ...declared(ADMISSION_RULES, 'claim-limit-range'),
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: storage-limits
            spec:
              limits:
                - type: PersistentVolumeClaim
                  min:
                    storage: 1Gi
                  max:
                    storage: 50Gi
          `,
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 100Gi
          `,
          CLAIM_POD,
        ),
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: storage-limits
            spec:
              limits:
                - type: PersistentVolumeClaim
                  min:
                    storage: 1Gi
                  max:
                    storage: 50Gi
          `,
          CLASS,
          CLAIM,
          CLAIM_POD,
        ),
      },
    },
  },
  {
    ...declared(ADMISSION_RULES, 'claim-quota-exceeded'),
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: storage
            spec:
              hard:
                requests.storage: 15Gi
          `,
          CLASS,
          CLAIM,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: logs
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
        ),
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: storage
            spec:
              hard:
                requests.storage: 15Gi
          `,
          CLASS,
          CLAIM,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: logs
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 5Gi
          `,
        ),
      },
    },
  },

  // -------------------------------------------------------------------------------------------
  // Binding
  {
    id: 'claim-pending',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'binding',
    summary: 'A claim no volume of the manifests fits and no class can provision: it stays Pending.',
    why:
      'The PV controller binds a claim to the smallest available volume of its class, access modes, volumeMode ' +
      'and selector, or a provisioner creates one; otherwise the claim stays Pending and every pod mounting it ' +
      'stays Pending too. Error when the manifests decide it (storageClassName "", a selector, a ' +
      'kubernetes.io/no-provisioner class, a named volume that cannot take it); warning when it depends on a ' +
      'StorageClass or PersistentVolume outside the manifests, or on whether the cluster has a default class ' +
      '(settled by --default-storage-class, options.defaultStorageClass).',
    remediation:
      'Read the closest volumes in the message: fix the size, class, access modes, volumeMode or labels on the claim ' +
      'or the volume; or name a class that provisions.',
    source:
      'pkg/controller/volume/persistentvolume: syncUnboundClaim, findBestMatchForClaim, checkVolumeSatisfyClaim; ' +
      'docs: Persistent Volumes (Binding, Class, Access Modes)',
    kinds: ['PersistentVolumeClaim', 'StatefulSet', 'PersistentVolume', 'StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 5Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claim-competing',
    severity: 'error',
    group: 'binding',
    summary: 'Two claims need the same volume; the one the plan binds second stays Pending.',
    why:
      'A PersistentVolume binds to one claim. When two claims name it (spec.volumeName) or it is the only one ' +
      'that fits both, whichever claim the controller syncs first gets it and the other stays Pending.',
    remediation: 'Give each claim its own volume, or let a StorageClass provision them.',
    source:
      'pkg/controller/volume/persistentvolume: syncUnboundClaim, findBestMatchForClaim; docs: Persistent Volumes, Binding',
    kinds: ['PersistentVolumeClaim', 'StatefulSet', 'PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: pv-a
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/a
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: first
          spec:
            storageClassName: ''
            volumeName: pv-a
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: second
          spec:
            storageClassName: ''
            volumeName: pv-a
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: pv-a
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/a
          ---
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: pv-b
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/b
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: first
          spec:
            storageClassName: ''
            volumeName: pv-a
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: second
          spec:
            storageClassName: ''
            volumeName: pv-b
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claimref-namespace',
    severity: 'error',
    group: 'binding',
    summary: 'A PersistentVolume spec.claimRef without a namespace.',
    why:
      'The PV controller matches claimRef by namespace and name. Without a namespace it matches no claim: the ' +
      'volume stays reserved for nothing, and the claim it was meant for stays Pending (or binds elsewhere).',
    remediation: "Set spec.claimRef.namespace to the claim's namespace.",
    source:
      'pkg/controller/volume/persistentvolume: syncVolume, IsVolumeBoundToClaim; docs: Persistent Volumes, Reserving a PersistentVolume',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claim-bound-mismatch',
    severity: 'warning',
    group: 'binding',
    summary: 'A claim and volume that name each other bind although the volume does not fit the claim.',
    why:
      'When the claim names the volume (spec.volumeName) and the volume reserves the claim (spec.claimRef), the ' +
      'controller completes the binding without checking size, class, access modes or volumeMode: the claim gets ' +
      'a smaller volume, or modes it did not ask for, and an application that relies on them fails later.',
    remediation:
      'Make the volume fit the claim (capacity, class, access modes, volumeMode), or fix the claim.',
    source:
      'pkg/controller/volume/persistentvolume: syncUnboundClaim (a pre-bound pair is bound without checkVolumeSatisfyClaim)',
    kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 1Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            volumeName: nfs-data
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            volumeName: nfs-data
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'prebound-bypassed',
    severity: 'warning',
    group: 'binding',
    summary: 'A volume reserved for a claim (spec.claimRef) that the claim does not bind to.',
    why:
      'A reserved volume binds only to the claim it names. When that claim binds elsewhere or cannot use it (too ' +
      'small, another volumeMode or access modes), the volume stays Available and reserved, unusable by any other claim.',
    remediation: 'Make the reserved volume fit the claim, or remove the claimRef so other claims can use it.',
    source:
      'pkg/controller/volume/persistentvolume/index.go: findByClaim; docs: Persistent Volumes, Reserving a PersistentVolume',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: reserved
          spec:
            storageClassName: ''
            capacity:
              storage: 1Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/reserved
          ---
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: spare
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/spare
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: reserved
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/reserved
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claim-class-unset',
    severity: 'warning',
    group: 'binding',
    summary:
      'A claim without storageClassName binds to a class-less volume only if the cluster has no default class.',
    why:
      'On a cluster with a default StorageClass, the DefaultStorageClass admission plugin writes that class into a ' +
      'claim that sets none; the claim then no longer matches the class-less volume, and is provisioned by the ' +
      'default class instead (or stays Pending). The plan cannot see the cluster: it names the assumption and ' +
      'the option that settles it (--default-storage-class, options.defaultStorageClass).',
    remediation: 'Set storageClassName: "" on a claim meant for a pre-made class-less volume.',
    source:
      'plugin/pkg/admission/storage/storageclass/setdefault; pkg/controller/volume/persistentvolume: ' +
      'checkVolumeSatisfyClaim; docs: Persistent Volumes, Class',
    kinds: ['PersistentVolumeClaim', 'StatefulSet'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claim-missing',
    severity: 'warning',
    group: 'binding',
    summary: 'A pod volume mounts a claim that is not in the manifests.',
    why:
      'The scheduler does not place a pod whose claim does not exist: it stays Pending until a claim of that ' +
      'name exists in its namespace. The claim may exist in the cluster, which the plan cannot see.',
    remediation: 'Add the PersistentVolumeClaim to the manifests, or fix claimName (and the namespace).',
    source:
      'pkg/scheduler/framework/plugins/volumebinding (persistentvolumeclaim not found); docs: Persistent Volumes, Claims As Volumes',
    kinds: [...WORKLOADS],
    examples: {
      failing: { manifests: docs(CLASS, CLAIM_POD) },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'claim-rwop-rollout',
    severity: 'warning',
    group: 'binding',
    summary: 'A Deployment with a ReadWriteOncePod claim whose rolling update can never finish.',
    why:
      'A rolling update starts the new pod before an old one stops. Only one pod can use a ReadWriteOncePod ' +
      'claim, so the new pod stays Pending while the old one holds it; with maxUnavailable at 0 (the default ' +
      '25% rounds down for fewer than four replicas) no old pod is stopped first, and every rollout after the ' +
      'first hangs until progressDeadlineSeconds.',
    remediation: 'Use strategy type Recreate, or a rollingUpdate.maxUnavailable of at least 1.',
    source:
      'pkg/controller/deployment/util: ResolveFenceposts; pkg/scheduler/framework/plugins/volumerestrictions (ReadWriteOncePod)',
    kinds: ['Deployment'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOncePod]
              resources:
                requests:
                  storage: 1Gi
          `,
          yaml`
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      volumeMounts:
                        - name: data
                          mountPath: /data
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: data
          `,
        ),
      },
      passing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOncePod]
              resources:
                requests:
                  storage: 1Gi
          `,
          yaml`
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              strategy:
                type: Recreate
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      volumeMounts:
                        - name: data
                          mountPath: /data
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: data
          `,
        ),
      },
    },
  },
  {
    id: 'claim-access-mode-shared',
    severity: 'warning',
    group: 'binding',
    summary: 'A ReadWriteOnce or ReadWriteOncePod claim mounted by more pods than its mode allows.',
    why:
      'A ReadWriteOnce volume attaches to one node at a time: pods scheduled on another node stay in ' +
      'ContainerCreating with a Multi-Attach error. Only one pod can use a ReadWriteOncePod volume; the others ' +
      'stay Pending.',
    remediation:
      'Use a ReadWriteMany volume to share data, a StatefulSet volumeClaimTemplate for a claim per pod, or a single replica.',
    source:
      'pkg/controller/volume/attachdetach/reconciler (Multi-Attach); pkg/scheduler/framework/plugins/volumerestrictions ' +
      '(ReadWriteOncePod); docs: Persistent Volumes, Access Modes',
    kinds: ['PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          CLAIM,
          yaml`
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      volumeMounts:
                        - name: data
                          mountPath: /usr/share/nginx/html
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: data
          `,
        ),
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: shared
            provisioner: efs.csi.aws.com
            reclaimPolicy: Retain
          `,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: shared
              accessModes: [ReadWriteMany]
              resources:
                requests:
                  storage: 10Gi
          `,
          yaml`
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      volumeMounts:
                        - name: data
                          mountPath: /usr/share/nginx/html
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: data
          `,
        ),
      },
    },
  },
  {
    id: 'claim-unused',
    severity: 'info',
    group: 'binding',
    summary: 'A claim no workload of the manifests mounts.',
    why:
      'An unmounted claim holds its storage (and its cost) for nothing, and a claim of a WaitForFirstConsumer class ' +
      'is never provisioned until a pod uses it. It may be mounted from elsewhere, which the plan cannot see.',
    remediation: 'Mount it, or delete it when nothing needs its data.',
    source:
      'docs: Persistent Volumes (Lifecycle of a volume and claim); docs: Storage Classes, Volume Binding Mode',
    kinds: ['PersistentVolumeClaim'],
    examples: {
      failing: { manifests: docs(CLASS, CLAIM) },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'volume-unclaimed',
    severity: 'info',
    group: 'binding',
    summary: 'A PersistentVolume no claim of the manifests binds to.',
    why:
      'It stays Available (or reserved by a claimRef no claim matches): storage provisioned and paid for that no ' +
      'pod of these manifests uses. A claim elsewhere may bind it.',
    remediation: 'Add the claim meant for it, fix its claimRef, or remove it.',
    source: 'pkg/controller/volume/persistentvolume: syncVolume; docs: Persistent Volumes, Phase',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'statefulset-replicas-capped',
    severity: 'info',
    group: 'binding',
    summary: 'A StatefulSet with more replicas than the binding plan expands (100 000).',
    why:
      'The plan predicts a claim per replica of each volumeClaimTemplate; beyond 100 000 ordinals it stops, so the ' +
      'claims of the higher ordinals are not judged. Nothing changes on the cluster.',
    remediation: 'None needed; lower spec.replicas if the number is a mistake.',
    source: "this plan's binding predictor (src/plan/binding.ts, MAX_REPLICAS)",
    kinds: ['StatefulSet'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: cache
          spec:
            replicas: 100001
            serviceName: cache
            volumeClaimTemplates:
              - metadata:
                  name: data
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: 1Gi
            selector:
              matchLabels:
                app: cache
            template:
              metadata:
                labels:
                  app: cache
              spec:
                containers:
                  - name: cache
                    image: nginx:1.27
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: cache
          spec:
            replicas: 3
            serviceName: cache
            selector:
              matchLabels:
                app: cache
            template:
              metadata:
                labels:
                  app: cache
              spec:
                containers:
                  - name: cache
                    image: nginx:1.27
        `,
      },
    },
  },

  // -------------------------------------------------------------------------------------------
  // Data safety
  {
    id: 'reclaim-delete',
    severity: 'info',
    group: 'data-safety',
    summary:
      'A volume, or a class that provisions a claim of the manifests, deletes its storage with the claim.',
    why:
      'With reclaim policy Delete (a StorageClass default), deleting the bound claim deletes the volume and its ' +
      'data: a kubectl delete, a namespace deletion, or a GitOps prune of the claim is enough.',
    remediation: 'Use Retain for data you keep; Delete for data you can recreate.',
    source:
      'docs: Persistent Volumes, Reclaiming (Delete); pkg/apis/storage/v1: SetDefaults_StorageClass (reclaimPolicy Delete)',
    kinds: ['PersistentVolume', 'StorageClass'],
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: standard
            provisioner: ebs.csi.aws.com
          `,
          CLAIM,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'prune-unprotected',
    severity: 'info',
    group: 'data-safety',
    summary: 'A claim or volume whose storage is deleted with it, without GitOps prune protection.',
    why:
      'If the object leaves the repository (a rename, a moved file, a deleted chart), Argo CD or Flux with pruning ' +
      'deletes it from the cluster, and with reclaim policy Delete the volume and its data go too.',
    remediation:
      'Annotate argocd.argoproj.io/sync-options: Prune=false (Argo CD) or kustomize.toolkit.fluxcd.io/prune: disabled (Flux).',
    source:
      'Argo CD: Sync Options, No Prune Resources; Flux kustomize-controller: Prune (kustomize.toolkit.fluxcd.io/prune)',
    kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: standard
            provisioner: ebs.csi.aws.com
          `,
          CLAIM,
          CLAIM_POD,
        ),
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: standard
            provisioner: ebs.csi.aws.com
          `,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
              annotations:
                argocd.argoproj.io/sync-options: Prune=false
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
    },
  },
  {
    id: 'emptydir-database',
    severity: 'warning',
    group: 'data-safety',
    summary: 'A database image keeps its data directory on an emptyDir.',
    why:
      'An emptyDir is deleted with its pod: every rollout, eviction, node drain or reschedule starts the database ' +
      'empty. The plan knows the data directories of common images (postgres, mysql, mongo, redis, ...).',
    remediation: 'Mount a PersistentVolumeClaim there; in a StatefulSet, a volumeClaimTemplate per replica.',
    source: 'docs: Volumes, emptyDir ("the data in the emptyDir is deleted permanently")',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: db
          spec:
            selector:
              matchLabels:
                app: db
            template:
              metadata:
                labels:
                  app: db
              spec:
                containers:
                  - name: postgres
                    image: postgres:16
                    volumeMounts:
                      - name: data
                        mountPath: /var/lib/postgresql/data
                volumes:
                  - name: data
                    emptyDir: {}
        `,
      },
      passing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              serviceName: db
              selector:
                matchLabels:
                  app: db
              template:
                metadata:
                  labels:
                    app: db
                spec:
                  containers:
                    - name: postgres
                      image: postgres:16
                      volumeMounts:
                        - name: data
                          mountPath: /var/lib/postgresql/data
              volumeClaimTemplates:
                - metadata:
                    name: data
                  spec:
                    storageClassName: standard
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 20Gi
          `,
        ),
      },
    },
  },
  {
    id: 'emptydir-memory',
    severity: 'warning',
    group: 'data-safety',
    summary:
      'A Memory emptyDir without a sizeLimit, mounted by a container without a memory limit, or larger than that limit.',
    why:
      "A Memory emptyDir is tmpfs: what is written there counts against the writing container's memory limit. " +
      'Without a sizeLimit it grows until a writing container is OOM-killed or, with no memory limit, until the ' +
      'node runs short of memory and evicts pods.',
    remediation:
      "Set a sizeLimit below each mounting container's memory limit, and give those containers a memory limit.",
    source: 'docs: Volumes, emptyDir (medium: Memory); docs: Resource Management for Pods and Containers',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir:
                  medium: Memory
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                resources:
                  limits:
                    memory: 256Mi
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir:
                  medium: Memory
                  sizeLimit: 64Mi
        `,
      },
    },
  },
  {
    id: 'hostpath-multi-replica',
    severity: 'warning',
    group: 'data-safety',
    summary: 'A hostPath volume in a Deployment, ReplicaSet or StatefulSet with more than one replica.',
    why:
      'Each pod sees the directory of whichever node it lands on: replicas do not share data, and a pod ' +
      'rescheduled to another node finds a different (often empty) directory.',
    remediation: 'Use a PersistentVolumeClaim (ReadWriteMany to share), or a DaemonSet for per-node agents.',
    source:
      'docs: Volumes, hostPath ("Pods with identical configuration may behave differently on different nodes")',
    kinds: ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            replicas: 3
            selector:
              matchLabels:
                app: web
            template:
              metadata:
                labels:
                  app: web
              spec:
                containers:
                  - name: web
                    image: nginx:1.27
                    volumeMounts:
                      - name: content
                        mountPath: /usr/share/nginx/html
                volumes:
                  - name: content
                    hostPath:
                      path: /srv/web
                      type: Directory
        `,
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: shared
            provisioner: efs.csi.aws.com
            reclaimPolicy: Retain
          `,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: content
            spec:
              storageClassName: shared
              accessModes: [ReadWriteMany]
              resources:
                requests:
                  storage: 5Gi
          `,
          yaml`
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      volumeMounts:
                        - name: content
                          mountPath: /usr/share/nginx/html
                  volumes:
                    - name: content
                      persistentVolumeClaim:
                        claimName: content
          `,
        ),
      },
    },
  },

  // -------------------------------------------------------------------------------------------
  // Node exposure
  {
    id: 'hostpath-sensitive',
    severity: 'warning',
    group: 'node-exposure',
    summary:
      'A hostPath that exposes the node: its root, /etc, a container runtime socket, kubelet data, /proc, /sys, /dev.',
    why:
      'Whoever controls the pod controls the node: the runtime socket starts privileged containers, /var/lib/kubelet ' +
      "holds other pods' secrets, /etc holds node credentials. Read-only does not help for a socket, since connecting " +
      'to it is enough.',
    remediation:
      'Keep such mounts out of application pods, narrow the path to what the pod needs, and mount it readOnly: true where it is only read.',
    source:
      'docs: Volumes, hostPath (security warning); docs: Pod Security Standards, baseline (HostPath Volumes)',
    kinds: ['PersistentVolume', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            selector:
              matchLabels:
                app: agent
            template:
              metadata:
                labels:
                  app: agent
              spec:
                containers:
                  - name: agent
                    image: busybox:1.36
                    volumeMounts:
                      - name: runtime
                        mountPath: /var/run/docker.sock
                volumes:
                  - name: runtime
                    hostPath:
                      path: /var/run/docker.sock
                      type: Socket
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            selector:
              matchLabels:
                app: agent
            template:
              metadata:
                labels:
                  app: agent
              spec:
                containers:
                  - name: agent
                    image: busybox:1.36
                    volumeMounts:
                      - name: logs
                        mountPath: /host/log
                        readOnly: true
                volumes:
                  - name: logs
                    hostPath:
                      path: /var/log
                      type: Directory
        `,
      },
    },
  },

  // -------------------------------------------------------------------------------------------
  // Security
  {
    id: 'pod-security',
    severity: 'info',
    group: 'security',
    summary:
      'The Pod Security Standards level each workload meets, and the fields that keep it from the next one.',
    why:
      'A namespace labelled pod-security.kubernetes.io/enforce: restricted (or baseline) rejects pods below that ' +
      'level. Reported for every workload, so the level is visible before a namespace policy rejects the pod.',
    remediation:
      'To reach restricted: runAsNonRoot: true with an image that runs as non-root, allowPrivilegeEscalation: false, ' +
      'capabilities drop [ALL], seccompProfile RuntimeDefault, and no hostPath volumes.',
    source:
      'docs: Pod Security Standards; k8s.io/pod-security-admission/policy (checks at policy version 1.27)',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              runAsNonRoot: true
              runAsUser: 101
              seccompProfile:
                type: RuntimeDefault
            containers:
              - name: web
                image: nginxinc/nginx-unprivileged:1.27
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop: [ALL]
        `,
      },
      messageIncludes: 'not "restricted"',
    },
  },

  // -------------------------------------------------------------------------------------------
  // Kubernetes versions
  {
    ...declared(SCHEMA_RULES, API_VERSION_UNSERVED_RULE),
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1beta1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: ebs.csi.aws.com
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: ebs.csi.aws.com
        `,
      },
    },
  },
  {
    id: 'source-removed',
    severity: 'error',
    group: 'version',
    summary:
      'A volume source or provisioner whose in-tree plugin the target version no longer has, with no CSI migration.',
    why:
      'The kubelet has no plugin to mount it and the controller none to provision it: pods using it never start, ' +
      'claims of the class stay Pending. GlusterFS (removed in 1.26), flocker, quobyte and storageos (1.25) have no ' +
      'CSI migration.',
    remediation:
      'Move the data to a volume of a CSI driver for that storage, or to a source Kubernetes still has.',
    source: 'docs: Volumes (removed volume types); CHANGELOG-1.25, CHANGELOG-1.26',
    kinds: ['PersistentVolume', 'StorageClass', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: shared
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            glusterfs:
              endpoints: glusterfs-cluster
              path: shared
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: shared
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/shared
        `,
      },
    },
  },
  {
    id: 'source-migrated',
    severity: 'warning',
    group: 'version',
    summary:
      'An in-tree volume source or provisioner that works only through CSI migration in the target version.',
    why:
      'Its in-tree plugin is gone (e.g. awsElasticBlockStore and azureDisk from 1.27, gcePersistentDisk from 1.28); ' +
      'the kubelet and controllers hand it to the CSI driver (ebs.csi.aws.com, disk.csi.azure.com, ' +
      'pd.csi.storage.gke.io) only where that driver is installed. Without it, pods stay ContainerCreating and ' +
      'claims Pending. The plan cannot see which drivers the cluster runs.',
    remediation:
      'Name the CSI driver itself (a csi volume source, or the driver as the class provisioner), and install the driver.',
    // TODO(lead): wired by the version work in src/plan (RETIRED / version tables); check the severity it reports.
    source:
      'KEP-625 CSI migration; docs: Volumes (awsElasticBlockStore, azureDisk, gcePersistentDisk: CSI migration)',
    kinds: ['PersistentVolume', 'StorageClass', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: gp2
          provisioner: kubernetes.io/aws-ebs
          reclaimPolicy: Retain
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: gp2
          provisioner: ebs.csi.aws.com
          reclaimPolicy: Retain
        `,
      },
    },
  },
  {
    id: 'source-deprecated',
    severity: 'warning',
    group: 'version',
    summary:
      'A deprecated volume source or provisioner that the target version still has, or one it turns off by default.',
    why:
      'It works today and goes away in a later minor (cephfs and rbd were deprecated in 1.28 and removed in 1.31; ' +
      'gitRepo is off by default from 1.33 and removed in 1.36): an upgrade breaks the pods or classes that use it. ' +
      'Off by default (gitRepo 1.33-1.35, image volumes 1.31-1.34), it works only where the cluster turns its ' +
      'feature gate on, which the plan cannot see.',
    remediation:
      'Use the CSI driver the message names; for gitRepo, clone in an init container into an emptyDir the app mounts.',
    source:
      'src/k8s/volume-plugins.ts (each state with its source: pkg/api/pod/warnings.go, KEPs, CHANGELOGs); docs: Volumes',
    kinds: ['PersistentVolume', 'StorageClass', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: disk-1
          spec:
            capacity:
              storage: 100Gi
            accessModes: [ReadWriteOnce]
            cephfs:
              monitors: ['10.0.0.1:6789']
              path: /volumes/disk-1
        `,
        options: { kubernetesVersion: '1.30' },
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: disk-1
          spec:
            capacity:
              storage: 100Gi
            accessModes: [ReadWriteOnce]
            csi:
              driver: cephfs.csi.ceph.com
              volumeHandle: disk-1
        `,
        options: { kubernetesVersion: '1.30' },
      },
    },
  },
  {
    id: 'recycle-deprecated',
    severity: 'warning',
    group: 'version',
    summary: 'A PersistentVolume with persistentVolumeReclaimPolicy Recycle.',
    why:
      'Recycle is deprecated: after the claim is deleted, a scrubber pod runs rm -rf on the volume and offers it ' +
      'again, with no way to keep or inspect the data.',
    remediation: 'Use Retain and clean up yourself, or dynamic provisioning with reclaimPolicy Delete.',
    source: 'docs: Persistent Volumes, Reclaiming (Recycle, deprecated)',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Recycle
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Retain
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
    },
  },
  {
    id: 'field-gated',
    severity: 'warning',
    severities: ['warning', 'error'],
    group: 'version',
    summary: 'A field whose feature gate is off by default in the target Kubernetes version.',
    why:
      'The API server drops a field whose gate is disabled (or the kubelet ignores it), so the setting silently does ' +
      'not happen, e.g. volumeAttributesClassName before VolumeAttributesClass is enabled by default (GA in 1.34). ' +
      'Warning when the cluster may enable the gate; error when the target version cannot.',
    remediation:
      'Enable the feature gate on the cluster, target a version where it is on by default, or remove the field.',
    // TODO(lead): wired by the version work (feature-gate tables); confirm when it reports error rather than warning.
    source:
      'docs: Feature Gates (the gate table per minor); pkg/api/persistentvolumeclaim: DropDisabledFields',
    kinds: ['*'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              volumeAttributesClassName: gold
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
        options: { kubernetesVersion: '1.31' },
      },
      passing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              volumeAttributesClassName: gold
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
        options: { kubernetesVersion: '1.34' },
      },
    },
  },

  // -------------------------------------------------------------------------------------------
  // What an apply of a new version does (the change plan: options.previous)
  {
    ...declared(CHANGE_RULES, 'update-immutable'),
    examples: {
      failing: {
        previous: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Retain
          parameters:
            type: pd-balanced
        `,
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Retain
          parameters:
            type: pd-ssd
        `,
      },
      passing: {
        previous: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Retain
          parameters:
            type: pd-balanced
        `,
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
            labels:
              tier: gold
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Retain
          parameters:
            type: pd-balanced
        `,
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'claim-shrink'),
    examples: {
      failing: {
        previous: docs(EXPANDABLE, claimOf('20Gi')),
        manifests: docs(EXPANDABLE, claimOf('10Gi')),
      },
      passing: {
        previous: docs(EXPANDABLE, claimOf('20Gi')),
        manifests: docs(EXPANDABLE, claimOf('20Gi')),
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'claim-resize-unsupported'),
    examples: {
      failing: {
        previous: docs(CLASS, claimOf('10Gi', 'standard')),
        manifests: docs(CLASS, claimOf('20Gi', 'standard')),
      },
      passing: {
        previous: docs(EXPANDABLE, claimOf('10Gi')),
        manifests: docs(EXPANDABLE, claimOf('20Gi')),
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'delete-data-loss'),
    examples: {
      failing: {
        previous: docs(DELETING, claimOf('10Gi', 'deleting')),
        manifests: DELETING,
      },
      passing: {
        previous: docs(DELETING, claimOf('10Gi', 'deleting', true)),
        manifests: DELETING,
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'claim-renamed'),
    examples: {
      failing: {
        previous: docs(CLASS, claimOf('10Gi', 'standard', false, 'data'), deploymentMounting('data')),
        manifests: docs(CLASS, claimOf('10Gi', 'standard', false, 'data-v2'), deploymentMounting('data-v2')),
      },
      passing: {
        previous: docs(CLASS, claimOf('10Gi', 'standard', false, 'data'), deploymentMounting('data')),
        manifests: docs(CLASS, claimOf('10Gi', 'standard', false, 'data'), deploymentMounting('data')),
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'statefulset-scale-down-deletes'),
    examples: {
      failing: {
        previous: docs(DELETING, statefulSetOf(3, 'Delete')),
        manifests: docs(DELETING, statefulSetOf(1, 'Delete')),
      },
      passing: {
        previous: docs(DELETING, statefulSetOf(3, 'Retain')),
        manifests: docs(DELETING, statefulSetOf(1, 'Retain')),
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'reclaim-policy-to-delete'),
    examples: {
      failing: {
        previous: volumeWith('Retain'),
        manifests: volumeWith('Delete'),
      },
      passing: {
        previous: volumeWith('Retain'),
        manifests: volumeWith('Retain'),
      },
    },
  },
];

/**
 * What the plan reports on an example, as the CLI would: the YAML read (and the previous manifests,
 * for the change rules), then planned; the reading's findings first. The example test and
 * docs/rules.md both run examples through this one function.
 */
export function exampleFindings(example: RuleExample, source: string): Finding[] {
  const { parseManifestsText } = require('../plan/load') as typeof import('../plan/load');
  const { planStorage } = require('../plan/plan') as typeof import('../plan/plan');
  const loaded = parseManifestsText(example.manifests, source, example.load);
  const previous =
    example.previous === undefined
      ? undefined
      : parseManifestsText(example.previous, `previous/${source}`).manifests;
  const plan = planStorage(loaded.manifests, previous ? { ...example.options, previous } : example.options);
  return [...loaded.findings, ...plan.findings];
}

/** Every rule the plan reports, declared once; the registry refuses a duplicate id at load. */
export const RULES: readonly RuleEntry[] = ruleRegistry(RULE_ENTRIES);

const BY_ID: ReadonlyMap<string, RuleEntry> = new Map(RULES.map((r) => [r.id, r]));

/** The declaration of a rule id, or undefined for an id the catalogue does not know. */
export function ruleById(id: string): RuleEntry | undefined {
  return BY_ID.get(id);
}
