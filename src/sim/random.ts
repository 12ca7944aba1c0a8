/**
 * Seeded random streams. Each stream is a xoshiro128** generator (Blackman & Vigna, 2018: 128-bit
 * state, period 2^128 - 1, passes BigCrush; all 32-bit integer ops, so fast in JavaScript). Its state
 * is filled by splitmix32 from a 64-bit key made of the simulation seed and two independent 32-bit
 * hashes of the stream name: the same (seed, name) always gives the same sequence, and different names
 * give unrelated sequences, so adding a stream never shifts the draws of another.
 *
 * Variates:
 * - next(): 53 random bits as a double in [0, 1) (two 32-bit outputs).
 * - exponential(mean): inversion, -mean * ln(1 - U).
 * - normal(mu, sigma): Box–Muller; the second variate of each pair is kept for the next call.
 * - lognormal(mu, sigma): exp(normal(mu, sigma)); mu and sigma are those of the underlying normal.
 */

export class RandomStream {
  readonly name: string;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number, name: string) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    this.name = name;
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    const a = splitmix32(lo ^ hashString(name, 0x9e3779b9));
    const b = splitmix32(hi ^ hashString(name, 0x85ebca6b) ^ 0x6a09e667);
    this.s0 = a();
    this.s1 = a();
    this.s2 = b();
    this.s3 = b();
    // The all-zero state is the one xoshiro cannot leave; splitmix32 outputs never make it, but be sure.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Uniform integer in [0, n), n a positive safe integer. */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
    // Bias of floor(U * n) with 53-bit U is below n / 2^53: negligible for simulation sizes.
    return Math.floor(this.next() * n);
  }

  /** Exponential variate with the given mean (> 0). */
  exponential(mean: number): number {
    if (!(mean > 0)) throw new RangeError(`exponential mean must be > 0, got ${mean}`);
    return -mean * Math.log(1 - this.next());
  }

  /** Normal variate with mean mu and standard deviation sigma (>= 0). */
  normal(mu = 0, sigma = 1): number {
    if (!(sigma >= 0)) throw new RangeError(`normal sigma must be >= 0, got ${sigma}`);
    if (this.hasSpare) {
      this.hasSpare = false;
      return mu + sigma * this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return mu + sigma * r * Math.cos(theta);
  }

  /** Log-normal variate: exp of a normal with mean mu and standard deviation sigma. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice() from an empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32 (mixer constants from Wellons' hash-prospector): a counter through a 32-bit bijective mixer. */
function splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** 32-bit string hash over UTF-16 code units (murmur-style multiply/xorshift, then a final avalanche). */
function hashString(s: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h ^= s.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
