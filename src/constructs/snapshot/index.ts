// The snapshot constructs' public API. The facts a claim hands its data source (DataSourceTarget,
// CloneSourceFacts) are internal, and left out on purpose.
export {
  SnapshotDeletionPolicy,
  VolumeSnapshot,
  VolumeSnapshotClass,
  VolumeSnapshotClassProps,
  VolumeSnapshotContent,
  VolumeSnapshotContentProps,
  VolumeSnapshotProps,
} from './snapshot';
export { ClaimDataSource, ClaimDataSourceOptions } from './data-source';
