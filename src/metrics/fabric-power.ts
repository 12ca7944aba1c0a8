/**
 * Power of the parts of a cluster outside its nodes: the scale-out switches with their optics, and the
 * storage systems. Phase 6, for energy.ts (constant terms) and timeseries.ts.
 *
 * Network, counted on the topology the fabric layer builds for the cluster (fabric/topology, the same graph
 * the collectives run on; nothing is re-derived here):
 *   NIC cables        c_nic = NIC <-> leaf duplex links                      (one switch port each)
 *   switch cables     c_sw  = Σ over leaf–spine and spine–core bundles ⌈bundle capacity / port rate⌉
 *                             (the builders join two switches by one link per direction carrying all their
 *                             parallel cables: tree-plan.ts)
 *   switches          leaf, spine and core vertices
 *   ports in use      n = c_nic + 2 × c_sw
 *   P_network         = n × perPortWatts   (fabric profile `power.perPort`: switch power with optics ÷ radix)
 * Assumptions and why:
 * - Constant in time and traffic: a switch's draw depends on its ports and line rate, hardly on the bytes it
 *   forwards (Mahadevan et al., "A Power Benchmarking Framework for Network Devices", IFIP Networking 2009).
 * - Charged per port in use rather than per whole switch: a switch's optics are fitted only where cables are,
 *   and a leaf of a small cluster is mostly empty. The ASIC and fans of a partly filled switch are therefore
 *   understated; the uplinks are what the topology provisions (a rail leaf's uplinks are sized for a full
 *   scalable unit even when fewer nodes are attached), so for a few nodes they dominate.
 * - The NIC end of a NIC cable (its transceiver) is part of the node's published power, not counted here.
 * - Scale-up fabrics (NVLink, NVSwitch trays inside a node or NVL72 rack) are part of the node's power.
 * Storage: each storage profile's `power.watts`, constant; profiles without it are listed as not counted.
 */
import type { ClusterSpec } from '../config/scenario-types.ts';
import { buildTopology } from '../fabric/topology/index.ts';
import type { Topology } from '../fabric/topology/index.ts';

export interface FabricInventory {
  switches: number;
  nicCables: number;
  switchCables: number;
  portsInUse: number;
}

export interface InfrastructurePower {
  networkWatts: number;
  storageWatts: number;
  /** the scale-out fabric counted, with its inventory; null when none was counted */
  network: { fabric: string; perPortWatts: number; source: string; inventory: FabricInventory } | null;
  /** parts with no power figure, in words, for the report's notes */
  notCounted: string[];
}

/** Switches and switch ports in use of a built topology whose switch ports run at `portBytesPerSecond`. */
export function countFabric(topo: Topology, portBytesPerSecond: number): FabricInventory {
  if (!(portBytesPerSecond > 0)) throw new Error(`port rate must be positive, got ${portBytesPerSecond}`);
  let switches = 0;
  for (const v of topo.vertices) if (v.kind === 'leaf' || v.kind === 'spine' || v.kind === 'core' || v.kind === 'router') switches++;
  let nicLinks = 0;
  let switchCableLinks = 0;
  for (const l of topo.links) {
    if (l.tier === 'nic') nicLinks++;
    // A bundle's capacity is a whole number of cables at line rate; the slack absorbs float division noise.
    else if (l.tier === 'leaf-spine' || l.tier === 'spine-core' || l.tier === 'dragonfly-local' || l.tier === 'dragonfly-global') {
      switchCableLinks += Math.ceil(l.capacityBytesPerSecond / portBytesPerSecond - 1e-9);
    }
  }
  // Links are directed: a full-duplex cable is two of them.
  const nicCables = nicLinks / 2;
  const switchCables = switchCableLinks / 2;
  return { switches, nicCables, switchCables, portsInUse: nicCables + 2 * switchCables };
}

/** Network and storage power of a cluster (W), each constant over the run. */
export function infrastructurePower(cluster: ClusterSpec): InfrastructurePower {
  const notCounted: string[] = [];
  let storageWatts = 0;
  for (const s of cluster.storage) {
    if (s.power === undefined) notCounted.push(`storage ${s.id} (its profile gives no power)`);
    else storageWatts += s.power.watts;
  }
  const so = cluster.scaleOut;
  if (so === null) return { networkWatts: 0, storageWatts, network: null, notCounted };
  const p = so.profile.power;
  if (p === undefined) {
    notCounted.push(`scale-out fabric ${so.profile.id} (its profile gives no power per port)`);
    return { networkWatts: 0, storageWatts, network: null, notCounted };
  }
  let topo: Topology;
  try {
    topo = buildTopology(cluster);
  } catch (e) {
    notCounted.push(`scale-out fabric ${so.profile.id} (its topology could not be built: ${(e as Error).message})`);
    return { networkWatts: 0, storageWatts, network: null, notCounted };
  }
  const inventory = countFabric(topo, so.profile.linkBandwidthBytesPerSecond);
  return {
    networkWatts: inventory.portsInUse * p.perPortWatts,
    storageWatts,
    network: { fabric: so.profile.id, perPortWatts: p.perPortWatts, source: p.source, inventory },
    notCounted,
  };
}
