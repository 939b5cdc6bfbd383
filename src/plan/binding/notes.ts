/**
 * After binding: notes on data sources and ephemeral claims, the CSI external-provisioner's
 * VolumeAttributesClass check (prepareProvision), and one finding per cause for a StatefulSet's replicas.
 */
import { asArray, asRecord, asString, get, ManifestIndex } from '../_manifest';
import { namedLikeCsiDriver } from '../../k8s/volume-plugins';
import { gateEnabledByDefault } from '../../k8s/feature-gates';
import { EphemeralClaim, ephemeralNote } from '../ephemeral';
import { KubernetesVersion } from '../../k8s/versions';
import { Finding } from '../types';
import { Claim, Context } from './model';
import { messageFor } from './text';
import { readSafely } from './read';

/**
 * Claims made from data (spec.dataSourceRef, else spec.dataSource): the reason says where a new
 * volume's data comes from, and that a claim binding an existing volume gets no restore or clone
 * (FindMatchingVolume does not read the data source; src/plan/snapshot.ts warns of it).
 */
export function noteDataSources(
  index: ManifestIndex,
  claims: Claim[],
  ephemeral: readonly EphemeralClaim[],
): void {
  const sources = new Map<string, string>(); // `${object}|${fieldPrefix}` -> "VolumeSnapshot snap"
  const describe = (spec: unknown): string | undefined => {
    const ref = asRecord(get(spec, 'dataSourceRef')) ?? asRecord(get(spec, 'dataSource'));
    const kind = asString(ref?.kind);
    const name = asString(ref?.name);
    return kind && name ? `${kind} ${name}` : undefined;
  };
  for (const e of index.claimSources) {
    if (e.unread || e.problem) continue;
    readSafely(() => {
      if (e.kind === 'PersistentVolumeClaim') {
        const d = describe(get(e.manifest, 'spec'));
        if (d) sources.set(`${e.ref}|`, d);
      } else if (e.kind === 'StatefulSet') {
        asArray(get(e.manifest, 'spec', 'volumeClaimTemplates')).forEach((t, i) => {
          const d = describe(get(t, 'spec'));
          if (d) sources.set(`${e.ref}|spec.volumeClaimTemplates[${i}].`, d);
        });
      }
    });
  }
  for (const ec of ephemeral) {
    readSafely(() => {
      const d = describe(get(ec.template, 'spec'));
      if (d) sources.set(`${ec.object}|${ec.fieldPrefix}`, d);
    });
  }
  if (sources.size === 0) return;
  for (const c of claims) {
    const d = sources.get(`${c.object}|${c.fieldPrefix}`);
    const p = c.plan;
    if (!d || !p || p.outcome === 'pending') continue;
    const note =
      p.volume !== undefined
        ? ` Its data source (${d}) is not used: a claim that binds an existing volume is neither restored nor cloned.`
        : ` The new volume starts with the data of ${d} (the CSI provisioner restores or clones it).`;
    c.plan = { ...p, reason: p.reason + note };
  }
}

/** Generic ephemeral claims: the reason says whose claim it is and that it goes with the pod. */
export function noteEphemeral(claims: Claim[], ephemeral: readonly EphemeralClaim[]): void {
  if (ephemeral.length === 0) return;
  // By claim and place: a StatefulSet's replicas share the place, and a PVC manifest may share the name.
  const byClaim = new Map<string, EphemeralClaim>();
  for (const ec of ephemeral) byClaim.set(`${ec.namespace}\0${ec.name}|${ec.object}|${ec.fieldPrefix}`, ec);
  for (const c of claims) {
    const ec = c.plan && byClaim.get(`${c.key}|${c.object}|${c.fieldPrefix}`);
    if (ec && c.plan) c.plan = { ...c.plan, reason: c.plan.reason + ephemeralNote(ec) };
  }
}

/**
 * spec.volumeAttributesClassName of the claims a class provisions. The CSI external-provisioner
 * reads the VolumeAttributesClass before CreateVolume (prepareProvision in
 * kubernetes-csi/external-provisioner pkg/controller/controller.go): a class it cannot get leaves the
 * claim Pending (ProvisioningNoChange, retried), and one whose driverName is not the provisioner's
 * fails it ("VAC <name> referenced in PVC is for driver <d> which does not match driver name <p>").
 * Judged only where the VolumeAttributesClass gate is on by default (1.34+): before, the API server
 * drops the field on create (version-rules.ts warns of that).
 */
export function checkAttributesClasses(
  index: ManifestIndex,
  ctx: Context,
  claims: Claim[],
  ephemeral: readonly EphemeralClaim[],
  version: KubernetesVersion,
): void {
  if (!gateEnabledByDefault('VolumeAttributesClass', version)) return;
  const named = new Map<string, string>(); // `${object}|${fieldPrefix}` -> class name
  const note = (place: string, spec: unknown): void => {
    const n = asString(get(spec, 'volumeAttributesClassName'));
    if (n) named.set(place, n);
  };
  for (const e of index.claimSources) {
    if (e.unread || e.problem) continue;
    readSafely(() => {
      if (e.kind === 'PersistentVolumeClaim') note(`${e.ref}|`, get(e.manifest, 'spec'));
      else if (e.kind === 'StatefulSet')
        asArray(get(e.manifest, 'spec', 'volumeClaimTemplates')).forEach((t, i) =>
          note(`${e.ref}|spec.volumeClaimTemplates[${i}].`, get(t, 'spec')),
        );
    });
  }
  for (const ec of ephemeral)
    readSafely(() => note(`${ec.object}|${ec.fieldPrefix}`, get(ec.template, 'spec')));
  if (named.size === 0) return;
  // The classes' drivers: the manifests', and the cluster's (options.cluster) unless the manifests define the name.
  const drivers = new Map<string, string>();
  const addClass = (m: unknown): void =>
    readSafely(() => {
      const name = asString(get(m, 'metadata', 'name'));
      if (get(m, 'kind') === 'VolumeAttributesClass' && name && !drivers.has(name))
        drivers.set(name, asString(get(m, 'driverName')) ?? '');
    });
  // CSIDriver objects: evidence that a provisioner is a CSI driver (see namedLikeCsiDriver).
  const csiDrivers = new Set<string>();
  const addCsiDriver = (m: unknown): void =>
    readSafely(() => {
      const name = asString(get(m, 'metadata', 'name'));
      if (get(m, 'kind') === 'CSIDriver' && name) csiDrivers.add(name);
    });
  for (const e of index.entries) {
    if (e.unread || e.kind === 'VolumeAttributesClass') addClass(e.manifest);
    if (e.unread || e.kind === 'CSIDriver') addCsiDriver(e.manifest);
  }
  readSafely(() => {
    for (const m of asArray(ctx.options.cluster)) {
      addClass(m);
      addCsiDriver(m);
      for (const item of asArray(get(m, 'items'))) {
        addClass(item);
        addCsiDriver(item);
      }
    }
  });
  for (const c of claims) {
    const vac = named.get(`${c.object}|${c.fieldPrefix}`);
    const p = c.plan;
    // Only a volume the provisioner makes: binding an existing volume provisions nothing.
    if (!vac || !p || p.volume !== undefined || (p.outcome !== 'provisioned' && p.outcome !== 'waiting'))
      continue;
    const field = `${c.fieldPrefix}spec.volumeAttributesClassName`;
    const driver = drivers.get(vac);
    if (driver === undefined) {
      ctx.findings.push({
        severity: 'warning',
        rule: 'attributes-class-missing',
        object: c.object,
        field,
        message: messageFor(
          c,
          `names VolumeAttributesClass "${vac}", which is not in the manifests: if it does not exist on the cluster either, ` +
            `the CSI provisioner cannot read it and the claim stays Pending until it does`,
        ),
      });
      continue;
    }
    const provisioner = ctx.classes.get(c.claimClass)?.provisioner;
    // An in-tree name (kubernetes.io/...) may be migrated to a CSI driver of another name: not judged.
    if (!provisioner || provisioner.startsWith('kubernetes.io/') || provisioner === driver) continue;
    const text =
      `names VolumeAttributesClass "${vac}" of driver ${driver}, but its class ${c.claimClass} is provisioned by ${provisioner}: ` +
      `the CSI provisioner refuses it ("VAC ${vac} referenced in PVC is for driver ${driver} which does not match driver name ${provisioner}") ` +
      `and the claim stays Pending; name a VolumeAttributesClass of ${provisioner}`;
    // Only the CSI external-provisioner reads the class (prepareProvision); another provisioner
    // (local-path, nfs-subdir) ignores it and provisions: an error only for a known CSI driver.
    if (!csiDrivers.has(provisioner) && !namedLikeCsiDriver(provisioner)) {
      ctx.findings.push({
        severity: 'warning',
        rule: 'attributes-class-driver-mismatch',
        object: c.object,
        field,
        message: messageFor(
          c,
          `names VolumeAttributesClass "${vac}" of driver ${driver}, but its class ${c.claimClass} is provisioned by ${provisioner}: ` +
            `if ${provisioner} is a CSI driver (no CSIDriver object of it is in the manifests), the CSI provisioner refuses the claim and it stays Pending; ` +
            `a provisioner that is not CSI ignores the VolumeAttributesClass; name a VolumeAttributesClass of ${provisioner}`,
        ),
      });
      continue;
    }
    ctx.findings.push({
      severity: 'error',
      rule: 'attributes-class-driver-mismatch',
      object: c.object,
      field,
      message: messageFor(c, text),
    });
    c.plan = { ...p, outcome: 'pending', volume: undefined, reason: `stays Pending: it ${text}.` };
  }
}

/**
 * One finding per cause: the claims of a StatefulSet's template that fail for the same reason are
 * reported once, naming the first few (`claims data-db-0, data-db-1 and 3 more: stays Pending: ...`).
 * Findings are grouped by object, rule, field, severity and their text with the claim's own name masked.
 */
export function groupReplicaFindings(findings: Finding[], claims: readonly Claim[]): Finding[] {
  let templated = false;
  for (const c of claims) if (c.fromTemplate) templated = true;
  if (!templated) return findings;
  const groups = new Map<string, { first: number; names: string[] }>();
  const out: Array<Finding | undefined> = [];
  for (const f of findings) {
    const m = /^claim ([^:\s]+): /.exec(f.message);
    if (!m) {
      out.push(f);
      continue;
    }
    const name = m[1];
    const text = f.message.slice(m[0].length);
    const key = [f.object, f.rule, f.field ?? '', f.severity, text.split(name).join('\u0000')].join('\u0001');
    const g = groups.get(key);
    if (g) {
      g.names.push(name);
      continue;
    }
    groups.set(key, { first: out.length, names: [name] });
    out.push(f);
  }
  for (const g of groups.values()) {
    if (g.names.length < 2) continue;
    const f = out[g.first] as Finding;
    const shown = g.names.slice(0, 3).join(', ');
    const more = g.names.length > 3 ? ` and ${g.names.length - 3} more` : '';
    const text = f.message.slice(`claim ${g.names[0]}: `.length);
    out[g.first] = { ...f, message: `claims ${shown}${more} (${g.names.length} replicas): ${text}` };
  }
  return out.filter((f): f is Finding => f !== undefined);
}
