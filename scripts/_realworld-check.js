// The real-world corpus check, shared by scripts/realworld.js (`npm run realworld`) and
// test/realworld.test.ts: runs `cdk8s-volumes plan <file> --format json` in-process on every file
// of test/realworld/sources.json and compares the errors and warnings with the hand-judged verdicts
// of test/realworld/verdicts.json. The caller loads TypeScript (scripts/_register in node, swc in jest).
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, 'test', 'realworld');
const CORPUS = path.join(DIR, 'corpus');

/** Errors and warnings are judged; info findings are reports, counted only. */
const JUDGED = new Set(['error', 'warning']);

/** The key a verdict matches a finding by: not the message, so rewording does not unjudge it. */
function keyOf(f) {
  return JSON.stringify([f.file, f.rule, f.object, f.field === undefined ? null : f.field]);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

/**
 * Runs the CLI on one corpus file exactly as `cdk8s-volumes plan <file> --format json` would.
 * @returns {{ code: number, json: any, stderr: string }}
 */
function planFile(file) {
  const { main } = require('../src/integrations/cli.ts');
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s) => (stdout += s) }, stderr: { write: (s) => (stderr += s) } };
  const code = main(['plan', path.join(CORPUS, file), '--format', 'json'], io);
  let json;
  try {
    json = JSON.parse(stdout);
  } catch (e) {
    throw new Error(`${file}: the CLI printed no JSON (exit ${code}): ${e.message}\n${stderr}`);
  }
  return { code, json, stderr };
}

/**
 * An object the plan names by its file (`file:<path>#<document>`, for what is not an API object)
 * names it relative to the corpus, so the key does not depend on the working folder.
 */
function corpusRelative(object) {
  if (typeof object !== 'string' || !object.startsWith('file:')) return object;
  const at = object.replace(/\\/g, '/').lastIndexOf('test/realworld/corpus/');
  return at < 0 ? object : 'file:' + object.replace(/\\/g, '/').slice(at + 'test/realworld/corpus/'.length);
}

/** A number from the summary under any of `names`, or undefined: the JSON may gain fields. */
function summaryNumber(summary, names) {
  for (const n of names) if (summary && typeof summary[n] === 'number') return summary[n];
  return undefined;
}

/**
 * Plans every corpus file and judges the findings.
 * @param {{ sources?: any[], verdicts?: any[] }} [options] defaults: the committed JSON files
 */
function checkCorpus(options = {}) {
  const sources = options.sources || readJson(path.join(DIR, 'sources.json'));
  const verdicts = options.verdicts || readJson(path.join(DIR, 'verdicts.json'));

  const byKey = new Map();
  const duplicateVerdicts = [];
  for (const v of verdicts) {
    const k = keyOf(v);
    if (byKey.has(k)) duplicateVerdicts.push(v);
    byKey.set(k, v);
  }

  const findings = [];
  let objects;
  let skipped;
  for (const s of sources) {
    const { json } = planFile(s.file);
    const summary = json.summary || {};
    const o = summaryNumber(summary, ['objects', 'manifests', 'documents']);
    if (o !== undefined) objects = (objects || 0) + o;
    const k = summaryNumber(summary, ['skipped', 'skippedDocuments', 'notObjects']);
    if (k !== undefined) skipped = (skipped || 0) + k;
    for (const f of json.findings || []) {
      findings.push({
        file: s.file,
        severity: f.severity,
        rule: f.rule,
        object: corpusRelative(f.object),
        field: f.field === undefined ? null : f.field,
        message: f.message,
        line: f.line,
      });
    }
  }

  const bySeverity = {};
  const judged = {
    error: { true: 0, false: 0, unjudged: 0 },
    warning: { true: 0, false: 0, unjudged: 0 },
  };
  const falseErrors = [];
  const falseWarnings = [];
  const unjudged = [];
  const severityChanged = [];
  const present = new Set();
  for (const f of findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] || 0) + 1;
    if (!JUDGED.has(f.severity)) continue;
    const k = keyOf(f);
    present.add(k);
    const v = byKey.get(k);
    if (!v) {
      judged[f.severity].unjudged++;
      unjudged.push(f);
      continue;
    }
    judged[f.severity][v.verdict]++;
    if (v.verdict === 'false')
      (f.severity === 'error' ? falseErrors : falseWarnings).push({ ...f, why: v.why });
    if (v.verdict === 'true' && v.severity !== f.severity) severityChanged.push({ ...f, was: v.severity });
  }
  const disappeared = verdicts.filter((v) => v.verdict === 'true' && !present.has(keyOf(v)));
  const fixed = verdicts.filter((v) => v.verdict === 'false' && !present.has(keyOf(v)));

  return {
    files: sources.length,
    objects,
    skipped,
    findings,
    bySeverity,
    judged,
    verdicts: verdicts.length,
    falseErrors,
    falseWarnings,
    unjudged,
    disappeared,
    fixed,
    severityChanged,
    duplicateVerdicts,
    ok:
      falseErrors.length === 0 &&
      disappeared.length === 0 &&
      unjudged.length === 0 &&
      duplicateVerdicts.length === 0,
  };
}

function describeFinding(f) {
  return `${f.file}: ${f.severity} ${f.rule} ${f.object}${f.field ? ` ${f.field}` : ''}`;
}

/** The report `npm run realworld` prints and the test shows when it fails. */
function formatReport(r) {
  const out = [];
  const sev = (s) => r.bySeverity[s] || 0;
  out.push(
    `files: ${r.files}` +
      (r.objects !== undefined ? `, objects: ${r.objects}` : '') +
      (r.skipped !== undefined ? `, skipped documents: ${r.skipped}` : ''),
  );
  out.push(`findings: ${sev('error')} errors, ${sev('warning')} warnings, ${sev('info')} info`);
  for (const s of ['error', 'warning']) {
    const j = r.judged[s];
    out.push(`${s}s: ${j.true} judged true, ${j.false} judged false, ${j.unjudged} unjudged`);
  }
  out.push(
    `verdicts: ${r.verdicts} (${r.fixed.length} judged-false findings no longer reported, ` +
      `${r.disappeared.length} judged-true findings disappeared)`,
  );
  const list = (title, items, line) => {
    if (items.length === 0) return;
    out.push('', `${title} (${items.length}):`);
    for (const f of items) out.push(`  ${line(f)}`);
  };
  list(
    'FALSE ERRORS (judged false, still reported as errors)',
    r.falseErrors,
    (f) => `${describeFinding(f)}\n    why false: ${f.why}`,
  );
  list(
    'UNJUDGED errors and warnings (add a verdict)',
    r.unjudged,
    (f) => `${describeFinding(f)}\n    ${f.message}`,
  );
  list(
    'DISAPPEARED (judged true, no longer reported)',
    r.disappeared,
    (v) => `${describeFinding(v)}\n    why true: ${v.why}`,
  );
  list('DUPLICATE verdicts (one key judged twice)', r.duplicateVerdicts, describeFinding);
  list(
    'severity changed on judged-true findings (not a failure)',
    r.severityChanged,
    (f) => `${describeFinding(f)} (was ${f.was})`,
  );
  out.push('', r.ok ? 'realworld: OK' : 'realworld: FAILED');
  return out.join('\n') + '\n';
}

module.exports = { checkCorpus, formatReport, keyOf, planFile, CORPUS };
