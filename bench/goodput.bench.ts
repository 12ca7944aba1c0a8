/**
 * Goodput benchmark (issue 7: at most 10 s): 100 seeded trials of a 30-day run of Llama 3 405B's layout on
 * 16,384 H100 (2,048 DGX H100, NDR 400 rail-optimised) with the default failure rates (Llama 3 Table 5,
 * about 7.7 unexpected interruptions a day), 5-minute detection, 10-minute restarts, hot spares, planned
 * maintenance every 27.6 h, Young-optimal synchronous checkpoints of 60 s (asynchronous stall 2 s), plus the
 * checkpoint-interval sweep (13 intervals × 2 modes × 100 trials) that every goodput run also does.
 * Reported figure: wall seconds of simulateGoodput, best of 3 after one warm-up run.
 */
import { goodputSchema, normalizeGoodput } from '../src/config/goodput-schema.ts';
import type { ClusterSpec } from '../src/config/scenario-types.ts';
import { simulateGoodput } from '../src/goodput/index.ts';
import { loadCatalog } from '../src/hardware/catalog.ts';
import type { Bench } from './main.ts';

function cluster(): ClusterSpec {
  const catalog = loadCatalog();
  const profile = catalog.nodes.get('dgx-h100')!;
  return {
    nodes: [{ profile, accelerator: catalog.accelerators.get(profile.accelerator)!, scaleUp: catalog.fabrics.get(profile.scaleUpFabric!)!, count: 2048 }],
    scaleOut: { profile: catalog.fabrics.get('ib-ndr-400')!, topology: 'rail-optimized', oversubscription: 1 },
    storage: [],
  };
}

function once(c: ClusterSpec): number {
  const spec = normalizeGoodput(goodputSchema.parse({
    duration: '30 days',
    trials: 100,
    maintenance: { every: '27.57 h', source: 'Llama 3 (arXiv 2407.21783): 47 planned interruptions in 54 days' },
  }));
  const start = process.hrtime.bigint();
  simulateGoodput({
    job: 'pretrain', spec, devices: 16_384, cluster: c, stepSeconds: 8.05, computeSecondsPerStep: 6.5, dataStallSecondsPerStep: 0,
    checkpoint: { writeSeconds: 60, asyncStallSeconds: 2, restoreSeconds: 90, from: 'bench' }, seed: 1, setName: 'llama3-h100', setSource: 'bench', faultFreeSeconds: null,
  });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export const goodputBenches: Bench[] = [
  {
    name: 'goodput.montecarlo_100x30d_16k_seconds',
    unit: 's',
    run: () => {
      const c = cluster();
      once(c);
      return Math.min(once(c), once(c), once(c));
    },
  },
];
