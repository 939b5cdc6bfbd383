// The architecture, checked (`npm run lint` runs `depcruise src`): Kubernetes knowledge at the
// bottom, then the rule catalogue, then the plan, then the constructs, then the integrations
// (synth, validation plugin, CLI); dependencies point down only, and there is no import cycle,
// type-only imports included (tsPreCompilationDeps).
const CONSTRUCTS = '^src/constructs/';
const INTEGRATIONS = '^src/(integrations/|main\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'an import cycle: modules that cannot be understood or loaded one without the other',
      from: {},
      to: { circular: true },
    },
    {
      name: 'knowledge-stands-alone',
      severity: 'error',
      comment: 'src/k8s (Kubernetes facts: versions, schemas, plugins, YAML) depends on nothing above it',
      from: { path: '^src/k8s/' },
      to: { path: `^src/(rules|plan)/|${CONSTRUCTS}|${INTEGRATIONS}` },
    },
    {
      name: 'rules-below-plan',
      severity: 'error',
      comment: 'the rule catalogue declares rules; it does not run the plan or build constructs',
      from: { path: '^src/rules/' },
      to: { path: `${CONSTRUCTS}|${INTEGRATIONS}` },
    },
    {
      name: 'plan-below-constructs',
      severity: 'error',
      comment:
        'the plan judges plain manifests of any origin: it never imports a construct or an integration',
      from: { path: '^src/plan/' },
      to: { path: `${CONSTRUCTS}|${INTEGRATIONS}` },
    },
    {
      name: 'constructs-below-integrations',
      severity: 'error',
      comment: 'constructs do not depend on the CLI, the synth checks or the validation plugin',
      from: { path: CONSTRUCTS },
      to: { path: INTEGRATIONS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^imports/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
