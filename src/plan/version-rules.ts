/**
 * What the target Kubernetes minor does with the volume sources, provisioners and gated fields of
 * the manifests, from the version tables of src/k8s (volume-plugins.ts, feature-gates.ts):
 * - `source-removed` (error): an in-tree plugin with no CSI migration is gone, so its volumes never
 *   mount and its class never provisions. The API server still accepts the object (the fields stay
 *   in core/v1); the kubelet ("no volume plugin matched") or the PV controller fails later.
 * - `source-migrated` (warning): the in-tree code is gone or off, and the volume works only through
 *   CSI migration, where the named CSI driver is installed: the plan cannot see the drivers.
 * - `source-deprecated` (warning): still works, on its way out; or off by default behind a gate.
 * - `field-gated` (warning): a field whose feature gate is off by default in that minor: the API
 *   server drops or rejects it unless the cluster turns the gate on (which the plan cannot see).
 * One finding per field; never throws.
 */
import { GatedField, gateEnabledByDefault, gatedFields, gateState } from '../k8s/feature-gates';
import { provisionerState, volumePluginState, VolumePluginState } from '../k8s/volume-plugins';
import { dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem } from '../k8s/names';
import { KubernetesVersion } from '../k8s/versions';
import { asArray, asRecord, asString, FindingSink, get, Json, ManifestIndex, PodTemplate } from './_manifest';
import { Finding } from './types';
import { POD_VOLUME_SOURCES, PV_SOURCES, volumeSourcesOf } from './validate';

/** Gated fields this module leaves to the source rules (a volume source's state already says it) or to the change plan. */
const SOURCE_FIELDS = new Set(['spec.volumes[*].image', 'spec.volumes[*].gitRepo']);

/** The version findings of every readable manifest. */
export function versionFindings(index: ManifestIndex, version: KubernetesVersion): Finding[] {
  const findings: Finding[] = [];
  const states = new StateCache(version);
  const gatedByKind = gatedFieldsByKind(version);
  const attributesClassesOn = gateEnabledByDefault('VolumeAttributesClass', version) === true;
  const relaxed = gateState('RelaxedServiceNameValidation', version);
  const serviceNames = {
    state: relaxed?.enabledByDefault ? 'on' : relaxed && relaxed.state !== 'absent' ? 'gate-off' : 'absent',
  } as const;
  for (const e of index.entries) {
    if (e.problem || e.unread) continue;
    const m = e.manifest as Json;
    const out = new FindingSink(e.ref, findings);
    try {
      if (e.kind === 'PersistentVolume') {
        for (const key of volumeSourcesOf(get(m, 'spec'), PV_SOURCES))
          sourceFinding(out, states.source(key), key, `spec.${key}`, version);
      } else if (e.kind === 'StorageClass') {
        const provisioner = asString(m.provisioner);
        if (provisioner) provisionerFinding(out, states.provisioner(provisioner), provisioner, version);
      } else if (e.template) {
        const at = e.template.path;
        asArray(e.template.spec.volumes).forEach((v, i) => {
          for (const key of volumeSourcesOf(v, POD_VOLUME_SOURCES))
            sourceFinding(out, states.source(key), key, `${at}.volumes[${i}].${key}`, version);
        });
      }
      const gated = gatedByKind.get(e.kind);
      if (gated) for (const g of gated) gatedFieldFindings(out, m, e.template, g, version);
      if (e.kind === 'PersistentVolume' || e.kind === 'PersistentVolumeClaim') {
        if (attributesClassesOn) attributesClassName(out, e.kind, m);
      } else if (e.kind === 'Service' && serviceNames.state !== 'on') {
        serviceName(out, e.name, serviceNames.state === 'gate-off', version);
      }
    } catch {
      // a getter or Proxy handed in by code: validate's guard reports the object
    }
  }
  return findings;
}

/**
 * spec.volumeAttributesClassName as the API server validates it where the VolumeAttributesClass
 * gate is on (by default from 1.34; before, DropDisabledFields clears the field on create and
 * `field-gated` says so): ValidatePersistentVolumeSpec refuses an empty name, a name that is not
 * a DNS subdomain (ValidateClassName), and a volume whose source is not `csi`;
 * ValidatePersistentVolumeClaimSpec checks a non-empty name (an empty one asks for no class).
 */
function attributesClassName(out: FindingSink, kind: string, m: Json): void {
  const spec = asRecord(m.spec);
  if (!spec || !('volumeAttributesClassName' in spec)) return;
  const name = spec.volumeAttributesClassName;
  if (name === undefined || name === null || typeof name !== 'string') return; // validate reports the type
  const field = 'spec.volumeAttributesClassName';
  if (name === '') {
    if (kind === 'PersistentVolume')
      out.error(
        'required-field',
        field,
        'a PersistentVolume\'s volumeAttributesClassName is ""; an empty string is disallowed: name a VolumeAttributesClass or leave the field out',
      );
  } else {
    const problem = dnsSubdomainProblem(name);
    if (problem) out.error('name-invalid', field, `volumeAttributesClassName ${problem}`);
  }
  if (kind === 'PersistentVolume' && spec.csi === undefined) {
    const sources = volumeSourcesOf(spec, PV_SOURCES);
    out.error(
      'required-field',
      'spec.csi',
      `a PersistentVolume with volumeAttributesClassName ${JSON.stringify(name)} needs a csi source (it has ${sources.length ? sources.join(', ') : 'none'}): volume attributes classes are applied by CSI drivers only`,
    );
  }
}

/**
 * A Service name where RelaxedServiceNameValidation is not on by default (before 1.36): the API
 * server's ValidateServiceName is NameIsDNS1035Label, so a name starting with a digit is refused
 * (validate.ts checks the DNS-1123 label every version asks for). Where the gate exists but is off
 * (alpha, 1.34 and 1.35), a cluster may turn it on: a warning naming it.
 */
function serviceName(
  out: FindingSink,
  name: string | undefined,
  gateExists: boolean,
  version: KubernetesVersion,
): void {
  if (name === undefined || dnsLabelProblem(name) !== undefined) return; // validate.ts reports it
  const problem = dns1035LabelProblem(name);
  if (!problem) return;
  const message = `Service name ${problem}: Kubernetes ${version} validates Service names as DNS-1035 labels (ValidateServiceName)`;
  if (gateExists)
    out.warning(
      'name-invalid',
      'metadata.name',
      `${message} unless the cluster turns on the feature gate RelaxedServiceNameValidation (alpha, off by default; on by default from 1.36)`,
    );
  else
    out.error(
      'name-invalid',
      'metadata.name',
      `${message}; from 1.36 (RelaxedServiceNameValidation) a DNS-1123 label is enough`,
    );
}

/**
 * The gated fields this module reports for each kind in one version, sorted out once per version:
 * the tables are constant, and the constructs' self-check calls this module once per construct.
 */
const gatedByVersion = new Map<KubernetesVersion, ReadonlyMap<string, CompiledGatedField[]>>();

function gatedFieldsByKind(version: KubernetesVersion): ReadonlyMap<string, CompiledGatedField[]> {
  const cached = gatedByVersion.get(version);
  if (cached) return cached;
  const gatedByKind = new Map<string, CompiledGatedField[]>();
  for (const g of gatedFields()) {
    if (
      g.whenOff === 'update-rejected' ||
      SOURCE_FIELDS.has(g.path) ||
      gateEnabledByDefault(g.gate, version) !== false ||
      // A field that also needs another gate which is off is dropped for that one: its own entry says so.
      (g.requires !== undefined && gateEnabledByDefault(g.requires, version) !== true) ||
      // A gate that does not exist yet in this version: nor does the field, and the schema says so.
      gateState(g.gate, version)?.state === 'absent'
    )
      continue;
    const compiled = compile(g);
    for (const k of g.kinds) {
      const list = gatedByKind.get(k);
      if (list) list.push(compiled);
      else gatedByKind.set(k, [compiled]);
    }
  }
  gatedByVersion.set(version, gatedByKind);
  return gatedByKind;
}

/** The states of sources and provisioners in one version, each looked up once (manifests repeat a few). */
class StateCache {
  private readonly sources = new Map<string, VolumePluginState | undefined>();
  private readonly provisioners = new Map<string, VolumePluginState | undefined>();
  constructor(private readonly version: KubernetesVersion) {}
  source(key: string): VolumePluginState | undefined {
    if (!this.sources.has(key)) this.sources.set(key, volumePluginState(key, this.version));
    return this.sources.get(key);
  }
  provisioner(name: string): VolumePluginState | undefined {
    if (!this.provisioners.has(name)) this.provisioners.set(name, provisionerState(name, this.version));
    return this.provisioners.get(name);
  }
}

function sourceFinding(
  out: FindingSink,
  s: VolumePluginState | undefined,
  key: string,
  field: string,
  version: KubernetesVersion,
): void {
  if (!s) return;
  const text = stateText(key, `volume source ${key}`, s, version);
  if (text) out.add(text.severity, text.rule, field, text.message);
}

function provisionerFinding(
  out: FindingSink,
  s: VolumePluginState | undefined,
  provisioner: string,
  version: KubernetesVersion,
): void {
  if (!s) return; // an external provisioner: the plan knows nothing of it
  const text = stateText(provisioner, `provisioner "${provisioner}"`, s, version);
  if (text) out.add(text.severity, text.rule, 'provisioner', text.message);
}

/** What to use instead of a removed source, where it is not a CSI driver. */
const INSTEAD: Readonly<Record<string, string>> = {
  gitRepo: 'Clone in an init container into an emptyDir instead (GitClonePod and GitRepoVolume do it)',
};

/** The finding for a source or provisioner in a state, or undefined for one that works. */
function stateText(
  key: string,
  what: string,
  s: VolumePluginState,
  version: KubernetesVersion,
): { severity: 'error' | 'warning'; rule: string; message: string } | undefined {
  const note = s.note ? `: ${s.note.replace(/\.$/, '')}` : '';
  switch (s.state) {
    case 'removed': {
      const since = s.since === version ? '' : ` (since ${s.since})`;
      const instead = INSTEAD[key];
      // A CSI-backed storage has a driver to move to; a source with another way out says it.
      const effect = instead
        ? ''
        : ', with no CSI migration: the API server accepts the object, but nothing mounts or provisions it';
      return {
        severity: 'error',
        rule: 'source-removed',
        message: `${what} is removed in Kubernetes ${version}${since}${effect}${note}. ${instead ?? 'Use a CSI driver for this storage'}`,
      };
    }
    case 'migrated': {
      const driver = s.csiDriver ? `the CSI driver ${s.csiDriver}` : 'its CSI driver';
      return {
        severity: 'warning',
        rule: 'source-migrated',
        message: `${what} is served only through CSI migration in Kubernetes ${version} (since ${s.since}): it works only where ${driver} is installed, which the plan cannot see; use ${driver} directly`,
      };
    }
    case 'deprecated':
      return {
        severity: 'warning',
        rule: 'source-deprecated',
        message: `${what} is deprecated (since ${s.since})${note}`,
      };
    case 'disabled':
      return {
        severity: 'warning',
        rule: 'source-deprecated',
        message: `${what} is off by default in Kubernetes ${version}${s.gate ? ` (feature gate ${s.gate})` : ''}${note}. It works only where the cluster turns ${s.gate ? 'the gate' : 'it'} on, which the plan cannot see`,
      };
    default:
      return undefined;
  }
}

/** Every place of a gated field in a manifest (pod fields under the workload's pod template). */
function gatedFieldFindings(
  out: FindingSink,
  m: Json,
  template: PodTemplate | undefined,
  c: CompiledGatedField,
  version: KubernetesVersion,
): void {
  const g = c.field;
  let root: unknown = m;
  let prefix = '';
  if (c.podField) {
    if (!template) return;
    root = template.spec;
    prefix = template.path;
  }
  // Nearly every manifest lacks the field: settle that before building anything.
  const first = asRecord(root)?.[c.keys[0]];
  if (first === undefined || first === null) return;
  for (const [at, value] of walk(root, c, prefix)) {
    if (g.value !== undefined && value !== g.value) continue;
    const state = gateState(g.gate, version);
    const what =
      g.whenOff === 'rejected'
        ? 'rejects the object'
        : g.whenOff === 'dropped'
          ? 'drops the field'
          : 'accepts it, but it does not work';
    out.warning(
      'field-gated',
      at,
      `${at} needs the feature gate ${g.gate}, which Kubernetes ${version} leaves off by default (${state?.state ?? 'off'}): unless the cluster turns it on, the API server ${what}: ${g.detail}`,
    );
  }
}

/**
 * A gated field's path cut into steps once: a pod field is read under the workload's pod spec
 * (the path without its `spec.`), and a `[*]` step is a list.
 */
interface CompiledGatedField {
  readonly field: GatedField;
  readonly podField: boolean;
  readonly keys: readonly string[];
  readonly lists: readonly boolean[];
}

function compile(g: GatedField): CompiledGatedField {
  const podField = g.path.startsWith('spec.') && g.kinds.includes('Pod');
  const steps = (podField ? g.path.slice('spec.'.length) : g.path).split('.');
  const lists = steps.map((s) => s.endsWith('[*]'));
  return { field: g, podField, keys: steps.map((s, k) => (lists[k] ? s.slice(0, -3) : s)), lists };
}

/**
 * The values at a gated field's path, with the concrete path of each, in document order. The path
 * text is built only for the values found.
 */
function walk(root: unknown, c: CompiledGatedField, prefix: string): Array<[string, unknown]> {
  const { keys, lists } = c;
  const out: Array<[string, unknown]> = [];
  const indexes: number[] = new Array<number>(keys.length).fill(0);
  const pathOf = (): string => {
    let at = prefix;
    for (let k = 0; k < keys.length; k++) {
      at = at ? `${at}.${keys[k]}` : keys[k];
      if (lists[k]) at = `${at}[${indexes[k]}]`;
    }
    return at;
  };
  const visit = (value: unknown, k: number): void => {
    if (k === keys.length) {
      out.push([pathOf(), value]);
      return;
    }
    const child = asRecord(value)?.[keys[k]];
    if (child === undefined || child === null) return;
    if (!lists[k]) {
      visit(child, k + 1);
      return;
    }
    asArray(child).forEach((item, i) => {
      if (item === undefined || item === null) return;
      indexes[k] = i;
      visit(item, k + 1);
    });
  };
  visit(root, 0);
  return out;
}
