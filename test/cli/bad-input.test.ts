// Each kind of bad input exits 2 with file:line, the field and a fix; no stack trace; no report files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, tempFile } from './helpers.ts';

const quickstart = readFileSync('scenarios/quickstart.yaml', 'utf8');

async function expectBadInput(name: string, text: string | null, pattern: RegExp, hint: RegExp) {
  const file = text === null ? join(tempDir(), 'missing.yaml') : tempFile(name, text);
  const out = tempDir('clustersim-out-');
  const r = await runCli(['run', file, '--out', out, '--quiet']);
  assert.equal(r.code, 2, `exit code for ${name}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.match(r.stderr, hint);
  assert.ok(r.stderr.includes(file), 'names the file');
  assert.doesNotMatch(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  assert.deepEqual(existsSync(out) ? readdirSync(out) : [], [], 'no report files');
}

test('a misspelled key names its line, the key and the closest known key', async () => {
  await expectBadInput('typo.yaml', quickstart.replace('parallelism: { dp: 4, tp: 8 }', 'parallelsim: { dp: 4, tp: 8 }'), /typo\.yaml:\d+:\d+: error\[unknown-key\] workloads\[0\]\.parallelsim/, /did you mean "parallelism"/);
});

test('a wrong unit for a bandwidth is rejected with the units that fit', async () => {
  const text = quickstart.replace('oversubscription: 1 }', 'oversubscription: 1, linkBandwidth: 400 GW/s }');
  await expectBadInput('unit.yaml', text, /unit\.yaml:\d+:\d+: error\[bad-unit\] cluster\.scaleOut\.linkBandwidth: "400 GW\/s" is not a data rate/, /400 Gb\/s/);
});

test('an unknown profile id suggests the closest one', async () => {
  await expectBadInput('profile.yaml', quickstart.replace('profile: dgx-h100,', 'profile: dgx-h10,'), /profile\.yaml:\d+:\d+: error\[unknown-profile\] cluster\.nodes\[0\]\.profile/, /dgx-h100/);
});

test('a negative count is out of range', async () => {
  await expectBadInput('negative.yaml', quickstart.replace('count: 4 }', 'count: -4 }'), /negative\.yaml:\d+:\d+: error\[bad-value\] cluster\.nodes\[0\]\.count/, /./);
});

test('a model that does not fit in memory says by how much and what to change', async () => {
  const text = quickstart.replace('model: llama3-8b', 'model: llama3-70b').replace('parallelism: { dp: 4, tp: 8 }', 'parallelism: { dp: 32, tp: 1 }');
  await expectBadInput('fit.yaml', text, /fit\.yaml:\d+:\d+: error\[does-not-fit\] workloads\[0\]/, /hint: .*(tp|zero|recompute|micro)/);
});

test('a file that is not YAML is a parse error with its position', async () => {
  await expectBadInput('broken.yaml', 'name: x\n  workloads: [1, 2\n', /broken\.yaml:\d+:\d+: error\[parse-error\]/, /hint:/);
});

test('a missing file is reported as such', async () => {
  await expectBadInput('missing.yaml', null, /missing\.yaml: error\[file-not-found\]/, /hint: check the path/);
});

test('an option that is not implemented yet is rejected, not ignored', async () => {
  await expectBadInput('zb.yaml', quickstart.replace('parallelism: { dp: 4, tp: 8 }', 'parallelism: { dp: 2, tp: 8, pp: 2, zero: 3, schedule: zero-bubble }'), /error\[not-supported\] workloads\[0\]\.parallelism\.zero/, /./);
});

test('validate reports every problem of several files together and exits 2', async () => {
  const a = tempFile('a.yaml', quickstart.replace('count: 4 }', 'count: -4 }'));
  const b = tempFile('b.yaml', quickstart.replace('parallelism: {', 'parallelsim: {'));
  const r = await runCli(['validate', a, b]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a\.yaml:\d+/);
  assert.match(r.stderr, /b\.yaml:\d+/);
  assert.match(r.stderr, /2 errors/);
});

test('usage errors exit 2', async () => {
  assert.equal((await runCli(['frobnicate'])).code, 2);
  assert.equal((await runCli(['run'])).code, 2);
  assert.equal((await runCli(['profiles', 'show', 'h100-sxn'])).code, 2);
});
