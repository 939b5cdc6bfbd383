// The pod-volume patterns' public API. Functions (renderPodSpec, path checks) and the helpers
// shared between the pattern files are internal, and left out on purpose.
export {
  ConfigMapVolumeOptions,
  CsiVolumeOptions,
  DownwardApiFile,
  DownwardApiVolumeOptions,
  EmptyDirMedium,
  EmptyDirOptions,
  EphemeralVolumeOptions,
  HostPathOptions,
  HostPathType,
  ImageVolumeOptions,
  KeyToPath,
  PersistentVolumeClaimVolumeOptions,
  PodVolume,
  ProjectedVolumeOptions,
  ProjectionSource,
  SecretVolumeOptions,
  ServiceAccountTokenProjection,
} from './volume';
export {
  ContainerProps,
  ContainerResources,
  ImagePullPolicy,
  Mount,
  PodOptions,
  PodSpecParts,
  RestrictedProfileOptions,
  SecurityProfile,
} from './container';
export { FortunePodOptions, SharedEmptyDirPod, SharedEmptyDirPodProps } from './shared-empty-dir-pod';
export { PodServiceOptions, ServiceType } from './service';
export {
  GitClonePod,
  GitClonePodProps,
  GitRepoMountOptions,
  GitRepoVolume,
  GitRepoVolumeProps,
  GitSyncOptions,
  GitWebServerOptions,
} from './git-clone-pod';
export {
  HostPathBaseProps,
  HostPathContainerProps,
  HostPathDaemon,
  HostPathDaemonProps,
  HostPathMount,
  HostPathPod,
  HostPathPodProps,
  TaintEffect,
  Toleration,
  TolerationOperator,
} from './host-path';
