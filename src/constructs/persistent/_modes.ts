/**
 * The access modes and volume mode of a claim or volume, validated and written as wire strings:
 * shared by the persistent constructs and the pod patterns' ephemeral volumes, kept apart from
 * _common.ts (which mounts PodVolumes) so that neither imports the other.
 */
import { fail, oneOf } from '../../_errors';
import { show } from '../../_show';
import { AccessMode, VolumeMode } from './modes';

/** The access modes as wire strings, validated: at least one, known, no duplicates, ReadWriteOncePod alone. */
export function renderAccessModes(object: string, field: string, modes: AccessMode[] | undefined): string[] {
  const list = modes ?? [AccessMode.READ_WRITE_ONCE];
  if (!Array.isArray(list) || list.length === 0) {
    fail(object, field, `is ${show(list)}; give at least one access mode (usually ReadWriteOnce)`);
  }
  list.forEach((m, i) => oneOf(object, `${field}[${i}]`, m, Object.values(AccessMode)));
  const seen = new Set<string>();
  for (const m of list) {
    if (seen.has(m)) fail(object, field, `lists ${m} twice; give each access mode once`);
    seen.add(m);
  }
  if (list.includes(AccessMode.READ_WRITE_ONCE_POD) && list.length > 1) {
    fail(
      object,
      field,
      `is [${list.join(', ')}]; ReadWriteOncePod cannot be combined with other access modes (the API server rejects it)`,
    );
  }
  return [...list];
}

export function renderVolumeMode(
  object: string,
  field: string,
  mode: VolumeMode | undefined,
): string | undefined {
  if (mode === undefined) return undefined;
  oneOf(object, field, mode, Object.values(VolumeMode));
  return mode;
}
