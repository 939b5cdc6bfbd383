// Loaded by jest.stryker.config.js only (never by `npm test`): skips the three tests of test/plan
// that take between half a second and a second and a half each and check scale or robustness,
// not results (a 2 000 x 2 000 plan against a recorded checksum, 100 000 StatefulSet ordinals,
// random values that must not throw). Stryker runs every test that covers a mutant, without bail,
// so these would add about 2.5 s to each of the ~2 000 mutants of binding.ts and the modules it
// reads. They stay in `npm test`; what only they kill is listed in docs/mutation.md.
const SLOW = new Set([
  'gives the recorded plan for the benchmark generator at 2 000 volumes and 2 000 claims',
  'StatefulSet replicas beyond the cap: the first 100 000 ordinals, and a finding saying so',
  'property: arbitrary values inside manifest shapes never throw',
]);

for (const name of ['test', 'it']) {
  const original = global[name];
  const wrapped = (title, ...rest) =>
    SLOW.has(title) ? original.skip(title, ...rest) : original(title, ...rest);
  Object.assign(wrapped, original);
  global[name] = wrapped;
}
