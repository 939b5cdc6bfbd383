/**
 * (d) The floor: the same plain objects written with the `yaml` package, one multi-document
 * file per chart, no constructs. Whatever a construct library costs is measured above this.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { charts, describeSet, manifestsOf } from '../workload';

const YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

export function run(n: number, outdir: string): void {
  fs.mkdirSync(outdir, { recursive: true });
  for (const c of charts(n)) {
    const docs = c.sets.flatMap((i) => manifestsOf(describeSet(i)));
    // The same options, separator and file name as cdk8s's Yaml.save, so the bytes match too.
    const text = docs.map((d) => YAML.stringify(d, YAML_OPTIONS)).join('---\n');
    fs.writeFileSync(path.join(outdir, `${c.id}.k8s.yaml`), text);
  }
}
