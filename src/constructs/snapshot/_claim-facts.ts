/**
 * What a claim of this library tells a snapshot of it, or a clone of it: read through a method
 * the claim has (DynamicClaim._cloneSourceFacts), so the snapshot constructs need not import the
 * claim constructs (which import them).
 */
import type { IClaim } from '../persistent/claim-interface';
import { KubernetesVersion } from '../../k8s/versions';
import { classDriver, DriverFacts } from '../../plan/snapshot';

/** A claim's class and volume mode, as far as the claim knows them. @internal */
export interface CloneSourceFacts {
  readonly volumeMode?: string;
  /** The provisioner of the claim's class, when the class is one of this app. */
  readonly provisioner?: string;
  readonly storageClassName?: string;
  /**
   * The driver behind the volume the claim binds, when the claim names that volume (a StaticClaim's
   * reserved volume), as the plan reads a volume (src/plan/snapshot.ts volumeDriver): its CSI driver,
   * or the in-tree volume source it is.
   */
  readonly volume?: DriverFacts;
}

/** The facts of a claim of this library that tells them; undefined for any other claim. */
export function cloneSourceFacts(claim: IClaim | undefined): CloneSourceFacts | undefined {
  return (
    claim as unknown as { _cloneSourceFacts?: () => CloneSourceFacts } | undefined
  )?._cloneSourceFacts?.();
}

/**
 * The driver behind a claim's volume as the plan tells it (src/plan/snapshot.ts driverOf): its bound
 * volume's, else its class's provisioner; undefined when neither is known.
 */
export function claimDriver(
  facts: CloneSourceFacts | undefined,
  version: KubernetesVersion,
): DriverFacts | undefined {
  if (facts?.volume !== undefined) return facts.volume;
  return facts?.storageClassName !== undefined
    ? classDriver(facts.storageClassName, facts.provisioner, version)
    : undefined;
}
