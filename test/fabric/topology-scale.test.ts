// The 16,384-GPU case of issue 3: 2,048 DGX H100 on a rail-optimised NDR fabric builds and routes quickly
// (the suite's time budget is the check; the assertions are on counts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { buildTopology, route, tierSummary } from '../../src/fabric/topology/index.ts';

test('16,384 H100 rail-optimised: 3 tiers, exact vertex and link counts, 16,384 cross-pod routes', () => {
  const catalog = loadCatalog();
  const profile = catalog.nodes.get('dgx-h100')!;
  const t = buildTopology({
    nodes: [{ profile, accelerator: catalog.accelerators.get('h100-sxm')!, scaleUp: catalog.fabrics.get('nvlink4-nvswitch')!, count: 2048 }],
    scaleOut: { profile: catalog.fabrics.get('ib-ndr-400')!, topology: 'rail-optimized', oversubscription: 1 },
    storage: [],
  });
  // 2,048 x (8 GPUs + NVSwitch + 8 NICs); 64 SUs x 8 rails = 512 leaves; 16 pods x 32 spines; 32 groups x 8 cores
  assert.equal(t.vertices.length, 2048 * 17 + 512 + 512 + 256);
  assert.equal(t.gpuVertex.length, 16384);
  assert.deepEqual(
    tierSummary(t).map((r) => [r.tier, r.links]),
    [['scale-up', 32768], ['host', 32768], ['nic', 32768], ['leaf-spine', 512 * 32 * 2], ['spine-core', 512 * 8 * 2]],
  );
  assert.equal(t.out.length, t.links.length);
  // GPU g to the same local GPU 1,024 nodes away: another pod, same rail, so 8 links through a core
  let total = 0;
  const coreLinks = new Set<number>();
  for (let g = 0; g < 16384; g++) {
    const dst = (g + 8192) % 16384;
    const r = route(t, g, dst, g);
    assert.equal(t.links[r[0]!]!.from, t.gpuVertex[g]);
    assert.equal(t.links[r[r.length - 1]!]!.to, t.gpuVertex[dst]);
    total += r.length;
    coreLinks.add(r[3]!);
  }
  assert.equal(total, 16384 * 8);
  assert.ok(coreLinks.size > 4000, `ECMP used ${coreLinks.size} of 4,096 spine-to-core uplinks`);
});
