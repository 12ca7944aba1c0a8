/**
 * Hardware figures the topology builders need that are not in a profile, each with its source, and the
 * rule that splits a fabric's per-step latency over the links of a path.
 *
 * Latency split (why): the profiles give α, the latency of one ring step end to end (ib-ndr-400: 4 µs,
 * within the published RDMA range; NVLink: 2 µs, NCCL's tuning model). The analytical backend sums link
 * latencies along a route, so the links are given shares that make the shortest path of each fabric sum
 * to its profile's α:
 *  - scale-up through a crossbar (GPU -> NVSwitch -> GPU, or through the PCIe switch): α_up / 2 per link;
 *    a direct mesh link or a torus link (one ring step is one neighbour hop): α_up per link.
 *  - across the scale-out fabric, the rail-local path GPU -> NIC -> leaf -> NIC -> GPU has four links:
 *    'host' and 'nic' links get α_out / 4 each. Most of α is NIC and software time at the ends, which is
 *    why the endpoint links carry it.
 *  - every switch-to-switch link (leaf-spine, spine-core, dragonfly local and global) adds one switch
 *    traversal, SWITCH_HOP_SECONDS, so a path through a spine costs α_out + 2 hops.
 */

/**
 * PCIe x16 throughput per direction, bytes/s: Gen4 31.5 GB/s, Gen5 63 GB/s, Gen6 121 GB/s
 * (hardware.md B3, PCI-SIG rates: 16/32/64 GT/s per lane with 128b/130b or FLIT encoding).
 */
export const PCIE_X16_BYTES_PER_SECOND = { gen4: 31.5e9, gen5: 63e9, gen6: 121e9 } as const;

/**
 * One switch traversal, seconds: ~130 ns port to port on an InfiniBand HDR switch (hardware.md B2/B5, vendor
 * brief, uncertain; NDR third-party figures are 130–330 ns). Cable propagation (~5 ns/m) is neglected.
 */
export const SWITCH_HOP_SECONDS = 130e-9;

/**
 * Host-link (GPU <-> NIC) latency when the cluster has no scale-out fabric to take α from: a quarter of the
 * 4 µs per-step figure of the InfiniBand profiles (hardware-profiles/fabrics/ib-ndr-400.yaml), the same
 * split as with a fabric. Only reachable by intra-node use of NIC vertices, which routing never makes.
 */
export const DEFAULT_HOST_LATENCY_SECONDS = 1e-6;

/**
 * PCIe link of a GPU to its NIC, bytes/s per direction. The NIC's host interface sets the generation
 * (hardware.md B2): ConnectX-6 (200 Gb/s) sits on Gen4 x16, ConnectX-7 and BlueField-3 (400 Gb/s) on Gen5
 * x16, ConnectX-8 (800 Gb/s) on Gen6. The PCIe link is faster than the NIC in each case, so the NIC's own
 * rate (the 'nic' link to the leaf) stays the bottleneck, as on the real machines.
 */
export function hostLinkBytesPerSecond(nicBytesPerSecond: number): number {
  if (nicBytesPerSecond <= 25e9) return PCIE_X16_BYTES_PER_SECOND.gen4;
  if (nicBytesPerSecond <= 50e9) return PCIE_X16_BYTES_PER_SECOND.gen5;
  return PCIE_X16_BYTES_PER_SECOND.gen6;
}

/**
 * Scale-up α when a node has no scale-up fabric profile (PCIe-only, `scaleUpFabric: null`): 2 µs, the
 * per-step figure of the pcie-gen4/pcie-gen5 profiles (hardware-profiles/fabrics/pcie-gen4.yaml).
 */
export const DEFAULT_SCALE_UP_LATENCY_SECONDS = 2e-6;
