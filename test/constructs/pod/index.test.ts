import * as pod from '../../../src/constructs/pod';

describe('src/constructs/pod public API', () => {
  test('exports the patterns, the volume factories and their enums', () => {
    for (const name of [
      'PodVolume',
      'SecurityProfile',
      'SharedEmptyDirPod',
      'GitRepoVolume',
      'GitClonePod',
      'HostPathPod',
      'HostPathDaemon',
    ]) {
      expect(typeof (pod as any)[name]).toBe('function');
    }
    expect(pod.ServiceType.NODE_PORT).toBe('NodePort');
    expect(pod.TolerationOperator.EXISTS).toBe('Exists');
    expect(pod.TaintEffect.NO_EXECUTE).toBe('NoExecute');
    expect(pod.EmptyDirMedium.MEMORY).toBe('Memory');
    expect(pod.HostPathType.DIRECTORY_OR_CREATE).toBe('DirectoryOrCreate');
    expect(pod.ImagePullPolicy.NEVER).toBe('Never');
  });
  test('keeps internal helpers and functions out', () => {
    for (const name of [
      'renderPodSpec',
      'podMetadata',
      'podService',
      'refuseHostPathMounts',
      'patternRef',
      'absolutePathProblem',
    ]) {
      expect((pod as any)[name]).toBeUndefined();
    }
  });
});
