/**
 * Normalised hardware profiles: what the models see after `config/` has parsed the files in
 * `hardware-profiles/`. Every number is SI (bytes, bytes/s, FLOP/s, W, s, USD, USD/s); every group keeps
 * the `source` its figures came from so the report's assumptions table can cite it.
 *
 * Profile files are YAML; the on-disk shape is the same as these types with unit strings instead of numbers
 * (see hardware-profiles/README.md).
 */

/** Where a group of figures came from: a citation a reader can follow. */
export interface Sourced {
  source: string;
}

export type Precision = 'fp64' | 'fp32' | 'tf32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'fp4';

/** Cloud pricing terms other than on-demand (on-demand is the price's `cloudUsdPerHour`). */
export type CloudPricingTerm = 'reserved-1y' | 'reserved-3y' | 'spot';

/** A cloud price under one pricing term, each quoted on its own date from its own source. */
export interface CloudTermPrice {
  /** per device-hour (accelerator profile) or per node-hour (node profile), as the on-demand price */
  usdPerHour: number;
  date: string;
  source: string;
}

/** What a device or node costs: purchase and cloud prices, dated and sourced. */
export type ProfilePrice = {
  purchaseUsd?: number;
  cloudUsdPerHour?: number;
  date: string;
  /** reserved and spot prices; absent terms are not published in the sources */
  cloudTerms?: Partial<Record<CloudPricingTerm, CloudTermPrice>>;
} & Sourced;

/** Purchase prices of a scale-out fabric's parts, dated and sourced. */
export interface FabricPrice {
  /** one switch of the fabric's radix */
  switchUsd?: number;
  /** optics and cable per switch port in use (a NIC cable uses one switch port, a switch-to-switch cable two) */
  perPortUsd?: number;
  date: string;
  source: string;
}

export interface AcceleratorProfile {
  kind: 'accelerator';
  id: string;
  name: string;
  vendor: string;
  /** gpu | tpu | asic | edge */
  family: 'gpu' | 'tpu' | 'asic' | 'edge';
  year: number;
  /** Dense peak FLOP/s (or OP/s for int8) per precision; absent = unsupported or unpublished. Never sparse. */
  compute: Partial<Record<Precision, number>> & Sourced;
  memory: { capacityBytes: number; bandwidthBytesPerSecond: number } & Sourced;
  power: { tdpWatts: number; idleWatts: number } & Sourced;
  /** Scale-up link per device, unidirectional; null for devices with none (PCIe only). */
  scaleUp: ({ tech: string; bandwidthBytesPerSecond: number } & Sourced) | null;
  /** Achievable fractions of peak, used by the roofline compute model. */
  efficiency: { matmul: number; memory: number } & Sourced & {
    /** fp8 GEMMs' sustained fraction of the fp8 peak where it was measured apart (Hopper: lower than bf16's) */
    fp8Matmul?: { value: number } & Sourced;
  };
  price: ProfilePrice | null;
  /** Set by the run, not by profiles: a scenario's power cap and the compute slowdown it causes (power-cap.ts). */
  powerCap?: { watts: number; slowdown: number };
  /** Embodied (manufacturing) carbon of one device, kg CO2e; absent where no figure is published. */
  embodied?: { kgCO2e: number } & Sourced;
  notes?: string;
}

export interface NodeProfile {
  kind: 'node';
  id: string;
  name: string;
  /** accelerator profile id */
  accelerator: string;
  devicesPerNode: number;
  /** scale-up fabric profile id inside the node (or rack, for NVL72); null = PCIe only */
  scaleUpFabric: string | null;
  /** number of devices in one scale-up domain (8 for DGX, 72 for NVL72) */
  scaleUpDomainSize: number;
  nics: { count: number; bandwidthBytesPerSecond: number } & Sourced;
  power: { maxWatts: number; idleWatts: number } & Sourced;
  price: ProfilePrice | null;
  /** Embodied carbon of the node WITHOUT its devices (chassis, CPUs, DRAM, boards), kg CO2e; absent where unpublished. */
  embodied?: { kgCO2e: number } & Sourced;
  /** The host side of each device (storage models, src/storage/): its host link (PCIe, per device, one direction),
   * the node's host memory (absent where unpublished) and GPUDirect Storage support; absent = not described. */
  host?: { linkBytesPerSecond: number; memoryBytes?: number; gpuDirectStorage: boolean } & Sourced;
  /** NICs for the storage / front-end network, apart from the compute NICs; absent = none described */
  storageNics?: { count: number; bandwidthBytesPerSecond: number } & Sourced;
  notes?: string;
}

export interface FabricProfile {
  kind: 'fabric';
  id: string;
  name: string;
  /** scale-up (NVLink, ICI, Infinity Fabric) or scale-out (InfiniBand, RoCE, Ethernet) */
  tier: 'scale-up' | 'scale-out';
  /** per port (scale-out) or per device (scale-up), one direction */
  linkBandwidthBytesPerSecond: number;
  /** end-to-end latency of one small message: the alpha of the alpha-beta model */
  latencySeconds: number;
  /** fraction of line rate a collective achieves on large messages (protocol and software overhead) */
  efficiency: number;
  /** in-network reduction (NVLS, SHARP) available */
  inNetworkReduction: boolean;
  switchRadix?: number;
  /** purchase prices of switches and optics (scale-out fabrics); absent where unpublished */
  price?: FabricPrice;
  /** scale-out: power of one switch port in use, W (the switch's power with optics fitted ÷ its radix); absent = not counted */
  power?: { perPortWatts: number } & Sourced;
  source: string;
  notes?: string;
}

export interface StorageProfile {
  kind: 'storage';
  id: string;
  name: string;
  tier: 'local-nvme' | 'parallel-fs' | 'object-store';
  readBandwidthBytesPerSecond: number;
  writeBandwidthBytesPerSecond: number;
  capacityBytes?: number;
  /** power of the storage system (all its servers), W; absent = not counted */
  power?: { watts: number } & Sourced;
  // Limits the storage models use (src/storage/tiers.ts). The bandwidths above are the whole system's for a
  // parallel-fs, one node's drives for local-nvme, and one client instance's for an object-store.
  /** one client node's limit on a parallel-fs, one direction each; absent = none beyond the node's NICs */
  perClient?: { readBytesPerSecond: number; writeBytesPerSecond: number } & Sourced;
  /** metadata operations per second of the whole system; absent = not limiting */
  metadata?: { createsPerSecond: number; opensPerSecond: number } & Sourced;
  /** object-store: throughput of one connection; absent = not limiting */
  perConnection?: { bytesPerSecond: number } & Sourced;
  /** object-store: request rates per prefix and the size of one ranged request; absent = not limiting */
  requests?: { getsPerSecondPerPrefix: number; putsPerSecondPerPrefix: number; requestBytes: number } & Sourced;
  /** the system serves GPUDirect Storage (DMA between its network or drives and device memory) */
  gpuDirectStorage?: boolean;
  /** set by the scenario (cluster.storage[].network): the network nodes reach the storage over; absent = the compute fabric */
  network?: 'compute' | 'frontend';
  /** set by the scenario (cluster.storage[].prefixes): object-store prefixes a job's objects are spread over; absent = 1 */
  prefixes?: number;
  source: string;
  notes?: string;
}

export type HardwareProfile = AcceleratorProfile | NodeProfile | FabricProfile | StorageProfile;
export type ProfileKind = HardwareProfile['kind'];

/** All profiles by id, as loaded from hardware-profiles/. */
export interface Catalog {
  accelerators: Map<string, AcceleratorProfile>;
  nodes: Map<string, NodeProfile>;
  fabrics: Map<string, FabricProfile>;
  storage: Map<string, StorageProfile>;
}
