/**
 * Assembles a Topology: vertices and directed links are appended in a deterministic order and get dense ids
 * (their index), then the outgoing-link index is laid out as CSR in typed arrays (one counting pass, one
 * fill pass), which keeps a 16K-GPU fabric (~140K links) well under a second and a few MB of index.
 * One builder per build call; nothing is shared between builds.
 */
import type { RoutingIndex } from './route-index.ts';
import type { Link, LinkTier, Topology, Vertex, VertexKind, StorageAttachment } from './types.ts';

export interface TopologyMeta {
  description: string;
  gpuVertex: Int32Array;
  gpusPerNode: number;
  nodes: number;
  scaleUpDomainSize: number;
  nicsPerNode: number;
  routing: RoutingIndex;
  storage?: StorageAttachment[];
}

export class TopologyBuilder {
  readonly vertices: Vertex[] = [];
  readonly links: Link[] = [];

  addVertex(kind: VertexKind, name: string, node = -1): number {
    const id = this.vertices.length;
    this.vertices.push({ id, kind, name, node });
    return id;
  }

  addLink(from: number, to: number, capacityBytesPerSecond: number, latencySeconds: number, tier: LinkTier): number {
    if (!(capacityBytesPerSecond > 0)) throw new Error(`link ${from}->${to}: capacity must be > 0, got ${capacityBytesPerSecond}`);
    const id = this.links.length;
    this.links.push({ id, from, to, capacityBytesPerSecond, latencySeconds, tier });
    return id;
  }

  /** A full-duplex cable: two links, a->b (the returned id) and b->a (id + 1). */
  addDuplex(a: number, b: number, capacityBytesPerSecond: number, latencySeconds: number, tier: LinkTier): number {
    const id = this.addLink(a, b, capacityBytesPerSecond, latencySeconds, tier);
    this.addLink(b, a, capacityBytesPerSecond, latencySeconds, tier);
    return id;
  }

  finish(meta: TopologyMeta): Topology {
    const { outStart, out } = buildCsr(this.vertices.length, this.links);
    return { ...meta, vertices: this.vertices, links: this.links, outStart, out };
  }
}

/** Outgoing link ids per vertex, CSR: out[outStart[v] .. outStart[v+1]), in link-id order. */
export function buildCsr(vertexCount: number, links: readonly Link[]): { outStart: Int32Array; out: Int32Array } {
  const outStart = new Int32Array(vertexCount + 1);
  for (const l of links) outStart[l.from + 1]! += 1;
  for (let v = 0; v < vertexCount; v++) outStart[v + 1]! += outStart[v]!;
  const fill = outStart.slice(0, vertexCount);
  const out = new Int32Array(links.length);
  for (const l of links) out[fill[l.from]!++] = l.id;
  return { outStart, out };
}
