/** The rules of the group Input: reading manifests (YAML, documents, files), with their examples. */
import { yaml, CLASS, CLAIM, CLAIM_POD, docs } from './_examples';
import type { RuleEntry } from './rule';

export const INPUT_RULES: RuleEntry[] = [
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
];
