// The jest configuration StrykerJS runs (stryker.config.json): the project's own, restricted to
// the plan's unit tests (test/plan) and those of the name, quantity and hostPath rules (test/k8s),
// which are what the mutated files answer to.
// No coverage collection: Stryker instruments the code itself.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/plan', '<rootDir>/test/k8s'],
  collectCoverage: false,
  coverageThreshold: undefined,
  // skips three seconds-long scale and robustness tests in mutant runs; see the file
  setupFilesAfterEnv: ['<rootDir>/test/plan/_stryker-setup.js'],
};
