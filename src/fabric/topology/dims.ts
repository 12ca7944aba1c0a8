/**
 * Torus shapes: split n chips into D dimensions as evenly as possible (64 -> 4x4x4, 256 -> 16x16,
 * 16 in 2D -> 4x4), largest first. Used when a scenario gives no explicit torus dimensions.
 */
export function balancedDims(n: number, d: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`torus: chip count must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`torus: dimension count must be a positive integer, got ${d}`);
  const dims: number[] = [];
  let rest = n;
  for (let i = d; i > 1; i--) {
    const target = Math.floor(Math.pow(rest, 1 / i) + 1e-9);
    let f = Math.max(1, target);
    while (f > 1 && rest % f !== 0) f--;
    dims.push(f);
    rest /= f;
  }
  dims.push(rest);
  return dims.sort((a, b) => b - a);
}

/** Strides of a row-major layout with dimension 0 fastest. */
export function stridesOf(dims: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (const n of dims) {
    strides.push(s);
    s *= n;
  }
  return strides;
}
