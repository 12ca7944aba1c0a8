/**
 * Issue 3's scale bench: a 1 GiB ring all-reduce over 16,384 H100 (2,048 DGX H100) on a rail-optimised
 * NDR fat-tree at flow fidelity. Reported: wall seconds for topology build + simulation (best of two), and
 * the peak resident memory of one run in a fresh process (`tsx bench/collective.bench.ts`, bench/child.ts).
 */
import { loadCatalog } from '../src/hardware/catalog.ts';
import type { ClusterSpec } from '../src/config/scenario-types.ts';
import { buildTopology } from '../src/fabric/topology/index.ts';
import { timeCollective } from '../src/fabric/collectives/run.ts';
import type { Bench } from './main.ts';
import { childRun, isMain, reportChild } from './child.ts';

function cluster(): ClusterSpec {
  const catalog = loadCatalog();
  const node = catalog.nodes.get('dgx-h100')!;
  const accelerator = catalog.accelerators.get(node.accelerator)!;
  const scaleUp = catalog.fabrics.get(node.scaleUpFabric!)!;
  const scaleOut = catalog.fabrics.get('ib-ndr-400')!;
  return {
    nodes: [{ profile: node, accelerator, scaleUp, count: 2048 }],
    scaleOut: { profile: scaleOut, topology: 'rail-optimized', oversubscription: 1 },
    storage: [],
  };
}

function once(c: ClusterSpec): number {
  const t0 = process.hrtime.bigint();
  const topology = buildTopology(c);
  const ranks = Array.from({ length: 16384 }, (_, i) => i);
  const seconds = timeCollective(
    { op: 'all-reduce', ranks, bytes: 2 ** 30, algorithm: 'ring' },
    { topology, backend: 'flow', scaleUp: c.nodes[0]!.scaleUp, scaleOut: c.scaleOut!.profile },
  );
  if (!(seconds > 0)) throw new Error(`collective bench: bad simulated time ${seconds}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export const collectiveBenches: Bench[] = [
  {
    name: 'collective.allreduce_16384_gpus_flow_seconds',
    unit: 's',
    run(): number {
      const c = cluster();
      return Math.min(once(c), once(c));
    },
  },
  {
    name: 'collective.allreduce_16384_gpus_flow_peak_rss_bytes',
    unit: 'B',
    run: () => childRun('bench/collective.bench.ts').peakRssBytes,
  },
];

if (isMain(import.meta.url)) reportChild(once(cluster()));
