/**
 * What is wrong with a training workload on a cluster, before simulating it: options not modelled yet,
 * inconsistent parallel layouts, and memory that does not fit — each with a concrete fix.
 * Paths are relative to the workload (the caller prefixes `workloads[i].`).
 */
import type { ClusterSpec, TrainingWorkload } from '../../config/scenario-types.ts';
import { computeRates } from '../../hardware/compute.ts';
import { place } from './placement.ts';
import { contextParallelIssues } from './context-parallel.ts';
import { moeLayoutProblems } from './moe.ts';
import { fitHint, largestTerm } from './fit.ts';
import { memoryByStage, peakStage } from './memory-stage.ts';

export interface TrainingIssue {
  path: string;
  code: 'does-not-fit' | 'inconsistent' | 'not-supported';
  message: string;
  hint: string;
}

const PLANNED = 'is not supported yet (planned: training at scale issue)';
const GiB = 2 ** 30;

export function gib(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}

function unsupported(job: TrainingWorkload): TrainingIssue[] {
  const p = job.parallelism;
  const out: TrainingIssue[] = [];
  const no = (path: string, what: string, hint: string) => out.push({ path, code: 'not-supported', message: `${what} ${PLANNED}`, hint });
  if (p.schedule === 'zero-bubble' && p.zero >= 3) no('parallelism.zero', 'ZeRO-3 with the zero-bubble schedule', 'use schedule: 1f1b with zero: 3, or zero: 1 with zero-bubble');
  return out;
}

/** Pipeline layouts the schedules need (schedule.ts, stages.ts). */
function pipelineIssues(job: TrainingWorkload): TrainingIssue[] {
  const p = job.parallelism;
  const out: TrainingIssue[] = [];
  const micro = job.batch.globalSequences / (p.dp * job.batch.microSequences);
  const bad = (path: string, message: string, hint: string) => out.push({ path, code: 'inconsistent', message, hint });
  if (p.virtualStages > 1 && p.schedule !== 'interleaved') bad('parallelism.virtualStages', `virtualStages ${p.virtualStages} needs the interleaved schedule (it is ${p.schedule})`, 'set parallelism.schedule: interleaved, or virtualStages: 1');
  if (p.schedule === 'interleaved' && p.pp > 1) {
    if (p.virtualStages < 2) bad('parallelism.virtualStages', 'the interleaved schedule needs at least 2 model chunks per pipeline rank', 'set parallelism.virtualStages: 2 (or more), or schedule: 1f1b');
    if (Number.isInteger(micro) && micro % p.pp !== 0) {
      const per = p.dp * job.batch.microSequences * p.pp;
      bad('batch.global', `the interleaved schedule needs the micro-batches per step (${micro}) to be a multiple of pp (${p.pp}), as Megatron-LM does`, `set batch.global to a multiple of dp × micro × pp = ${per}, e.g. ${Math.max(per, Math.round(job.batch.globalSequences / per) * per)}`);
    }
  }
  const v = p.schedule === 'interleaved' ? p.virtualStages : 1;
  if (job.model.layers < p.pp * v) bad('parallelism.pp', `${job.model.layers} layers cannot fill ${p.pp * v} pipeline stages (pp ${p.pp} × virtualStages ${v})`, `set parallelism.pp to at most ${Math.floor(job.model.layers / v)}`);
  return out;
}

function divisibility(job: TrainingWorkload): TrainingIssue[] {
  const { tp, dp } = job.parallelism;
  const m = job.model;
  const out: TrainingIssue[] = [];
  const divisors = (n: number) => [1, 2, 4, 8, 16, 32, 64].filter((d) => n % d === 0 && d <= Math.max(tp, 8));
  if (m.attentionHeads % tp !== 0) {
    out.push({ path: 'parallelism.tp', code: 'inconsistent', message: `${m.attentionHeads} attention heads of ${m.id} cannot be split over tp ${tp}`, hint: `set parallelism.tp to a divisor of ${m.attentionHeads}: ${divisors(m.attentionHeads).join(', ')}` });
  }
  const kvOk = m.kvHeads >= tp ? m.kvHeads % tp === 0 : tp % m.kvHeads === 0;
  if (!kvOk && m.kvHeads !== m.attentionHeads) out.push({ path: 'parallelism.tp', code: 'inconsistent', message: `${m.kvHeads} key/value heads of ${m.id} cannot be split or replicated evenly over tp ${tp}`, hint: `set parallelism.tp to a divisor or multiple of ${m.kvHeads}` });
  if (m.ffnHiddenSize % tp !== 0) out.push({ path: 'parallelism.tp', code: 'inconsistent', message: `FFN size ${m.ffnHiddenSize} of ${m.id} is not divisible by tp ${tp}`, hint: `set parallelism.tp to a divisor of ${m.ffnHiddenSize}` });
  const per = dp * job.batch.microSequences;
  if (job.batch.globalSequences % per !== 0) {
    const lower = Math.max(per, Math.floor(job.batch.globalSequences / per) * per);
    out.push({ path: 'batch.global', code: 'inconsistent', message: `global batch ${job.batch.globalSequences} is not a multiple of dp × micro = ${dp} × ${job.batch.microSequences} = ${per}`, hint: `set batch.global: ${lower} (or ${lower + per})` });
  }
  return out;
}

export function trainingIssues(job: TrainingWorkload, cluster: ClusterSpec): TrainingIssue[] {
  const p = job.parallelism;
  const moe = moeLayoutProblems(job.model, p).map((i): TrainingIssue => ({ ...i, code: 'inconsistent' }));
  const out = [...unsupported(job), ...divisibility(job), ...pipelineIssues(job), ...contextParallelIssues(job), ...moe];
  // layerOps cannot build standard attention under cp, nor experts that do not divide: stop before the memory check
  if (out.some((i) => i.path === 'attention') || moe.length > 0) return out;
  const pl = place(job, cluster);
  if (pl === undefined) return [...out, { path: '', code: 'inconsistent', message: 'the cluster has no nodes to run on', hint: 'add cluster.nodes' }];
  const node = pl.group.profile;
  const acc = pl.group.accelerator;
  if (computeRates(acc, job.precision) === undefined) {
    out.push({ path: 'precision', code: 'not-supported', message: `${acc.name} has no published dense ${job.precision} rate`, hint: `set precision: bf16 (or another precision in the ${acc.id} profile)` });
  }
  if (pl.devicesNeeded > pl.devicesAvailable) {
    const fitDp = Math.floor(pl.devicesAvailable / (p.tp * p.pp * p.cp));
    const nodes = Math.ceil(pl.devicesNeeded / node.devicesPerNode);
    out.push({
      path: 'parallelism.dp',
      code: 'does-not-fit',
      message: `needs ${pl.devicesNeeded} devices (dp ${p.dp} × tp ${p.tp} × pp ${p.pp} × cp ${p.cp}) but the cluster has ${pl.devicesAvailable} (${pl.group.count} × ${node.id} with ${node.devicesPerNode} each)`,
      hint: fitDp >= 1 ? `set parallelism.dp: ${fitDp}, or use ${nodes} ${node.id} nodes` : `use ${nodes} ${node.id} nodes`,
    });
  }
  const domain = pl.group.scaleUp === null ? 1 : node.scaleUpDomainSize;
  if (p.tp > domain) {
    out.push({
      path: 'parallelism.tp',
      code: 'inconsistent',
      message: `tp ${p.tp} exceeds the scale-up domain of ${node.id} (${domain} device${domain === 1 ? '' : 's'}); tensor parallelism across the scale-out fabric is not modelled`,
      hint: `set parallelism.tp: ${domain} and raise dp instead`,
    });
  }
  if (pl.dpTier === undefined || pl.ppTier === undefined || pl.cpTier === undefined || pl.epTier === undefined || pl.expertDpTier === undefined) {
    out.push({ path: 'parallelism.dp', code: 'inconsistent', message: `the job spans several nodes (dp ${p.dp} × pp ${p.pp} × cp ${p.cp} groups) but the cluster has no scale-out fabric`, hint: 'add cluster.scaleOut (e.g. { profile: ib-ndr-400, topology: fat-tree })' });
  }
  const peak = peakStage(memoryByStage(job, acc.memory.capacityBytes));
  const mem = peak.memory;
  if (mem.totalBytes > mem.capacityBytes) {
    const big = largestTerm(mem);
    const fix = fitHint(job, mem.capacityBytes, domain, pl.devicesAvailable);
    out.push({
      path: fix.path,
      code: 'does-not-fit',
      message:
        `needs ${gib(mem.totalBytes)} per GPU${job.parallelism.pp > 1 ? ` (pipeline stage ${peak.stage}, ${peak.microbatchesInFlight} micro-batch chunks in flight)` : ''} but ${acc.name} has ${gib(mem.capacityBytes)}: ${gib(mem.totalBytes - mem.capacityBytes)} over ` +
        `(largest term: ${big.name} ${gib(big.bytes)}; weights ${gib(mem.weightsBytes)}, gradients ${gib(mem.gradientsBytes)}, ` +
        `optimizer ${gib(mem.optimizerBytes)}, activations ${gib(mem.activationsBytes)}, other ${gib(mem.otherBytes)})`,
      hint: fix.hint,
    });
  }
  return out;
}
