/**
 * Double-binary-tree all-reduce, NCCL's tree algorithm (NCCL 2.4, "Massively Scale Your Deep Learning
 * Training with NCCL 2.4", NVIDIA blog 2019): inside a node the ranks form a chain; across nodes the
 * nodes form two complementary binary trees, so each node is a leaf in (about) one tree and interior in
 * the other, and the two trees together use every node's links in both directions.
 *
 * Structure. Tree A is the in-order balanced binary tree over the m nodes (root = middle node, each
 * subtree likewise); tree B is A shifted by one node when m is even and mirrored (i -> m−1−i) when m is
 * odd, as NCCL's ncclGetDtree. Channel c runs tree (c mod 2) over nodes whose chain head is the member
 * on rail c (the same rail in every node, so tree edges are rail-local), and carries S / C.
 *
 * Flows, pipelined (NCCL streams chunks up the reduce tree and down the broadcast tree at once, so in
 * steady state every edge is busy): per channel, every chain edge and every tree edge carries S / C up
 * (towards the root: reduce) and S / C down (broadcast), all concurrently. A node with two children and a
 * parent therefore moves 3·S/C through its channel's NIC each way, a leaf S/C; with two nodes each tree
 * has one edge and a node moves S per direction in total (half the ring's 2(n−1)/n·S), which is why NCCL
 * prefers the tree on two nodes (validation-dev.md §5 note).
 * Latency and protocol, NCCL's tree model (protocol.ts): base + 2·((g−1)·h_intra + D·h_net), g ranks per
 * node, D the depth of the deeper tree (≈ log2 m), with the protocol (LL or Simple across nodes) NCCL would
 * pick for the size; the flows move S/C / wire efficiency. Under Simple the per-hop figures are the time a
 * chunk takes to cross a hop, i.e. the fill of the chunk pipeline up and down the trees.
 */
import type { ProcessGenerator } from '../../sim/index.ts';
import { phase } from './launch.ts';
import type { FlowSpec } from './launch.ts';
import { byNode, entryPair, requestedChannels } from './layout.ts';
import { PROTOCOL_WIRE_EFFICIENCY, availableProtocols, pickProtocol, treeLatency } from './protocol.ts';
import type { Protocol, ProtocolChoice } from './protocol.ts';
import { callRates, treeBandwidth } from './rates.ts';
import type { CollectiveAlgorithm, CollectiveCall, CollectiveContext } from './types.ts';

/** parent of each of 0..m−1 in the in-order balanced binary tree (−1 for the root) */
export function inorderTree(m: number): Int32Array {
  const parent = new Int32Array(m).fill(-1);
  const build = (lo: number, hi: number, up: number): void => {
    if (lo >= hi) return;
    const mid = (lo + hi) >> 1;
    parent[mid] = up;
    build(lo, mid, mid);
    build(mid + 1, hi, mid);
  };
  build(0, m, -1);
  return parent;
}

/** NCCL's two complementary trees over m nodes (see header) */
export function doubleBinaryTree(m: number): [Int32Array, Int32Array] {
  const a = inorderTree(m);
  const b = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    if (m % 2 === 0) {
      const p = a[(i - 1 + m) % m]!;
      b[i] = p < 0 ? -1 : (p + 1) % m;
    } else {
      const p = a[m - 1 - i]!;
      b[i] = p < 0 ? -1 : m - 1 - p;
    }
  }
  return [a, b];
}

export function treeDepth(parent: Int32Array): number {
  let depth = 0;
  for (let i = 0; i < parent.length; i++) {
    let d = 0;
    for (let v = parent[i]!; v >= 0; v = parent[v]!) d++;
    depth = Math.max(depth, d);
  }
  return depth;
}

/** NCCL's protocol for this tree all-reduce: latency + S / β_tree / efficiency, fastest (protocol.ts) */
export function treeProtocol(ctx: CollectiveContext, call: CollectiveCall): ProtocolChoice {
  const rates = callRates(ctx, call);
  const trees = doubleBinaryTree(rates.m);
  const depth = Math.max(treeDepth(trees[0]), treeDepth(trees[1]));
  return pickProtocol(availableProtocols(ctx, rates.one), call.bytes / treeBandwidth(rates), (p) => treeLatency(ctx, p, rates.g, depth, rates.m));
}

export function treePlan(ctx: CollectiveContext, call: CollectiveCall): { protocol: Protocol; latencySeconds: number; firstStep: number; flows: FlowSpec[] } {
  const topo = ctx.backend.topology;
  const nodes = byNode(topo, call.ranks);
  const m = nodes.length;
  const g = Math.max(...nodes.map((x) => x.ranks.length));
  const channels = Math.min(requestedChannels(topo, call), Math.max(2, g));
  const trees = doubleBinaryTree(m);
  const choice = treeProtocol(ctx, call);
  const v = call.bytes / channels / PROTOCOL_WIRE_EFFICIENCY[choice.protocol];
  const flows: FlowSpec[] = [];
  const both = (a: number, b: number, salt: number): void => {
    flows.push({ src: a, dst: b, bytes: v, salt }, { src: b, dst: a, bytes: v, salt });
  };
  for (let c = 0; c < channels; c++) {
    const parent = trees[c % 2]!;
    const heads = nodes.map((x) => entryPair(topo, x.ranks, c)[0]);
    nodes.forEach((x, j) => {
      const chain = [heads[j]!, ...x.ranks.filter((r) => r !== heads[j])];
      for (let i = 0; i + 1 < chain.length; i++) both(chain[i]!, chain[i + 1]!, c);
      if (parent[j]! >= 0) both(heads[j]!, heads[parent[j]!]!, c);
    });
  }
  const up = ctx.scaleUp?.latencySeconds ?? 0;
  const out = m > 1 ? (ctx.scaleOut?.latencySeconds ?? 0) : 0;
  return { protocol: choice.protocol, latencySeconds: choice.latencySeconds, firstStep: Math.max(m > 1 ? out : 0, g > 1 ? up : 0), flows };
}

export const tree: CollectiveAlgorithm = {
  name: 'tree',
  supports: (op) => op === 'all-reduce',
  applicable: (_ctx, call) => call.op === 'all-reduce',
  *run(ctx: CollectiveContext, call: CollectiveCall): ProcessGenerator<number> {
    const t0 = ctx.sim.now;
    if (call.ranks.length <= 1 || call.bytes === 0) return 0;
    const p = treePlan(ctx, call);
    yield* phase(ctx, call, p.latencySeconds, p.firstStep, p.flows);
    return ctx.sim.now - t0;
  },
};
