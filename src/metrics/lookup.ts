/**
 * Reads a metric out of a report by a dotted path such as `jobs.pretrain.tflopsPerGpu` or
 * `jobs["my-job"].memory.totalBytes`. Used for validation references; `expect` expressions go through
 * the restricted mathjs evaluator instead.
 */
export function parseMetricPath(path: string): (string | number)[] | null {
  const out: (string | number)[] = [];
  const re = /\s*(?:\.?([A-Za-z_$][\w$-]*)|\[\s*(\d+)\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\])/y;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m || m[0].length === 0) return null;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push((m[3] ?? m[4])!);
    i = re.lastIndex;
  }
  return out.length > 0 ? out : null;
}

export function lookupMetric(root: unknown, path: string): unknown {
  const segs = parseMetricPath(path);
  if (!segs) return undefined;
  let cur: unknown = root;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}
