/**
 * The storage plan, the loader, the reports and quantities as classes with static methods.
 *
 * jsii leaves exported functions out of the assembly without a word (the Python, Java, Go and .NET
 * packages would have no way to plan YAML), so everything a non-TypeScript user needs is here as
 * a static method; the functions stay exported for TypeScript as deprecated one-line wrappers.
 * The methods return the public result types of ./results.ts: the very objects the plan built,
 * whose wire strings are the enums' values (test/plan/api.test.ts compares them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { fail } from '../_errors';
import { RULES, ruleDocUrl } from '../rules/catalogue';
import { formatFinding as formatFindingText } from './report';
import { show } from '../_show';
import { renderJunit as renderJunitInternal } from './junit';
import {
  LoadOptions,
  loadManifests as loadInternal,
  locateFindings as locateInternal,
  ManifestSource,
  parseManifestsText as parseTextInternal,
} from './load';
import { planStorage as planInternal } from './plan';
import { parseQuantity, QUANTITY_HINT } from '../k8s/quantity';
import {
  renderJson as renderJsonInternal,
  renderMarkdown as renderMarkdownInternal,
  renderTable as renderTableInternal,
  TableOptions,
} from './report';
import {
  Finding,
  JsonExtras,
  LoadResult,
  QuantityFormat,
  QuantityValue,
  RevisionManifests,
  RevisionUnavailable,
  SarifOptions,
  StoragePlan,
} from './results';
import { loadAtRevision as loadAtRevisionInternal } from './load-git';
import type { RuleDeclaration } from '../rules/rule';
import { renderSarif as renderSarifInternal } from './sarif';
import { PlanOptions } from './types';

/** Plans manifests offline: binding, API-server and admission verdicts, data safety, the change. */
export class StoragePlanner {
  /**
   * The storage plan of plain manifests (objects as `kubectl apply` reads them): what each claim
   * binds to, and every finding.
   * @param manifests the Kubernetes objects, e.g. `ManifestLoader.load([...]).manifests`
   */
  public static plan(manifests: any[], options?: PlanOptions): StoragePlan {
    if (!Array.isArray(manifests)) {
      fail(
        'StoragePlanner.plan',
        'manifests',
        `is ${show(manifests)}; expected a list of Kubernetes objects`,
      );
    }
    // The plan's objects carry the wire strings the enums hold: only the static type changes.
    return planInternal(manifests, options ?? {}) as StoragePlan;
  }

  private constructor() {}
}

/** Reads manifests from YAML or JSON files and text, with where each object came from. */
export class ManifestLoader {
  /**
   * Reads files and folders (`*.yaml`, `*.yml`, `*.json`, recursively; `-` for standard input).
   * Unreadable files and documents are error findings, never exceptions.
   */
  public static load(paths: string[], options?: LoadOptions): LoadResult {
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
      fail('ManifestLoader.load', 'paths', `is ${show(paths)}; expected a list of file or folder paths`);
    }
    return loadInternal(paths, options ?? {}) as LoadResult;
  }

  /**
   * Reads the manifests of one YAML or JSON text (a stream of documents).
   * @param source the name findings and sources give the text, e.g. a file name or `stdin`
   */
  public static parseText(text: string, source: string, options?: LoadOptions): LoadResult {
    if (typeof text !== 'string') {
      fail('ManifestLoader.parseText', 'text', `is ${show(text)}; expected the YAML or JSON text`);
    }
    return parseTextInternal(text, source, options ?? {}) as LoadResult;
  }

  private constructor() {}
}

/** The plan as text: JSON, Markdown, a table, SARIF and JUnit XML, as the CLI writes them. */
export class PlanReport {
  /** Stable JSON for CI tooling (the CLI's `--output json`): the same plan gives the same bytes. */
  public static renderJson(plan: StoragePlan, extras?: JsonExtras): string {
    return renderJsonInternal(plan, extras ?? {});
  }

  /**
   * The Markdown report: summary, claims, findings, and a Mermaid graph.
   * @param manifests the planned manifests, which supply the graph's workloads and classes
   */
  public static renderMarkdown(plan: StoragePlan, manifests?: any[]): string {
    return renderMarkdownInternal(plan, manifests ?? []);
  }

  /** A plain-text report in the manner of `kubectl get pvc`. */
  public static renderTable(plan: StoragePlan, options?: TableOptions): string {
    return renderTableInternal(plan, options ?? {});
  }

  /** SARIF 2.1.0 for code scanning, with the whole rule catalogue as the tool's rules. */
  public static renderSarif(plan: StoragePlan, options?: SarifOptions): string {
    return renderSarifInternal(plan, RULES, {
      version: options?.version ?? packageVersion(),
      ruleDocs: ruleDocUrl,
      informationUri: options?.informationUri,
    });
  }

  /** JUnit XML: a test suite per rule, a failing case per error or warning. */
  public static renderJunit(plan: StoragePlan): string {
    return renderJunitInternal(plan);
  }

  /** One finding on one line: `Kind/ns/name spec.field: message [rule]`. */
  public static formatFinding(finding: Finding): string {
    return formatFindingText(finding);
  }

  private constructor() {}
}

/**
 * Kubernetes resource quantities as the API server parses them (apimachinery
 * `resource.ParseQuantity`): `1G` is 10^9, `1Gi` is 2^30, binary-SI values capped at 2^63-1.
 */
export class Quantity {
  /** True if the API server accepts `text` as a quantity. */
  public static isValid(text: string): boolean {
    return parseQuantity(text) !== undefined;
  }

  /**
   * The quantity's exact value and format, or undefined if the API server rejects it.
   */
  public static parse(text: string): QuantityValue | undefined {
    const q = parseQuantity(text);
    if (!q) return undefined;
    return {
      text: q.text,
      format: q.format as QuantityFormat,
      nanos: q.nanos.toString(),
      value: decimal(q.nanos),
    };
  }

  /**
   * -1, 0 or 1 as `a` is less than, equal to or greater than `b`, exactly (`1G` < `1Gi`).
   * Throws if either is not a quantity, naming it and what is allowed.
   */
  public static compare(a: string, b: string): number {
    const qa = parseQuantity(a);
    if (!qa) fail('Quantity.compare', 'a', `is ${show(a)}, which is not ${QUANTITY_HINT}`);
    const qb = parseQuantity(b);
    if (!qb) fail('Quantity.compare', 'b', `is ${show(b)}, which is not ${QUANTITY_HINT}`);
    return qa.nanos < qb.nanos ? -1 : qa.nanos > qb.nanos ? 1 : 0;
  }

  private constructor() {}
}

/** Nano-units as an exact decimal: 1500000000n -> "1.5". */
function decimal(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  const whole = (abs / 1_000_000_000n).toString();
  const frac = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return sign + whole + (frac ? '.' + frac : '');
}

/** This package's version, for the SARIF log (the folder depth differs between src/ and lib/src/). */
function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'cdk8s-volumes' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return '0.0.0';
}

// ---------------------------------------------------------------------------------------------
// The functions, for TypeScript: each the static method it became.

/**
 * @deprecated use `StoragePlanner.plan()`, which every jsii language has.
 */
export function planStorage(manifests: readonly unknown[], options: PlanOptions = {}): StoragePlan {
  return planInternal(manifests, options) as StoragePlan;
}

/**
 * @deprecated use `ManifestLoader.load()`, which every jsii language has.
 */
export function loadManifests(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  return loadInternal(paths, options) as LoadResult;
}

/**
 * @deprecated use `ManifestLoader.parseText()`, which every jsii language has.
 */
export function parseManifestsText(text: string, source: string, options: LoadOptions = {}): LoadResult {
  return parseTextInternal(text, source, options) as LoadResult;
}

/**
 * The findings with `file` and `line` filled in from the manifest each names, where a finding
 * does not have them already (see `LoadResult.sources`).
 */
export function locateFindings(
  findings: readonly Finding[],
  loaded: { readonly manifests: readonly unknown[]; readonly sources: readonly ManifestSource[] },
): Finding[] {
  return locateInternal(findings, loaded) as Finding[];
}

/**
 * @deprecated use `PlanReport.renderJson()`, which every jsii language has.
 */
export function renderJson(plan: StoragePlan, extras: JsonExtras = {}): string {
  return renderJsonInternal(plan, extras);
}

/**
 * @deprecated use `PlanReport.renderMarkdown()`, which every jsii language has.
 */
export function renderMarkdown(plan: StoragePlan, manifests: readonly unknown[] = []): string {
  return renderMarkdownInternal(plan, manifests);
}

/**
 * @deprecated use `PlanReport.renderTable()`, which every jsii language has.
 */
export function renderTable(plan: StoragePlan, options: TableOptions = {}): string {
  return renderTableInternal(plan, options);
}

/**
 * @deprecated use `PlanReport.renderJunit()`, which every jsii language has.
 */
export function renderJunit(plan: StoragePlan): string {
  return renderJunitInternal(plan);
}

/**
 * @deprecated use `PlanReport.formatFinding()`, which every jsii language has.
 */
export function formatFinding(f: Finding): string {
  return formatFindingText(f);
}

/**
 * What a SARIF log says about the tool, for {@link renderSarif}. TypeScript only, hence left out
 * of the jsii assembly: `ruleDocs` is a function, which jsii cannot carry; the other languages use
 * `PlanReport.renderSarif()`.
 * @jsii ignore
 */
export interface SarifToolInfo {
  /** The tool's version (the package version). */
  readonly version: string;
  /** Where a rule is documented: `docs/rules.md#<id>` or a full URL. */
  readonly ruleDocs: (id: string) => string;
  /**
   * The tool's home page.
   * @default - none
   */
  readonly informationUri?: string;
}

/**
 * The plan as SARIF 2.1.0 with the rules and tool information given (`PlanReport.renderSarif()`
 * takes the whole catalogue and its links).
 */
export function renderSarif(
  plan: StoragePlan,
  rules: readonly RuleDeclaration[],
  tool: SarifToolInfo,
): string {
  return renderSarifInternal(plan, rules, tool);
}

/**
 * The manifests at git revision `rev` of `paths` (files or directories, relative to `cwd`), for the
 * change plan (`--previous-git`); `unavailable` when there is no such revision to read; a usage
 * error message for a path outside the repository.
 */
export function loadAtRevision(
  paths: readonly string[],
  rev: string,
  cwd?: string,
): RevisionManifests | RevisionUnavailable | string {
  return loadAtRevisionInternal(paths, rev, cwd) as RevisionManifests | RevisionUnavailable | string;
}
