// The failure-rate sets in hardware-profiles/failure-rates/: each loads, every cause cites a source, and the
// Llama 3 set turns Table 5's counts into rates per component-hour as its header says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/errors.ts';
import { DEFAULT_FAILURE_SET, failureSetIds, loadFailureSet } from '../../src/goodput/failure-sets.ts';

test('every set loads, and every cause has a rate, a source and a repair time', () => {
  const ids = failureSetIds();
  assert.ok(ids.includes(DEFAULT_FAILURE_SET));
  assert.ok(ids.length >= 3);
  for (const id of ids) {
    const set = loadFailureSet(id);
    for (const c of set.causes) {
      assert.ok(c.ratePerComponentSecond > 0, `${id}/${c.id}`);
      assert.ok(c.source.length >= 12, `${id}/${c.id}`);
      assert.ok(c.repairSeconds >= 0 && (c.hardware || c.repairSeconds === 0), `${id}/${c.id}`);
    }
  }
});

test('Llama 3 Table 5: 419 unexpected interruptions in 54 days, each cause per its components', () => {
  const set = loadFailureSet('llama3-h100');
  const hours = 54 * 24;
  const counts: Record<string, number> = { gpu: 16384, node: 2048, nic: 16384, link: 16384, job: 1 };
  const perRun = set.causes.reduce((s, c) => s + c.ratePerComponentSecond * 3600 * counts[c.component]! * hours, 0);
  assert.ok(Math.abs(perRun - 419) < 1e-9, `${perRun}`);
  const gpu = set.causes.find((c) => c.id === 'faulty-gpu')!;
  assert.ok(Math.abs(gpu.ratePerComponentSecond * 3600 - 148 / (16384 * hours)) < 1e-15);
  assert.equal(set.causes.find((c) => c.id === 'software-bug')!.hardware, false);
  assert.match(gpu.source, /2407\.21783/);
});

test('Meta RSC-1: 6.50 failures per 1,000 node-days', () => {
  const c = loadFailureSet('meta-rsc1-a100').causes[0]!;
  assert.ok(Math.abs(c.ratePerComponentSecond * 86400 * 1000 - 6.5) < 0.01);
});

test('a set that does not exist is a file-not-found error', () => {
  assert.throws(() => loadFailureSet('no-such-set'), (e: unknown) => e instanceof ConfigError && e.issues[0]!.code === 'file-not-found');
});
