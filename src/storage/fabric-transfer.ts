/**
 * A storage transfer on the compute fabric, timed by the flow backend (scenario fidelity `flow`). It applies
 * when the storage system is in the fabric graph: a parallel file system on the compute network under a
 * fat-tree or rail-optimised scale-out (fabric/topology/storage-attach.ts).
 *
 * Every node of the job moves B / N bytes at once, to the storage (a checkpoint write) or from it (a restore).
 * The bytes are spread evenly over the node's compute NICs, one flow per NIC. The flows share links max-min,
 * so the time is that of the last flow. It is bounded, whichever binds, by:
 *   - the NICs;
 *   - the leaf uplinks, through their oversubscription;
 *   - the spine or core links;
 *   - the storage's attachment, which carries its profile's aggregate bandwidth.
 * The storage tiers (tiers.ts) see only per-node and aggregate figures; a 4:1 leaf, for example, is visible
 * only here. The result joins the other limits as one more tier: "compute fabric (flow)".
 *
 * With `alongside`, the same flows share the fabric with other traffic started at the same moment: a job's
 * own collectives, to see what a checkpoint drain costs them and they it. The result then gives both times.
 *
 * Assumptions: an even split over nodes (sharded checkpoints; the per-node tier keeps the busiest node's
 * share); no protocol efficiency on the storage side beyond the profile's delivered figures; the links'
 * line rate times the fabric profile's efficiency, as for collectives (backend/registry.ts tierEfficiency).
 */
import type { ClusterSpec } from '../config/scenario-types.ts';
import { FlowBackend } from '../fabric/backend/flow.ts';
import { tierEfficiency } from '../fabric/backend/registry.ts';
import { routeStorage } from '../fabric/topology/storage-attach.ts';
import type { Topology } from '../fabric/topology/index.ts';
import { Simulation, type Event } from '../sim/index.ts';
import { clusterSetup, startTogether } from '../fabric/collectives/run.ts';
import type { CollectiveCall } from '../fabric/collectives/types.ts';

export interface FabricTransfer {
  storageId: string;
  direction: 'read' | 'write';
  /** the job's nodes (cluster order) */
  nodes: readonly number[];
  totalBytes: number;
}

/** A flow backend on `topology` with the cluster's fabric efficiencies, as the collectives use. */
function flowBackend(sim: Simulation, cluster: ClusterSpec, topology: Topology): FlowBackend {
  const { scaleUp, scaleOut } = clusterSetup(cluster);
  return new FlowBackend({ sim, topology, efficiency: tierEfficiency(scaleUp, scaleOut) });
}

/** Whether `storageId` is in `topology`'s graph (the only case this module times). */
export function onFabric(topology: Topology, storageId: string): boolean {
  return topology.storage?.some((s) => s.id === storageId) ?? false;
}

/**
 * Seconds until every node's share has moved, alone on the fabric; and, when `alongside` starts other
 * traffic at the same moment (it returns the events of its transfers), the time until that traffic ends too.
 */
export function fabricTransferSeconds(
  cluster: ClusterSpec,
  topology: Topology,
  t: FabricTransfer,
  alongside?: (sim: Simulation, backend: FlowBackend) => Event<number>[],
): { seconds: number; alongsideSeconds: number | null } {
  if (t.nodes.length === 0 || t.totalBytes <= 0) return { seconds: 0, alongsideSeconds: alongside ? 0 : null };
  const sim = new Simulation();
  const backend = flowBackend(sim, cluster, topology);
  const nics = topology.nicsPerNode;
  if (nics === 0) throw new Error('storage on the compute fabric: the nodes have no compute NICs');
  const share = t.totalBytes / t.nodes.length / nics;
  const storageDone: Event<number>[] = [];
  for (const node of t.nodes) {
    for (let r = 0; r < nics; r++) {
      const e = node * nics + r;
      // one flow id per NIC, apart from the GPU-pair ids (hash.ts defaultFlowId), so ECMP spreads the NICs' flows
      const flowId = 0x5f0000 + e;
      storageDone.push(backend.transfer({ src: 0, dst: 0, bytes: share, links: routeStorage(topology, t.storageId, e, t.direction, flowId), job: `storage:${t.storageId}` }));
    }
  }
  let seconds = 0;
  let alongsideSeconds: number | null = null;
  const all = sim.allOf(storageDone);
  all.addCallback(() => (seconds = sim.now));
  if (alongside !== undefined) {
    const other = sim.allOf(alongside(sim, backend));
    other.addCallback(() => (alongsideSeconds = sim.now));
    sim.run(sim.allOf([all, other]));
  } else {
    sim.run(all);
  }
  return { seconds, alongsideSeconds };
}

export interface DrainInterference {
  /** the collectives alone on the fabric, seconds until the last ends */
  aloneSeconds: number;
  /** the same collectives started with the storage transfer */
  withTransferSeconds: number;
  /** withTransferSeconds / aloneSeconds */
  slowdown: number;
}

/**
 * What a storage transfer on the fabric does to collectives running at the same time: `calls` (a job's
 * gradient reductions, started together) timed alone and alongside the transfer's flows.
 */
export function drainInterference(cluster: ClusterSpec, topology: Topology, t: FabricTransfer, calls: readonly CollectiveCall[]): DrainInterference {
  const setup = clusterSetup(cluster);
  const sim = new Simulation();
  const backend = flowBackend(sim, cluster, topology);
  sim.run(sim.allOf(startTogether(sim, backend, setup, calls)));
  const aloneSeconds = sim.now;
  const shared = fabricTransferSeconds(cluster, topology, t, (s, b) => startTogether(s, b, setup, calls));
  const withTransferSeconds = shared.alongsideSeconds ?? aloneSeconds;
  return { aloneSeconds, withTransferSeconds, slowdown: aloneSeconds > 0 ? withTransferSeconds / aloneSeconds : 1 };
}
