/**
 * What an owned cluster costs to buy, item by item, with the source and date of every price.
 *
 *   nodes     Σ_groups count × price per node: the node profile's price.purchaseUsd, else devices per node ×
 *             the accelerator profile's price.purchaseUsd (the devices alone, without CPUs, memory, NICs and
 *             chassis: a lower estimate, and its name says so)
 *   network   switches × the scale-out fabric profile's price.switchUsd
 *             + switch ports in use × price.perPortUsd (optics and cable per port, where the profile has it)
 *             counted on the topology the simulator builds (fabric/topology/build.ts) exactly as the energy
 *             model counts it (fabric-power.ts countFabric): every leaf, spine and core switch; a port per NIC
 *             cable and two per switch-to-switch cable
 *
 * Not priced: storage systems and the scale-up fabric inside a node (in the node price); a fabric without a
 * price is left out and the note says so. Pure; the cost and break-even models call it.
 */
import type { ClusterSpec, NodeGroup } from '../config/scenario-types.ts';
import { buildTopology } from '../fabric/topology/build.ts';
import { countFabric } from './fabric-power.ts';
import type { BreakEvenPrice } from './result-types.ts';

export interface OwnedCapex {
  nodesUsd: number;
  networkUsd: number;
  totalUsd: number;
  /** every purchase price used, with its source and date */
  prices: BreakEvenPrice[];
  /** the scale-out fabric counted, when it has a price */
  network: { switches: number; ports: number } | null;
  /** what was not priced, and why */
  notes: string[];
}

/** The purchase price of one node of a group, named and cited; a string says why there is none. */
export function nodePurchasePrice(g: NodeGroup): BreakEvenPrice | string {
  const a = g.accelerator;
  const node = g.profile;
  if (node.price?.purchaseUsd !== undefined) {
    return { name: `${node.name} purchase price per node`, value: node.price.purchaseUsd, unit: 'USD', source: node.price.source, date: node.price.date };
  }
  if (a.price?.purchaseUsd !== undefined) {
    return {
      name: `${node.name} purchase price per node, taken as ${node.devicesPerNode} × the ${a.name} price (devices only; the node profile has none)`,
      value: node.devicesPerNode * a.price.purchaseUsd, unit: 'USD', source: a.price.source, date: a.price.date,
    };
  }
  return `node profile "${node.id}" has no purchase price (price.purchaseUsd), nor has accelerator profile "${a.id}"`;
}

/** Switches and switch ports in use of the scale-out fabric as built for the cluster (the energy model's count). */
export function countScaleOut(cluster: ClusterSpec): { switches: number; ports: number } {
  const so = cluster.scaleOut;
  if (so === null) return { switches: 0, ports: 0 };
  const inv = countFabric(buildTopology(cluster), so.profile.linkBandwidthBytesPerSecond);
  return { switches: inv.switches, ports: inv.portsInUse };
}

/** Purchase of the cluster by item; a string says which node has no price at all. */
export function ownedCapex(cluster: ClusterSpec): OwnedCapex | string {
  const prices = new Map<string, BreakEvenPrice>();
  let nodesUsd = 0;
  for (const g of cluster.nodes) {
    const p = nodePurchasePrice(g);
    if (typeof p === 'string') return p;
    nodesUsd += g.count * p.value;
    prices.set(p.name, p);
  }
  const notes: string[] = [];
  let networkUsd = 0;
  let network: OwnedCapex['network'] = null;
  const fabric = cluster.scaleOut?.profile;
  if (fabric !== undefined && fabric.price === undefined) {
    notes.push(`switches and optics of ${fabric.name} not counted: the fabric profile has no price`);
  } else if (fabric?.price !== undefined) {
    const fp = fabric.price;
    try {
      network = countScaleOut(cluster);
    } catch (e) {
      notes.push(`switches of ${fabric.name} not counted: ${(e as Error).message}`);
    }
    if (network !== null) {
      if (fp.switchUsd !== undefined) {
        networkUsd += network.switches * fp.switchUsd;
        prices.set(`${fabric.name} switch`, { name: `${fabric.name} switch purchase price (${network.switches} switches)`, value: fp.switchUsd, unit: 'USD', source: fp.source, date: fp.date });
      }
      if (fp.perPortUsd !== undefined) {
        networkUsd += network.ports * fp.perPortUsd;
        prices.set(`${fabric.name} port`, { name: `${fabric.name} optics and cable per port (${network.ports} ports)`, value: fp.perPortUsd, unit: 'USD', source: fp.source, date: fp.date });
      } else {
        notes.push(`optics and cables of ${fabric.name} not counted: the fabric profile has no per-port price`);
      }
    }
  }
  if (cluster.storage.length > 0) notes.push('storage systems not counted: the storage profiles have no purchase price');
  return { nodesUsd, networkUsd, totalUsd: nodesUsd + networkUsd, prices: [...prices.values()], network, notes };
}
