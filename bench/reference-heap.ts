/**
 * Reference for the kernel bench, measured in the same run so ratios are meaningful on a noisy machine:
 * the same hold model (10,000 entries, Exponential(1) delays, 2,000,000 events) on a bare binary heap of
 * typed arrays with one callback per entry — no processes, no events, no API. The yardstick:
 * about 8.5 million events/s on a quiet machine of this kind.
 */
export function bareHeapEventsPerSecond(entries: number, total: number, seed: number): number {
  const start = process.hrtime.bigint();
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const times = new Float64Array(entries + 1);
  const ids = new Int32Array(entries + 1);
  let size = 0;
  let now = 0;
  const push = (t: number, id: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! <= t) break;
      times[i] = times[p]!;
      ids[i] = ids[p]!;
      i = p;
    }
    times[i] = t;
    ids[i] = id;
  };
  const pop = (): number => {
    const top = ids[0]!;
    now = times[0]!;
    const n = --size;
    const t = times[n]!;
    const id = ids[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && times[c + 1]! < times[c]!) c++;
      if (t <= times[c]!) break;
      times[i] = times[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    times[i] = t;
    ids[i] = id;
    return top;
  };
  const callbacks: (() => void)[] = [];
  for (let i = 0; i < entries; i++) callbacks.push(() => push(now - Math.log(1 - rnd()), i));
  for (let i = 0; i < entries; i++) push(-Math.log(1 - rnd()), i);
  for (let count = 0; count < total; count++) callbacks[pop()]!();
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}
