// The cluster's `nccl:` block (src/config/scenario-schema.ts, normalize.ts): NCCL_PROTO and NCCL_BUFFSIZE with
// units, NCCL's defaults for what it leaves out, no settings at all without the block, and the refusal of a
// protocol list that cannot leave an NVLink domain.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../../src/config/load-scenario.ts';
import type { InputIssue } from '../../src/config/errors.ts';
import { GOOD, scratch, testCatalog, configIssues } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());
const opts = () => ({ catalog: testCatalog(), modelsDir: s.modelsDir });
const SCALE_OUT = '  scaleOut: { profile: ib-ndr-400, topology: rail-optimized }\n';
const withNccl = (line: string, name = 'n.yaml') => {
  assert.ok(GOOD.includes(SCALE_OUT));
  return s.write(name, GOOD.replace(SCALE_OUT, `${SCALE_OUT}  nccl: ${line}\n`));
};

const issues = (line: string): InputIssue[] => configIssues(() => loadScenario(withNccl(line, 'bad.yaml'), opts()));

test('without a block the cluster carries no NCCL settings (NCCL defaults apply)', () => {
  const { scenario } = loadScenario(s.write('plain.yaml', GOOD), opts());
  assert.equal(scenario.cluster.nccl, undefined);
});

test('bufferSize reads a unit; protocols keep their order; what is left out stays out (the model takes NCCL defaults)', () => {
  const both = loadScenario(withNccl('{ protocols: [Simple, LL128], bufferSize: 8 MiB }'), opts()).scenario.cluster.nccl!;
  assert.deepEqual(both, { protocols: ['Simple', 'LL128'], bufferBytes: 8 * 1024 * 1024 });
  const onlyBuffer = loadScenario(withNccl('{ bufferSize: 2 MiB }', 'b.yaml'), opts()).scenario.cluster.nccl!;
  assert.deepEqual(onlyBuffer, { bufferBytes: 2 * 1024 * 1024 });
});

test('LL128 alone is refused with the fix; an unknown protocol and a wrong unit are input errors', () => {
  const [i, ...rest] = issues('{ protocols: [LL128] }');
  assert.equal(rest.length, 0);
  assert.equal(i!.path, 'cluster.nccl.protocols');
  assert.match(i!.hint, /Simple/);
  assert.ok(issues('{ protocols: [LL256] }').length > 0);
  const unit = issues('{ bufferSize: 8 Mb/s }')[0]!;
  assert.deepEqual([unit.path, unit.code], ['cluster.nccl.bufferSize', 'bad-unit']);
  // a bare number is bytes, as NCCL_BUFFSIZE is written
  assert.equal(loadScenario(withNccl('{ bufferSize: 8388608 }', 'n2.yaml'), opts()).scenario.cluster.nccl!.bufferBytes, 8388608);
});
