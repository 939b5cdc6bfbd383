import {
  ARGOCD_SYNC_OPTIONS,
  FLUX_PRUNE,
  protectionAnnotations,
} from '../../../src/constructs/persistent/_protection';

describe('prune protection annotations', () => {
  test('on by default: Argo CD Prune=false,Delete=false and Flux prune: disabled', () => {
    expect(protectionAnnotations(undefined)).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
    expect(protectionAnnotations(true)).toEqual(protectionAnnotations(undefined));
    expect([ARGOCD_SYNC_OPTIONS, FLUX_PRUNE]).toEqual([
      'argocd.argoproj.io/sync-options',
      'kustomize.toolkit.fluxcd.io/prune',
    ]);
  });
  test('opted out: none', () => {
    expect(protectionAnnotations(false)).toEqual({});
  });
});
