import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type InputIssue } from '../../src/config/errors.ts';
import { allProfileIds, defaultProfilesDir, findProfile, loadCatalog } from '../../src/hardware/catalog.ts';
import type { Catalog } from '../../src/hardware/profile-types.ts';
import { nodeOverheadRangeWatts } from '../../src/metrics/power.ts';

// The ids agreed in notes/CONVENTIONS.md: scenarios and other modules refer to these.
const ACCELERATORS = ['a100-sxm4-40gb', 'a100-sxm4-80gb', 'h100-sxm', 'h100-pcie', 'h200-sxm', 'h800-sxm', 'b200', 'gb200', 'l40s', 'l4', 'mi300x', 'mi325x',
  'mi355x', 'tpu-v4', 'tpu-v5e', 'tpu-v5p', 'tpu-v6e', 'trainium2', 'inferentia2', 'gaudi2', 'gaudi3', 'jetson-agx-orin', 'v100-sxm2'];
const NODES = ['dgx-a100-40gb', 'dgx-a100-80gb', 'dgx-h100', 'dgx-h800', 'hgx-h200', 'gcp-a3-mega', 'dgx-b200', 'gb200-nvl72', 'mi300x-platform', 'tpu-v5p-host',
  'trn2-48xlarge', 'h100-pcie-server', 'l40s-server', 'jean-zay-a100-80gb', 'dgx-1-v100'];
const FABRICS = ['nvlink3-nvswitch', 'nvlink4-nvswitch', 'nvlink4-h800', 'nvlink5-nvswitch', 'nvlink5-nvl72', 'infinity-fabric-mi300x', 'tpu-ici-v5p',
  'tpu-ici-v5e', 'neuronlink-v3', 'gaudi-roce-scaleup', 'pcie-gen4', 'pcie-gen5', 'ib-hdr-200', 'ib-ndr-400', 'ib-xdr-800', 'roce-400', 'roce-800',
  'opa-100', 'nvlink2-cube-mesh', 'ib-edr-100'];
const STORAGE = ['local-nvme-dgx', 'pfs-generic', 'object-store-s3'];

const catalog: Catalog = loadCatalog();

test('the real catalog loads with no issues and holds every agreed id', () => {
  assert.deepEqual([...catalog.accelerators.keys()].sort(), [...ACCELERATORS].sort());
  assert.deepEqual([...catalog.nodes.keys()].sort(), [...NODES].sort());
  assert.deepEqual([...catalog.fabrics.keys()].sort(), [...FABRICS].sort());
  assert.deepEqual([...catalog.storage.keys()].sort(), [...STORAGE].sort());
  assert.equal(allProfileIds(catalog).length, 61);
  assert.deepEqual(allProfileIds(catalog, 'storage'), ['local-nvme-dgx', 'object-store-s3', 'pfs-generic']);
});

test('defaultProfilesDir is the hardware-profiles folder at the package root', () => {
  assert.match(defaultProfilesDir(), /[/\\]hardware-profiles$/);
  assert.ok(existsSync(join(defaultProfilesDir(), 'accelerators', 'h100-sxm.yaml')));
});

test('every group of every profile cites a source', () => {
  const cited = (where: string, s: string): void => assert.ok(s.trim().length >= 12, `${where} has no real source`);
  for (const a of catalog.accelerators.values()) {
    for (const g of ['compute', 'memory', 'power', 'efficiency'] as const) cited(`${a.id}.${g}`, a[g].source);
    if (a.scaleUp) cited(`${a.id}.scaleUp`, a.scaleUp.source);
    if (a.price) cited(`${a.id}.price`, a.price.source);
  }
  for (const n of catalog.nodes.values()) {
    cited(`${n.id}.nics`, n.nics.source);
    cited(`${n.id}.power`, n.power.source);
    if (n.price) cited(`${n.id}.price`, n.price.source);
  }
  for (const p of [...catalog.fabrics.values(), ...catalog.storage.values()]) cited(p.id, p.source);
});

test('profiles hold exactly the normalised fields: no undefined values, SI numbers', () => {
  for (const p of [...catalog.accelerators.values(), ...catalog.nodes.values(), ...catalog.fabrics.values(), ...catalog.storage.values()]) {
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p, `${p.id} has an undefined field`);
  }
  const h100 = catalog.accelerators.get('h100-sxm')!;
  assert.equal(h100.memory.capacityBytes, 80e9);
  assert.equal(h100.memory.bandwidthBytesPerSecond, 3.35e12);
  assert.equal(h100.power.tdpWatts, 700);
  assert.equal(h100.scaleUp?.bandwidthBytesPerSecond, 450e9);
  assert.equal(h100.price?.cloudUsdPerHour, 2.99); // USD per hour, as quoted, not per second
  assert.equal(catalog.accelerators.get('tpu-v4')!.memory.capacityBytes, 32 * 2 ** 30); // GiB stays binary
  assert.equal(catalog.fabrics.get('ib-ndr-400')!.linkBandwidthBytesPerSecond, 50e9); // 400 Gb/s
  assert.equal(catalog.fabrics.get('nvlink4-nvswitch')!.latencySeconds, 2e-6); // per ring step
  assert.equal(catalog.nodes.get('dgx-h100')!.power.maxWatts, 10_200);
  assert.equal(catalog.storage.get('local-nvme-dgx')!.capacityBytes, 30.72e12);
});

test('compute figures are dense, never the vendor sparse headline', () => {
  const a = (id: string) => catalog.accelerators.get(id)!.compute;
  assert.equal(a('h100-sxm').bf16, 989.4e12); // datasheet headline 1979 is 2:4 sparse
  assert.equal(a('h100-sxm').fp8, 1979e12); // headline 3958
  assert.equal(a('a100-sxm4-80gb').bf16, 312e12); // headline 624
  assert.equal(a('b200').bf16, 2250e12); // headline 4500
  assert.equal(a('gb200').fp4, 10_000e12); // NVL72 1440 PF sparse ÷ 72 ÷ 2
  assert.equal(a('mi300x').bf16, 1307.4e12); // "with sparsity" 2614.9
  assert.equal(a('trainium2').bf16, 667e12); // not the 2563 sparse figure
  assert.equal(a('jetson-agx-orin').int8, 85e12); // GPU 170 sparse TOPS ÷ 2, DLAs not counted
  // Within a device a narrower type is never slower, and bf16 never exceeds fp8 where both exist.
  for (const d of catalog.accelerators.values()) {
    const c = d.compute;
    if (c.fp8 !== undefined && c.bf16 !== undefined) assert.ok(c.fp8 >= c.bf16, d.id);
    if (c.tf32 !== undefined && c.bf16 !== undefined) assert.ok(c.tf32 <= c.bf16, d.id);
  }
  // Unsupported precisions are absent, not zero.
  assert.equal(a('tpu-v5e').fp64, undefined);
  assert.equal(a('a100-sxm4-40gb').fp8, undefined);
});

test('scale-up bandwidths are per direction: half the vendor bidirectional figure', () => {
  assert.equal(catalog.accelerators.get('a100-sxm4-40gb')!.scaleUp!.bandwidthBytesPerSecond, 300e9); // 600 bidir
  assert.equal(catalog.accelerators.get('b200')!.scaleUp!.bandwidthBytesPerSecond, 900e9); // 1800 bidir
  assert.equal(catalog.accelerators.get('tpu-v5p')!.scaleUp!.bandwidthBytesPerSecond, 600e9); // 1200 bidir
  assert.equal(catalog.accelerators.get('l40s')!.scaleUp, null);
  for (const n of catalog.nodes.values()) {
    const a = catalog.accelerators.get(n.accelerator)!;
    const f = n.scaleUpFabric === null ? null : catalog.fabrics.get(n.scaleUpFabric)!;
    assert.equal(f?.tier ?? 'scale-up', 'scale-up', n.id);
    if (a.scaleUp && f) assert.equal(f.linkBandwidthBytesPerSecond, a.scaleUp.bandwidthBytesPerSecond, `${n.id}: fabric and device disagree`);
  }
});

test('node power covers its devices, as the power model requires', () => {
  for (const n of catalog.nodes.values()) {
    const a = catalog.accelerators.get(n.accelerator)!;
    const maxOverhead = n.power.maxWatts - n.devicesPerNode * a.power.tdpWatts;
    const idleOverhead = n.power.idleWatts - n.devicesPerNode * a.power.idleWatts;
    assert.ok(maxOverhead >= 0, n.id);
    assert.ok(idleOverhead >= 0 && idleOverhead <= maxOverhead, n.id);
  }
  for (const a of catalog.accelerators.values()) assert.ok(a.power.idleWatts > 0 && a.power.idleWatts < a.power.tdpWatts, a.id);
  // The power model itself accepts every node with its accelerator.
  for (const n of catalog.nodes.values()) assert.doesNotThrow(() => nodeOverheadRangeWatts(n, catalog.accelerators.get(n.accelerator)!), n.id);
});

test('findProfile finds any kind by id', () => {
  const found = findProfile(catalog, 'dgx-h100');
  assert.equal(found?.kind, 'node');
  assert.equal(found?.kind === 'node' ? found.profile.accelerator : '', 'h100-sxm');
  assert.equal(findProfile(catalog, 'ib-ndr-400')?.kind, 'fabric');
  assert.equal(findProfile(catalog, 'nope'), undefined);
});

// ---- broken catalogs: every problem in every file, positioned, with a hint ----

function tempCatalog(files: Record<string, string>, copy: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'clustersim-catalog-'));
  for (const rel of copy) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    cpSync(join(defaultProfilesDir(), rel), join(dir, rel));
  }
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function issuesOf(dir: string): InputIssue[] {
  try {
    loadCatalog(dir);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.issues;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.fail('expected a ConfigError');
}

const BROKEN_ACCELERATOR = `kind: accelerator
id: bad-accel
name: Broken accelerator
vendor: test
family: gpu
year: 2024
compute:
  bf16: 100 TB/s
  source: "Vendor datasheet, https://example.com/datasheet"
memory:
  capcity: 80 GB
  bandwidth: 2 TB/s
  source: "Vendor datasheet, https://example.com/datasheet"
power: { tdp: 500 W, idle: 50 W }
scaleUp: null
efficiency: { matmul: 0.8, memory: 0.9, source: "x" }
price: null
`;

test('a broken profile gives every issue with file:line:col and a hint', () => {
  const issues = issuesOf(tempCatalog({ 'accelerators/bad-accel.yaml': BROKEN_ACCELERATOR }));
  const by = (path: string): InputIssue => {
    const i = issues.find((x) => x.path === path);
    assert.ok(i, `no issue at ${path}; got ${issues.map((x) => x.path).join(', ')}`);
    return i;
  };
  const unit = by('compute.bf16');
  assert.deepEqual([unit.code, unit.line, unit.col], ['bad-unit', 8, 9]);
  assert.match(unit.hint, /TFLOP\/s/);
  assert.match(unit.file, /accelerators[/\\]bad-accel\.yaml$/);
  const key = by('memory.capcity');
  assert.deepEqual([key.code, key.line, key.col], ['unknown-key', 11, 3]);
  assert.equal(key.hint, 'did you mean "capacity"?');
  const src = by('power.source');
  assert.deepEqual([src.code, src.line], ['missing-key', 14]);
  assert.match(src.hint, /source/);
  const short = by('efficiency.source');
  assert.equal(short.code, 'bad-value');
  assert.equal(issues.length, 4, issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
});

test('a missing quantity is reported as missing, with the key to add', () => {
  const text = BROKEN_ACCELERATOR.replace('bf16: 100 TB/s', 'bf16: 100 TFLOP/s').replace('  capcity: 80 GB\n', '')
    .replace('power: { tdp: 500 W, idle: 50 W }', 'power: { tdp: 500 W, idle: 50 W, source: "Vendor datasheet, page 2" }')
    .replace('source: "x"', 'source: "assumed for this test only"');
  const issues = issuesOf(tempCatalog({ 'accelerators/bad-accel.yaml': text }));
  assert.equal(issues.length, 1);
  assert.deepEqual([issues[0]!.code, issues[0]!.path, issues[0]!.hint], ['missing-key', 'memory.capacity', 'add "capacity:" here']);
});

test('issues from several files come together, in path order', () => {
  const issues = issuesOf(tempCatalog({
    'accelerators/b.yaml': 'kind: acelerator\nid: b\n',
    'accelerators/a.yaml': BROKEN_ACCELERATOR,
    'fabrics/c.yaml': 'kind: fabric\nid: d\n',
  }));
  const kind = issues.find((i) => i.path === 'kind')!;
  assert.equal(kind.hint, 'did you mean "accelerator"?');
  const files = [...new Set(issues.map((i) => i.file.replace(/.*[/\\]/, '')))];
  assert.deepEqual(files, ['a.yaml', 'b.yaml', 'c.yaml']);
  assert.ok(issues.some((i) => i.file.endsWith('c.yaml') && i.code === 'missing-key' && i.path === 'linkBandwidth'));
});

test('cross-references: unknown accelerator with did-you-mean, wrong-tier fabric, id vs file name', () => {
  const node = `kind: node
id: my-node
name: test node
accelerator: h100-sxn
devicesPerNode: 8
scaleUpFabric: ib-ndr-400
scaleUpDomainSize: 8
nics: { count: 8, bandwidth: 400 Gb/s, source: "a test source, long enough" }
power: { max: 10.2 kW, idle: 1 kW, source: "a test source, long enough" }
price: null
`;
  const issues = issuesOf(tempCatalog({ 'nodes/my-node.yaml': node, 'nodes/other-name.yaml': node.replace('id: my-node', 'id: other').replace('accelerator: h100-sxn', 'accelerator: h100-sxm') },
    ['accelerators/h100-sxm.yaml', 'fabrics/ib-ndr-400.yaml']));
  const accel = issues.find((i) => i.path === 'accelerator')!;
  assert.deepEqual([accel.code, accel.line, accel.col, accel.hint], ['unknown-profile', 4, 14, 'did you mean "h100-sxm"?']);
  const fabric = issues.filter((i) => i.path === 'scaleUpFabric');
  assert.equal(fabric.length, 2);
  assert.ok(fabric.every((i) => i.code === 'inconsistent' && /scale-out/.test(i.message)));
  const name = issues.find((i) => i.path === 'id' && i.file.endsWith('other-name.yaml'))!;
  assert.equal(name.code, 'inconsistent');
  assert.match(name.hint, /rename the file to other\.yaml/);
});

test('duplicate ids, a profile in the wrong folder and node power below its devices are caught', () => {
  const h100 = (id: string): string => `kind: fabric\nid: ${id}\nname: x\ntier: scale-up\nlinkBandwidth: 1 GB/s\nlatency: 1 us\nefficiency: 0.5\ninNetworkReduction: false\nsource: "a test source, long enough"\n`;
  const issues = issuesOf(tempCatalog({
    'fabrics/f1.yaml': h100('f1'),
    'extra/f1.yaml': h100('f1'),
    'nodes/f2.yaml': h100('f2'),
    'nodes/small.yaml': `kind: node\nid: small\nname: x\naccelerator: h100-sxm\ndevicesPerNode: 8\nscaleUpFabric: null\nscaleUpDomainSize: 8\nnics: { count: 1, bandwidth: 1 Gb/s, source: "a test source, long enough" }\npower: { max: 5 kW, idle: 1 kW, source: "a test source, long enough" }\nprice: null\n`,
  }, ['accelerators/h100-sxm.yaml']));
  assert.ok(issues.some((i) => i.path === 'id' && /already used by/.test(i.message)));
  assert.ok(issues.some((i) => i.path === 'kind' && i.file.endsWith('f2.yaml') && /nodes\/ folder/.test(i.message)));
  assert.ok(issues.some((i) => i.path === 'power.max' && i.code === 'inconsistent' && /below 8 × the 700 W TDP/.test(i.message)));
});

test('a missing folder is one file-not-found issue', () => {
  assert.throws(() => loadCatalog(join(tmpdir(), 'clustersim-no-such-folder')), (e: unknown) => e instanceof ConfigError && e.issues[0]!.code === 'file-not-found');
});
