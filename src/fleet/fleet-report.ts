import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { analyzeFleet, budgetProblems, checkFleetObjects, checkFleetOptions, DEFAULT_POD_START_SECONDS, FleetObject } from './analysis';
import { appObjects } from './app-objects';
import { renderJson, renderMarkdown } from './render';
import { FleetAnalysis, FleetAnalysisOptions, FleetBudget } from './types';
import type { AppSnapshot } from '../core/private/app-check';
import { AppValidation } from '../core/private/app-validation';
import { fail } from '../core/private/errors';

/** Properties of a `FleetReport`. */
export interface FleetReportProps extends FleetAnalysisOptions {
  /**
   * The file the Markdown report is written to, in the app's output directory; the JSON report is
   * written next to it, with the extension `.json`.
   *
   * @default 'fleet-report.md'
   */
  readonly outputFile?: string;

  /**
   * Write the report files at synth. The budget is checked either way.
   *
   * @default true
   */
  readonly writeFiles?: boolean;
}

/**
 * The app-level view of every DaemonSet of the cdk8s app (this library's, cdk8s-plus ones and raw
 * `KubeDaemonSet`s): the node overhead of their pods per node and for the cluster, the Pod Security
 * level of each and the checks that lower it, the host ports they bind, and the time of a full
 * rollout of each.
 *
 * At synth, in the app's validation pass (so before cdk8s writes the manifests), it writes
 * `fleet-report.md` and `fleet-report.json` into the app's output directory, and fails synth when
 * the DaemonSets request more than the per-node `budget`, with a table of the top consumers.
 * The same analysis runs on any manifest files with the `cdk8s-daemonsets-fleet` command.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { FleetReport } from 'cdk8s-daemonsets';
 *
 * const app = new App();
 * const chart = new Chart(app, 'agents');
 * new FleetReport(chart, 'Fleet', { nodeCount: 50, budget: { cpu: '500m', memory: '512Mi' } });
 */
export class FleetReport extends Construct {
  /**
   * The fleet view of any Kubernetes objects (for example those of `Yaml.load('chart.yaml')`):
   * the DaemonSets and Namespaces among them are analysed, `List` objects are opened, anything
   * else is ignored.
   */
  public static analyze(manifests: any[], options: FleetAnalysisOptions): FleetAnalysis {
    return analyzeFleet(manifests.map((manifest, i) => ({ manifest, source: `manifests[${i}]` })), options);
  }

  /** A fleet view as the Markdown report `FleetReport` writes. */
  public static toMarkdown(analysis: FleetAnalysis): string {
    return renderMarkdown(analysis);
  }

  /** The node count the report is computed for. */
  public readonly nodeCount: number;

  /** The pod start time of the rollout estimates, in seconds. */
  public readonly podStartSeconds: number;

  /** The per-node budget, if any. */
  public readonly budget?: FleetBudget;

  /** The Markdown file written into the app's output directory (`undefined` when `writeFiles` is false). */
  public readonly outputFile?: string;

  private readonly options: FleetAnalysisOptions;

  constructor(scope: Construct, id: string, props: FleetReportProps) {
    super(scope, id);
    const errors = checkFleetOptions(this.node.path, props);
    const outputFile = props.outputFile ?? 'fleet-report.md';
    if (!outputFile.endsWith('.md') || path.isAbsolute(outputFile) || outputFile.split(/[\\/]/).includes('..')) {
      fail(this, {
        prop: 'outputFile',
        problem: 'is not a relative .md file name inside the output directory',
        received: outputFile,
        allowed: 'a relative path ending in .md, without \'..\'',
        fix: 'use a name such as fleet-report.md (the JSON is written next to it)',
      });
    }
    if (errors.length > 0) {
      throw new Error(errors[0]);
    }
    this.nodeCount = props.nodeCount;
    this.podStartSeconds = props.podStartSeconds ?? DEFAULT_POD_START_SECONDS;
    this.budget = props.budget;
    this.outputFile = props.writeFiles ?? true ? outputFile : undefined;
    this.options = { nodeCount: props.nodeCount, podStartSeconds: this.podStartSeconds, podStopSeconds: props.podStopSeconds, budget: props.budget };
    AppValidation.of(this).addCheck(app => this.report(app));
  }

  /** Runs at synth with the manifests the app's validation pass serialized. */
  private report({ daemonSets, constructs }: AppSnapshot): string[] {
    const objects: FleetObject[] = [
      ...daemonSets.map(d => ({ manifest: d.manifest, source: d.path })),
      ...appObjects(constructs, 'Namespace'),
    ];
    // A raw DaemonSet with a value no quantity (ours are checked by their own rules).
    const unreadable = checkFleetObjects(objects);
    if (unreadable.length > 0) {
      return unreadable;
    }
    const analysis = analyzeFleet(objects, this.options, this.node.path);
    if (this.outputFile) {
      const outdir = App.of(this).outdir;
      const markdown = path.join(outdir, this.outputFile);
      fs.mkdirSync(path.dirname(markdown), { recursive: true });
      fs.writeFileSync(markdown, renderMarkdown(analysis));
      fs.writeFileSync(markdown.replace(/\.md$/, '.json'), renderJson(analysis));
    }
    // Namespace errors and host port clashes come from the app's own checks, which run with or
    // without a report.
    return budgetProblems(this.node.path, analysis.budget, analysis.daemonSets);
  }
}
