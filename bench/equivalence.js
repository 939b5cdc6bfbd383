// Checks that the four programs wrote the same Kubernetes objects, so the timings compare the
// same work. Objects are keyed by kind/namespace/name and compared as parsed data (field
// order does not matter), after removing, per program, only the fields listed here, each with
// the exact value it must have (a changed default is a drift too).
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

// Only ours adds these: GitOps prune protection on volumes and claims (pruneProtection defaults to true).
const OURS_ANNOTATIONS = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

// cdk8s-plus-27 emits these whatever the props say (paths relative to the object; `*` = every item).
const PLUS27_DEFAULTS = {
  Pod: [
    ['spec.automountServiceAccountToken', false],
    ['spec.dnsPolicy', 'ClusterFirst'],
    ['spec.hostNetwork', false],
    ['spec.restartPolicy', 'Always'],
    ['spec.setHostnameAsFQDN', false],
    ['spec.terminationGracePeriodSeconds', 30],
    ['spec.securityContext', { fsGroupChangePolicy: 'Always', runAsNonRoot: false }],
    ['spec.containers.*.imagePullPolicy', 'Always'],
    [
      'spec.containers.*.securityContext',
      {
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: false,
        runAsNonRoot: false,
      },
    ],
    // A TCP startup probe on the first port; only the container with a port has one.
    ['spec.containers.*.startupProbe?', { failureThreshold: 3, tcpSocket: { port: 80 } }],
    // The label it selects the pod by: `cdk8s.io/metadata.addr: <path hash>`, unique per object.
    ['metadata.labels.cdk8s\\.io/metadata\\.addr', /^[a-z0-9-]+$/],
  ],
  PersistentVolumeClaim: [['spec.volumeMode', 'Filesystem']],
};

/** Every object of the *.k8s.yaml files in `dir`, by kind/namespace/name. */
function readObjects(dir) {
  const out = new Map();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.k8s.yaml'))
    .sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8'))) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      const o = doc.toJS();
      if (o == null) continue;
      const key = `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
      if (out.has(key)) throw new Error(`${file}: ${key} written twice`);
      out.set(key, o);
    }
  }
  return out;
}

function splitPath(p) {
  return p.split(/(?<!\\)\./).map((s) => s.replace(/\\\./g, '.'));
}

/** Removes `field` from `obj` if it has the expected value; returns a problem string otherwise. */
function strip(obj, field, expected, where) {
  const optional = field.endsWith('?');
  const parts = splitPath(optional ? field.slice(0, -1) : field);
  const problems = [];
  const walk = (node, i, at) => {
    if (node == null || typeof node !== 'object') return;
    const key = parts[i];
    if (key === '*') {
      (Array.isArray(node) ? node : []).forEach((item, j) => walk(item, i + 1, `${at}[${j}]`));
      return;
    }
    if (i < parts.length - 1) return walk(node[key], i + 1, `${at}.${key}`);
    if (!(key in node)) {
      if (!optional) problems.push(`${where} ${at}.${key}: expected ${JSON.stringify(expected)}, missing`);
      return;
    }
    const ok =
      expected instanceof RegExp
        ? expected.test(String(node[key]))
        : canonical(node[key]) === canonical(expected);
    if (!ok) problems.push(`${where} ${at}.${key}: expected ${expected}, got ${JSON.stringify(node[key])}`);
    else delete node[key];
  };
  walk(obj, 0, '');
  return problems;
}

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The program's objects, minus the fields only that program adds (checked, not ignored). */
function normalize(program, objects) {
  const problems = [];
  for (const [key, o] of objects) {
    if (program === 'ours' && o.metadata?.annotations) {
      for (const [k, v] of Object.entries(OURS_ANNOTATIONS)) {
        if (o.metadata.annotations[k] === v) delete o.metadata.annotations[k];
      }
      if (Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
    }
    if (program === 'plus27') {
      for (const [field, expected] of PLUS27_DEFAULTS[o.kind] ?? [])
        problems.push(...strip(o, field, expected, key));
    }
  }
  return problems;
}

/**
 * Compares the outputs of the programs (`{ name: dir }`) with the floor's; throws, listing the
 * first differences, if any object is missing, extra or different.
 */
function checkEquivalent(dirs, reference = 'floor') {
  const ref = readObjects(dirs[reference]);
  const problems = [];
  const summary = {};
  for (const [program, dir] of Object.entries(dirs)) {
    if (program === reference) continue;
    const objects = readObjects(dir);
    problems.push(...normalize(program, objects).map((p) => `${program}: ${p}`));
    for (const [key, o] of ref) {
      if (!objects.has(key)) problems.push(`${program}: ${key} missing`);
      else if (canonical(objects.get(key)) !== canonical(o)) {
        problems.push(`${program}: ${key} differs:\n    ${canonical(objects.get(key))}\n vs ${canonical(o)}`);
      }
    }
    for (const key of objects.keys()) if (!ref.has(key)) problems.push(`${program}: ${key} extra`);
    summary[program] = objects.size;
  }
  if (problems.length) {
    throw new Error(
      `the programs' outputs drifted (${problems.length} differences):\n  ${problems.slice(0, 8).join('\n  ')}`,
    );
  }
  return { objects: ref.size, compared: Object.keys(summary) };
}

module.exports = { checkEquivalent, readObjects, PLUS27_DEFAULTS, OURS_ANNOTATIONS };
