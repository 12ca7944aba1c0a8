// Collective bandwidths against the published nccl-tests figures of /work/shared/reference/validation-dev.md
// §5 (rows 53–59), on topologies from the real builders and the catalog's profiles, on both backends.
// busbw per nccl-tests doc/PERFORMANCE.md. Rows whose figure depends on what is not modelled are
// documented here with the model's prediction rather than asserted (see the last test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { backendNames } from '../../src/fabric/backend/index.ts';
import { measureCollective } from '../../src/fabric/collectives/index.ts';
import type { AlgorithmName, CollectiveMeasurement } from '../../src/fabric/collectives/index.ts';
import type { NcclSettings } from '../../src/fabric/collectives/types.ts';
import { buildTopology } from '../../src/fabric/topology/index.ts';
import { clusterOf } from './backend-fixtures.ts';

const catalog = loadCatalog();
const GiB = 2 ** 30;
const MiB = 2 ** 20;

function allReduce(cluster: ClusterSpec, ranks: number, bytes: number, backend: (typeof backendNames)[number], algorithm: AlgorithmName | 'auto' = 'auto', nccl?: NcclSettings): CollectiveMeasurement {
  const topology = buildTopology(cluster);
  const call = { op: 'all-reduce' as const, ranks: Array.from({ length: ranks }, (_, i) => i), bytes, algorithm };
  return measureCollective(call, { topology, backend, scaleUp: cluster.nodes[0]!.scaleUp, scaleOut: cluster.scaleOut?.profile ?? null, ...(nccl ? { nccl } : {}) });
}

function near(predicted: number, measured: number, tolerance: number, what: string): void {
  const err = (predicted - measured) / measured;
  assert.ok(Math.abs(err) <= tolerance, `${what}: predicted ${(predicted / 1e9).toFixed(1)} GB/s, measured ${(measured / 1e9).toFixed(1)} (${(err * 100).toFixed(1)}%)`);
}

const dgxH100 = (nodes: number) => clusterOf(catalog, 'dgx-h100', nodes, nodes > 1 ? 'ib-ndr-400' : null);

for (const backend of backendNames) {
  test(`${backend}: rows 53 and 55 — 8 x H100 NVLS all-reduce ~480 and 476 GB/s busbw, chosen automatically`, () => {
    const big = allReduce(dgxH100(1), 8, 8 * GiB, backend);
    assert.equal(big.algorithm, 'nvls');
    near(big.busBytesPerSecond, 480e9, 0.1, 'row 53, 8 GiB');
    near(allReduce(dgxH100(1), 8, 4 * GiB, backend).busBytesPerSecond, 476e9, 0.1, 'row 55, 4 GiB');
    near(allReduce(dgxH100(1), 8, 128 * MiB, backend).busBytesPerSecond, 476e9, 0.1, 'row 55, 128 MiB');
  });

  test(`${backend}: row 54 — 8 x H100 ring all-reduce ~370 GB/s busbw (450 × 0.82)`, () => {
    near(allReduce(dgxH100(1), 8, 8 * GiB, backend, 'ring').busBytesPerSecond, 370e9, 0.03, 'row 54');
  });

  test(`${backend}: row 56 — NDR multi-node ring all-reduce 46–48 GB/s per NIC`, () => {
    for (const nodes of [2, 4]) {
      const perNic = allReduce(dgxH100(nodes), nodes * 8, 8 * GiB, backend, 'ring').busBytesPerSecond / 8;
      assert.ok(perNic >= 46e9 * 0.99 && perNic <= 48e9, `${nodes} nodes: ${(perNic / 1e9).toFixed(2)} GB/s per NIC`);
    }
  });

  test(`${backend}: row 57 — 8 x A100 (NVLink3, no NVLS) all-reduce 8 GB ~230 GB/s busbw`, () => {
    const m = allReduce(clusterOf(catalog, 'dgx-a100-80gb', 1, null), 8, 8e9, backend);
    assert.equal(m.algorithm, 'ring', 'NVSwitch gen2 has no in-switch reduction');
    near(m.busBytesPerSecond, 230e9, 0.03, 'row 57');
  });

  test(`${backend}: row 59 — 3 x DGX A100-40GB with 4 HDR NICs each, ring up to 128 MB: peak ~96 GB/s`, () => {
    const cluster = clusterOf(catalog, 'dgx-a100-40gb', 3, 'ib-hdr-200');
    const node = cluster.nodes[0]!;
    node.profile = { ...node.profile, nics: { ...node.profile.nics, count: 4 } };
    near(allReduce(cluster, 24, 128 * MiB, backend, 'ring').busBytesPerSecond, 96e9, 0.1, 'row 59 at 128 MiB');
  });
}

for (const backend of backendNames) {
  test(`${backend}: row 58 — 2 x 8 H100, 8 x 200 Gb/s NICs (GCP A3 Mega), Google's NCCL profile: the sweep from 8 B to 8 GiB`, () => {
    // HDR's 200 Gb/s ports as the stand-in for TCPXO's; NCCL_PROTO=Simple, NCCL_BUFFSIZE=8 MiB (nccl-env-profile-simple.sh)
    const cluster = clusterOf(catalog, 'dgx-h100', 2, 'ib-hdr-200');
    const node = cluster.nodes[0]!;
    node.profile = { ...node.profile, nics: { ...node.profile.nics, bandwidthBytesPerSecond: 25e9 } };
    const gcp: NcclSettings = { protocols: ['Simple'], bufferBytes: 8 * MiB };
    for (const [bytes, busbw] of [[128 * MiB, 152.3e9], [GiB, 297.9e9], [8 * GiB, 338.8e9]] as const) {
      near(allReduce(cluster, 16, bytes, backend, 'tree', gcp).busBytesPerSecond, busbw, 0.1, `row 58 at ${bytes / MiB} MiB`);
    }
    // 8 B: the automatic choice is the Simple ring, 8.4 + 28 x 3.4 + 2 x 9.6 µs against 123.5 µs measured
    const small = allReduce(cluster, 16, 8, backend, 'auto', gcp);
    assert.equal(small.algorithm, 'ring');
    assert.ok(Math.abs(small.seconds / 123.5e-6 - 1) <= 0.1, `8 B: ${(small.seconds * 1e6).toFixed(1)} µs`);
    // with NCCL's default 4 MiB buffer the tree's chunk fill is half as long and 128 MiB comes out ~30% fast
    assert.ok(allReduce(cluster, 16, 128 * MiB, backend, 'tree').busBytesPerSecond > 1.2 * 152.3e9);
  });
}
