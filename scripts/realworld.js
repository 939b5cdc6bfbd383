#!/usr/bin/env node
// `npm run realworld`: the storage plan over the real-world corpus (test/realworld/), judged
// against the hand-made verdicts. Prints the counts and lists every false error, every unjudged
// error or warning and every judged-true finding that disappeared; exits 1 on any of them.
//   --write-findings FILE   also write every current finding (file, severity, rule, object,
//                           field, message) as JSON, for judging new ones
'use strict';
const fs = require('fs');
require('./_register');
const { checkCorpus, formatReport } = require('./_realworld-check');

function main(argv) {
  let writeFindings;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--write-findings') writeFindings = argv[++i];
    else if (arg.startsWith('--write-findings=')) writeFindings = arg.slice('--write-findings='.length);
    else {
      process.stderr.write(
        `realworld: unknown argument ${arg}\nUsage: node scripts/realworld.js [--write-findings FILE]\n`,
      );
      return 2;
    }
    if (!writeFindings) {
      process.stderr.write('realworld: --write-findings needs a file\n');
      return 2;
    }
  }
  const report = checkCorpus();
  if (writeFindings) {
    const rows = report.findings.map((f) => ({
      file: f.file,
      severity: f.severity,
      rule: f.rule,
      object: f.object,
      field: f.field,
      message: f.message,
    }));
    fs.writeFileSync(writeFindings, JSON.stringify(rows, null, 2) + '\n');
  }
  process.stdout.write(formatReport(report));
  return report.ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
