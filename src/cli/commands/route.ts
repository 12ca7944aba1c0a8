/**
 * `clustersim route SCENARIO --src A --dst B [--flows N] [--flow-id ID] [--json]`: the path a flow between
 * two devices takes on the scenario's fabric, hop by hop (vertex names, link tier, line rate, latency), for
 * debugging placement and congestion. The route is the one both network backends use
 * (fabric/topology/routing.ts: scale-up path, rail-local or PXN relay, ECMP over equal-cost uplinks by a
 * hash of the flow id). One flow id by default (the id a transfer between the pair gets when it is given
 * none); `--flows N` routes N consecutive flow ids and lists the distinct paths with how many ids took each,
 * which is how ECMP spreads the connections of one collective. `--storage ID` instead of `--dst` routes a
 * write from the device's NIC to a storage system on the compute fabric (fabric/topology/storage-attach.ts).
 */
import { loadCatalog } from '../../hardware/catalog.ts';
import { checkScenarioFile } from '../../check.ts';
import { buildTopology, defaultFlowId, describeRoute, endpointOfGpu, route } from '../../fabric/topology/index.ts';
import { routeStorage } from '../../fabric/topology/storage-attach.ts';
import type { Topology } from '../../fabric/topology/index.ts';
import { formatSig } from '../../report/format.ts';
import { reportFailure, UsageError } from '../errors-out.ts';
import { EXIT } from '../exit-codes.ts';
import { table } from '../format.ts';
import { line, type CliIO } from '../io.ts';

export interface RouteArgs {
  scenario: string;
  src: number;
  dst?: number;
  storage?: string;
  flows: number;
  flowId?: number;
  json: boolean;
}

export interface RouteHop {
  from: string;
  to: string;
  tier: string;
  bytesPerSecond: number;
  latencySeconds: number;
}

export interface RouteResult {
  topology: string;
  src: number;
  /** a device, or storage/<id> */
  dst: number | string;
  flowId: number;
  hops: RouteHop[];
  /** the slowest link's line rate, bytes/s (null when src = dst) */
  bottleneckBytesPerSecond: number | null;
  latencySeconds: number;
  /** with flows > 1: each distinct path and the flow ids that took it */
  ecmp: { path: string; flowIds: number[] }[];
}

/** Maximum flow ids to route in one call (each route is O(path length); this bounds the output). */
const MAX_FLOWS = 4096;

export function routeOf(topo: Topology, src: number, dst: number | { storage: string }, flowId: number, flows: number): RouteResult {
  const path = (id: number): Int32Array => (typeof dst === 'number' ? route(topo, src, dst, id) : routeStorage(topo, dst.storage, endpointOfGpu(topo, src), 'write', id));
  const links = path(flowId);
  const hops: RouteHop[] = Array.from(links, (id) => {
    const l = topo.links[id]!;
    return { from: topo.vertices[l.from]!.name, to: topo.vertices[l.to]!.name, tier: l.tier, bytesPerSecond: l.capacityBytesPerSecond, latencySeconds: l.latencySeconds };
  });
  const ecmp = new Map<string, number[]>();
  if (flows > 1) {
    for (let i = 0; i < flows; i++) {
      const p = describeRoute(topo, path(flowId + i));
      const ids = ecmp.get(p) ?? [];
      ids.push(flowId + i);
      ecmp.set(p, ids);
    }
  }
  return {
    topology: topo.description,
    src,
    dst: typeof dst === 'number' ? dst : `storage/${dst.storage}`,
    flowId,
    hops,
    bottleneckBytesPerSecond: hops.length === 0 ? null : Math.min(...hops.map((h) => h.bytesPerSecond)),
    latencySeconds: hops.reduce((s, h) => s + h.latencySeconds, 0),
    ecmp: [...ecmp].map(([path, flowIds]) => ({ path, flowIds })).sort((a, b) => b.flowIds.length - a.flowIds.length || (a.path < b.path ? -1 : 1)),
  };
}

function checkArgs(args: RouteArgs, topo: Topology): void {
  const devices = topo.gpuVertex.length;
  if ((args.dst === undefined) === (args.storage === undefined)) throw new UsageError('give --dst DEVICE or --storage ID', 'e.g. --dst 9, or --storage pfs-generic for a storage system on the compute fabric');
  if (args.storage !== undefined && !(topo.storage ?? []).some((s) => s.id === args.storage)) {
    const on = (topo.storage ?? []).map((s) => s.id);
    throw new UsageError(`--storage ${args.storage}: not on this cluster's compute fabric`, on.length > 0 ? `storage on the fabric: ${on.join(', ')}` : 'only a parallel file system with network: compute under a fat-tree or rail-optimized scale-out is in the fabric graph');
  }
  for (const [flag, v] of [['--src', args.src], ['--dst', args.dst ?? 0]] as const) {
    if (!(Number.isInteger(v) && v >= 0 && v < devices)) throw new UsageError(`${flag} ${v}: not a device of this cluster`, `give a device index from 0 to ${devices - 1}`);
  }
  if (!(Number.isInteger(args.flows) && args.flows >= 1 && args.flows <= MAX_FLOWS)) throw new UsageError(`--flows ${args.flows}: not a flow count`, `give 1 to ${MAX_FLOWS}`);
  if (args.flowId !== undefined && !(Number.isSafeInteger(args.flowId) && args.flowId >= 0)) throw new UsageError(`--flow-id ${args.flowId}: not a flow id`, 'give a non-negative integer');
}

const rate = (b: number): string => `${formatSig(b / 1e9)} GB/s`;
const micro = (s: number): string => `${formatSig(s * 1e6)} µs`;

export function routeCommand(args: RouteArgs, io: CliIO): number {
  let result: RouteResult;
  try {
    const { scenario } = checkScenarioFile(args.scenario, { catalog: loadCatalog() });
    const topo = buildTopology(scenario.cluster);
    checkArgs(args, topo);
    const dst = args.storage !== undefined ? { storage: args.storage } : args.dst!;
    result = routeOf(topo, args.src, dst, args.flowId ?? defaultFlowId(args.src, args.dst ?? 0), args.flows);
  } catch (e) {
    return reportFailure(e, io);
  }
  if (args.json) {
    line(io.stdout, JSON.stringify(result, null, 2));
    return EXIT.ok;
  }
  line(io.stdout, `route ${result.src} -> ${result.dst}, flow id ${result.flowId}, on ${result.topology}`);
  if (result.hops.length === 0) {
    line(io.stdout, 'same device: no links');
    return EXIT.ok;
  }
  const rows = [['hop', 'from', 'to', 'tier', 'line rate', 'latency']];
  result.hops.forEach((h, i) => rows.push([String(i + 1), h.from, h.to, h.tier, rate(h.bytesPerSecond), micro(h.latencySeconds)]));
  line(io.stdout, table(rows));
  line(io.stdout, `${result.hops.length} links; slowest ${rate(result.bottleneckBytesPerSecond!)}; latency ${micro(result.latencySeconds)}`);
  if (result.ecmp.length > 0) {
    line(io.stdout, `\nECMP: flow ids ${result.flowId}..${result.flowId + args.flows - 1} take ${result.ecmp.length} distinct path${result.ecmp.length === 1 ? '' : 's'}`);
    const spread = [['flows', 'path']];
    for (const e of result.ecmp) spread.push([String(e.flowIds.length), e.path]);
    line(io.stdout, table(spread));
  }
  return EXIT.ok;
}
