// The README's TypeScript examples as one program, shared by test/readme.test.ts (which runs it
// against src/) and scripts/example-app.js (which runs it in a fresh app against the packed library).
'use strict';
const fs = require('fs');
const path = require('path');

const README = path.join(__dirname, '..', 'README.md');

/**
 * All ```ts blocks of the README, imports hoisted (named imports of one module merged, so two blocks
 * may both import `PodVolume`), `app.synth()` moved last.
 *
 * @param {{ readme?: string, exportApp?: boolean }} [options] `readme`: the README text (default:
 *   the repository's README.md); `exportApp`: end with `module.exports = { app };` so a test can
 *   require the file and inspect the app (default true; false for a plain cdk8s `main.ts`).
 * @returns {string} TypeScript source importing from 'cdk8s-volumes'
 */
function readmeProgram(options = {}) {
  const readme = options.readme === undefined ? fs.readFileSync(README, 'utf-8') : options.readme;
  const exportApp = options.exportApp === undefined ? true : options.exportApp;
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const named = new Map(); // module -> names, in order of first appearance
  const others = new Set(); // `import * as x from '...'` and the like, once each
  const body = [];
  for (const block of blocks) {
    // import statements may span lines: take everything up to the `from '...';`
    const rest = block.replace(/^import [\s\S]*? from '[^']+';\n/gm, (stmt) => {
      const m = /^import \{([^}]*)\} from '([^']+)';$/.exec(stmt.trim());
      if (m) {
        const names = named.get(m[2]) || new Set();
        for (const n of m[1].split(',').map((x) => x.trim())) if (n) names.add(n);
        named.set(m[2], names);
      } else {
        others.add(stmt.trim());
      }
      return '';
    });
    body.push(rest.replace(/^app\.synth\(\);$/m, ''));
  }
  const imports = [...named].map(([mod, names]) => `import { ${[...names].join(', ')} } from '${mod}';`);
  const tail = exportApp ? ['app.synth();', 'module.exports = { app };'] : ['app.synth();'];
  return [...imports, ...others, ...body, ...tail].join('\n') + '\n';
}

/**
 * The README's ```yaml block that starts with `validations:` (the validation plugin entry of cdk8s.yaml).
 *
 * @param {{ readme?: string }} [options] `readme`: the README text (default: the repository's README.md)
 * @returns {string} the block, ending with a newline
 */
function readmeValidations(options = {}) {
  const readme = options.readme === undefined ? fs.readFileSync(README, 'utf-8') : options.readme;
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .find((b) => /^validations:/.test(b));
  if (!block) throw new Error('README.md has no ```yaml block starting with `validations:`');
  return block;
}

module.exports = { readmeProgram, readmeValidations };
