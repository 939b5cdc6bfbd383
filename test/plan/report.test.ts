import fc from 'fast-check';
import {
  FailOn,
  failsAt,
  mermaidGraph,
  parseFailOn,
  renderJson,
  renderMarkdown,
  renderTable,
  summarizePlan,
  summaryLine,
} from '../../src/plan/report';
import { StoragePlan } from '../../src/plan/types';

/** A hand-made plan: one claim of each outcome, findings of each severity, deliberately unsorted. */
const PLAN: StoragePlan = {
  claims: [
    {
      namespace: 'shop',
      name: 'orders',
      outcome: 'pending',
      storageClass: 'gold',
      reason: 'no StorageClass "gold" among the manifests, and no volume of class "gold" fits',
    },
    {
      namespace: 'shop',
      name: 'cache',
      outcome: 'provisioned',
      storageClass: 'fast',
      reason: 'provisioned by fast',
    },
    {
      namespace: 'default',
      name: 'data',
      outcome: 'bound',
      volume: 'pv-data',
      reason: 'pv-data: 10Gi >= 5Gi',
    },
    {
      namespace: 'shop',
      name: 'www-web-0',
      outcome: 'waiting',
      storageClass: 'local',
      reason: 'WaitForFirstConsumer: provisioned when the first pod using it is scheduled',
    },
  ],
  findings: [
    { severity: 'info', rule: 'pod-security', object: 'Deployment/shop/api', message: 'meets restricted' },
    {
      severity: 'warning',
      rule: 'reclaim-delete',
      object: 'PersistentVolume/pv-data',
      field: 'spec.persistentVolumeReclaimPolicy',
      message: 'Delete | destroys <the data> when the claim goes',
    },
    {
      severity: 'error',
      rule: 'claim-pending',
      object: 'PersistentVolumeClaim/shop/orders',
      message: 'stays Pending:\nno class "gold"',
    },
  ],
};

const MANIFESTS: unknown[] = [
  {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv-data' },
    spec: { storageClassName: 'manual', capacity: { storage: '10Gi' } },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'c', image: 'nginx' }],
          volumes: [
            { name: 'o', persistentVolumeClaim: { claimName: 'orders' } },
            { name: 'c', persistentVolumeClaim: { claimName: 'cache' } },
            { name: 'gone', persistentVolumeClaim: { claimName: 'ghost' } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'reader' },
    spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      template: { spec: { containers: [] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' } }, { metadata: { name: 'logs' } }],
    },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated' } },
];

/** A plan with previous manifests: suppressed findings, findings read from files, and the changes. */
const CHANGED: StoragePlan = {
  claims: [{ namespace: 'shop', name: 'data', outcome: 'bound', volume: 'pv-1', reason: 'fits' }],
  findings: [
    {
      severity: 'error',
      rule: 'claim-shrink',
      object: 'PersistentVolumeClaim/shop/data',
      field: 'spec.resources.requests.storage',
      message: 'shrinks',
      file: 'k8s/data.yaml',
      line: 3,
    },
  ],
  suppressed: [
    {
      finding: {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/shop/x',
        message: 'pending',
        file: 'k8s/x.yaml',
      },
      by: 'annotation',
      reason: 'made by hand',
    },
  ],
  changes: [
    { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
    {
      object: 'PersistentVolumeClaim/shop/data',
      apiVersion: 'v1',
      action: 'update',
      fields: ['spec.resources.requests.storage'],
    },
    {
      object: 'PersistentVolume/pv-old',
      apiVersion: 'v1',
      action: 'delete',
      data: 'the volume and its data are deleted | gone',
    },
    { object: 'PersistentVolumeClaim/shop/new', apiVersion: 'v1', action: 'create' },
    {
      object: 'PersistentVolume/pv-kept',
      apiVersion: 'v1',
      action: 'unchanged',
      data: 'kept: prune protection',
    },
  ],
};

describe('summarizePlan', () => {
  test('counts claims by outcome and findings by severity', () => {
    expect(summarizePlan(PLAN)).toEqual({
      claims: 4,
      bound: 1,
      provisioned: 1,
      waiting: 1,
      pending: 1,
      errors: 1,
      warnings: 1,
      info: 1,
      suppressed: 0,
    });
  });

  test('counts the suppressed findings, and the summary line names them only when there are some', () => {
    expect(summarizePlan(CHANGED)).toEqual({
      claims: 1,
      bound: 1,
      provisioned: 0,
      waiting: 0,
      pending: 0,
      errors: 1,
      warnings: 0,
      info: 0,
      suppressed: 1,
    });
    expect(summaryLine(CHANGED)).toBe(
      '1 claim: 1 bound, 0 provisioned, 0 waiting, 0 pending. Findings: 1 error, 0 warnings, 0 info, 1 suppressed.',
    );
    expect(summaryLine({ ...CHANGED, suppressed: [] })).toBe(
      '1 claim: 1 bound, 0 provisioned, 0 waiting, 0 pending. Findings: 1 error, 0 warnings, 0 info.',
    );
    expect(summaryLine(PLAN)).toBe(
      '4 claims: 1 bound, 1 provisioned, 1 waiting, 1 pending. Findings: 1 error, 1 warning, 1 info.',
    );
  });
});

describe('renderTable', () => {
  // computed in each test (not at collection), so each test is what covers the renderer
  const out = (): string => renderTable(PLAN);
  const lines = (): string[] => out().split('\n');

  test('a kubectl-like table: header, then claims sorted by namespace and name, columns aligned', () => {
    expect(lines()[0]).toMatch(/^NAMESPACE {3}CLAIM {7}OUTCOME {7}VOLUME\/CLASS {3}REASON$/);
    expect(lines()[1]).toMatch(/^default {5}data {8}bound {9}pv\/pv-data {5}pv-data: 10Gi >= 5Gi$/);
    expect(lines()[2]).toMatch(/^shop +cache +provisioned +sc\/fast +provisioned by fast$/);
    expect(lines()[3]).toMatch(/^shop +orders +pending +sc\/gold +no StorageClass/);
    expect(lines()[4]).toMatch(/^shop +www-web-0 +waiting +sc\/local +WaitForFirstConsumer/);
    const reasonAt = lines()[0].indexOf('REASON');
    for (const l of lines().slice(1, 5)) expect(l[reasonAt - 1]).toBe(' ');
  });

  test('long reasons are shortened at a word, with ...', () => {
    expect(lines()[4]).toContain('WaitForFirstConsumer: provisioned when the first pod using it is...');
    expect(lines()[4]).not.toContain('scheduled');
    const reason = lines()[4].slice(lines()[0].indexOf('REASON'));
    expect(reason.length).toBeLessThanOrEqual(72);
  });

  test('findings grouped by severity, errors first, one line each, control characters flattened', () => {
    expect(out()).toContain(
      '\nERRORS (1)\n  PersistentVolumeClaim/shop/orders: stays Pending: no class "gold" [claim-pending]\n',
    );
    expect(out()).toContain(
      '\nWARNINGS (1)\n  PersistentVolume/pv-data spec.persistentVolumeReclaimPolicy: ' +
        'Delete | destroys <the data> when the claim goes [reclaim-delete]\n',
    );
    expect(out().indexOf('ERRORS')).toBeLessThan(out().indexOf('WARNINGS'));
  });

  test('info findings are counted, not listed, unless showInfo asks for them', () => {
    expect(out()).toContain(
      '\nWARNINGS (1)\n  PersistentVolume/pv-data spec.persistentVolumeReclaimPolicy: ' +
        'Delete | destroys <the data> when the claim goes [reclaim-delete]\n' +
        '\n1 info finding not shown (--show-info lists them).\n\n4 claims:',
    );
    expect(out()).not.toContain('INFO');
    expect(out()).not.toContain('meets restricted');
    expect(renderTable(PLAN, { showInfo: false })).toBe(out());
    const shown = renderTable(PLAN, { showInfo: true });
    expect(shown).toContain('\nINFO (1)\n  Deployment/shop/api: meets restricted [pod-security]\n');
    expect(shown).not.toContain('not shown');
    expect(shown.indexOf('ERRORS')).toBeLessThan(shown.indexOf('WARNINGS'));
    expect(shown.indexOf('WARNINGS')).toBeLessThan(shown.indexOf('INFO'));
    // every other line is the same
    expect(shown.replace('\nINFO (1)\n  Deployment/shop/api: meets restricted [pod-security]\n', '\n')).toBe(
      out().replace('\n1 info finding not shown (--show-info lists them).\n', '\n'),
    );
  });

  test('the count of hidden info findings is plural past one', () => {
    const info = (message: string) => ({ severity: 'info' as const, rule: 'i', object: 'X/y', message });
    expect(renderTable({ claims: [], findings: [info('a'), info('b')] })).toBe(
      'No PersistentVolumeClaims.\n\n2 info findings not shown (--show-info lists them).\n\n' +
        '0 claims: 0 bound, 0 provisioned, 0 waiting, 0 pending. Findings: 0 errors, 0 warnings, 2 info.\n',
    );
  });

  test('minSeverity: what is below it is counted in a "Not shown" line, the summary still counts everything', () => {
    const table = renderTable(PLAN, { minSeverity: 'error' });
    expect(table).toContain(
      '\nERRORS (1)\n  PersistentVolumeClaim/shop/orders: stays Pending: no class "gold" [claim-pending]\n\n' +
        'Not shown (--min-severity error): 1 warning, 1 info.\n\n' +
        '4 claims: 1 bound, 1 provisioned, 1 waiting, 1 pending. Findings: 1 error, 1 warning, 1 info.\n',
    );
    expect(table).not.toContain('WARNINGS');
    expect(renderTable(PLAN, { minSeverity: 'warning' })).toContain(
      ' [reclaim-delete]\n\nNot shown (--min-severity warning): 1 info.\n\n4 claims:',
    );
    // info is the default: nothing is left out but what showInfo hides
    expect(renderTable(PLAN, { minSeverity: 'info' })).toBe(out());
  });

  test('minSeverity above failOn: the findings that fail the run are listed all the same', () => {
    const table = renderTable(PLAN, { minSeverity: 'error', failOn: FailOn.WARNING });
    expect(table).toContain(
      '\nWARNINGS (1)\n  PersistentVolume/pv-data spec.persistentVolumeReclaimPolicy: ' +
        'Delete | destroys <the data> when the claim goes [reclaim-delete]\n\n' +
        'Not shown (--min-severity error): 1 info.\n',
    );
    // failOn NEVER forces nothing in: exactly what minSeverity alone lists
    expect(renderTable(PLAN, { minSeverity: 'error', failOn: FailOn.NEVER })).toBe(
      renderTable(PLAN, { minSeverity: 'error' }),
    );
    expect(renderTable(PLAN, { minSeverity: 'error', failOn: FailOn.NEVER })).not.toContain('WARNINGS');
  });

  test('a finding with a file (and line) is prefixed file:line', () => {
    const table = renderTable(
      {
        claims: [],
        findings: [
          {
            severity: 'error',
            rule: 'r',
            object: 'X/a',
            field: 'spec',
            message: 'at a line',
            file: 'k8s/a.yaml',
            line: 12,
          },
          { severity: 'error', rule: 'r', object: 'X/b', message: 'no line', file: 'k8s/b.yaml' },
          { severity: 'warning', rule: 'w', object: 'X/c', message: 'no file', line: 3 },
          { severity: 'info', rule: 'i', object: 'X/d', message: 'info', file: 'd\n.yaml', line: 1 },
        ],
      },
      { showInfo: true },
    );
    expect(table).toBe(
      [
        'No PersistentVolumeClaims.',
        '',
        'ERRORS (2)',
        '  k8s/a.yaml:12: X/a spec: at a line [r]',
        '  k8s/b.yaml: X/b: no line [r]',
        '',
        'WARNINGS (1)',
        '  X/c: no file [w]',
        '',
        'INFO (1)',
        '  d .yaml:1: X/d: info [i]',
        '',
        '0 claims: 0 bound, 0 provisioned, 0 waiting, 0 pending. Findings: 2 errors, 1 warning, 1 info.',
        '',
      ].join('\n'),
    );
  });

  test('with previous manifests: a CHANGES section, deletions first, unchanged objects counted, not listed', () => {
    expect(renderTable(CHANGED)).toBe(
      [
        'NAMESPACE   CLAIM   OUTCOME   VOLUME/CLASS   REASON',
        'shop        data    bound     pv/pv-1        fits',
        '',
        'ERRORS (1)',
        '  k8s/data.yaml:3: PersistentVolumeClaim/shop/data spec.resources.requests.storage: shrinks [claim-shrink]',
        '',
        'CHANGES (4 of 5 objects)',
        '  delete PersistentVolume/pv-old: the volume and its data are deleted | gone',
        '  update PersistentVolumeClaim/shop/data (spec.resources.requests.storage)',
        '  create PersistentVolumeClaim/shop/new',
        '  unchanged PersistentVolume/pv-kept: kept: prune protection',
        '',
        '1 claim: 1 bound, 0 provisioned, 0 waiting, 0 pending. Findings: 1 error, 0 warnings, 0 info, 1 suppressed.',
        '',
      ].join('\n'),
    );
    // no previous manifests: no section
    expect(renderTable(PLAN)).not.toContain('CHANGES');
  });

  test('the CHANGES section lists 50 changes, then counts the rest', () => {
    const changes = Array.from({ length: 53 }, (_, i) => ({
      object: `ConfigMap/ns/c${String(i).padStart(2, '0')}`,
      apiVersion: 'v1',
      action: 'create' as const,
    }));
    const lines = renderTable({ claims: [], findings: [], changes }).split('\n');
    const at = lines.indexOf('CHANGES (53 of 53 objects)');
    expect(lines.slice(at + 1, at + 3)).toEqual(['  create ConfigMap/ns/c00', '  create ConfigMap/ns/c01']);
    expect(lines.slice(at + 50, at + 53)).toEqual([
      '  create ConfigMap/ns/c49',
      '  ... and 3 more (--format json lists them all)',
      '',
    ]);
  });

  test('ends with the summary line; no trailing spaces', () => {
    expect(
      out().endsWith(
        '\n4 claims: 1 bound, 1 provisioned, 1 waiting, 1 pending. Findings: 1 error, 1 warning, 1 info.\n',
      ),
    ).toBe(true);
    for (const l of lines()) expect(l).toBe(l.trimEnd());
  });

  test('an empty plan says so', () => {
    expect(renderTable({ claims: [], findings: [] })).toBe(
      'No PersistentVolumeClaims.\n\nNo findings.\n\n0 claims: 0 bound, 0 provisioned, 0 waiting, 0 pending. ' +
        'Findings: 0 errors, 0 warnings, 0 info.\n',
    );
  });

  test('terminal escape sequences in manifest text cannot reach the terminal', () => {
    const evil = renderTable({
      claims: [{ namespace: 'a', name: 'x\u001b[2J', outcome: 'pending', reason: 'r\r\n' }],
      findings: [],
    });
    expect(evil).not.toMatch(/\u001b|\r/);
  });
});

describe('renderMarkdown', () => {
  // computed in each test (not at collection), so each test is what covers the renderer
  const md = (): string => renderMarkdown(PLAN, MANIFESTS);

  test('title, summary, claims table', () => {
    expect(md().startsWith('# Storage plan\n')).toBe(true);
    expect(md()).toContain(
      '\n4 claims: 1 bound, 1 provisioned, 1 waiting, 1 pending. Findings: 1 error, 1 warning, 1 info.\n',
    );
    expect(md()).toContain(
      '| Namespace | Claim | Outcome | Volume / class | Reason |\n| --- | --- | --- | --- | --- |\n' +
        '| default | data | bound | pv/pv-data | pv-data: 10Gi >= 5Gi |\n',
    );
    expect(md()).toContain('| shop | orders | **pending** | sc/gold |');
  });

  test('with previous manifests: "What this change does to storage" comes before the claims', () => {
    const text = renderMarkdown(CHANGED, []);
    expect(text).toContain(
      [
        '1 claim: 1 bound, 0 provisioned, 0 waiting, 0 pending. Findings: 1 error, 0 warnings, 0 info, 1 suppressed.',
        '',
        '## What this change does to storage',
        '',
        '| Action | Object | Changed fields | Data |',
        '| --- | --- | --- | --- |',
        '| **delete** | PersistentVolume/pv-old |  | the volume and its data are deleted \\| gone |',
        '| update | PersistentVolumeClaim/shop/data | spec.resources.requests.storage |  |',
        '| create | PersistentVolumeClaim/shop/new |  |  |',
        '| unchanged | PersistentVolume/pv-kept |  | kept: prune protection |',
        '',
        '1 other object unchanged. The refusals and data losses are in the findings below.',
        '',
        '## Claims',
        '',
      ].join('\n'),
    );
    // nothing moved: said in one line
    const unchanged = renderMarkdown(
      {
        claims: [],
        findings: [],
        changes: [
          { object: 'StorageClass/fast', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
          { object: 'StorageClass/slow', apiVersion: 'storage.k8s.io/v1', action: 'unchanged' },
        ],
      },
      [],
    );
    expect(unchanged).toContain(
      '\n## What this change does to storage\n\nNothing changes: 2 objects stay as they are.\n\n## Claims\n',
    );
    // no previous manifests: no such section
    expect(md()).not.toContain('What this change does');
    expect(md()).toContain('Findings: 1 error, 1 warning, 1 info.\n\n## Claims\n');
  });

  test('findings table escapes pipes, HTML and newlines', () => {
    expect(md()).toContain(
      '| Severity | Rule | Object | Field | Message |\n| --- | --- | --- | --- | --- |\n',
    );
    expect(md()).toContain(
      '| warning | reclaim-delete | PersistentVolume/pv-data | spec.persistentVolumeReclaimPolicy | ' +
        'Delete \\| destroys \\<the data> when the claim goes |',
    );
    expect(md()).toContain(
      '| error | claim-pending | PersistentVolumeClaim/shop/orders |  | stays Pending: no class "gold" |',
    );
    // every table row has exactly its 6 unescaped pipes
    for (const row of md()
      .split('\n')
      .filter((l) => l.startsWith('| '))) {
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
    }
  });

  test('a mermaid flowchart of workloads -> claims -> volumes -> classes', () => {
    const graph = md().slice(md().indexOf('```mermaid\n') + 11, md().lastIndexOf('\n```'));
    expect(graph.split('\n')[0]).toBe('flowchart LR');
    const edges = graph.split('\n').filter((l) => l.includes('->'));
    expect(edges).toEqual([
      '  pv_pv_data --> sc_manual',
      '  pvc_default_data --> pv_pv_data',
      '  pvc_shop_cache --> sc_fast',
      '  pvc_shop_www_web_0 -.-> sc_local',
      '  wl_Deployment_shop_api --> pvc_shop_cache',
      '  wl_Deployment_shop_api --> pvc_shop_ghost',
      '  wl_Deployment_shop_api --> pvc_shop_orders',
      '  wl_Pod_default_reader --> pvc_default_data',
      '  wl_StatefulSet_shop_web --> pvc_shop_www_web_0',
      '  wl_StatefulSet_shop_web --> pvct_shop_web_logs',
    ]);
    expect(graph).toContain('  pvc_shop_orders["PVC shop/orders"]');
    expect(graph).toContain('  pvc_shop_ghost["PVC shop/ghost (missing)"]');
    expect(graph).toContain('  pv_pv_data["PV pv-data"]');
    expect(graph).not.toContain('sc_gold'); // a pending claim has no edge to the class it lacks
    expect(graph).toContain('  wl_StatefulSet_shop_web["StatefulSet shop/web"]');
    expect(graph).toContain('  pvct_shop_web_logs["PVC template shop/logs"]');
    // pending and missing claims are red; nothing else is
    expect(graph).toContain(
      '  classDef pending fill:#fdd,stroke:#c00,color:#600\n  class pvc_shop_ghost,pvc_shop_orders pending',
    );
    expect(graph).not.toContain('ConfigMap');
  });

  test('node ids are sanitized, distinct when names slug alike, and never a mermaid keyword', () => {
    const graph = mermaidGraph({
      claims: [
        { namespace: 'end', name: 'a.b', outcome: 'bound', volume: 'end', reason: '' },
        { namespace: 'end', name: 'a-b', outcome: 'provisioned', storageClass: 'x"y<z>#`', reason: '' },
      ],
      findings: [],
    }) as string;
    expect(graph).toContain('  pvc_end_a_b["PVC end/a-b"]');
    expect(graph).toContain('  pvc_end_a_b_2["PVC end/a.b"]');
    expect(graph).toContain('  pv_end["PV end"]');
    expect(graph).toContain('["StorageClass x#quot;y#lt;z#gt;#35;#96;"]');
    // every node and edge line uses only prefixed [A-Za-z0-9_] ids
    for (const line of graph.split('\n').slice(1)) {
      expect(line).toMatch(/^  (pvc|pv|sc)_[A-Za-z0-9_]+(\["[^"]*"\]| -\.?-> (pvc|pv|sc)_[A-Za-z0-9_]+)$/);
    }
  });

  test('nothing to draw: no mermaid block', () => {
    const empty = renderMarkdown({ claims: [], findings: [] }, []);
    expect(empty).not.toContain('```mermaid');
    expect(empty).toContain('No PersistentVolumeClaims.');
    expect(empty).toContain('No findings.');
  });
});

describe('table cells', () => {
  // The escaping as first written (three passes over every cell); mdCell now skips cells that
  // need none of it, and must still give the same text for every string.
  const reference = (s: string) =>
    String(s)
      .replace(/[\s\x00-\x1f\x7f]+/g, ' ')
      .trim()
      .replace(/[\\`*_[\]<|]/g, (c) => `\\${c}`);

  test('any message is escaped as the three-pass reference escapes it', () => {
    const text = fc.oneof(
      fc.string({
        unit: fc.constantFrom(
          'a',
          ' ',
          '  ',
          '\t',
          '\n',
          '\u00a0',
          '\ufeff',
          '\x01',
          '|',
          '*',
          '_',
          '`',
          '<',
          '[',
          '\\',
        ),
      }),
      fc.string(),
    );
    fc.assert(
      fc.property(text, (message) => {
        const md = renderMarkdown({
          claims: [],
          findings: [{ severity: 'info', rule: 'r', object: 'o', message }],
        });
        expect(md).toContain(`| info | r | o |  | ${reference(message)} |\n`);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('graphs larger than Mermaid draws', () => {
  const bound = (n: number, label = ''): StoragePlan => ({
    claims: Array.from({ length: n }, (_, i) => ({
      namespace: 'default',
      name: `c${i}${label}`,
      outcome: 'bound' as const,
      volume: `v${i}`,
      reason: 'fits',
    })),
    findings: [],
  });

  test("500 edges (Mermaid's default maxEdges): drawn", () => {
    const md = renderMarkdown(bound(500));
    expect(md).toContain('```mermaid\nflowchart LR\n');
    expect(md.match(/ --> /g)).toHaveLength(500);
  });

  test('501 edges: left out, with the counts and why', () => {
    const md = renderMarkdown(bound(501));
    expect(md).not.toContain('```mermaid');
    expect(md).toContain(
      'The graph is larger than Mermaid draws (at most 500 edges and 50000 characters by default), so it is left out; the claims table above holds the same bindings.',
    );
    expect(md).toContain('| default | c500 | bound | pv/v500 | fits |'); // the table still has every claim
    expect(mermaidGraph(bound(501))).toContain('c500'); // the graph on its own is still there for callers
  });

  test('the limit passed while adding volume classes or workloads: left out as well', () => {
    const pv = (i: number) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `v${i}` },
      spec: { storageClassName: `class-${i}` },
    });
    const pod = (i: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'default' },
      spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: `c${i}` } }] },
    });
    const byClasses = renderMarkdown(
      bound(300),
      Array.from({ length: 300 }, (_, i) => pv(i)),
    );
    expect(byClasses).toContain('The graph is larger than Mermaid draws');
    const byPods = renderMarkdown(
      bound(300),
      Array.from({ length: 300 }, (_, i) => pod(i)),
    );
    expect(byPods).toContain('The graph is larger than Mermaid draws');
    // 250 claims + 250 pods = 500 edges: drawn, workloads included
    const drawn = renderMarkdown(
      bound(250),
      Array.from({ length: 250 }, (_, i) => pod(i)),
    );
    expect(drawn.match(/ --> /g)).toHaveLength(500);
  });

  test('over 50 000 characters: left out too', () => {
    const md = renderMarkdown(bound(400, '-' + 'x'.repeat(60)));
    expect(md).not.toContain('```mermaid');
    expect(md).toContain('The graph is larger than Mermaid draws');
  });
});

describe('determinism', () => {
  test('the same plan renders byte-identical output, whatever the input order', () => {
    const shuffled: StoragePlan = {
      claims: [...PLAN.claims].reverse(),
      findings: [...PLAN.findings].reverse(),
    };
    expect(renderTable(PLAN)).toBe(renderTable(PLAN));
    expect(renderTable(shuffled)).toBe(renderTable(PLAN));
    expect(renderMarkdown(shuffled, [...MANIFESTS].reverse())).toBe(renderMarkdown(PLAN, MANIFESTS));
    expect(renderJson(shuffled)).toBe(renderJson(PLAN));
    expect(renderMarkdown(PLAN, MANIFESTS)).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no dates
  });
});

describe('renderJson', () => {
  test('stable key order, sorted, summary first, undefined fields omitted', () => {
    const json = renderJson(PLAN);
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed)).toEqual(['summary', 'claims', 'findings']);
    expect(parsed.claims.map((c: any) => `${c.namespace}/${c.name}`)).toEqual([
      'default/data',
      'shop/cache',
      'shop/orders',
      'shop/www-web-0',
    ]);
    expect(Object.keys(parsed.claims[0])).toEqual(['namespace', 'name', 'outcome', 'volume', 'reason']);
    expect(parsed.findings.map((f: any) => f.severity)).toEqual(['error', 'warning', 'info']);
    expect(Object.keys(parsed.findings[1])).toEqual(['severity', 'rule', 'object', 'field', 'message']);
    expect(json.endsWith('}\n')).toBe(true);
  });

  test('rows carry file and line; the extras add the version and the skipped inputs; suppressed and changes when present', () => {
    const parsed = JSON.parse(
      renderJson(CHANGED, {
        kubernetesVersion: '1.33',
        skipped: [
          { file: 'notes.txt', reason: 'not YAML' },
          { file: 'a.yaml', line: 4, reason: 'no kind' },
        ],
      }),
    );
    expect(parsed).toEqual({
      summary: {
        kubernetesVersion: '1.33',
        claims: 1,
        bound: 1,
        provisioned: 0,
        waiting: 0,
        pending: 0,
        errors: 1,
        warnings: 0,
        info: 0,
        suppressed: 1,
        skipped: 2,
      },
      claims: [{ namespace: 'shop', name: 'data', outcome: 'bound', volume: 'pv-1', reason: 'fits' }],
      findings: [
        {
          severity: 'error',
          rule: 'claim-shrink',
          object: 'PersistentVolumeClaim/shop/data',
          field: 'spec.resources.requests.storage',
          message: 'shrinks',
          file: 'k8s/data.yaml',
          line: 3,
        },
      ],
      suppressed: [
        {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/shop/x',
          message: 'pending',
          file: 'k8s/x.yaml',
          suppressedBy: 'annotation',
          reason: 'made by hand',
        },
      ],
      changes: CHANGED.changes,
      skipped: [
        { file: 'notes.txt', reason: 'not YAML' },
        { file: 'a.yaml', line: 4, reason: 'no kind' },
      ],
    });
    // the key order: the version first in the summary, skipped last; the lists after the findings
    expect(Object.keys(parsed)).toEqual([
      'summary',
      'claims',
      'findings',
      'suppressed',
      'changes',
      'skipped',
    ]);
    expect(Object.keys(parsed.summary)[0]).toBe('kubernetesVersion');
    expect(Object.keys(parsed.summary).pop()).toBe('skipped');
    expect(Object.keys(parsed.findings[0])).toEqual([
      'severity',
      'rule',
      'object',
      'field',
      'message',
      'file',
      'line',
    ]);
    // without extras, suppressions or changes: none of those keys
    expect(JSON.parse(renderJson({ claims: [], findings: [] }))).toEqual({
      summary: {
        claims: 0,
        bound: 0,
        provisioned: 0,
        waiting: 0,
        pending: 0,
        errors: 0,
        warnings: 0,
        info: 0,
        suppressed: 0,
      },
      claims: [],
      findings: [],
    });
    // an empty skipped list is still said (0 skipped)
    expect(JSON.parse(renderJson({ claims: [], findings: [] }, { skipped: [] }))).toEqual({
      summary: {
        claims: 0,
        bound: 0,
        provisioned: 0,
        waiting: 0,
        pending: 0,
        errors: 0,
        warnings: 0,
        info: 0,
        suppressed: 0,
        skipped: 0,
      },
      claims: [],
      findings: [],
      skipped: [],
    });
  });
});

describe('200 000 claims: no spread arguments that overflow the call stack', () => {
  // Math.max(...widths) and push(...lines) throw RangeError from about 120 000 arguments.
  const N = 200_000;
  const claims: StoragePlan['claims'] = Array.from({ length: N }, (_, i) => ({
    namespace: 'load',
    name: `data-${String(i).padStart(6, '0')}`,
    outcome: 'bound',
    volume: `pv-${i}`,
    reason: 'fits',
  }));
  const big: StoragePlan = { claims, findings: [] };

  test('renderTable aligns every row', () => {
    const lines = renderTable(big).split('\n');
    expect(lines[0]).toBe('NAMESPACE   CLAIM         OUTCOME   VOLUME/CLASS   REASON');
    expect(lines[1]).toBe('load        data-000000   bound     pv/pv-0        fits');
    expect(lines[N]).toBe('load        data-199999   bound     pv/pv-199999   fits');
    expect(lines).toContain(
      `${N} claims: ${N} bound, 0 provisioned, 0 waiting, 0 pending. Findings: 0 errors, 0 warnings, 0 info.`,
    );
  }, 60_000);

  test('mermaidGraph draws every edge', () => {
    const graph = mermaidGraph(big)!;
    const edges = graph.split('\n').filter((l) => l.includes(' --> '));
    expect(edges).toHaveLength(N);
    expect(edges[0]).toBe('  pvc_load_data_000000 --> pv_pv_0');
  }, 60_000);
});

describe('the fail threshold, one for the CLI, StorageChecks and the validation plugin', () => {
  test('failsAt: error fails errors; warning errors and warnings; never nothing; info never fails', () => {
    const table = [FailOn.ERROR, FailOn.WARNING, FailOn.NEVER].map((failOn) =>
      ['error', 'warning', 'info'].map((severity) => failsAt(severity, failOn)),
    );
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [false, false, false],
    ]);
  });

  test('parseFailOn: the three words, exactly; anything else is undefined', () => {
    expect(['error', 'warning', 'never'].map(parseFailOn)).toEqual([
      FailOn.ERROR,
      FailOn.WARNING,
      FailOn.NEVER,
    ]);
    expect(['Error', 'warnings', 'info', '', ' error', undefined, 1, null].map(parseFailOn)).toEqual(
      new Array(8).fill(undefined),
    );
  });
});
