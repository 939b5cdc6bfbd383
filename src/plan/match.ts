/**
 * Whether one claim can bind to one volume: the PV controller's per-pair rules
 * (pkg/controller/volume/persistentvolume and component-helpers/storage/volume,
 * FindMatchingVolume / checkVolumeSatisfyClaim), over plain manifests. The binding
 * predictor (binding/) searches with these rules; the claim constructs call them at
 * construction, so a claim bound on purpose to a volume that cannot take it fails early.
 */
import { asArray, asRecord, asString, get, metadataName, metadataNamespace, stringMap } from './_manifest';
import { compareQuantities, describeBytes, parseQuantity, ParsedQuantity } from '../k8s/quantity';

/** The binding-relevant facts of a PersistentVolume. */
export interface VolumeFacts {
  readonly name: string;
  readonly capacity?: ParsedQuantity;
  readonly accessModes: readonly string[];
  /** `""` when the volume has no class. */
  readonly storageClassName: string;
  /** `Filesystem` when unset (the API server's default). */
  readonly volumeMode: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly claimRef?: { readonly name?: string; readonly namespace?: string; readonly uid?: string };
  /** spec.volumeAttributesClassName, `""` when unset (ptr.Deref(..., "") in FindMatchingVolume). */
  readonly attributesClass: string;
}

/** The binding-relevant facts of a PersistentVolumeClaim. */
export interface ClaimFacts {
  readonly namespace: string;
  readonly name: string;
  readonly request?: ParsedQuantity;
  readonly accessModes: readonly string[];
  /** `undefined` when unset (the default class applies at admission); `""` asks for class-less volumes. */
  readonly storageClassName?: string;
  readonly volumeMode: string;
  readonly selector?: LabelSelector;
  readonly volumeName?: string;
  /** `metadata.uid`, normally absent from manifests: the API server assigns it at creation. */
  readonly uid?: string;
  /** spec.volumeAttributesClassName, `""` when unset (ptr.Deref(..., "") in FindMatchingVolume). */
  readonly attributesClass: string;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/**
 * The deprecated class annotation still wins over spec.storageClassName in 1.27
 * (GetPersistentVolumeClass / GetPersistentVolumeClaimClass), for volumes and claims alike.
 */
const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function annotatedClass(metadata: unknown): string | undefined {
  const annotations = asRecord(get(metadata, 'annotations'));
  return annotations && Object.prototype.hasOwnProperty.call(annotations, BETA_CLASS_ANNOTATION)
    ? asString(annotations[BETA_CLASS_ANNOTATION])
    : undefined;
}

// The readers below take spec and metadata once (the binding predictor reads 100 000 objects), and
// then read each field in the order they always did.

export function readVolume(pv: unknown): VolumeFacts {
  const spec = get(pv, 'spec');
  const claimRef = asRecord(get(spec, 'claimRef'));
  const metadata = get(pv, 'metadata');
  return {
    name: metadataName(metadata),
    capacity: parseQuantity(get(spec, 'capacity', 'storage')),
    accessModes: asArray(get(spec, 'accessModes')).filter((m): m is string => typeof m === 'string'),
    storageClassName: annotatedClass(metadata) ?? asString(get(spec, 'storageClassName')) ?? '',
    volumeMode: asString(get(spec, 'volumeMode')) || 'Filesystem',
    labels: stringMap(get(metadata, 'labels')),
    claimRef: claimRef && {
      name: asString(claimRef.name),
      namespace: asString(claimRef.namespace),
      uid: asString(claimRef.uid),
    },
    attributesClass: asString(get(spec, 'volumeAttributesClassName')) ?? '',
  };
}

/** Reads a claim; `namespace` overrides the manifest's (StatefulSet claim templates take the set's). */
export function readClaim(pvc: unknown, namespace?: string): ClaimFacts {
  const spec = get(pvc, 'spec');
  const selector = asRecord(get(spec, 'selector'));
  const metadata = get(pvc, 'metadata');
  return {
    namespace: namespace ?? metadataNamespace(metadata),
    name: metadataName(metadata),
    request: parseQuantity(get(spec, 'resources', 'requests', 'storage')),
    accessModes: asArray(get(spec, 'accessModes')).filter((m): m is string => typeof m === 'string'),
    storageClassName: annotatedClass(metadata) ?? asString(get(spec, 'storageClassName')),
    volumeMode: asString(get(spec, 'volumeMode')) || 'Filesystem',
    selector: selector && {
      matchLabels: stringMap(selector.matchLabels),
      matchExpressions: asArray(selector.matchExpressions).map((e) => ({
        key: asString(get(e, 'key')) ?? '',
        operator: asString(get(e, 'operator')) ?? '',
        values: asArray(get(e, 'values')).filter((v): v is string => typeof v === 'string'),
      })),
    },
    volumeName: asString(get(spec, 'volumeName')) || undefined,
    uid: asString(get(metadata, 'uid')) || undefined,
    attributesClass: asString(get(spec, 'volumeAttributesClassName')) ?? '',
  };
}

// Label keys and values as metav1.LabelSelectorAsSelector validates them (labels.NewRequirement).
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `key "${key}" has an invalid prefix (a DNS subdomain is expected)`;
  }
  if (name.length > 63 || !LABEL_NAME.test(name)) return `key "${key}" is not a valid label key`;
  return undefined;
}

function labelValueProblem(value: string): string | undefined {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value))
    ? undefined
    : `value "${value}" is not a valid label value`;
}

const SELECTOR_PROBLEMS = new WeakMap<LabelSelector, string | null>();

/**
 * Why metav1.LabelSelectorAsSelector would reject this selector, or undefined if it is valid.
 * The controller cannot match a claim whose selector does not convert, so such a selector
 * matches nothing (and the API server rejects it at creation).
 */
export function selectorProblem(selector: LabelSelector): string | undefined {
  const cached = SELECTOR_PROBLEMS.get(selector);
  if (cached !== undefined) return cached ?? undefined;
  const problem = computeSelectorProblem(selector);
  SELECTOR_PROBLEMS.set(selector, problem ?? null);
  return problem;
}

function computeSelectorProblem(selector: LabelSelector): string | undefined {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    const p = labelKeyProblem(k) ?? labelValueProblem(v);
    if (p) return `matchLabels ${p}`;
  }
  for (const e of selector.matchExpressions ?? []) {
    const p = labelKeyProblem(e.key);
    if (p) return `matchExpressions ${p}`;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          return `matchExpressions operator ${e.operator} on "${e.key}" needs at least one value`;
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return `matchExpressions operator ${e.operator} on "${e.key}" takes no values`;
        break;
      default:
        return `matchExpressions operator "${e.operator}" is not one of In, NotIn, Exists, DoesNotExist`;
    }
    for (const v of values) {
      const vp = labelValueProblem(v);
      if (vp) return `matchExpressions ${vp}`;
    }
  }
  return undefined;
}

/**
 * Label selector semantics of metav1.LabelSelectorAsSelector: every term must hold; an empty
 * selector matches everything; an invalid one (see {@link selectorProblem}) matches nothing.
 */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (selectorProblem(selector) !== undefined) return false;
  // Called for every candidate volume of a selector search: no closure or entry pairs per call.
  const matchLabels = selector.matchLabels;
  if (matchLabels) {
    for (const k of Object.keys(matchLabels)) {
      if (!hasOwn(labels, k) || labels[k] !== matchLabels[k]) return false;
    }
  }
  for (const e of selector.matchExpressions ?? []) {
    const present = hasOwn(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!present || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

function hasOwn(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/** True if the volume offers every access mode the claim asks for. */
export function accessModesSatisfied(claim: ClaimFacts, volume: VolumeFacts): boolean {
  return claim.accessModes.every((m) => volume.accessModes.includes(m));
}

/**
 * True if the volume's claimRef reserves it for this claim (IsVolumeBoundToClaim): name and
 * namespace must both be equal, so a claimRef without a namespace matches no claim at all; a
 * claimRef uid must equal the claim's, which only an existing claim can have.
 */
export function isPrebound(volume: VolumeFacts, claim: ClaimFacts): boolean {
  const ref = volume.claimRef;
  return (
    !!ref &&
    ref.name === claim.name &&
    ref.namespace === claim.namespace &&
    (!ref.uid || ref.uid === claim.uid)
  );
}

/** Which checks to apply: a claim naming its volume skips the selector, as the controller does. */
export interface MatchOptions {
  /** The class the claim really asks for: its own, or the default class when unset. */
  readonly claimClass: string;
  /** Check the claim's label selector (not for a claim that names its volume). */
  readonly checkSelector: boolean;
  /**
   * Compare sizes rounded up to whole bytes (Quantity.Value()), as checkVolumeSatisfyClaim does
   * for a claim that names its volume; the search compares exactly (Quantity.Cmp).
   * @default false
   */
  readonly wholeBytes?: boolean;
  /**
   * Compare spec.volumeAttributesClassName: where the VolumeAttributesClass gate is on, the
   * controller's search (FindMatchingVolume in component-helpers/storage/volume/pv_helpers.go:
   * `vacEnabled && claimVAC != volumeVAC`, unset read as "") and checkVolumeSatisfyClaim for a claim
   * naming its volume ("volumeAttributesClassName does not match") take only a volume of the same
   * attributes class, none matching none; a volume reserved for the claim is no exception. Where the
   * gate is off the API server drops the field from both objects on create (DropDisabledSpecFields),
   * so there is nothing to compare.
   * @default false
   */
  readonly checkAttributesClass?: boolean;
}

/**
 * Every reason this volume cannot satisfy this claim, in plain words; empty if it can.
 * Ignores claimRef (the predictor decides reservations) and phase (offline, all are Available).
 */
export function mismatches(claim: ClaimFacts, volume: VolumeFacts, options: MatchOptions): string[] {
  const out: string[] = [];
  if (!volume.capacity) {
    out.push('the volume has no readable spec.capacity.storage');
  } else if (claim.request && capacityTooSmall(volume.capacity, claim.request, options.wholeBytes ?? false)) {
    out.push(
      `its capacity ${describeBytes(volume.capacity)} is smaller than the request ${describeBytes(claim.request)}`,
    );
  }
  if (!accessModesSatisfied(claim, volume)) {
    out.push(
      `its access modes [${volume.accessModes.join(', ')}] do not include all of the requested [${claim.accessModes.join(', ')}]`,
    );
  }
  if (volume.storageClassName !== options.claimClass) {
    out.push(
      `its class ${describeClass(volume.storageClassName)} is not the claim's ${describeClass(options.claimClass)}`,
    );
  }
  if (volume.volumeMode !== claim.volumeMode) {
    out.push(`its volumeMode ${volume.volumeMode} is not the claim's ${claim.volumeMode}`);
  }
  if (options.checkAttributesClass && volume.attributesClass !== claim.attributesClass) {
    out.push(
      `its volumeAttributesClassName ${describeAttributesClass(volume.attributesClass)} is not the claim's ` +
        describeAttributesClass(claim.attributesClass),
    );
  }
  if (options.checkSelector && claim.selector && !selectorMatches(claim.selector, volume.labels)) {
    out.push(`its labels ${describeLabels(volume.labels)} do not match the claim's selector`);
  }
  return out;
}

/** True if the capacity is below the request, exactly or in whole bytes (rounded up, away from zero). */
export function capacityTooSmall(
  capacity: ParsedQuantity,
  request: ParsedQuantity,
  wholeBytes: boolean,
): boolean {
  if (!wholeBytes) return compareQuantities(capacity, request) < 0;
  return wholeUnits(capacity.nanos) < wholeUnits(request.nanos);
}

function wholeUnits(nanos: bigint): bigint {
  const unit = 1_000_000_000n;
  const q = nanos / unit;
  return nanos % unit === 0n ? q : nanos > 0n ? q + 1n : q - 1n;
}

export function describeClass(name: string): string {
  return name === '' ? '"" (no class)' : `"${name}"`;
}

/** An attributes class as messages name it; unset and "" are the same to the controller. */
export function describeAttributesClass(name: string): string {
  return name === '' ? '(none)' : `"${name}"`;
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}
