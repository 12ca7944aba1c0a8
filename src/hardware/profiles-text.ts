/**
 * Text for `clustersim profiles list` and `clustersim profiles show ID`: pure functions of the catalog,
 * numbers in the units people quote them in (TFLOP/s, GB, TB/s, W, USD, USD/h), every group with its source.
 */
import { didYouMean } from '../config/errors.ts';
import { allProfileIds, findProfile } from './catalog.ts';
import type {
  AcceleratorProfile, Catalog, FabricProfile, NodeProfile, Precision, ProfileKind, StorageProfile,
} from './profile-types.ts';

/** Up to `digits` significant digits, no trailing zeros, no exponent for everyday magnitudes. */
export function num(x: number, digits = 4): string {
  const r = Number(x.toPrecision(digits));
  return Math.abs(r) >= 1e4 ? r.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(r);
}

const GiB = 2 ** 30;
const tflops = (x: number): string => `${num(x / 1e12, 5)} TFLOP/s`;
/** Decimal GB, with the GiB figure too when the size was specified in GiB (TPU, Trainium HBM). */
const bytes = (x: number): string => {
  const gib = x / GiB;
  const inGiB = Number.isInteger(Number(gib.toPrecision(9))) && x % 1e9 !== 0 ? ` (${num(gib, 6)} GiB)` : '';
  return x >= 1e12 ? `${num(x / 1e12, 5)} TB${inGiB}` : `${num(x / 1e9, 5)} GB${inGiB}`;
};
const rate = (x: number): string => (x >= 1e12 ? `${num(x / 1e12, 5)} TB/s` : `${num(x / 1e9, 5)} GB/s`);
const bits = (x: number): string => `${num((x * 8) / 1e9, 5)} Gb/s`;
const watts = (x: number): string => (x >= 1e4 ? `${num(x / 1e3, 4)} kW` : `${num(x, 5)} W`);
const usd = (x: number): string => `${x.toLocaleString('en-US', { maximumFractionDigits: 2 })} USD`;
const seconds = (x: number): string => (x < 1e-3 ? `${num(x * 1e6, 4)} µs` : `${num(x * 1e3, 4)} ms`);

/** Left-aligned columns, two spaces apart; numbers are right-aligned. */
function table(header: string[], rows: string[][]): string {
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => /^[-\d.,]+$|^—$/.test(r[c] ?? '')));
  const width = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (r: string[]): string =>
    r.map((cell, c) => (numeric[c] ? cell.padStart(width[c]!) : cell.padEnd(width[c]!))).join('  ').trimEnd();
  return [fmt(header), ...rows.map(fmt)].join('\n');
}

const dash = (x: number | undefined, f: (v: number) => string): string => (x === undefined ? '—' : f(x));

const SECTIONS: Record<ProfileKind, { title: string; header: string[]; row: (c: Catalog, id: string) => string[] }> = {
  accelerator: {
    title: 'Accelerators',
    header: ['id', 'name', 'bf16 TFLOP/s', 'HBM GB', 'HBM TB/s', 'TDP W'],
    row: (c, id) => {
      const a = c.accelerators.get(id)!;
      return [a.id, a.name, dash(a.compute.bf16, (v) => num(v / 1e12, 5)), num(a.memory.capacityBytes / 1e9, 4), num(a.memory.bandwidthBytesPerSecond / 1e12, 4), num(a.power.tdpWatts, 5)];
    },
  },
  node: {
    title: 'Nodes',
    header: ['id', 'name', 'devices', 'accelerator', 'NICs', 'max kW'],
    row: (c, id) => {
      const n = c.nodes.get(id)!;
      return [n.id, n.name, String(n.devicesPerNode), n.accelerator, `${n.nics.count} × ${bits(n.nics.bandwidthBytesPerSecond)}`, num(n.power.maxWatts / 1e3, 4)];
    },
  },
  fabric: {
    title: 'Fabrics',
    header: ['id', 'name', 'tier', 'GB/s per link', 'latency µs', 'efficiency'],
    row: (c, id) => {
      const f = c.fabrics.get(id)!;
      return [f.id, f.name, f.tier, num(f.linkBandwidthBytesPerSecond / 1e9, 4), num(f.latencySeconds * 1e6, 4), num(f.efficiency, 3)];
    },
  },
  storage: {
    title: 'Storage',
    header: ['id', 'name', 'tier', 'read GB/s', 'write GB/s'],
    row: (c, id) => {
      const s = c.storage.get(id)!;
      return [s.id, s.name, s.tier, num(s.readBandwidthBytesPerSecond / 1e9, 4), num(s.writeBandwidthBytesPerSecond / 1e9, 4)];
    },
  },
};

/** All profiles (or one kind), as aligned tables grouped by kind. */
export function formatProfileList(catalog: Catalog, kind?: ProfileKind): string {
  const kinds = kind ? [kind] : (Object.keys(SECTIONS) as ProfileKind[]);
  return kinds
    .map((k) => {
      const ids = allProfileIds(catalog, k);
      const s = SECTIONS[k];
      return `${s.title} (${ids.length})\n${table(s.header, ids.map((id) => s.row(catalog, id)))}`;
    })
    .join('\n\n');
}

export type ProfileText = { ok: true; text: string } | { ok: false; message: string; hint: string };

/** Every field of one profile, in human units, with its sources; an unknown id gives a did-you-mean hint. */
export function formatProfile(catalog: Catalog, id: string): ProfileText {
  const found = findProfile(catalog, id);
  if (!found) {
    const ids = allProfileIds(catalog);
    return { ok: false, message: `no hardware profile "${id}"`, hint: didYouMean(id, ids) || 'list them with: clustersim profiles list' };
  }
  const lines = (() => {
    switch (found.kind) {
      case 'accelerator': return accelerator(found.profile);
      case 'node': return node(found.profile);
      case 'fabric': return fabric(found.profile);
      case 'storage': return storage(found.profile);
    }
  })();
  return { ok: true, text: lines.join('\n') };
}

const LABEL_WIDTH = 24;
const LINE_WIDTH = 110;

/** Words of `text` in lines of at most `width` characters (a longer word, such as a URL, gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      lines.push(cur);
      cur = word;
    } else {
      cur = cur === '' ? word : `${cur} ${word}`;
    }
  }
  if (cur !== '') lines.push(cur);
  return lines;
}

/** "  label:   value", long values wrapped under the value column. */
function field(label: string, value: string): string {
  const indent = ' '.repeat(2 + LABEL_WIDTH);
  const [first = '', ...rest] = wrap(value, LINE_WIDTH - indent.length);
  return [`  ${`${label}:`.padEnd(LABEL_WIDTH)}${first}`, ...rest.map((l) => indent + l)].join('\n');
}
const src = (s: string): string => field('source', s);
const notesLines = (notes: string | undefined): string[] => (notes ? ['notes', ...wrap(notes, LINE_WIDTH - 2).map((l) => `  ${l}`)] : []);

function priceLines(p: AcceleratorProfile['price'], perHourLabel: string): string[] {
  if (p === null) return ['price: none published'];
  return [
    'price',
    ...(p.purchaseUsd !== undefined ? [field('purchase', usd(p.purchaseUsd))] : []),
    ...(p.cloudUsdPerHour !== undefined ? [field(perHourLabel, `${num(p.cloudUsdPerHour, 6)} USD/h`)] : []),
    field('date', p.date),
    src(p.source),
  ];
}

const PRECISIONS: Precision[] = ['fp64', 'fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'int8', 'fp4'];

function accelerator(a: AcceleratorProfile): string[] {
  return [
    `${a.id}: ${a.name} (accelerator)`,
    field('vendor', a.vendor), field('family', a.family), field('year', String(a.year)),
    'compute (dense peak)',
    ...PRECISIONS.filter((p) => a.compute[p] !== undefined).map((p) => field(p, p === 'int8' ? tflops(a.compute[p]!).replace('FLOP', 'OP') : tflops(a.compute[p]!))),
    src(a.compute.source),
    'memory', field('capacity', bytes(a.memory.capacityBytes)), field('bandwidth', rate(a.memory.bandwidthBytesPerSecond)), src(a.memory.source),
    'power', field('TDP', watts(a.power.tdpWatts)), field('idle', watts(a.power.idleWatts)), src(a.power.source),
    ...(a.scaleUp === null
      ? ['scale-up: none modelled (PCIe only, or a link without a published rate: see notes)']
      : ['scale-up', field('tech', a.scaleUp.tech), field('bandwidth', `${rate(a.scaleUp.bandwidthBytesPerSecond)} per direction`), src(a.scaleUp.source)]),
    'efficiency', field('matmul', num(a.efficiency.matmul, 3)), field('memory', num(a.efficiency.memory, 3)), src(a.efficiency.source),
    ...priceLines(a.price, 'cloud per device-hour'),
    ...notesLines(a.notes),
  ];
}

function node(n: NodeProfile): string[] {
  return [
    `${n.id}: ${n.name} (node)`,
    field('accelerator', `${n.devicesPerNode} × ${n.accelerator}`),
    field('scale-up fabric', n.scaleUpFabric ?? 'none (PCIe only)'),
    field('scale-up domain', `${n.scaleUpDomainSize} devices`),
    'NICs', field('count', String(n.nics.count)), field('bandwidth', `${bits(n.nics.bandwidthBytesPerSecond)} (${rate(n.nics.bandwidthBytesPerSecond)}) each`), src(n.nics.source),
    'power', field('max', watts(n.power.maxWatts)), field('idle', watts(n.power.idleWatts)), src(n.power.source),
    ...(n.host === undefined ? [] : [
      'host', field('link', `${rate(n.host.linkBytesPerSecond)} per device, per direction`),
      ...(n.host.memoryBytes !== undefined ? [field('memory', bytes(n.host.memoryBytes))] : []),
      field('GPUDirect Storage', n.host.gpuDirectStorage ? 'yes' : 'no'), src(n.host.source),
    ]),
    ...(n.storageNics === undefined ? [] : [
      'storage NICs', field('count', String(n.storageNics.count)), field('bandwidth', `${bits(n.storageNics.bandwidthBytesPerSecond)} (${rate(n.storageNics.bandwidthBytesPerSecond)}) each`), src(n.storageNics.source),
    ]),
    ...priceLines(n.price, 'cloud per node-hour'),
    ...notesLines(n.notes),
  ];
}

function fabric(f: FabricProfile): string[] {
  return [
    `${f.id}: ${f.name} (fabric)`,
    field('tier', f.tier),
    field('link bandwidth', `${rate(f.linkBandwidthBytesPerSecond)} (${bits(f.linkBandwidthBytesPerSecond)}) per direction`),
    field('latency', seconds(f.latencySeconds)),
    field('efficiency', num(f.efficiency, 3)),
    field('in-network reduction', f.inNetworkReduction ? 'yes' : 'no'),
    ...(f.switchRadix !== undefined ? [field('switch radix', String(f.switchRadix))] : []),
    src(f.source),
    ...notesLines(f.notes),
  ];
}

function storage(s: StorageProfile): string[] {
  return [
    `${s.id}: ${s.name} (storage)`,
    field('tier', s.tier),
    field('read', rate(s.readBandwidthBytesPerSecond)),
    field('write', rate(s.writeBandwidthBytesPerSecond)),
    ...(s.capacityBytes !== undefined ? [field('capacity', bytes(s.capacityBytes))] : []),
    ...(s.gpuDirectStorage !== undefined ? [field('GPUDirect Storage', s.gpuDirectStorage ? 'yes' : 'no')] : []),
    src(s.source),
    ...(s.perClient === undefined ? [] : ['per client', field('read', rate(s.perClient.readBytesPerSecond)), field('write', rate(s.perClient.writeBytesPerSecond)), src(s.perClient.source)]),
    ...(s.metadata === undefined ? [] : ['metadata', field('creates', `${num(s.metadata.createsPerSecond)} /s`), field('opens', `${num(s.metadata.opensPerSecond)} /s`), src(s.metadata.source)]),
    ...(s.perConnection === undefined ? [] : ['per connection', field('bandwidth', rate(s.perConnection.bytesPerSecond)), src(s.perConnection.source)]),
    ...(s.requests === undefined ? [] : [
      'requests per prefix', field('GET', `${num(s.requests.getsPerSecondPerPrefix)} /s`), field('PUT', `${num(s.requests.putsPerSecondPerPrefix)} /s`),
      field('request size', bytes(s.requests.requestBytes)), src(s.requests.source),
    ]),
    ...notesLines(s.notes),
  ];
}
