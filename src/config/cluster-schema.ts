/**
 * The `cluster:` section of a scenario file: node groups (with NIC overrides), the scale-out fabric and the
 * shape its builder takes (fabric/topology/build.ts), TPU torus dimensions, the NCCL settings the jobs run
 * with, and the storage systems. Fields that belong to another topology are refused where written; whether
 * the fabric can be built at all is checked in phase 4 (check.ts).
 */
import { z } from 'zod';
import { qty, positiveInt } from './zod-quantity.ts';
import { storageEntryFields } from './storage-schema.ts';

/** NCCL environment variables that change collective timing (src/fabric/collectives/protocol.ts). */
const ncclSchema = z
  .strictObject({
    protocols: z
      .array(z.enum(['LL', 'LL128', 'Simple']))
      .min(1)
      .optional()
      .describe('NCCL_PROTO: the protocols NCCL may choose from; default all three (LL128 only where every hop is NVLink)'),
    bufferSize: qty('bytes', { positive: true, description: 'NCCL_BUFFSIZE: buffer per channel and peer, which sets the Simple chunk; default 4 MiB', example: '8 MiB' }).optional(),
  })
  .superRefine((n, ctx) => {
    if (n.protocols !== undefined && !n.protocols.includes('LL') && !n.protocols.includes('Simple')) {
      ctx.addIssue({ code: 'custom', path: ['protocols'], message: 'LL128 alone cannot run collectives that leave an NVLink domain', params: { clustersim: 'bad-value', hint: 'add Simple (NCCL_PROTO=Simple,LL128)' } });
    }
  })
  .describe('the NCCL settings the cluster\'s jobs run with, where they differ from NCCL\'s defaults (e.g. a cloud provider\'s required profile)');

export const clusterSchema = z.strictObject({
  nodes: z
    .array(
      z.strictObject({
        profile: z.string().min(1).describe('node profile id (hardware-profiles/nodes/)'),
        count: positiveInt('number of nodes'),
        nics: z
          .strictObject({
            count: positiveInt('compute NICs per node; overrides the profile').optional(),
            bandwidth: qty('dataRate', { positive: true, description: 'per NIC, one direction; overrides the profile', example: '200 Gb/s' }).optional(),
          })
          .optional()
          .describe('the node\'s scale-out NICs, where a real machine differs from its profile (e.g. a DGX A100 cabled with 4 of its 8 HDR ports)'),
      }),
    )
    .min(1)
    .describe('node groups, each a node profile and how many'),
  scaleOut: z
    .strictObject({
      profile: z.string().min(1).describe('scale-out fabric profile id, e.g. ib-ndr-400'),
      topology: z.enum(['fat-tree', 'rail-optimized', 'dragonfly']).default('fat-tree'),
      oversubscription: z.number().min(1).default(1).describe('downlink:uplink bandwidth at the leaf tier; 1 = non-blocking'),
      tiers: z.union([z.literal(2), z.literal(3)]).optional().describe('fat-tree tiers (fat-tree, rail-optimized); default two while the leaves fit under one spine layer, else three'),
      spineOversubscription: z.number().min(1).optional().describe('downlink:uplink bandwidth at the spine tier of a three-tier tree; default 1'),
      radix: positiveInt('switch ports; overrides the profile\'s switchRadix').optional(),
      scalableUnit: positiveInt('rail-optimized: nodes per scalable unit (one leaf per rail each); default 32 (8 for rack-scale nodes)').optional(),
      routing: z.enum(['d-mod-k', 'ecmp-hash']).optional().describe('how a switch picks among equal-cost uplinks: d-mod-k (by destination, InfiniBand subnet managers) or ecmp-hash (by flow, Ethernet); default by fabric'),
      dragonfly: z
        .strictObject({
          routersPerGroup: positiveInt('a: routers per group, all-to-all inside the group'),
          terminalsPerRouter: positiveInt('p: NIC ports per router'),
          globalPortsPerRouter: positiveInt('h: links from each router to other groups'),
          groups: positiveInt('groups; default just enough for the cluster\'s NICs').optional(),
        })
        .optional()
        .describe('dragonfly shape (Kim et al., ISCA 2008); default the balanced a = 2p = 2h from the switch radix'),
      linkBandwidth: qty('dataRate', { positive: true, description: 'per-port bandwidth, one direction; overrides the profile', example: '400 Gb/s' }).optional(),
      latency: qty('time', { min: 0, description: 'small-message latency; overrides the profile', example: '2 us' }).optional(),
    })
    .superRefine((so, ctx) => {
      const tree = so.topology !== 'dragonfly';
      const misplaced: [keyof typeof so, boolean, string][] = [
        ['tiers', tree, 'fat-tree or rail-optimized'],
        ['spineOversubscription', tree, 'fat-tree or rail-optimized'],
        ['scalableUnit', so.topology === 'rail-optimized', 'rail-optimized'],
        ['dragonfly', !tree, 'dragonfly'],
        ['routing', tree, 'fat-tree or rail-optimized'],
      ];
      for (const [key, ok, where] of misplaced) {
        if (so[key] !== undefined && !ok) {
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} describes a ${where} fabric, but topology is ${so.topology}`, params: { clustersim: 'inconsistent', hint: `remove ${key}, or set topology: ${where.split(' ')[0]}` } });
        }
      }
      if (so.spineOversubscription !== undefined && so.tiers === 2) {
        ctx.addIssue({ code: 'custom', path: ['spineOversubscription'], message: 'a two-tier tree has no spine uplinks to oversubscribe', params: { clustersim: 'inconsistent', hint: 'remove spineOversubscription, or set tiers: 3' } });
      }
    })
    .optional()
    .describe('the network between nodes; leave out for a single scale-up domain'),
  nccl: ncclSchema.optional(),
  torusDims: z.array(positiveInt('chips along one dimension')).min(1).max(3).optional().describe('TPU pods: the torus dimensions, e.g. [16, 16] or [4, 4, 4] (their product is the chip count); default balanced'),
  storage: z
    .array(
      z.strictObject({
        profile: z.string().min(1).describe('storage profile id'),
        readBandwidth: qty('dataRate', { positive: true, description: 'aggregate read bandwidth; overrides the profile', example: '400 GB/s' }).optional(),
        writeBandwidth: qty('dataRate', { positive: true, description: 'aggregate write bandwidth; overrides the profile', example: '200 GB/s' }).optional(),
        capacity: qty('bytes', { positive: true, description: 'capacity; overrides the profile', example: '10 PB' }).optional(),
        ...storageEntryFields,
      }),
    )
    .default([]),
});
