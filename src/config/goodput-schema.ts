/**
 * The `goodput:` key of a training workload (phase 2, validate) and its normalised form (phase 3): a long
 * run of the job simulated as N seeded trials over failures, checkpoints, restarts, maintenance and slow
 * GPUs (model: src/goodput/). Failure rates come from a set in hardware-profiles/failure-rates/, each cause
 * with its source; the scenario may scale them, change a cause or add one (with its own source).
 */
import { z } from 'zod';
import { DEFAULT_FAILURE_SET, failureSetIds, loadFailureSet } from '../goodput/failure-sets.ts';
import { COMPONENT_KINDS, FAILURE_CATEGORIES, type FailureCause, type GoodputSpec } from '../goodput/types.ts';
import { didYouMean } from './errors.ts';
import { qty, positiveInt } from './zod-quantity.ts';


const causeSchema = z
  .strictObject({
    mtbf: qty('time', { positive: true, description: 'mean time between failures of ONE component of the cause\'s kind', example: '150000 h' }).optional(),
    scale: z.number().min(0).optional().describe('multiplies this cause\'s rate (0 turns it off)'),
    repair: qty('time', { min: 0, description: 'time until a failed node is back in service', example: '24 h' }).optional(),
    hardware: z.boolean().optional().describe('true: the failed node leaves the job (a spare replaces it, or the job waits for its repair); false: restart in place'),
    label: z.string().min(1).optional().describe('name shown in the report (a new cause; default its id)'),
    component: z.enum(COMPONENT_KINDS).optional().describe('a new cause: what its MTBF is per (gpu, node, nic, link, switch, job)'),
    category: z.enum(FAILURE_CATEGORIES).optional().describe('a new cause: gpu, hbm, network, nic, host, software, unknown or all'),
    source: z.string().min(12).optional().describe('where the figure comes from (required for a new cause)'),
  })
  .describe('a change to one cause of the failure set, or a new cause');

const failuresSchema = z
  .union([
    z.string().min(1).describe('a failure-rate set id: hardware-profiles/failure-rates/<id>.json'),
    z.strictObject({
      set: z.string().min(1).default(DEFAULT_FAILURE_SET).describe('failure-rate set id (default llama3-h100: Llama 3 Table 5)'),
      scale: z.number().min(0).default(1).describe('multiplies every rate of the set (0: no failures)'),
      causes: z.record(z.string(), causeSchema).default({}).describe('by cause id: change a cause of the set, or add one'),
    }),
  ])
  .default(DEFAULT_FAILURE_SET)
  .describe('failure rates per component-hour: a set id, or { set, scale, causes }');

export const goodputSchema = z
  .strictObject({
    duration: qty('time', { positive: true, description: 'wall-clock window each trial simulates; default the job\'s time to train on its tokens', example: '54 days' }).optional(),
    trials: z.number().int().min(2).max(100_000).default(100).describe('seeded Monte Carlo trials, each with its own random streams of the scenario seed'),
    failures: failuresSchema,
    spares: z
      .union([z.boolean(), z.number().int().min(0)])
      .default(true)
      .describe('hot spare nodes: true (one is always free), false (none: the job waits for each failed node\'s repair), or how many'),
    detection: qty('time', { min: 0, description: 'from a failure to the job noticing it (default 5 min: a 5-minute health-check period, Meta; the NVIDIA Resiliency Extension\'s 300 s heartbeat timeout)', example: '5 min' }).prefault('5 min'),
    restart: qty('time', { min: 0, description: 'relaunch, distributed initialisation and model build after an interruption, without the checkpoint read (default 10 min: the setup timeout of NVIDIA\'s fault-tolerant launcher, an upper estimate)', example: '10 min' }).prefault('10 min'),
    checkpoint: z
      .strictObject({
        mode: z.enum(['sync', 'async']).optional().describe('sync: training waits for the write; async: only for the copy to host memory (default: the workload\'s checkpoint key, else sync)'),
        interval: z
          .union([z.literal('young'), qty('time', { positive: true, description: 'training time between checkpoints', example: '30 min' })])
          .optional()
          .describe('training time between checkpoints, or "young" for Young\'s optimum sqrt(2 C M) (default: the workload\'s checkpoint key, else young)'),
        intervalSteps: positiveInt('optimizer steps between checkpoints, in place of interval').optional(),
        write: qty('time', { positive: true, description: 'one checkpoint write, all ranks (default: the storage model of the workload\'s checkpoint key)', example: '60 s' }).optional(),
        stall: qty('time', { min: 0, description: 'training lost per asynchronous checkpoint, the copy to host memory (default: the storage model)', example: '5 s' }).optional(),
        restore: qty('time', { min: 0, description: 'reading the checkpoint back on a restart (default: the storage model)', example: '90 s' }).optional(),
      })
      .prefault({})
      .describe('checkpoint interval, mode and costs; figures given here override the storage model\'s'),
    maintenance: z
      .strictObject({
        every: qty('time', { positive: true, description: 'planned interruption period', example: '27.6 h' }),
        downtime: qty('time', { min: 0, description: 'the job stopped beyond its own checkpoint, restart and restore (0 for rolling maintenance with spares)', example: '0 s' }).prefault('0 s'),
        source: z.string().min(12).describe('where the maintenance rate comes from'),
      })
      .optional()
      .describe('planned interruptions: the job checkpoints, stops, restarts; no work is lost'),
    stragglers: z
      .strictObject({
        mtbs: qty('time', { positive: true, description: 'mean time between slow-downs of ONE GPU', example: '2000000 h' }),
        slowdown: z.number().gt(1).describe('how many times longer the slow GPU\'s compute takes (every collective it joins waits for it)'),
        detect: qty('time', { min: 0, description: 'time until the slow GPU is found and the job restarts without it; absent: it stays until the next restart', example: '5 min' }).optional(),
        source: z.string().min(12).describe('where the straggler rate and slowdown come from'),
      })
      .optional()
      .describe('slow GPUs that delay every step while they are in the job'),
    sweep: z
      .strictObject({
        points: z.number().int().min(5).max(41).default(13).describe('checkpoint intervals simulated, evenly spaced in log(interval)'),
        span: z.number().gt(1).default(4).describe('the sweep runs from Young\'s interval / span to × span'),
        trials: z.number().int().min(2).max(100_000).optional().describe('trials per interval (default: trials)'),
      })
      .prefault({})
      .describe('the checkpoint-interval sweep, synchronous and asynchronous'),
  })
  .superRefine((g, ctx) => {
    const issue = (path: (string | number)[], code: string, message: string, hint: string) => ctx.addIssue({ code: 'custom', path, message, params: { clustersim: code, hint } });
    if (g.checkpoint.interval !== undefined && g.checkpoint.intervalSteps !== undefined) {
      issue(['checkpoint', 'intervalSteps'], 'inconsistent', 'give either checkpoint.interval or checkpoint.intervalSteps, not both', 'remove one');
    }
    if (g.checkpoint.write !== undefined && g.checkpoint.stall !== undefined && g.checkpoint.stall > g.checkpoint.write) {
      issue(['checkpoint', 'stall'], 'inconsistent', 'the asynchronous stall is longer than the whole write', 'stall ≤ write: the stall is the copy to host memory, part of the write');
    }
    const f = typeof g.failures === 'string' ? { set: g.failures, causes: {} } : g.failures;
    const setPath = typeof g.failures === 'string' ? ['failures'] : ['failures', 'set'];
    const ids = failureSetIds();
    if (!ids.includes(f.set)) {
      issue(setPath, 'unknown-profile', `no failure-rate set "${f.set}"`, didYouMean(f.set, ids) || `known sets: ${ids.join(', ')}`);
      return;
    }
    const known = new Set(loadFailureSet(f.set).causes.map((c) => c.id));
    for (const [id, c] of Object.entries(f.causes)) {
      const at = ['failures', 'causes', id];
      if (known.has(id)) {
        if (c.component !== undefined || c.category !== undefined) issue([...at, c.component !== undefined ? 'component' : 'category'], 'inconsistent', `"${id}" is a cause of set ${f.set}; its component and category are the set's`, 'change its mtbf, scale, repair or hardware; or add a new cause under another id');
        continue;
      }
      const missing = (['component', 'category', 'mtbf', 'source'] as const).filter((k) => c[k] === undefined);
      if (missing.length > 0) {
        const dym = didYouMean(id, known);
        issue(at, 'missing-key', `"${id}" is not a cause of set ${f.set}, and a new cause needs ${missing.join(', ')}`, dym || `causes of ${f.set}: ${[...known].join(', ')}`);
      }
    }
  })
  .describe('the goodput of a long run: failures, checkpoints, restarts, maintenance and slow GPUs over N seeded trials');

export type ParsedGoodput = z.output<typeof goodputSchema>;

/** Phase 3: SI rates per second, the set's causes with the scenario's changes, every default filled in. */
export function normalizeGoodput(g: ParsedGoodput): GoodputSpec {
  const f = typeof g.failures === 'string' ? { set: g.failures, scale: 1, causes: {} } : g.failures;
  const set = loadFailureSet(f.set);
  const causes: FailureCause[] = set.causes.map((c) => {
    const o = f.causes[c.id];
    if (o === undefined) return { ...c, ratePerComponentSecond: c.ratePerComponentSecond * f.scale };
    const rate = o.mtbf !== undefined ? 1 / o.mtbf : c.ratePerComponentSecond;
    const changed = [o.mtbf !== undefined && 'MTBF', o.scale !== undefined && `× ${o.scale}`, o.repair !== undefined && 'repair time', o.hardware !== undefined && 'hardware'].filter(Boolean);
    return {
      ...c,
      ratePerComponentSecond: rate * (o.scale ?? 1) * f.scale,
      ...(o.label !== undefined ? { label: o.label } : {}),
      hardware: o.hardware ?? c.hardware,
      repairSeconds: o.repair ?? c.repairSeconds,
      source: o.source ?? (changed.length > 0 ? `${c.source}; ${changed.join(', ')} set in the scenario` : c.source),
    };
  });
  for (const [id, o] of Object.entries(f.causes)) {
    if (set.causes.some((c) => c.id === id)) continue;
    const hardware = o.hardware ?? true;
    causes.push({
      id, label: o.label ?? id, category: o.category!, component: o.component!,
      ratePerComponentSecond: (1 / o.mtbf!) * (o.scale ?? 1) * f.scale,
      hardware, repairSeconds: o.repair ?? (hardware ? set.causes.find((c) => c.hardware)?.repairSeconds ?? 0 : 0), source: o.source!,
    });
  }
  return {
    durationSeconds: g.duration ?? null,
    trials: g.trials,
    failures: { set: f.set, scale: f.scale, causes },
    spareNodes: g.spares === true ? null : g.spares === false ? 0 : g.spares,
    detectionSeconds: g.detection,
    restartSeconds: g.restart,
    checkpoint: {
      mode: g.checkpoint.mode ?? null,
      intervalSeconds: typeof g.checkpoint.interval === 'number' ? g.checkpoint.interval : null,
      intervalSteps: g.checkpoint.intervalSteps ?? null,
      young: g.checkpoint.interval === 'young',
      writeSeconds: g.checkpoint.write ?? null,
      stallSeconds: g.checkpoint.stall ?? null,
      restoreSeconds: g.checkpoint.restore ?? null,
    },
    maintenance: g.maintenance ? { everySeconds: g.maintenance.every, downtimeSeconds: g.maintenance.downtime, source: g.maintenance.source } : null,
    stragglers: g.stragglers ? { ratePerGpuSecond: 1 / g.stragglers.mtbs, gpuSlowdown: g.stragglers.slowdown, detectSeconds: g.stragglers.detect ?? null, source: g.stragglers.source } : null,
    sweep: { points: g.sweep.points, span: g.sweep.span, trials: g.sweep.trials ?? g.trials },
  };
}
