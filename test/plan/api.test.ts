/**
 * The static-method classes every jsii language reaches (src/plan/api.ts) and the public enums
 * (src/plan/results.ts): each method gives what the function it wraps gives, and each enum's
 * values are the wire strings the plan writes, so the JSON reports do not change by a byte.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lib from '../../src';
import {
  ChangeAction,
  ClaimOutcome,
  ManifestLoader,
  PlanReport,
  Quantity,
  QuantityFormat,
  Severity,
  StoragePlanner,
} from '../../src';
import type { ChangeAction as ChangeActionWire } from '../../src/plan/change';
import { renderJunit } from '../../src/plan/junit';
import { loadManifests, parseManifestsText } from '../../src/plan/load';
import { planStorage } from '../../src/plan/plan';
import type { ParsedQuantity } from '../../src/k8s/quantity';
import { renderJson, renderMarkdown, renderTable } from '../../src/plan/report';
import { renderSarif } from '../../src/plan/sarif';
import type { ClaimOutcome as ClaimOutcomeWire, Severity as SeverityWire } from '../../src/plan/types';
import { RULES, ruleDocUrl } from '../../src/rules/catalogue';
import { formatFinding } from '../../src/plan/report';

// Each enum maps every wire string of the plan's own type (a value added to a union in
// src/plan/types.ts or change.ts without its enum member fails to compile here), and every enum
// value is one of them (the plan's functions accept the enum-typed results: assigned below).
const SEVERITIES: { [K in SeverityWire]: Severity } = {
  error: Severity.ERROR,
  warning: Severity.WARNING,
  info: Severity.INFO,
};
const OUTCOMES: { [K in ClaimOutcomeWire]: ClaimOutcome } = {
  bound: ClaimOutcome.BOUND,
  provisioned: ClaimOutcome.PROVISIONED,
  waiting: ClaimOutcome.WAITING,
  pending: ClaimOutcome.PENDING,
};
const ACTIONS: { [K in ChangeActionWire]: ChangeAction } = {
  create: ChangeAction.CREATE,
  update: ChangeAction.UPDATE,
  delete: ChangeAction.DELETE,
  unchanged: ChangeAction.UNCHANGED,
};
const FORMATS: { [K in ParsedQuantity['format']]: QuantityFormat } = {
  BinarySI: QuantityFormat.BINARY_SI,
  DecimalSI: QuantityFormat.DECIMAL_SI,
  DecimalExponent: QuantityFormat.DECIMAL_EXPONENT,
};

const WIRE_SEVERITIES: SeverityWire[] = Object.values(Severity);
const WIRE_OUTCOMES: ClaimOutcomeWire[] = Object.values(ClaimOutcome);
const WIRE_ACTIONS: ChangeActionWire[] = Object.values(ChangeAction);
const WIRE_FORMATS: ParsedQuantity['format'][] = Object.values(QuantityFormat);

describe('enums hold the wire strings', () => {
  test('their values are the wire types', () => {
    expect([WIRE_SEVERITIES, WIRE_OUTCOMES, WIRE_ACTIONS, WIRE_FORMATS].map((v) => v.length)).toEqual([
      3, 4, 4, 3,
    ]);
  });

  test.each([
    ['Severity', Severity, SEVERITIES],
    ['ClaimOutcome', ClaimOutcome, OUTCOMES],
    ['ChangeAction', ChangeAction, ACTIONS],
    ['QuantityFormat', QuantityFormat, FORMATS],
  ])('%s: one member per wire value, the value itself', (_name, enumObject, byWire) => {
    expect(Object.values(enumObject).sort()).toEqual(Object.keys(byWire).sort());
    for (const [wire, member] of Object.entries(byWire)) expect(member).toBe(wire);
  });
});

const PV = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv-1g' },
  spec: {
    capacity: { storage: '1G' },
    accessModes: ['ReadWriteOnce'],
    storageClassName: '',
    hostPath: { path: '/mnt/data' },
  },
};
const claim = (name: string, storage: string, storageClassName?: string): unknown => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'shop' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage } },
    ...(storageClassName === undefined ? {} : { storageClassName }),
  },
});
// 1Gi does not fit the 1G volume (pending; a warning, as the cluster may hold a volume that fits);
// 500M does; a claim of a class that is not among the manifests stays pending; the previous manifests make a change list.
const MANIFESTS = [PV, claim('big', '1Gi', ''), claim('small', '500M', ''), claim('gold', '1Gi', 'gold')];
const OPTIONS = { kubernetesVersion: '1.30', previous: [claim('small', '500M', '')] };

describe('StoragePlanner.plan', () => {
  const plan = StoragePlanner.plan(MANIFESTS, OPTIONS);

  test('is the plan of planStorage, with enum-typed outcomes, severities and actions', () => {
    expect(plan).toEqual(planStorage(MANIFESTS, OPTIONS));
    expect(plan.claims.map((c) => [c.name, c.outcome])).toEqual([
      ['big', ClaimOutcome.PENDING],
      ['small', ClaimOutcome.BOUND],
      ['gold', ClaimOutcome.PENDING],
    ]);
    expect(plan.findings.map((f) => [f.severity, f.rule, f.object])).toEqual([
      [Severity.WARNING, 'claim-pending', 'PersistentVolumeClaim/shop/big'],
      [Severity.WARNING, 'claim-pending', 'PersistentVolumeClaim/shop/gold'],
      [Severity.INFO, 'claim-unused', 'PersistentVolumeClaim/shop/big'],
      [Severity.INFO, 'claim-unused', 'PersistentVolumeClaim/shop/gold'],
      [Severity.INFO, 'claim-unused', 'PersistentVolumeClaim/shop/small'],
    ]);
    expect(plan.changes?.find((c) => c.object === 'PersistentVolumeClaim/shop/small')?.action).toBe(
      ChangeAction.UNCHANGED,
    );
    expect(plan.changes?.find((c) => c.object === 'PersistentVolumeClaim/shop/big')?.action).toBe(
      ChangeAction.CREATE,
    );
  });

  test('the deprecated planStorage export is the same', () => {
    expect(lib.planStorage(MANIFESTS, OPTIONS)).toEqual(plan);
  });

  test('a manifests value that is no list is an error naming it', () => {
    expect(() => StoragePlanner.plan('kind: Pod' as never)).toThrow(
      'StoragePlanner.plan: manifests is "kind: Pod"; expected a list of Kubernetes objects',
    );
  });
});

describe('PlanReport', () => {
  const plan = StoragePlanner.plan(MANIFESTS, OPTIONS);
  const internal = planStorage(MANIFESTS, OPTIONS);

  test('JSON is byte-identical to renderJson of the plan as the plan types it', () => {
    const extras = {
      kubernetesVersion: '1.30',
      skipped: [{ file: 'Chart.yaml', reason: 'not an API object' }],
    };
    const json = PlanReport.renderJson(plan, extras);
    expect(json).toBe(renderJson(internal, extras));
    expect(JSON.parse(json).claims[0]).toMatchObject({ name: 'big', outcome: 'pending' });
    expect(PlanReport.renderJson(plan)).toBe(renderJson(internal));
  });

  test('Markdown, table and JUnit are the functions', () => {
    expect(PlanReport.renderMarkdown(plan, MANIFESTS)).toBe(renderMarkdown(internal, MANIFESTS));
    expect(PlanReport.renderMarkdown(plan)).toBe(renderMarkdown(internal));
    expect(PlanReport.renderTable(plan, { showInfo: true })).toBe(renderTable(internal, { showInfo: true }));
    expect(PlanReport.renderTable(plan)).toBe(renderTable(internal));
    expect(PlanReport.renderJunit(plan)).toBe(renderJunit(internal));
  });

  test('SARIF: the whole catalogue, the catalogue links, the package version unless given', () => {
    const version = (
      JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')) as {
        version: string;
      }
    ).version;
    expect(PlanReport.renderSarif(plan)).toBe(
      renderSarif(internal, RULES, { version, ruleDocs: ruleDocUrl }),
    );
    const given = PlanReport.renderSarif(plan, { version: '9.9.9', informationUri: 'https://example.com/' });
    expect(given).toBe(
      renderSarif(internal, RULES, {
        version: '9.9.9',
        ruleDocs: ruleDocUrl,
        informationUri: 'https://example.com/',
      }),
    );
    expect(JSON.parse(given).runs[0].tool.driver).toMatchObject({
      version: '9.9.9',
      informationUri: 'https://example.com/',
    });
  });

  test('formatFinding', () => {
    const f = plan.findings[0];
    expect(PlanReport.formatFinding(f)).toBe(formatFinding(f));
    expect(
      PlanReport.formatFinding({
        severity: Severity.WARNING,
        rule: 'r',
        object: 'PersistentVolumeClaim/shop/a',
        field: 'spec.x',
        message: 'm',
      }),
    ).toBe('PersistentVolumeClaim/shop/a spec.x: m [r]');
  });
});

describe('ManifestLoader', () => {
  const TEXT = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: a}\n---\nname: not-an-object\n';

  test('parseText is parseManifestsText', () => {
    const loaded = ManifestLoader.parseText(TEXT, 'in.yaml');
    expect(loaded).toEqual(parseManifestsText(TEXT, 'in.yaml'));
    expect(loaded.manifests).toHaveLength(1);
    expect(loaded.skipped).toEqual([{ file: 'in.yaml', line: 5, reason: expect.any(String) }]);
    expect(
      ManifestLoader.parseText(TEXT, 'in.yaml', { strict: true }).findings.map((f) => f.severity),
    ).toEqual([Severity.ERROR]);
  });

  test('load is loadManifests, unreadable files as findings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-load-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), TEXT);
      const options = { cwd: dir };
      const loaded = ManifestLoader.load(['a.yaml', 'missing.yaml'], options);
      expect(loaded).toEqual(loadManifests(['a.yaml', 'missing.yaml'], options));
      expect(loaded.sources).toEqual([{ file: 'a.yaml', line: 1 }]);
      expect(loaded.findings.map((f) => [f.severity, f.rule])).toEqual([
        [Severity.ERROR, 'manifest-unreadable'],
      ]);
      expect(lib.loadManifests(['a.yaml'], options)).toEqual(loadManifests(['a.yaml'], options));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad arguments are errors naming them', () => {
    expect(() => ManifestLoader.load('dist/' as never)).toThrow(
      'ManifestLoader.load: paths is "dist/"; expected a list of file or folder paths',
    );
    expect(() => ManifestLoader.load(['a', 3] as never)).toThrow(
      'ManifestLoader.load: paths is ["a",3]; expected a list of file or folder paths',
    );
    expect(() => ManifestLoader.parseText(undefined as never, 'x')).toThrow(
      'ManifestLoader.parseText: text is undefined; expected the YAML or JSON text',
    );
  });
});

describe('Quantity', () => {
  test.each([
    ['1Gi', QuantityFormat.BINARY_SI, '1073741824000000000', '1073741824'],
    ['1G', QuantityFormat.DECIMAL_SI, '1000000000000000000', '1000000000'],
    ['1500m', QuantityFormat.DECIMAL_SI, '1500000000', '1.5'],
    ['1n', QuantityFormat.DECIMAL_SI, '1', '0.000000001'],
    ['-2e3', QuantityFormat.DECIMAL_EXPONENT, '-2000000000000', '-2000'],
    // binary values are capped at 2^63-1 units, as the API server caps them
    ['9Ei', QuantityFormat.BINARY_SI, '9223372036854775807000000000', '9223372036854775807'],
  ])('parse(%j)', (text, format, nanos, value) => {
    expect(Quantity.parse(text)).toEqual({ text, format, nanos, value });
    expect(Quantity.isValid(text)).toBe(true);
  });

  test.each(['1Gb', ' 1Gi', '', '1.2.3'])('%j is not a quantity', (text) => {
    expect(Quantity.parse(text)).toBeUndefined();
    expect(Quantity.isValid(text)).toBe(false);
  });

  test('compare is exact', () => {
    expect(Quantity.compare('1G', '1Gi')).toBe(-1);
    expect(Quantity.compare('1Gi', '1G')).toBe(1);
    expect(Quantity.compare('1024Mi', '1Gi')).toBe(0);
    expect(Quantity.compare('8Ei', '9Ei')).toBe(0); // both capped
    expect(Quantity.compare('10E', '8Ei')).toBe(1); // decimal values are not
  });

  test('compare names a value that is not a quantity', () => {
    expect(() => Quantity.compare('1Gb', '1Gi')).toThrow(
      'Quantity.compare: a is "1Gb", which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    );
    expect(() => Quantity.compare('1Gi', 'x')).toThrow('Quantity.compare: b is "x", which is not ');
  });
});

describe('the functions kept for TypeScript', () => {
  const plan = StoragePlanner.plan(MANIFESTS, OPTIONS);

  test('give what the static methods give', () => {
    expect(lib.renderJson(plan, { kubernetesVersion: '1.30' })).toBe(
      PlanReport.renderJson(plan, { kubernetesVersion: '1.30' }),
    );
    expect(lib.renderMarkdown(plan, MANIFESTS)).toBe(PlanReport.renderMarkdown(plan, MANIFESTS));
    expect(lib.renderTable(plan)).toBe(PlanReport.renderTable(plan));
    expect(lib.renderJunit(plan)).toBe(PlanReport.renderJunit(plan));
    expect(lib.formatFinding(plan.findings[0])).toBe(PlanReport.formatFinding(plan.findings[0]));
    const text = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: a}\n';
    expect(lib.parseManifestsText(text, 'a.yaml')).toEqual(ManifestLoader.parseText(text, 'a.yaml'));
  });

  test('renderSarif takes the rules and the link function given', () => {
    const sarif = JSON.parse(
      lib.renderSarif(plan, [RULES[0]], { version: '1', ruleDocs: (id) => `https://example.com/${id}` }),
    );
    expect(
      sarif.runs[0].tool.driver.rules.map((r: { id: string; helpUri: string }) => [r.id, r.helpUri]),
    ).toEqual([[RULES[0].id, `https://example.com/${RULES[0].id}`]]);
  });

  test('locateFindings fills in file and line from the loaded sources', () => {
    const loaded = ManifestLoader.parseText('# c\n' + JSON.stringify(MANIFESTS[1]) + '\n', 'claims.yaml');
    const located = lib.locateFindings(StoragePlanner.plan(loaded.manifests).findings, loaded);
    expect(located.find((f) => f.rule === 'claim-pending')).toMatchObject({ file: 'claims.yaml', line: 2 });
  });
});

describe('the package exports', () => {
  test('the k8s submodule holds the L1 types of public signatures', () => {
    expect(typeof lib.k8s.KubePersistentVolumeClaim).toBe('function');
    expect(lib.k8s.KubePersistentVolumeClaim.GVK).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
    });
  });

  test('no bigint-typed quantity functions are exported', () => {
    expect(Object.keys(lib)).not.toContain('parseQuantity');
    expect(Object.keys(lib)).not.toContain('compareQuantities');
  });
});
