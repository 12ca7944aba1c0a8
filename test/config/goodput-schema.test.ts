// The `goodput:` key of a training workload (src/config/goodput-schema.ts): defaults, the failure-rate set
// and the scenario's changes to it, positioned errors, and that scenarios without it normalise as before.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../../src/config/load-scenario.ts';
import type { InputIssue } from '../../src/config/errors.ts';
import type { TrainingWorkload } from '../../src/config/scenario-types.ts';
import { GOOD, scratch, testCatalog, configIssues } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());
const opts = () => ({ catalog: testCatalog(), modelsDir: s.modelsDir });
const withGoodput = (g: string, name = 'g.yaml') => s.write(name, `${GOOD}    goodput:\n${g}`);
const spec = (g: string) => (loadScenario(withGoodput(g), opts()).scenario.workloads[0] as TrainingWorkload).goodput!;

const issues = (g: string): InputIssue[] => configIssues(() => loadScenario(withGoodput(g, 'bad.yaml'), opts()));

test('defaults: 100 trials, the Llama 3 set, hot spares, 5 min detection, 10 min restart, a 13-point sweep', () => {
  const g = spec('      duration: 54 days\n');
  assert.equal(g.durationSeconds, 54 * 86400);
  assert.equal(g.trials, 100);
  assert.equal(g.failures.set, 'llama3-h100');
  assert.equal(g.failures.causes.length, 18);
  assert.equal(g.spareNodes, null);
  assert.equal(g.detectionSeconds, 300);
  assert.equal(g.restartSeconds, 600);
  assert.deepEqual(g.checkpoint, { mode: null, intervalSeconds: null, intervalSteps: null, young: false, writeSeconds: null, stallSeconds: null, restoreSeconds: null });
  assert.deepEqual(g.sweep, { points: 13, span: 4, trials: 100 });
  assert.equal(g.maintenance, null);
  assert.equal(g.stragglers, null);
});

test('the scenario scales the set, changes a cause and adds one with its source', () => {
  const g = spec([
    '      duration: 30 days',
    '      spares: 4',
    '      failures:',
    '        set: llama3-h100',
    '        scale: 0.5',
    '        causes:',
    '          faulty-gpu: { mtbf: 100000 h, repair: 48 h }',
    '          software-bug: { scale: 0 }',
    '          pdu: { component: node, category: host, mtbf: 2000000 h, source: "a made-up PDU figure for the test" }',
    '      checkpoint: { mode: async, interval: 20 min, write: 60 s, stall: 2 s, restore: 90 s }',
    '      maintenance: { every: 27.6 h, source: "Llama 3: 47 planned in 54 days" }',
    '      stragglers: { mtbs: 1000000 h, slowdown: 1.3, detect: 10 min, source: "a made-up straggler rate for the test" }',
    '',
  ].join('\n'));
  const cause = (id: string) => g.failures.causes.find((c) => c.id === id)!;
  assert.equal(g.spareNodes, 4);
  assert.ok(Math.abs(cause('faulty-gpu').ratePerComponentSecond - 0.5 / (100000 * 3600)) < 1e-20);
  assert.equal(cause('faulty-gpu').repairSeconds, 48 * 3600);
  assert.match(cause('faulty-gpu').source, /MTBF, repair time set in the scenario/);
  assert.equal(cause('software-bug').ratePerComponentSecond, 0);
  assert.equal(cause('pdu').component, 'node');
  assert.equal(cause('pdu').hardware, true);
  assert.equal(cause('pdu').repairSeconds, 24 * 3600);
  assert.equal(cause('pdu').source, 'a made-up PDU figure for the test');
  // Every other cause keeps its Table 5 rate, halved.
  const hbm = 72 / (16384 * 54 * 24 * 3600);
  assert.ok(Math.abs(cause('gpu-hbm3').ratePerComponentSecond - 0.5 * hbm) < 1e-20);
  assert.deepEqual(g.checkpoint, { mode: 'async', intervalSeconds: 1200, intervalSteps: null, young: false, writeSeconds: 60, stallSeconds: 2, restoreSeconds: 90 });
  assert.deepEqual(g.maintenance, { everySeconds: 27.6 * 3600, downtimeSeconds: 0, source: 'Llama 3: 47 planned in 54 days' });
  assert.deepEqual(g.stragglers, { ratePerGpuSecond: 1 / 3.6e9, gpuSlowdown: 1.3, detectSeconds: 600, source: 'a made-up straggler rate for the test' });
});

test('a set id alone, interval: young, spares: false', () => {
  const g = spec('      failures: meta-rsc1-a100\n      spares: false\n      checkpoint: { interval: young }\n');
  assert.equal(g.failures.set, 'meta-rsc1-a100');
  assert.equal(g.spareNodes, 0);
  assert.equal(g.checkpoint.young, true);
});

test('errors: an unknown set with a hint, a new cause without its source, both interval and intervalSteps', () => {
  const set = issues('      failures: llama3-h10\n');
  assert.equal(set[0]!.code, 'unknown-profile');
  assert.equal(set[0]!.path, 'workloads[0].goodput.failures');
  assert.match(set[0]!.hint, /llama3-h100/);
  const cause = issues('      failures: { causes: { pdu: { component: node, category: host, mtbf: 1000 h } } }\n');
  assert.equal(cause[0]!.code, 'missing-key');
  assert.equal(cause[0]!.path, 'workloads[0].goodput.failures.causes.pdu');
  assert.match(cause[0]!.message, /source/);
  const both = issues('      checkpoint: { interval: 30 min, intervalSteps: 100 }\n');
  assert.equal(both[0]!.path, 'workloads[0].goodput.checkpoint.intervalSteps');
  const changed = issues('      failures: { causes: { faulty-gpu: { component: node } } }\n');
  assert.equal(changed[0]!.code, 'inconsistent');
  const unit = issues('      duration: 54 d\n');
  assert.equal(unit[0]!.code, 'bad-unit');
  assert.ok(unit[0]!.line > 0);
});

test('without goodput the workload normalises as before (no goodput key)', () => {
  const { scenario } = loadScenario(s.write('plain.yaml', GOOD), opts());
  assert.equal('goodput' in scenario.workloads[0]!, false);
});
