/**
 * Sizing a leaf/spine(/core) folded Clos from the switch radix k (hardware.md B2):
 *  - a leaf has d downlink ports and k − d uplink ports; at leaf oversubscription o (downlinks : uplinks = o : 1)
 *    d = floor(k · o / (o + 1)) (k/2 when non-blocking). Its uplink CAPACITY is exactly n · port / o, where
 *    n <= d is the number of NIC ports a full leaf of the layout takes (whole nodes, or one SU per rail
 *    leaf), so a 4:1 leaf carries a quarter of what its NICs can send; the ports only decide how many
 *    switches are needed.
 *  - two tiers: every leaf reaches every spine; S = ceil(L · (k − d) / k) spines hold the L leaves' uplinks,
 *    which fits while L <= k: k · d endpoints (k²/2 when non-blocking: 2,048 x 400G on QM9700).
 *  - three tiers: leaves form pods of P (<= the spine's downlink count k/2); each pod has its own spines, and
 *    core group j joins spine j of every pod; with C cores per group for `pods` pods, which fits while
 *    pods <= k: k³/4 endpoints when non-blocking (65,536 on QM9700).
 *  - the parallel cables between a leaf and a spine (or a spine and a core) are one link per direction of
 *    their summed capacity (a bundle): flows on them share the bundle as ECMP over its cables would on
 *    average, and ECMP between switches remains explicit.
 * Tiers are chosen automatically (2 while L <= k) unless given.
 */

export interface TreeInputs {
  radix: number;
  /** capacity of one leaf downlink (NIC link), each direction */
  portBytesPerSecond: number;
  /** leaf downlink : uplink capacity */
  oversubscription: number;
  /** spine downlink : uplink capacity (three tiers) */
  spineOversubscription: number;
  leafDownlinks: number;
  /** NIC ports a full leaf of the layout uses (<= leafDownlinks); sets the uplink capacity */
  leafPortsUsed: number;
  leaves: number;
  /** leaves per pod when three tiers are built (whole scalable units for rail-optimised) */
  leavesPerPod3: number;
  tiers?: 2 | 3;
}

export interface TreePlan {
  tiers: 2 | 3;
  leaves: number;
  leavesPerPod: number;
  pods: number;
  spinesPerPod: number;
  coresPerGroup: number;
  /** capacity of one leaf-spine bundle and one spine-core bundle, each direction */
  leafSpineBytesPerSecond: number;
  spineCoreBytesPerSecond: number;
}

export function leafDownPorts(radix: number, oversubscription: number, override?: number): number {
  const d = override ?? Math.floor((radix * oversubscription) / (oversubscription + 1));
  if (!Number.isInteger(d) || d < 1 || d >= radix) throw new Error(`fat-tree: leaf downlinks must be an integer in [1, ${radix - 1}] for radix ${radix}, got ${d}`);
  return d;
}

export function spineDownPorts(radix: number, spineOversubscription: number): number {
  return Math.max(1, Math.floor((radix * spineOversubscription) / (spineOversubscription + 1)));
}

export function planTree(x: TreeInputs): TreePlan {
  const k = x.radix;
  if (!(x.oversubscription >= 1) || !(x.spineOversubscription >= 1)) throw new Error('fat-tree: oversubscription must be >= 1');
  const leafUp = (x.leafPortsUsed * x.portBytesPerSecond) / x.oversubscription;
  const u = k - x.leafDownlinks;
  const tiers = x.tiers ?? (x.leaves <= k ? 2 : 3);
  if (tiers === 2) {
    if (x.leaves > k) throw new Error(`fat-tree: ${x.leaves} leaves exceed two tiers of radix ${k} (at most ${k} leaves); use three tiers`);
    const spines = Math.max(1, Math.ceil((x.leaves * u) / k));
    return { tiers, leaves: x.leaves, leavesPerPod: x.leaves, pods: 1, spinesPerPod: spines, coresPerGroup: 0, leafSpineBytesPerSecond: leafUp / spines, spineCoreBytesPerSecond: 0 };
  }
  const ds = spineDownPorts(k, x.spineOversubscription);
  const p = x.leavesPerPod3;
  const spinesPerPod = Math.max(1, Math.min(u, Math.ceil((p * u) / ds)));
  const pods = Math.ceil(x.leaves / p);
  if (pods > k) throw new Error(`fat-tree: ${pods} pods exceed three tiers of radix ${k} (at most ${k} pods of ${p} leaves)`);
  const leafSpine = leafUp / spinesPerPod;
  const spineUp = (p * leafSpine) / x.spineOversubscription;
  const coresPerGroup = Math.max(1, Math.ceil((pods * (k - ds)) / k));
  return { tiers, leaves: x.leaves, leavesPerPod: p, pods, spinesPerPod, coresPerGroup, leafSpineBytesPerSecond: leafSpine, spineCoreBytesPerSecond: spineUp / coresPerGroup };
}
