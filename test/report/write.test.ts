import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJson } from '../../src/report/json.ts';
import type { SvgRenderer } from '../../src/report/render-svg.ts';
import { writeReports } from '../../src/report/write.ts';
import { makeReport } from '../fixtures/report-fixture.ts';
import { makeTimeline } from '../fixtures/timeline-fixture.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'clustersim-write-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A renderer that gives a tiny SVG, so these tests do not spend time in vega. */
const quickSvg: SvgRenderer = async () => '<svg xmlns="http://www.w3.org/2000/svg"></svg>';

test('writes the requested formats into a new folder and returns their paths', async (t) => {
  const out = join(tempDir(t), 'nested', 'run');
  const report = makeReport();
  const paths = await writeReports(report, { outDir: out, formats: ['json', 'md', 'html'], scenarioText: 'name: x\n', renderSvg: quickSvg });
  assert.deepEqual(paths, ['report.json', 'summary.md', 'report.html'].map((f) => join(out, f)));
  assert.deepEqual(readdirSync(out).sort(), ['report.html', 'report.json', 'summary.md']);
  assert.equal(readFileSync(join(out, 'report.json'), 'utf8'), renderJson(report));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /^<!doctype html>/);
});

test('report.json is written even when formats leave it out', async (t) => {
  const out = tempDir(t);
  const paths = await writeReports(makeReport(), { outDir: out, formats: ['md'], scenarioText: '' });
  assert.deepEqual(paths, [join(out, 'report.json'), join(out, 'summary.md')]);
  assert.deepEqual(readdirSync(out).sort(), ['report.json', 'summary.md']);
});

test('a failure while rendering writes nothing: no report files, no temporary files, no folder', async (t) => {
  const out = join(tempDir(t), 'run');
  const failing: SvgRenderer = async () => {
    throw new Error('chart renderer broke');
  };
  await assert.rejects(
    writeReports(makeReport(), { outDir: out, formats: ['json', 'md', 'html'], scenarioText: '', renderSvg: failing }),
    /chart renderer broke/,
  );
  assert.throws(() => readdirSync(out), { code: 'ENOENT' });
});

test('a failure while rendering leaves an existing folder as it was', async (t) => {
  const out = tempDir(t);
  await writeReports(makeReport(), { outDir: out, formats: ['json'], scenarioText: '' });
  const before = readFileSync(join(out, 'report.json'), 'utf8');
  const changed = makeReport({ seed: 2 });
  await assert.rejects(writeReports(changed, { outDir: out, formats: ['json', 'html'], scenarioText: '', renderSvg: async () => { throw new Error('boom'); } }), /boom/);
  assert.deepEqual(readdirSync(out), ['report.json']);
  assert.equal(readFileSync(join(out, 'report.json'), 'utf8'), before);
});

test('a failure while writing removes the temporary files', async (t) => {
  const out = tempDir(t);
  // report.html exists as a non-empty folder, so renaming the staged report.html onto it fails
  const blocker = join(out, 'report.html', 'keep');
  await writeReports(makeReport(), { outDir: blocker, formats: ['json'], scenarioText: '' });
  await assert.rejects(writeReports(makeReport(), { outDir: out, formats: ['json', 'html'], scenarioText: '', renderSvg: quickSvg }));
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), []);
});

test('trace.json is written next to report.json when a job has a step timeline, and only then', async (t) => {
  const out = tempDir(t);
  const timelines = [makeTimeline({ stages: 4, micro: 4 })];
  const paths = await writeReports(makeReport(), { outDir: out, formats: ['json', 'html'], scenarioText: '', renderSvg: quickSvg, timelines, traceStages: [0, 3] });
  assert.deepEqual(paths, ['report.json', 'report.html', 'trace.json'].map((f) => join(out, f)));
  const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8'));
  const stages = new Set(trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X').map((e: { args: { stage: number } }) => e.args.stage));
  assert.deepEqual([...stages].sort(), [0, 3]);
  // report.json does not carry the timeline; report.html draws it
  assert.doesNotMatch(readFileSync(join(out, 'report.json'), 'utf8'), /traceEvents|grad bucket/);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /data-chart="pipeline-0"/);

  const none = tempDir(t);
  await writeReports(makeReport(), { outDir: none, formats: ['json'], scenarioText: '', timelines: [] });
  assert.deepEqual(readdirSync(none), ['report.json']);
});
