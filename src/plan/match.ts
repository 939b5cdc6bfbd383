/**
 * Whether one claim can bind to one volume: the PV controller's per-pair rules
 * (pkg/controller/volume/persistentvolume and component-helpers/storage/volume,
 * FindMatchingVolume / checkVolumeSatisfyClaim), over plain manifests. The binding
 * predictor (binding.ts) searches with these rules; the claim constructs call them at
 * construction, so a claim bound on purpose to a volume that cannot take it fails early.
 */
import { asArray, asRecord, asString, get, nameOf, namespaceOf, stringMap } from './_manifest';
import { compareQuantities, describeBytes, parseQuantity, ParsedQuantity } from './quantity';

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

export function readVolume(pv: unknown): VolumeFacts {
  const claimRef = asRecord(get(pv, 'spec', 'claimRef'));
  return {
    name: nameOf(pv),
    capacity: parseQuantity(get(pv, 'spec', 'capacity', 'storage')),
    accessModes: asArray(get(pv, 'spec', 'accessModes')).filter((m): m is string => typeof m === 'string'),
    storageClassName: asString(get(pv, 'spec', 'storageClassName')) ?? '',
    volumeMode: asString(get(pv, 'spec', 'volumeMode')) || 'Filesystem',
    labels: stringMap(get(pv, 'metadata', 'labels')),
    claimRef: claimRef && {
      name: asString(claimRef.name),
      namespace: asString(claimRef.namespace),
      uid: asString(claimRef.uid),
    },
  };
}

/** Reads a claim; `namespace` overrides the manifest's (StatefulSet claim templates take the set's). */
export function readClaim(pvc: unknown, namespace?: string): ClaimFacts {
  const selector = asRecord(get(pvc, 'spec', 'selector'));
  return {
    namespace: namespace ?? namespaceOf(pvc),
    name: nameOf(pvc),
    request: parseQuantity(get(pvc, 'spec', 'resources', 'requests', 'storage')),
    accessModes: asArray(get(pvc, 'spec', 'accessModes')).filter((m): m is string => typeof m === 'string'),
    storageClassName: asString(get(pvc, 'spec', 'storageClassName')),
    volumeMode: asString(get(pvc, 'spec', 'volumeMode')) || 'Filesystem',
    selector: selector && {
      matchLabels: stringMap(selector.matchLabels),
      matchExpressions: asArray(selector.matchExpressions).map((e) => ({
        key: asString(get(e, 'key')) ?? '',
        operator: asString(get(e, 'operator')) ?? '',
        values: asArray(get(e, 'values')).filter((v): v is string => typeof v === 'string'),
      })),
    },
    volumeName: asString(get(pvc, 'spec', 'volumeName')) || undefined,
  };
}

/** Label selector semantics of metav1.LabelSelectorAsSelector: every term must hold. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // an unknown operator makes the selector invalid: it matches nothing
    }
  }
  return true;
}

/** True if the volume offers every access mode the claim asks for. */
export function accessModesSatisfied(claim: ClaimFacts, volume: VolumeFacts): boolean {
  return claim.accessModes.every((m) => volume.accessModes.includes(m));
}

/** True if the volume's claimRef names this claim (the uid is not known offline). */
export function isPrebound(volume: VolumeFacts, claim: ClaimFacts): boolean {
  return (
    !!volume.claimRef &&
    volume.claimRef.name === claim.name &&
    (volume.claimRef.namespace || 'default') === claim.namespace
  );
}

/** Which checks to apply: a claim naming its volume skips the selector, as the controller does. */
export interface MatchOptions {
  /** The class the claim really asks for: its own, or the default class when unset. */
  readonly claimClass: string;
  /** Check the claim's label selector (not for a claim that names its volume). */
  readonly checkSelector: boolean;
}

/**
 * Every reason this volume cannot satisfy this claim, in plain words; empty if it can.
 * Ignores claimRef (the predictor decides reservations) and phase (offline, all are Available).
 */
export function mismatches(claim: ClaimFacts, volume: VolumeFacts, options: MatchOptions): string[] {
  const out: string[] = [];
  if (!volume.capacity) {
    out.push('the volume has no readable spec.capacity.storage');
  } else if (claim.request && compareQuantities(volume.capacity, claim.request) < 0) {
    out.push(`its capacity ${describeBytes(volume.capacity)} is smaller than the request ${describeBytes(claim.request)}`);
  }
  if (!accessModesSatisfied(claim, volume)) {
    out.push(
      `its access modes [${volume.accessModes.join(', ')}] do not include all of the requested [${claim.accessModes.join(', ')}]`,
    );
  }
  if (volume.storageClassName !== options.claimClass) {
    out.push(`its class ${describeClass(volume.storageClassName)} is not the claim's ${describeClass(options.claimClass)}`);
  }
  if (volume.volumeMode !== claim.volumeMode) {
    out.push(`its volumeMode ${volume.volumeMode} is not the claim's ${claim.volumeMode}`);
  }
  if (options.checkSelector && claim.selector && !selectorMatches(claim.selector, volume.labels)) {
    out.push(`its labels ${describeLabels(volume.labels)} do not match the claim's selector`);
  }
  return out;
}

export function describeClass(name: string): string {
  return name === '' ? '"" (no class)' : `"${name}"`;
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}
