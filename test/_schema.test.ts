import { expectSchemaValid, schemaErrors } from './_schema';

const pod = (volume: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: {
    containers: [{ name: 'c', image: 'nginx:alpine', volumeMounts: [{ name: 'v', mountPath: '/v' }] }],
    volumes: [{ name: 'v', ...volume }],
  },
});

describe('strict schema validation', () => {
  test('accepts a valid pod', () => {
    expect(schemaErrors(pod({ emptyDir: {} }))).toEqual([]);
    expectSchemaValid([pod({ emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } })]);
  });
  test('rejects a typo in a field name', () => {
    expect(schemaErrors(pod({ emptryDir: {} }))).toEqual([
      'Pod/p spec.volumes[0].emptryDir: unknown field "emptryDir" (did you mean "emptyDir"?)',
    ]);
  });
  test('rejects a missing required field', () => {
    const p: any = pod({ emptyDir: {} });
    delete p.spec.containers[0].name;
    expect(schemaErrors(p)).toEqual(['Pod/p spec.containers[0].name: required field "name" is missing']);
  });
  test('rejects an unknown kind', () => {
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Pdo' })).toEqual(['no Kubernetes 1.27 schema for v1/Pdo']);
  });
});
