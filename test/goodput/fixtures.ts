/**
 * Goodput test fixtures: a trial model with nothing in it (no failures, checkpoints of 0 s every 1e12 s) for
 * the tests to edit; and a small goodput result (3 trials of 2 days on 4 DGX H100 with the Llama 3 rates ×
 * 200, one added cause whose label and source carry markup) for the report tests.
 */
import { goodputSchema, normalizeGoodput } from '../../src/config/goodput-schema.ts';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import { simulateGoodput } from '../../src/goodput/simulate.ts';
import type { GoodputResult } from '../../src/goodput/result-types.ts';
import type { TrialModel } from '../../src/goodput/trial.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';

export function bareModel(over: Partial<TrialModel> = {}): TrialModel {
  return {
    durationSeconds: 1000, causes: [{ rate: 0, hardware: false, repairSeconds: 0, category: 0 }], categories: 1,
    detectionSeconds: 0, restartSeconds: 0, restoreSeconds: 0, spareNodes: Infinity,
    tauSeconds: 1e12, stallSeconds: 0, drainSeconds: 0, writeSeconds: 0, dataRatio: 0,
    stragglers: null, maintenance: null, binSeconds: 100, bins: 10, ...over,
  };
}

export const HOSTILE_CAUSE = '<script>alert(3)</script> | *PDU*';

export function dgxCluster(nodes: number): ClusterSpec {
  const catalog = loadCatalog();
  const profile = catalog.nodes.get('dgx-h100')!;
  return {
    nodes: [{ profile, accelerator: catalog.accelerators.get(profile.accelerator)!, scaleUp: catalog.fabrics.get(profile.scaleUpFabric!)!, count: nodes }],
    scaleOut: { profile: catalog.fabrics.get('ib-ndr-400')!, topology: 'rail-optimized', oversubscription: 1 },
    storage: [],
  };
}

export function smallGoodput(): GoodputResult {
  const spec = normalizeGoodput(goodputSchema.parse({
    duration: '2 days',
    trials: 3,
    failures: { scale: 200, causes: { pdu: { component: 'node', category: 'host', mtbf: '20000 h', label: HOSTILE_CAUSE, source: `${HOSTILE_CAUSE} [x](https://evil.example)` } } },
    maintenance: { every: '12 h', source: 'test: <b>twice a day</b>' },
    sweep: { points: 5 },
  }));
  return simulateGoodput({
    job: 'pretrain', spec, devices: 32, cluster: dgxCluster(4), stepSeconds: 4.8, computeSecondsPerStep: 4.1, dataStallSecondsPerStep: 0,
    checkpoint: { writeSeconds: 30, asyncStallSeconds: 1, restoreSeconds: 40, from: 'test' }, seed: 1, setName: 'Llama 3 <i>set</i>', setSource: 'LLAMA3 source', faultFreeSeconds: null,
  });
}
