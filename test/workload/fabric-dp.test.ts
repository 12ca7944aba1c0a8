/**
 * Flow fidelity's data-parallel collectives on the fabric (fabric-dp.ts): which devices reduce together,
 * agreement with the closed form where nothing is shared, and contention where the fabric is thin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectiveSeconds } from '../../src/fabric/collective-cost.ts';
import { fabricDpCost, stageDpGroups } from '../../src/workload/training/fabric-dp.ts';
import { place } from '../../src/workload/training/placement.ts';
import { simulateTraining } from '../../src/workload/training/index.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import { h100Cluster, job, model } from './fixtures.ts';

const ndr = loadCatalog().fabrics.get('ib-ndr-400')!;
const cluster = (topology: 'rail-optimized' | 'fat-tree', oversubscription: number): ClusterSpec => {
  const c = h100Cluster(8);
  return { ...c, scaleOut: { profile: ndr, topology, oversubscription } };
};

test('the gradient groups of stage 0 follow the rank order: one per tp rank, members tp·cp·pp apart', () => {
  const j = job(model('llama3-8b'), { parallelism: { tp: 2, pp: 2, dp: 4 }, global: 8 });
  assert.deepEqual(stageDpGroups(j, undefined, false), [[0, 4, 8, 12], [1, 5, 9, 13]]);
  // placement maps ranks to devices
  const devices = Array.from({ length: 16 }, (_, r) => 100 + r);
  assert.deepEqual(stageDpGroups(j, devices, false)[0], [100, 104, 108, 112]);
  // with dp first in the order, dp members are consecutive
  assert.deepEqual(stageDpGroups({ ...j, parallelism: { ...j.parallelism, order: ['dp', 'tp', 'cp', 'pp'] } }, undefined, false)[0], [0, 1, 2, 3]);
});

test('rail-optimised and non-blocking: the fabric time equals the closed form; 8:1 oversubscribed fat-tree: slower, but not the closed form’s worst case (rings of packed nodes mostly stay under their leaf)', () => {
  const j = job(model('llama3-8b'), { parallelism: { tp: 8, dp: 8, zero: 1 }, global: 8 });
  const rail = cluster('rail-optimized', 1);
  const tier = place(j, rail)!.dpTier!;
  const bytes = 2 ** 28;
  const onRail = fabricDpCost(j, rail, undefined)('reduce-scatter', bytes, 'dp');
  const closed = collectiveSeconds('reduce-scatter', bytes, 8, tier);
  assert.ok(Math.abs(onRail / closed - 1) < 0.02, `fabric ${onRail} vs closed ${closed}`);
  const thin = cluster('fat-tree', 8);
  const onThin = fabricDpCost(j, thin, undefined)('reduce-scatter', bytes, 'dp');
  const worst = collectiveSeconds('reduce-scatter', bytes, 8, place(j, thin)!.dpTier!);
  assert.ok(onThin > onRail * 1.05, `oversubscribed ${onThin} vs ${onRail}`);
  assert.ok(onThin < worst / 2, `oversubscribed ${onThin} vs closed-form worst case ${worst}`);
});

test('flow fidelity uses the fabric unless dpCollectives is closed-form', () => {
  const base = job(model('llama3-8b'), { parallelism: { tp: 8, dp: 8, zero: 1 }, global: 64, overlapGradReduce: false });
  const thin = cluster('fat-tree', 8);
  const fabric = simulateTraining({ ...base, dpCollectives: 'fabric' }, thin, { fidelity: 'flow' }).result;
  const closed = simulateTraining({ ...base, dpCollectives: 'closed-form' }, thin, { fidelity: 'flow' }).result;
  assert.notEqual(fabric.breakdown.dpCommExposedSeconds, closed.breakdown.dpCommExposedSeconds);
  assert.equal(fabric.breakdown.computeSeconds, closed.breakdown.computeSeconds);
});
