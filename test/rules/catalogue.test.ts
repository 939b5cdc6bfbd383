import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseManifestsText } from '../../src/plan/load';
import { judgeObjects } from '../../src/plan/object-rules';
import { Finding } from '../../src/plan/types';
import { exampleFindings } from '../../src/plan/examples';
import {
  REPOSITORY_URL,
  RULE_DOCS_URL,
  RULE_GROUPS,
  RULES,
  RuleEntry,
  RuleExample,
  ruleById,
  ruleDocUrl,
  ruleRegistry,
} from '../../src/rules';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Rules declared in the catalogue whose check is not in src/ yet: their example tests are skipped
 * and they need not be emitted anywhere. Remove an id from this list when its check lands (the
 * example test then runs, and must pass, for it too).
 */
const PENDING_RULES: readonly string[] = [];

/** Runs the plan over an example as the CLI does (the catalogue's one runner, which docs/rules.md uses too). */
function findingsOf(example: RuleExample, source: string): Finding[] {
  return exampleFindings(example, source);
}

/** The findings of `rule` (narrowed by its `messageIncludes`, for rules that report every object). */
function findingsOfRule(rule: RuleEntry, findings: readonly Finding[]): Finding[] {
  const want = rule.examples.messageIncludes;
  return findings.filter((f) => f.rule === rule.id && (want === undefined || f.message.includes(want)));
}

const show = (fs: readonly Finding[]): string[] =>
  fs.map((f) => `${f.severity} ${f.rule} ${f.object} ${f.field ?? ''}: ${f.message}`);

// ---------------------------------------------------------------------------------------------
// The rule ids src/ emits, read from the source as a reviewer would grep for them.

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (p !== path.join(ROOT, 'src', 'rules')) out.push(...sourceFiles(p));
    } else if (entry.name.endsWith('.ts')) {
      out.push(p);
    }
  }
  return out.sort();
}

/**
 * Where a rule id appears as a string literal in code that reports a finding:
 * `rule: 'id'` and `rule = cond ? 'a' : 'b'` (object literals, the RETIRED table, its type),
 * `out.error('id'`, `.warning('id'`, `.info('id'`, `out.add(severity, 'id'`,
 * `pending(ctx, c, severity, 'id'`, helpers called as `helper(out, 'id', ...)` (enumValue), and
 * constants named `..._RULE = 'id'` (load.ts).
 */
const ID = `'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'`;
const PATTERNS: readonly RegExp[] = [
  new RegExp(`\\.(?:error|warning|info)\\(\\s*${ID}`, 'g'),
  new RegExp(`\\.add\\(\\s*[^,()\\n]*,\\s*${ID}`, 'g'),
  new RegExp(`\\bpending\\(\\s*ctx\\s*,\\s*c\\s*,\\s*[^,()\\n]+,\\s*${ID}`, 'g'),
  new RegExp(`\\b\\w+\\(\\s*out\\s*,\\s*${ID}`, 'g'),
  new RegExp(`_RULE\\s*=\\s*${ID}`, 'g'),
];
const RULE_EXPRESSION = /\brule\s*[:=]\s*([^;,\n]*)/g;
const LITERAL = new RegExp(ID, 'g');

function emittedRuleIds(): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  const note = (id: string, file: string): void => {
    const files = ids.get(id) ?? [];
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    if (!files.includes(rel)) files.push(rel);
    ids.set(id, files);
  };
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf-8');
    for (const re of PATTERNS) for (const m of text.matchAll(re)) note(m[1], file);
    for (const m of text.matchAll(RULE_EXPRESSION)) for (const l of m[1].matchAll(LITERAL)) note(l[1], file);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------

describe('the catalogue', () => {
  const groups = new Set(RULE_GROUPS.map((g) => g.group));

  test.each(RULES.map((r) => [r.id, r] as const))('%s is declared completely', (_id, rule) => {
    for (const key of ['summary', 'why', 'remediation', 'source'] as const) {
      expect(typeof rule[key]).toBe('string');
      expect(rule[key].trim()).not.toBe('');
      expect(rule[key]).not.toMatch(/\n/);
    }
    expect(rule.summary).toMatch(/\.$/);
    expect(groups.has(rule.group)).toBe(true);
    expect(['error', 'warning', 'info']).toContain(rule.severity);
    if (rule.severities !== undefined) {
      expect(rule.severities.length).toBeGreaterThan(1);
      expect(rule.severities).toContain(rule.severity);
      expect(new Set(rule.severities).size).toBe(rule.severities.length);
      for (const s of rule.severities) expect(['error', 'warning', 'info']).toContain(s);
    }
    expect(rule.kinds.length).toBeGreaterThan(0);
    for (const k of rule.kinds) expect(k).toMatch(/^(\*|[A-Z][A-Za-z0-9]*)$/);
    expect(new Set(rule.kinds).size).toBe(rule.kinds.length);
    for (const which of ['failing', 'passing'] as const) {
      expect(rule.examples[which].manifests.trim()).not.toBe('');
    }
    // The passing example is the failing one fixed: they differ in manifests or options.
    expect(JSON.stringify(rule.examples.passing)).not.toBe(JSON.stringify(rule.examples.failing));
  });

  test('ids are unique and kebab-case, and ruleById finds each', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(ruleById(id)?.id).toBe(id);
    }
    expect(ruleById('no-such-rule')).toBeUndefined();
  });

  test('the registry refuses a duplicate or malformed id when it is built', () => {
    const rule = RULES[0];
    expect(() => ruleRegistry([rule, { ...rule }])).toThrow(
      `rule id "${rule.id}" is declared more than once; declare each rule once`,
    );
    expect(() => ruleRegistry([{ ...rule, id: 'Claim_Pending' }])).toThrow(
      'rule id "Claim_Pending" is not kebab-case (e.g. claim-pending)',
    );
    expect(ruleRegistry([rule])).toEqual([rule]);
    expect(Object.isFrozen(RULES)).toBe(true);
  });

  test('every rule id emitted in src/ is declared, and every declared rule is emitted (or pending)', () => {
    const emitted = emittedRuleIds();
    const declared = new Set(RULES.map((r) => r.id));
    const undeclared = [...emitted]
      .filter(([id]) => !declared.has(id))
      .map(([id, files]) => `${id} (${files.join(', ')})`);
    expect(undeclared).toEqual([]);
    const unused = [...declared].filter((id) => !emitted.has(id) && !PENDING_RULES.includes(id));
    expect(unused).toEqual([]);
    // The scan itself works: it finds ids of every reporting style.
    for (const id of [
      'manifest-unreadable',
      'claim-pending',
      'claim-competing',
      'hostpath-type',
      'source-removed',
      'pod-security',
      'option-invalid',
    ]) {
      expect(emitted.has(id)).toBe(true);
    }
  });

  test('PENDING_RULES lists only declared rules', () => {
    for (const id of PENDING_RULES) expect(ruleById(id)).toBeDefined();
  });
});

describe('examples', () => {
  const cases = RULES.map((r) => [r.id, r] as const);
  const wired = cases.filter(([id]) => !PENDING_RULES.includes(id));
  const pending = cases.filter(([id]) => PENDING_RULES.includes(id));

  test.each(wired)('%s: the failing example reports it, at a declared severity', (id, rule) => {
    const found = findingsOfRule(rule, findingsOf(rule.examples.failing, `${id}.yaml`));
    expect(show(found).length).toBeGreaterThan(0);
    const severities = rule.severities ?? [rule.severity];
    for (const f of found) expect(severities).toContain(f.severity);
  });

  test.each(wired)('%s: the passing example does not report it', (id, rule) => {
    const found = findingsOfRule(rule, findingsOf(rule.examples.passing, `${id}.yaml`));
    expect(show(found)).toEqual([]);
  });

  // Skipped until the check lands (see PENDING_RULES).
  test.skip.each(pending)('%s (pending): the failing example reports it', (id, rule) => {
    expect(findingsOfRule(rule, findingsOf(rule.examples.failing, `${id}.yaml`)).length).toBeGreaterThan(0);
  });
  test.skip.each(pending)('%s (pending): the passing example does not report it', (id, rule) => {
    expect(findingsOfRule(rule, findingsOf(rule.examples.passing, `${id}.yaml`))).toEqual([]);
  });

  test.each(cases)('%s: the passing example is otherwise clean (no error, no warning)', (id, rule) => {
    const found = findingsOf(rule.examples.passing, `${id}.yaml`).filter((f) => f.severity !== 'info');
    expect(show(found)).toEqual([]);
  });

  test.each(cases)('%s: the failing example reads without other load findings', (id, rule) => {
    const failing = rule.examples.failing;
    const loaded = parseManifestsText(failing.manifests, `${id}.yaml`, failing.load);
    expect(show(loaded.findings.filter((f) => f.rule !== id))).toEqual([]);
  });
});

describe('object-scoped rules (what the constructs apply to their own manifests)', () => {
  const scoped = RULES.filter((r) => r.scope === 'object' && !PENDING_RULES.includes(r.id));
  test('the constructs apply the API server, version and hostPath rules, and none that read other objects', () => {
    expect(scoped.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'schema-invalid',
        'path-backsteps',
        'hostpath-sensitive',
        'recycle-deprecated',
        'source-removed',
      ]),
    );
    for (const id of [
      'duplicate-object',
      'claim-pending',
      'claim-missing',
      'claim-rwop-rollout',
      'update-immutable',
      'pod-security',
    ]) {
      expect(ruleById(id)?.scope).not.toBe('object');
    }
  });
  // Object-scoped means each finding's verdict comes from its object alone: judging only that
  // object (as a construct's self-check does) reports exactly what the plan reports of it. (The
  // examples may carry companions, a class and a pod, so their passing form is otherwise clean.)
  test.each(scoped.map((r) => [r.id, r] as const))(
    '%s: each finding of the failing example comes from its object alone, as the plan reports it',
    (id, rule) => {
      const failing = rule.examples.failing;
      expect(failing.previous).toBeUndefined();
      const { manifests } = parseManifestsText(failing.manifests, `${id}.yaml`, failing.load);
      const want = rule.examples.messageIncludes;
      const keep = (f: Finding) => f.rule === id && (want === undefined || f.message.includes(want));
      const planned = findingsOf(failing, `${id}.yaml`).filter(keep);
      expect(planned.length).toBeGreaterThan(0);
      const version = failing.options?.kubernetesVersion as Parameters<typeof judgeObjects>[1];
      const alone = manifests.flatMap((m) => judgeObjects([m], version)).filter(keep);
      expect(alone).toEqual(expect.arrayContaining(planned));
      expect(alone).toHaveLength(planned.length);
    },
  );
});

describe('docs/rules.md', () => {
  test('has a section for every rule', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf-8');
    for (const r of RULES) {
      expect(doc).toContain(`\n### ${r.id}\n`);
      expect(doc).toContain(`[${r.id}](#${r.id})`);
    }
  });

  test('is what npm run rules-doc writes', () => {
    // A child process: the script formats with Prettier, whose ESM entry jest's module system cannot load.
    let out = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'rules-doc.js'), '--check'], {
        cwd: ROOT,
        stdio: 'pipe',
      });
    } catch (e) {
      status = (e as { status: number }).status;
      out = String((e as { stderr: Buffer }).stderr);
    }
    expect({ status, out }).toEqual({ status: 0, out: '' });
  }, 60_000);
});

describe('links to the rules', () => {
  test('follow package.json repository when it is set, else the path in the repository', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')) as {
      repository?: string | { url?: string };
    };
    const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    const expected =
      repo === undefined
        ? undefined
        : repo
            .replace(/^git\+/, '')
            .replace(/^github:/, 'https://github.com/')
            .replace(/^git@github\.com:/, 'https://github.com/')
            .replace(/\.git$/, '')
            .replace(/^(?!https?:)([\w.-]+\/[\w.-]+)$/, 'https://github.com/$1');
    expect(REPOSITORY_URL).toBe(expected);
    expect(RULE_DOCS_URL).toBe(
      expected === undefined ? 'docs/rules.md' : `${expected}/blob/main/docs/rules.md`,
    );
  });

  test('name the rule section', () => {
    expect(ruleDocUrl('claim-pending')).toBe(`${RULE_DOCS_URL}#claim-pending`);
  });
});
