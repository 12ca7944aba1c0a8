/**
 * zod schemas for the files in hardware-profiles/: one strict schema per kind, reading unit strings
 * ("989.4 TFLOP/s", "80 GB", "2.99 USD/h") and producing exactly the normalised types of profile-types.ts
 * (SI numbers, unit-bearing field names: `capacity` on disk becomes `capacityBytes`, `tdp` becomes `tdpWatts`).
 * The on-disk format is documented in hardware-profiles/README.md.
 */
import { z } from 'zod';
import { qty } from '../config/zod-quantity.ts';
import { zodToIssues } from '../config/zod-issues.ts';
import { didYouMean, type InputIssue } from '../config/errors.ts';
import { formatPath, type PathSegment, type SourceDoc } from '../config/document.ts';
import type { QuantityKind } from '../config/units.ts';
import type {
  AcceleratorProfile, CloudTermPrice, FabricPrice, FabricProfile, HardwareProfile, NodeProfile, ProfileKind, ProfilePrice, StorageProfile,
} from './profile-types.ts';

const SECONDS_PER_HOUR = 3600;

/** Undo the float noise of a unit round trip (10 us -> 9.999999999999999e-6) so profiles read back as written. */
const tidy = (x: number): number => Number(x.toPrecision(12));

/** A quantity with a unit, tidied. */
const q = (kind: QuantityKind, opts: { min?: number; positive?: boolean } = { positive: true }) => qty(kind, opts).transform(tidy);

const PROFILE_ID = /^[a-z0-9][a-z0-9.-]*$/;
const id = z.string().regex(PROFILE_ID, 'ids are lower-case letters, digits, "." and "-", e.g. h100-sxm');
const text = z.string().trim().min(1);
/** A citation a reader can follow: a document title or URL, not just a key. */
const source = z.string().refine((s) => s.trim().length >= 12, {
  message: 'source is too short to be a citation',
  params: { clustersim: 'bad-value', hint: 'name the document and where to find it, e.g. "NVIDIA H100 datasheet, https://..."' },
});
const fraction = z.number().gt(0).lte(1);
const count = z.number().int().positive();
/** When a price was quoted: a year, a month or a day, or "undated" where the source gives none. */
const date = z.string().regex(/^(\d{4}(-\d{2}(-\d{2})?)?|undated)$/, 'write the date as YYYY, YYYY-MM or YYYY-MM-DD (or "undated")');

/** A reserved or spot price: its own rate, date and source (terms are quoted apart from on-demand). */
const cloudTerm = z
  .strictObject({ perHour: q('moneyRate'), date, source })
  .transform((t): CloudTermPrice => ({ usdPerHour: tidy(t.perHour * SECONDS_PER_HOUR), date: t.date, source: t.source }));

const cloudTerms = z
  .strictObject({ 'reserved-1y': cloudTerm.optional(), 'reserved-3y': cloudTerm.optional(), spot: cloudTerm.optional() })
  .describe('cloud prices under other terms than on-demand, per device-hour (accelerator) or node-hour (node)')
  .transform((t): NonNullable<ProfilePrice['cloudTerms']> => {
    const out: NonNullable<ProfilePrice['cloudTerms']> = {};
    for (const k of ['reserved-1y', 'reserved-3y', 'spot'] as const) if (t[k] !== undefined) out[k] = t[k];
    return out;
  });

const price = z
  .strictObject({ purchase: q('money').optional(), cloudPerHour: q('moneyRate').optional(), date, source, cloudTerms: cloudTerms.optional() })
  .superRefine((p, ctx) => {
    if (p.purchase === undefined && p.cloudPerHour === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a price needs purchase or cloudPerHour (or both)', params: { clustersim: 'missing-key', hint: 'add "purchase: 30000 USD" or "cloudPerHour: 2.99 USD/h", or write "price: null"' } });
    }
  })
  .transform((p): NonNullable<AcceleratorProfile['price']> => ({
    ...(p.purchase !== undefined ? { purchaseUsd: p.purchase } : {}),
    // moneyRate parses to USD per second; the profile keeps USD per hour, as quoted.
    ...(p.cloudPerHour !== undefined ? { cloudUsdPerHour: tidy(p.cloudPerHour * SECONDS_PER_HOUR) } : {}),
    date: p.date,
    source: p.source,
    ...(p.cloudTerms !== undefined ? { cloudTerms: p.cloudTerms } : {}),
  }));

/** Switch and optics purchase prices of a scale-out fabric (cost model, src/metrics/owned-capex.ts). */
const fabricPrice = z
  .strictObject({ switch: q('money').optional(), perPort: q('money').optional(), date, source })
  .superRefine((p, ctx) => {
    if (p.switch === undefined && p.perPort === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a fabric price needs switch or perPort (or both)', params: { clustersim: 'missing-key', hint: 'add "switch: 36000 USD" (one switch) or "perPort: 1000 USD" (optics and cable per port), or leave price out' } });
    }
  })
  .transform((p): FabricPrice => ({
    ...(p.switch !== undefined ? { switchUsd: p.switch } : {}),
    ...(p.perPort !== undefined ? { perPortUsd: p.perPort } : {}),
    date: p.date,
    source: p.source,
  }));

const PRECISIONS = ['fp64', 'fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'int8', 'fp4'] as const;

const compute = z
  .strictObject({
    fp64: q('flopRate').optional(), fp32: q('flopRate').optional(), tf32: q('flopRate').optional(),
    bf16: q('flopRate').optional(), fp16: q('flopRate').optional(), fp8: q('flopRate').optional(),
    int8: q('flopRate').optional(), fp4: q('flopRate').optional(), source,
  })
  .superRefine((c, ctx) => {
    if (PRECISIONS.every((p) => c[p] === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'no precision given', params: { clustersim: 'missing-key', hint: `add at least one of ${PRECISIONS.join(', ')}, e.g. "bf16: 989.4 TFLOP/s"` } });
    }
  })
  .transform((c): AcceleratorProfile['compute'] => {
    const out: AcceleratorProfile['compute'] = { source: c.source };
    for (const p of PRECISIONS) if (c[p] !== undefined) out[p] = c[p];
    return out;
  });

const devicePower = z
  .strictObject({ tdp: q('power'), idle: q('power', { min: 0 }), source })
  .superRefine((p, ctx) => {
    if (p.idle > p.tdp) ctx.addIssue({ code: 'custom', path: ['idle'], message: `idle power ${p.idle} W is above the TDP ${p.tdp} W`, params: { clustersim: 'inconsistent', hint: 'idle is typically 10–15% of TDP (hardware.md D2)' } });
  })
  .transform((p): AcceleratorProfile['power'] => ({ tdpWatts: p.tdp, idleWatts: p.idle, source: p.source }));

/** Embodied (manufacturing) carbon with its source (carbon model, src/metrics/carbon.ts). */
const embodied = z
  .strictObject({ carbon: q('mass'), source })
  .transform((e): NonNullable<AcceleratorProfile['embodied']> => ({ kgCO2e: e.carbon, source: e.source }));

export const acceleratorSchema = z.strictObject({
  kind: z.literal('accelerator'),
  id,
  name: text,
  vendor: text,
  family: z.enum(['gpu', 'tpu', 'asic', 'edge']),
  year: z.number().int().min(1990).max(2100),
  compute,
  memory: z
    .strictObject({ capacity: q('bytes'), bandwidth: q('dataRate'), source })
    .transform((m): AcceleratorProfile['memory'] => ({ capacityBytes: m.capacity, bandwidthBytesPerSecond: m.bandwidth, source: m.source })),
  power: devicePower,
  scaleUp: z
    .strictObject({ tech: text, bandwidth: q('dataRate'), source })
    .transform((s): NonNullable<AcceleratorProfile['scaleUp']> => ({ tech: s.tech, bandwidthBytesPerSecond: s.bandwidth, source: s.source }))
    .nullable(),
  efficiency: z
    .strictObject({
      matmul: fraction,
      memory: fraction,
      source,
      fp8Matmul: z.strictObject({ value: fraction, source }).optional().describe('sustained fp8 GEMM efficiency (fraction of the fp8 peak), where measured apart from the bf16 figure'),
    })
    .transform((e): AcceleratorProfile['efficiency'] => ({ matmul: e.matmul, memory: e.memory, source: e.source, ...(e.fp8Matmul !== undefined ? { fp8Matmul: e.fp8Matmul } : {}) })),
  price: price.nullable(),
  embodied: embodied.optional(),
  notes: text.optional(),
});

const nodePower = z
  .strictObject({ max: q('power'), idle: q('power', { min: 0 }), source })
  .superRefine((p, ctx) => {
    if (p.idle > p.max) ctx.addIssue({ code: 'custom', path: ['idle'], message: `idle power ${p.idle} W is above the maximum ${p.max} W`, params: { clustersim: 'inconsistent', hint: 'give the whole node\'s draw with its devices idle' } });
  })
  .transform((p): NodeProfile['power'] => ({ maxWatts: p.max, idleWatts: p.idle, source: p.source }));

export const nodeSchema = z.strictObject({
  kind: z.literal('node'),
  id,
  name: text,
  accelerator: id,
  devicesPerNode: count,
  scaleUpFabric: id.nullable(),
  scaleUpDomainSize: count,
  nics: z
    .strictObject({ count, bandwidth: q('dataRate'), source })
    .transform((n): NodeProfile['nics'] => ({ count: n.count, bandwidthBytesPerSecond: n.bandwidth, source: n.source })),
  power: nodePower,
  price: price.nullable(),
  embodied: embodied.optional().describe('embodied carbon of the node without its devices'),
  host: z
    .strictObject({ link: q('dataRate'), memory: q('bytes').optional(), gpuDirectStorage: z.boolean(), source })
    .transform((h): NonNullable<NodeProfile['host']> => ({
      linkBytesPerSecond: h.link, ...(h.memory !== undefined ? { memoryBytes: h.memory } : {}), gpuDirectStorage: h.gpuDirectStorage, source: h.source,
    }))
    .optional()
    .describe('host side of each device: host link (PCIe, per device, one direction), host memory, GPUDirect Storage (storage models, src/storage/)'),
  storageNics: z
    .strictObject({ count, bandwidth: q('dataRate'), source })
    .transform((n): NonNullable<NodeProfile['storageNics']> => ({ count: n.count, bandwidthBytesPerSecond: n.bandwidth, source: n.source }))
    .optional()
    .describe('NICs for the storage / front-end network, apart from the compute NICs'),
  notes: text.optional(),
});

export const fabricSchema = z
  .strictObject({
    kind: z.literal('fabric'),
    id,
    name: text,
    tier: z.enum(['scale-up', 'scale-out']),
    linkBandwidth: q('dataRate'),
    latency: q('time'),
    efficiency: fraction,
    inNetworkReduction: z.boolean(),
    switchRadix: count.optional(),
    price: fabricPrice.optional(),
    power: z
      .strictObject({ perPort: q('power'), source })
      .transform((p): NonNullable<FabricProfile['power']> => ({ perPortWatts: p.perPort, source: p.source }))
      .optional()
      .describe('scale-out: power of one switch port in use, optics included (energy model, src/metrics/fabric-power.ts)'),
    source,
    notes: text.optional(),
  })
  .transform(({ linkBandwidth, latency, switchRadix, price: fp, power, notes, ...rest }): FabricProfile => ({
    kind: rest.kind, id: rest.id, name: rest.name, tier: rest.tier,
    linkBandwidthBytesPerSecond: linkBandwidth,
    latencySeconds: latency,
    efficiency: rest.efficiency,
    inNetworkReduction: rest.inNetworkReduction,
    ...(switchRadix !== undefined ? { switchRadix } : {}),
    ...(fp !== undefined ? { price: fp } : {}),
    ...(power !== undefined ? { power } : {}),
    source: rest.source,
    ...(notes !== undefined ? { notes } : {}),
  }));

export const storageSchema = z
  .strictObject({
    kind: z.literal('storage'),
    id,
    name: text,
    tier: z.enum(['local-nvme', 'parallel-fs', 'object-store']),
    readBandwidth: q('dataRate'),
    writeBandwidth: q('dataRate'),
    capacity: q('bytes').optional(),
    power: z
      .strictObject({ watts: q('power'), source })
      .transform((p): NonNullable<StorageProfile['power']> => ({ watts: p.watts, source: p.source }))
      .optional()
      .describe('power of the whole storage system, counted by the energy model'),
    perClient: z
      .strictObject({ read: q('dataRate'), write: q('dataRate'), source })
      .transform((c): NonNullable<StorageProfile['perClient']> => ({ readBytesPerSecond: c.read, writeBytesPerSecond: c.write, source: c.source }))
      .optional()
      .describe('parallel-fs: what one client node can read and write'),
    metadata: z
      .strictObject({ createsPerSecond: z.number().positive(), opensPerSecond: z.number().positive(), source })
      .optional()
      .describe('metadata operations per second of the whole system (file creates, opens)'),
    perConnection: z
      .strictObject({ bandwidth: q('dataRate'), source })
      .transform((c): NonNullable<StorageProfile['perConnection']> => ({ bytesPerSecond: c.bandwidth, source: c.source }))
      .optional()
      .describe('object-store: throughput of one connection'),
    requests: z
      .strictObject({ getsPerSecondPerPrefix: z.number().positive(), putsPerSecondPerPrefix: z.number().positive(), size: q('bytes'), source })
      .transform((r): NonNullable<StorageProfile['requests']> => ({ getsPerSecondPerPrefix: r.getsPerSecondPerPrefix, putsPerSecondPerPrefix: r.putsPerSecondPerPrefix, requestBytes: r.size, source: r.source }))
      .optional()
      .describe('object-store: request rates per prefix and the size of one ranged request'),
    gpuDirectStorage: z.boolean().optional().describe('the system serves GPUDirect Storage'),
    source,
    notes: text.optional(),
  })
  .transform(({ readBandwidth, writeBandwidth, capacity, power, perClient, metadata, perConnection, requests, gpuDirectStorage, notes, ...rest }): StorageProfile => ({
    kind: rest.kind, id: rest.id, name: rest.name, tier: rest.tier,
    readBandwidthBytesPerSecond: readBandwidth,
    writeBandwidthBytesPerSecond: writeBandwidth,
    ...(capacity !== undefined ? { capacityBytes: capacity } : {}),
    ...(power !== undefined ? { power } : {}),
    ...(perClient !== undefined ? { perClient } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
    ...(perConnection !== undefined ? { perConnection } : {}),
    ...(requests !== undefined ? { requests } : {}),
    ...(gpuDirectStorage !== undefined ? { gpuDirectStorage } : {}),
    source: rest.source,
    ...(notes !== undefined ? { notes } : {}),
  }));

/** The schema of each kind, for precise issues (unknown-key hints need the one object schema that applies). */
export const profileSchemas = {
  accelerator: acceleratorSchema,
  node: nodeSchema,
  fabric: fabricSchema,
  storage: storageSchema,
} as const satisfies Record<ProfileKind, z.ZodType>;

/** Any profile, told apart by `kind` (used for JSON Schema export and whole-object checks). */
export const hardwareProfileSchema = z.discriminatedUnion('kind', [acceleratorSchema, nodeSchema, fabricSchema, storageSchema]);

export const PROFILE_KINDS = Object.keys(profileSchemas) as ProfileKind[];

/**
 * Validates one profile (a whole file, or a profile inlined in a scenario at `prefix`) and returns it
 * normalised, or every issue found, positioned in `doc`.
 */
export function validateProfile(doc: SourceDoc, data: unknown, prefix: readonly PathSegment[] = []): { profile: HardwareProfile | null; issues: InputIssue[] } {
  const at = (path: PathSegment[], code: InputIssue['code'], message: string, hint: string): InputIssue => {
    const pos = doc.positionOf([...prefix, ...path]);
    return { code, file: doc.file, line: pos.line, col: pos.col, path: formatPath([...prefix, ...path]), message, hint };
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { profile: null, issues: [at([], 'wrong-type', 'expected a mapping of keys to values (a profile)', 'a profile starts with "kind:" and "id:"')] };
  }
  const kind = (data as { kind?: unknown }).kind;
  if (kind === undefined) {
    return { profile: null, issues: [at([], 'missing-key', 'required field "kind" is missing', `add "kind:" with one of ${PROFILE_KINDS.join(', ')}`)] };
  }
  if (typeof kind !== 'string' || !(PROFILE_KINDS as string[]).includes(kind)) {
    const dym = typeof kind === 'string' ? didYouMean(kind, PROFILE_KINDS) : '';
    return { profile: null, issues: [at(['kind'], 'bad-value', `${JSON.stringify(kind)} is not a profile kind; expected one of ${PROFILE_KINDS.join(', ')}`, dym)] };
  }
  const schema: z.ZodType = profileSchemas[kind as ProfileKind];
  const r = schema.safeParse(data);
  if (!r.success) return { profile: null, issues: zodToIssues(doc, schema, missingQuantities(r.error, data), prefix) };
  return { profile: r.data as HardwareProfile, issues: [] };
}

/**
 * A quantity field is a union (string or number), so zod reports a missing one as "no union member matched";
 * say instead that the field is missing, which is what zodToIssues turns into a missing-key issue with a hint.
 */
function missingQuantities(error: z.ZodError, data: unknown): z.ZodError {
  const valueAt = (path: readonly PropertyKey[]): unknown =>
    path.reduce<unknown>((cur, seg) => (cur !== null && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[seg] : undefined), data);
  const issues = error.issues.map((iss) =>
    iss.code === 'invalid_union' && valueAt(iss.path) === undefined
      ? ({ code: 'invalid_type', expected: 'a quantity with a unit', path: iss.path, message: 'missing', input: undefined } as unknown as z.core.$ZodIssue)
      : iss);
  return new z.ZodError(issues);
}

// Compile-time proof that each schema outputs exactly its normalised type, no more and no less.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchTypes: [
  Exact<z.output<typeof acceleratorSchema>, AcceleratorProfile>,
  Exact<z.output<typeof nodeSchema>, NodeProfile>,
  Exact<z.output<typeof fabricSchema>, FabricProfile>,
  Exact<z.output<typeof storageSchema>, StorageProfile>,
] = [true, true, true, true];
void schemasMatchTypes;
