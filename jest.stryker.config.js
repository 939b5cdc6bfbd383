// The jest configuration StrykerJS runs (stryker.config.json): the project's own, restricted to
// the plan's unit tests (test/plan), which are what the mutated files (src/plan) answer to.
// No coverage collection: Stryker instruments the code itself.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/plan'],
  collectCoverage: false,
  coverageThreshold: undefined,
  // skips three seconds-long scale and robustness tests in mutant runs; see the file
  setupFilesAfterEnv: ['<rootDir>/test/plan/_stryker-setup.js'],
};
