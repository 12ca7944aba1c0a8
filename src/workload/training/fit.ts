/**
 * The cheapest change that makes a training job fit in device memory, for the does-not-fit hint.
 *
 * Candidates in order of what they cost in step time: sequence parallelism (none: the same bytes on the
 * wire, less replicated work), ZeRO-1 (an extra all-gather of the weights), selective recomputation
 * (the attention core again, ~2–7%), ZeRO-2 (gradients sharded: reduce-scatter instead of all-reduce, no
 * extra traffic), a smaller micro-batch (smaller GEMMs), a deeper pipeline on the same devices (pp × 2, dp
 * ÷ 2: a larger bubble unless the micro-batch count is large), full recomputation (one more forward,
 * ~33%), ZeRO-3 (weights gathered for every pass), a larger tp on the same devices (more tp
 * communication). Each alone first, then
 * cumulatively; if none is enough, the number of devices that would make it fit with ZeRO-1, or the
 * statement that a deeper pipeline or a larger device is needed.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import type { MemoryBreakdown } from '../../metrics/result-types.ts';
import { memoryByStage, peakStage } from './memory-stage.ts';

interface Fix {
  path: string;
  text: string;
  apply(job: TrainingWorkload): TrainingWorkload;
}

const GiB = 2 ** 30;

function withParallelism(job: TrainingWorkload, change: Partial<TrainingWorkload['parallelism']>): TrainingWorkload {
  return { ...job, parallelism: { ...job.parallelism, ...change } };
}

function peakMemory(job: TrainingWorkload, capacity: number): MemoryBreakdown {
  return peakStage(memoryByStage(job, capacity)).memory;
}

function fits(job: TrainingWorkload, capacity: number): boolean {
  return peakMemory(job, capacity).totalBytes <= capacity;
}

export function largestTerm(m: MemoryBreakdown): { name: string; bytes: number } {
  const terms: [string, number][] = [
    ['weights', m.weightsBytes],
    ['gradients', m.gradientsBytes],
    ['optimizer state', m.optimizerBytes],
    ['activations', m.activationsBytes],
    ['other (workspace, buffers)', m.otherBytes],
  ];
  const [name, bytes] = terms.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { name, bytes };
}

function candidates(job: TrainingWorkload, domain: number): Fix[] {
  const p = job.parallelism;
  const out: Fix[] = [];
  if (p.tp > 1 && !p.sequenceParallel) out.push({ path: 'parallelism.sequenceParallel', text: 'parallelism.sequenceParallel: true', apply: (j) => withParallelism(j, { sequenceParallel: true }) });
  if (p.dp > 1 && p.zero === 0) out.push({ path: 'parallelism.zero', text: 'parallelism.zero: 1', apply: (j) => withParallelism(j, { zero: 1 }) });
  if (p.recompute === 'none') out.push({ path: 'parallelism.recompute', text: 'parallelism.recompute: selective', apply: (j) => withParallelism(j, { recompute: 'selective' }) });
  if (p.dp > 1 && p.zero < 2) out.push({ path: 'parallelism.zero', text: 'parallelism.zero: 2', apply: (j) => withParallelism(j, { zero: 2 }) });
  for (let micro = job.batch.microSequences - 1; micro >= 1; micro--) {
    if (job.batch.globalSequences % (p.dp * micro) !== 0) continue;
    out.push({ path: 'batch.micro', text: `batch.micro: ${micro}`, apply: (j) => ({ ...j, batch: { ...j.batch, microSequences: micro } }) });
  }
  // a deeper pipeline on the same devices: dp halves (the micro-batch count per pipeline doubles)
  const v = p.schedule === 'interleaved' ? p.virtualStages : 1;
  for (let pp = p.pp * 2; pp * v <= job.model.layers && p.dp % (pp / p.pp) === 0; pp *= 2) {
    const dp = p.dp / (pp / p.pp);
    out.push({ path: 'parallelism.pp', text: `parallelism.pp: ${p.pp} -> ${pp} and parallelism.dp: ${p.dp} -> ${dp}`, apply: (j) => withParallelism(j, { pp, dp }) });
  }
  if (p.recompute !== 'full') out.push({ path: 'parallelism.recompute', text: 'parallelism.recompute: full', apply: (j) => withParallelism(j, { recompute: 'full' }) });
  if (p.dp > 1 && p.zero < 3 && p.schedule !== 'zero-bubble') out.push({ path: 'parallelism.zero', text: 'parallelism.zero: 3', apply: (j) => withParallelism(j, { zero: 3 }) });
  for (let tp = p.tp * 2; tp <= domain; tp *= 2) {
    const dp = (p.dp * p.tp) / tp;
    if (!Number.isInteger(dp) || job.model.attentionHeads % tp !== 0 || job.batch.globalSequences % (dp * job.batch.microSequences) !== 0) continue;
    out.push({ path: 'parallelism.tp', text: `parallelism.tp: ${tp} and parallelism.dp: ${dp}`, apply: (j) => withParallelism(j, { tp, dp: (j.parallelism.dp * j.parallelism.tp) / tp }) });
  }
  return out;
}

/** The hint for a job that does not fit in `capacity` bytes per device. */
export function fitHint(job: TrainingWorkload, capacity: number, domain: number, devicesAvailable: number): { path: string; hint: string } {
  const fixes = candidates(job, domain);
  for (const f of fixes) if (fits(f.apply(job), capacity)) return { path: f.path, hint: `set ${f.text}` };
  let cumulative = job;
  let used: Fix[] = [];
  for (const f of fixes) {
    cumulative = f.apply(cumulative);
    // a later fix of the same field (recompute: full after selective, a smaller micro) supersedes the earlier
    used = [...used.filter((u) => u.path !== f.path), f];
    if (fits(cumulative, capacity)) return { path: used[0]!.path, hint: `set ${used.map((u) => u.text).join(', ')}` };
  }
  // Nothing fits on these devices: shard the optimizer over more data-parallel ranks.
  const base = withParallelism(cumulative, { zero: Math.max(1, cumulative.parallelism.zero) as TrainingWorkload['parallelism']['zero'] });
  const p = base.parallelism;
  const perReplica = p.tp * p.pp * p.cp;
  for (let dp = Math.max(2, p.dp); dp <= 65536; dp *= 2) {
    const j = withParallelism(base, { dp });
    if (fits(j, capacity)) {
      return {
        path: 'parallelism.dp',
        hint:
          `even with ${used.map((u) => u.text).join(', ') || 'these settings'} it does not fit on ${devicesAvailable} devices; ` +
          `with parallelism.zero: ${p.zero}, parallelism.tp: ${p.tp}, parallelism.pp: ${p.pp} and parallelism.dp: ${dp} (${dp * perReplica} devices) the model state is sharded enough to fit`,
      };
    }
  }
  const m = peakMemory(withParallelism(base, { dp: 65536 }), capacity);
  return {
    path: 'parallelism.tp',
    hint:
      `weights and gradients alone take ${((m.weightsBytes + m.gradientsBytes) / GiB).toFixed(1)} GiB per device at tp ${p.tp}: ` +
      `this model needs a deeper pipeline (raise parallelism.pp and add devices) or a device with more memory`,
  };
}
