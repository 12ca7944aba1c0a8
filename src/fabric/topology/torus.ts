/**
 * TPU-style torus with wraparound over all chips of a slice (hardware.md B4: v5e/v6e 2D 16x16, v5p 3D in
 * 4x4x4 cubes). Chip c has coordinates x_d = floor(c / stride_d) mod n_d (dimension 0 fastest) and, per
 * dimension, one link to each of its two neighbours (x_d ± 1 mod n_d). Per-link bandwidth = per-chip ICI
 * bandwidth (one direction, all ports) / (2 · D); latency per link = the fabric's per-step α, since one
 * ring step on a torus is one neighbour hop. Dimensions of size 1 are dropped. Hosts (nodes) are
 * consecutive chips; the data-centre network between hosts is not built.
 *
 * Routing: dimension order (0, 1, ...), the shorter way round each ring; when both ways are equally long
 * (n_d even, distance n_d / 2) ECMP picks the direction by the flow's hash at hop d.
 */
import { TopologyBuilder } from './builder.ts';
import { stridesOf } from './dims.ts';
import { ecmpPick } from './hash.ts';
import type { TorusIndex } from './route-index.ts';
import type { Topology } from './types.ts';

export interface TorusParams {
  dims: number[];
  /** per chip, one direction, summed over its ports */
  chipBytesPerSecond: number;
  latencySeconds: number;
  /** chips per host (node); default 1 */
  chipsPerHost?: number;
  /** for the description, e.g. "tpu-v5p-host" */
  label?: string;
}

export function buildTorus(p: TorusParams): Topology {
  if (p.dims.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`torus: dimensions must be positive integers, got [${p.dims.join(', ')}]`);
  const dims = p.dims.filter((n) => n > 1);
  if (dims.length === 0) throw new Error(`torus: need a dimension of size >= 2, got [${p.dims.join(', ')}]`);
  const strides = stridesOf(dims);
  const chips = dims.reduce((a, n) => a * n, 1);
  const perHost = p.chipsPerHost ?? 1;
  if (chips % perHost !== 0) throw new Error(`torus: ${chips} chips do not divide into hosts of ${perHost}`);
  const b = new TopologyBuilder();
  const gpuVertex = new Int32Array(chips);
  const coords = (c: number) => dims.map((n, d) => Math.floor(c / strides[d]!) % n);
  for (let c = 0; c < chips; c++) gpuVertex[c] = b.addVertex('gpu', `chip(${coords(c).join(',')})`, Math.floor(c / perHost));
  const perLink = p.chipBytesPerSecond / (2 * dims.length);
  for (let c = 0; c < chips; c++) {
    dims.forEach((n, d) => {
      const x = Math.floor(c / strides[d]!) % n;
      b.addLink(c, c + (((x + 1) % n) - x) * strides[d]!, perLink, p.latencySeconds, 'torus');
      b.addLink(c, c + (((x - 1 + n) % n) - x) * strides[d]!, perLink, p.latencySeconds, 'torus');
    });
  }
  const torus: TorusIndex = { kind: 'torus', dims, strides, linkBase: 0 };
  return b.finish({
    description: `torus ${dims.join('x')} (${chips} chips${p.label ? `, ${p.label}` : ''}), ${perHost} chips per host`,
    gpuVertex,
    gpusPerNode: perHost,
    nodes: chips / perHost,
    scaleUpDomainSize: chips,
    nicsPerNode: 0,
    routing: { nodes: null, scaleOut: null, torus },
  });
}

export function routeTorus(t: TorusIndex, src: number, dst: number, flowId: number): Int32Array {
  const out: number[] = [];
  const nd = t.dims.length;
  let c = src;
  t.dims.forEach((n, d) => {
    const stride = t.strides[d]!;
    const xs = Math.floor(c / stride) % n;
    const delta = (Math.floor(dst / stride) % n - xs + n) % n;
    if (delta === 0) return;
    const plus = 2 * delta < n || (2 * delta === n && ecmpPick(flowId, d, 2) === 0);
    const steps = plus ? delta : n - delta;
    let x = xs;
    for (let k = 0; k < steps; k++) {
      out.push(t.linkBase + 2 * (c * nd + d) + (plus ? 0 : 1));
      const nx = plus ? (x + 1) % n : (x - 1 + n) % n;
      c += (nx - x) * stride;
      x = nx;
    }
  });
  return Int32Array.from(out);
}
