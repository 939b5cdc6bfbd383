import { rwopRolloutVerdict } from '../../src/plan/rollout';

const deployment = (replicas: number | undefined, rollingUpdate?: Record<string, unknown>): unknown => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    ...(replicas === undefined ? {} : { replicas }),
    strategy: rollingUpdate ? { type: 'RollingUpdate', rollingUpdate } : undefined,
  },
});

describe('rwopRolloutVerdict', () => {
  test('scaled to 0 with absolute values: no pod runs, nothing hangs (as with the default percentages)', () => {
    expect(rwopRolloutVerdict(deployment(0, { maxSurge: 1, maxUnavailable: 0 }), 'data')).toBeUndefined();
  });
  test('one replica with absolute values: an error; maxUnavailable 1 or Recreate: nothing', () => {
    expect(rwopRolloutVerdict(deployment(1, { maxSurge: 1, maxUnavailable: 0 }), 'data')?.severity).toBe(
      'error',
    );
    expect(rwopRolloutVerdict(deployment(1, { maxSurge: 1, maxUnavailable: 1 }), 'data')).toBeUndefined();
    expect(
      rwopRolloutVerdict({ spec: { replicas: 1, strategy: { type: 'Recreate' } } }, 'data'),
    ).toBeUndefined();
  });
});
