/**
 * The JSON Schema (draft 2020-12) of scenario files, for editors (yaml-language-server, VS Code) and
 * `clustersim schema`. It is generated from the input side of the zod schema, so fields with units show as
 * "string or number" with a description and an example, and defaulted fields as optional with a default.
 * Checks that JSON Schema cannot express (units, divisibility, known ids, unsupported options) run only in
 * clustersim itself.
 */
import { z } from 'zod';
import { scenarioSchema } from './scenario-schema.ts';

export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: 'https://clustersim.dev/schema/scenario.json',
    title: 'clustersim scenario',
    description:
      'A clustersim scenario: the cluster (node profiles and counts, scale-out fabric, storage), the workloads to run on it, ' +
      'and energy, cost and report settings. Quantities are written with units, e.g. "400 Gb/s", "80 GiB", "2.99 USD/h".',
    ...rest,
  };
}
