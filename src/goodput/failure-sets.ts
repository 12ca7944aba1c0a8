/**
 * Failure-rate sets: hardware-profiles/failure-rates/<id>.json, each a published fleet study turned into
 * rates per component-hour. A cause gives either an observed count over the set's exposure,
 *
 *   rate = count / (components of its kind × observed days × 24 h)     (failures per component-hour)
 *
 * or its own MTBF per component (rate = 1 / MTBF), with a source. The files are JSON, not YAML, so the
 * hardware catalog (which loads every *.yaml under hardware-profiles/ as a profile) leaves them alone.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { loadDocument } from '../config/document.ts';
import { ConfigError } from '../config/errors.ts';
import { qty } from '../config/zod-quantity.ts';
import { zodToIssues } from '../config/zod-issues.ts';
import { defaultProfilesDir } from '../hardware/catalog.ts';
import { COMPONENT_KINDS, FAILURE_CATEGORIES, type FailureCause } from './types.ts';
import { SECONDS_PER_HOUR } from '../metrics/si.ts';

/** The set a goodput run uses unless the scenario names another. */
export const DEFAULT_FAILURE_SET = 'llama3-h100';

const source = z.string().min(12, { message: 'a source is a citation a reader can follow (at least 12 characters)' });

const causeSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'a cause id is lower-case letters, digits and dashes' }),
  label: z.string().min(1).describe('the cause as the source names it'),
  category: z.enum(FAILURE_CATEGORIES),
  component: z.enum(COMPONENT_KINDS).describe('what the rate is per'),
  count: z.number().int().min(0).optional().describe('failures observed over the set\'s exposure'),
  mtbf: qty('time', { positive: true, description: 'mean time between failures of one component' }).optional(),
  hardware: z.boolean().describe('true: the failed node leaves the job (a spare replaces it, or the job waits for its repair)'),
  repair: qty('time', { min: 0, description: 'time until the failed node is back; default the set\'s repair time for hardware causes, 0 otherwise' }).optional(),
  source: source.optional().describe('where this cause\'s figure comes from, when not the set\'s source'),
  note: z.string().optional(),
});

const setSchema = z
  .strictObject({
    id: z.string().min(1),
    name: z.string().min(1),
    source,
    observed: z
      .strictObject({
        days: z.number().positive(),
        components: z.partialRecord(z.enum(COMPONENT_KINDS), z.number().positive()),
      })
      .optional()
      .describe('the exposure the counts were observed over'),
    repair: z.strictObject({ hardware: qty('time', { min: 0 }), source }),
    causes: z.array(causeSchema).min(1),
    notes: z.string().optional(),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.causes.forEach((c, i) => {
      const at = (key: string, message: string, hint: string) => ctx.addIssue({ code: 'custom', path: ['causes', i, key], message, params: { clustersim: 'inconsistent', hint } });
      if (seen.has(c.id)) at('id', `cause id "${c.id}" appears twice`, 'give each cause its own id');
      seen.add(c.id);
      if ((c.count === undefined) === (c.mtbf === undefined)) at('count', 'give either count (with the set\'s observed exposure) or mtbf', 'count: 148, or mtbf: "150000 h"');
      if (c.count !== undefined && s.observed?.components[c.component] === undefined) at('component', `no observed count of ${c.component} components in the set's "observed"`, `add observed.components.${c.component}`);
    });
  });

const COUNTED: Record<(typeof COMPONENT_KINDS)[number], string> = { gpu: 'GPUs', node: 'nodes', nic: 'NICs', link: 'links', switch: 'switches', job: 'job' };

export interface FailureSet {
  id: string;
  name: string;
  source: string;
  causes: FailureCause[];
}

/** hardware-profiles/failure-rates at the package root. */
export function defaultFailureRatesDir(): string {
  return join(defaultProfilesDir(), 'failure-rates');
}

/** The ids of the sets in `dir`, sorted. */
export function failureSetIds(dir: string = defaultFailureRatesDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort();
}

/** Loads and checks one set; throws ConfigError (with file:line:col) for a malformed file. */
export function loadFailureSet(id: string, dir: string = defaultFailureRatesDir()): FailureSet {
  const doc = loadDocument(join(dir, `${id}.json`));
  const parsed = setSchema.safeParse(doc.data);
  if (!parsed.success) throw new ConfigError(zodToIssues(doc, setSchema, parsed.error));
  const s = parsed.data;
  if (s.id !== id) {
    const pos = doc.positionOf(['id']);
    throw new ConfigError([{ code: 'inconsistent', file: doc.file, line: pos.line, col: pos.col, path: 'id', message: `id "${s.id}" does not match the file name "${id}.json"`, hint: `set "id": "${id}"` }]);
  }
  const hours = (s.observed?.days ?? 0) * 24;
  const causes = s.causes.map((c): FailureCause => {
    const perHour = c.count !== undefined ? c.count / (s.observed!.components[c.component]! * hours) : SECONDS_PER_HOUR / c.mtbf!;
    return {
      id: c.id,
      label: c.label,
      category: c.category,
      component: c.component,
      ratePerComponentSecond: perHour / SECONDS_PER_HOUR,
      hardware: c.hardware,
      repairSeconds: c.repair ?? (c.hardware ? s.repair.hardware : 0),
      source: c.source ?? (c.count !== undefined ? `${s.source} (${c.count} in ${s.observed!.days} days on ${s.observed!.components[c.component]} ${COUNTED[c.component]})` : s.source),
    };
  });
  return { id: s.id, name: s.name, source: s.source, causes };
}
