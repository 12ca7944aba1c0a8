/**
 * Inference benches (issue 5):
 *  - inference.azure_conv_replay_seconds: the conversation trace (19,366 requests) on 2 x Llama 3 70B TP4
 *    (scenarios/inference-llama3-70b-conv.yaml), phases 1-6, best of two after a warm-up.
 *  - inference.million_requests_seconds: 1,000,000 synthetic requests (Poisson, lognormal lengths) over
 *    16 replicas of Llama 3 8B (TP1, 2 x DGX H100); and its peak resident memory. Both come from one run in
 *    a fresh process (`tsx bench/inference.bench.ts`, bench/child.ts), so the memory is the run's own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioFile } from '../src/pipeline.ts';
import type { Bench } from './main.ts';
import { childRun, isMain, reportChild, type ChildRun } from './child.ts';

const MILLION = `name: bench-million
seed: 1
cluster:
  nodes: [{ profile: dgx-h100, count: 2 }]
workloads:
  - name: serve
    kind: inference
    model: llama3-8b
    replicas: 16
    parallelism: { tp: 1 }
    source:
      synthetic:
        arrivals: { kind: poisson, rate: 400 }
        prompt: { kind: lognormal, median: 512, sigma: 0.8, max: 4096 }
        output: { kind: lognormal, median: 128, sigma: 0.8, max: 1024 }
        count: 1000000
cost: { basis: cloud, devicePrice: 2.99 USD/h }
`;

async function seconds(file: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const { report } = await runScenarioFile(file);
  if (Object.keys(report.jobs).length === 0) throw new Error('inference bench: no job ran');
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function withMillionScenario<T>(fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'clustersim-bench-'));
  const file = join(dir, 'million.yaml');
  writeFileSync(file, MILLION);
  return fn(file).finally(() => rmSync(dir, { recursive: true, force: true }));
}

export const inferenceBenches: Bench[] = [
  {
    name: 'inference.azure_conv_replay_seconds',
    unit: 's',
    async run(): Promise<number> {
      const file = 'scenarios/inference-llama3-70b-conv.yaml';
      await seconds(file);
      return Math.min(await seconds(file), await seconds(file));
    },
  },
  { name: 'inference.million_requests_seconds', unit: 's', run: () => millionRun().seconds },
  { name: 'inference.million_requests_peak_rss_bytes', unit: 'B', run: () => millionRun().peakRssBytes },
];

let million: ChildRun | undefined;
const millionRun = (): ChildRun => (million ??= childRun('bench/inference.bench.ts'));

if (isMain(import.meta.url)) reportChild(await withMillionScenario(seconds));
