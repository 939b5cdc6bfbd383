/**
 * What a claim of this library tells a snapshot of it, or a clone of it: read through a method
 * the claim has (DynamicClaim._cloneSourceFacts), so the snapshot constructs need not import the
 * claim constructs (which import them).
 */
import type { IClaim } from '../persistent/claim-interface';

/** A claim's class and volume mode, as far as the claim knows them. @internal */
export interface CloneSourceFacts {
  readonly volumeMode?: string;
  /** The provisioner of the claim's class, when the class is one of this app. */
  readonly provisioner?: string;
  readonly storageClassName?: string;
}

/** The facts of a claim of this library that tells them; undefined for any other claim. */
export function cloneSourceFacts(claim: IClaim | undefined): CloneSourceFacts | undefined {
  return (
    claim as unknown as { _cloneSourceFacts?: () => CloneSourceFacts } | undefined
  )?._cloneSourceFacts?.();
}
