/**
 * The network backend contract. A backend moves bytes between GPUs of a Topology on the simulation kernel:
 * `transfer` returns an event that succeeds when the last byte has arrived. Collective algorithms
 * (../collectives/) are written only against this contract, so the same algorithm runs on both backends:
 *
 *  - analytical: a transfer takes α + bytes / β on its own, where α is the sum of the link latencies on its
 *    route and β the smallest effective capacity on it; concurrent transfers do not slow each other.
 *  - flow: a transfer is a flow on its route; all active flows share link capacities max-min fairly
 *    (../lmm/); rates are re-solved whenever a flow starts or ends, so congestion emerges.
 *
 * Effective capacity = line rate × the protocol efficiency of the link's tier (from the fabric profiles,
 * measured by nccl-tests; see hardware-profiles/fabrics/*.yaml), so an uncongested ring attains the measured
 * bus bandwidth on both backends.
 */
import type { Event, Simulation } from '../../sim/index.ts';
import type { Topology } from '../topology/types.ts';

export interface Transfer {
  /** source and destination GPU (global rank), distinct */
  src: number;
  dst: number;
  bytes: number;
  /** chooses among equal-cost paths (ECMP hash); default: a hash of (src, dst) */
  flowId?: number;
  /** optional rate cap in bytes/s (e.g. a copy engine or protocol limit) */
  maxRateBytesPerSecond?: number;
  /** job name, for per-job accounting of link use */
  job?: string;
  /** an explicit route, link ids in travel order, for an endpoint that is not a GPU (a storage system on the
   * compute fabric, topology/storage-attach.ts); src and dst are then not read */
  links?: Int32Array;
}

export interface LinkUsage {
  linkId: number;
  /** bytes carried over the simulation so far */
  bytes: number;
  /** busy-time integral: sum over time of (rate / capacity) dt, seconds */
  busySeconds: number;
}

export interface NetworkBackend {
  readonly name: 'analytical' | 'flow';
  readonly topology: Topology;
  /** start a transfer now; the event's value is the completion time */
  transfer(t: Transfer): Event<number>;
  /** bytes and busy time per link since the start, sorted by link id, for utilisation reports */
  usage(): LinkUsage[];
}

export interface BackendOptions {
  sim: Simulation;
  topology: Topology;
  /** protocol efficiency per link tier (fraction of line rate attainable), default 1 */
  efficiency: Partial<Record<import('../topology/types.ts').LinkTier, number>>;
}
