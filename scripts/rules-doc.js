#!/usr/bin/env node
// `npm run rules-doc`: writes docs/rules.md from the rule catalogue (src/rules/catalogue.ts): the
// severities, a table of every rule, then a section per rule with its declaration, both examples and
// what the plan reports on the failing one. `npm run rules-doc -- --check` writes nothing and exits 1
// when docs/rules.md is not what it would write (CI). The output goes through the project's
// Prettier config, so `prettier --check` and this script agree on every byte.
'use strict';
require('./_register');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'docs', 'rules.md');

const SEVERITY_TEXT = {
  error:
    'given the manifests and the options stated, the API server or an admission plugin rejects the object, ' +
    'a controller leaves it Pending (or the kubelet never starts the pod), or data is lost. ' +
    '`cdk8s-volumes plan` exits 1.',
  warning:
    'the verdict depends on what the plan cannot see: a StorageClass, volume or claim that lives only in the ' +
    "cluster, the cluster's default class, an installed CSI driver, an enabled feature gate. The finding says " +
    'so once, naming the assumption and the option that settles it (`defaultStorageClass`, `kubernetesVersion`).',
  info: 'reports: the Pod Security level of each workload, storage nobody uses, what deletes data with its claim. They never fail a run.',
};

/** Markdown-safe text: `<`, `|` and backslashes would be read as HTML, table cells or escapes. */
function text(s) {
  return s.replace(/\\/g, '\\\\').replace(/</g, '\\<').replace(/\|/g, '\\|');
}

function severityOf(rule) {
  const list = rule.severities && rule.severities.length ? rule.severities : [rule.severity];
  return list.join(', ');
}

function kindsOf(rule) {
  return rule.kinds.map((k) => (k === '*' ? 'any kind' : k)).join(', ');
}

/** The findings of `rule` on an example, as the CLI prints them. */
function reported(rule, example) {
  const { exampleFindings } = require('../src/plan/examples.ts');
  const want = rule.examples.messageIncludes;
  return exampleFindings(example, `${rule.id}.yaml`)
    .filter((f) => f.rule === rule.id && (want === undefined || f.message.includes(want)))
    .map((f) => `${f.severity}: ${f.field ? `${f.object} ${f.field}` : f.object}: ${f.message} [${f.rule}]`);
}

function exampleBlock(title, rule, example, lines) {
  const out = [];
  const options = { ...example.options, ...example.load };
  const shown = Object.keys(options).length ? ` (options: \`${JSON.stringify(options)}\`)` : '';
  out.push(`**${title}**${shown}`, '');
  if (example.previous !== undefined) {
    out.push('Applied before:', '', '```yaml', example.previous.replace(/\n+$/, ''), '```', '', 'Now:', '');
  }
  out.push('```yaml', example.manifests.replace(/\n+$/, ''), '```', '');
  if (lines) {
    if (lines.length) out.push('The plan reports:', '', '```text', ...lines, '```', '');
    else out.push('The plan does not report this rule here yet: its check is being wired.', '');
  }
  return out;
}

/** docs/rules.md before formatting. */
function markdown() {
  const { RULES, RULE_GROUPS } = require('../src/rules/catalogue.ts');
  const order = new Map(RULE_GROUPS.map((g, i) => [g.group, i]));
  const rules = [...RULES].sort(
    (a, b) => order.get(a.group) - order.get(b.group) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const out = [];
  out.push(
    '# Rules',
    '',
    '<!-- Generated from src/rules/catalogue.ts by `npm run rules-doc`; do not edit. -->',
    '',
    'Every finding of the storage plan carries the id of one rule below, whose section is ' +
      '`docs/rules.md#<id>`. Each rule is declared once, in `src/rules/catalogue.ts`, with a failing and a ' +
      'passing example; the test suite runs the plan over both.',
    '',
    'Rules marked **constructs apply it** judge one object alone (the API server, version and hostPath ' +
      'rules): every construct of this library checks its own manifests with them when it is created, ' +
      "and throws on an error or warning unless the construct's `ignoreChecks` prop accepts the rule " +
      'with a reason (written as the `ignore-check.cdk8s-volumes.io/<rule>` annotation, which the plan honours too). ' +
      'The Kubernetes minor they judge for is the construct tree context `cdk8s-volumes:kubernetesVersion` ' +
      '(default the newest).',
    '',
    '## Severities',
    '',
  );
  for (const s of ['error', 'warning', 'info']) out.push(`- **${s}**: ${SEVERITY_TEXT[s]}`);
  out.push(
    '',
    'Every verdict is for one Kubernetes minor, 1.27 to 1.36 (`kubernetesVersion`, default the newest).',
  );
  out.push('', '## All rules', '', '| Rule | Severity | Group | Finds |', '| --- | --- | --- | --- |');
  const titles = new Map(RULE_GROUPS.map((g) => [g.group, g.title]));
  for (const r of rules) {
    out.push(`| [${r.id}](#${r.id}) | ${severityOf(r)} | ${titles.get(r.group)} | ${text(r.summary)} |`);
  }
  out.push('');
  let group;
  for (const r of rules) {
    if (r.group !== group) {
      group = r.group;
      out.push(`## ${titles.get(group)}`, '');
    }
    out.push(`### ${r.id}`, '');
    out.push(
      `**${severityOf(r)}** · ${kindsOf(r)}${r.scope === 'object' ? ' · constructs apply it' : ''}`,
      '',
    );
    out.push(text(r.summary), '');
    out.push(`**Why it matters.** ${text(r.why)}`, '');
    out.push(`**Remediation.** ${text(r.remediation)}`, '');
    out.push(`**Follows.** ${text(r.source)}`, '');
    out.push(...exampleBlock('Failing example', r, r.examples.failing, reported(r, r.examples.failing)));
    out.push(...exampleBlock('Passing example', r, r.examples.passing));
  }
  return out.join('\n');
}

/** docs/rules.md as `npm run rules-doc` writes it. */
async function render() {
  const prettier = require('prettier');
  const config = (await prettier.resolveConfig(target)) || {};
  return prettier.format(markdown(), { ...config, filepath: target });
}

async function main(argv) {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length) {
    process.stderr.write(`rules-doc: unknown argument ${unknown[0]} (usage: rules-doc [--check])\n`);
    return 2;
  }
  const doc = await render();
  const relative = path.relative(root, target);
  if (check) {
    let current;
    try {
      current = fs.readFileSync(target, 'utf-8');
    } catch {
      current = undefined;
    }
    if (current === doc) return 0;
    process.stderr.write(`${relative} is stale: run npm run rules-doc and commit it\n`);
    return 1;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, doc);
  process.stdout.write(`wrote ${relative}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`rules-doc: ${err && err.stack ? err.stack : err}\n`);
      process.exitCode = 2;
    },
  );
}

module.exports = { render };
