/** The JSON Schema export for editors: valid JSON, draft 2020-12, the scenario's sections, unit fields as text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioJsonSchema } from '../../src/config/json-schema.ts';

type Obj = Record<string, any>;

test('the JSON Schema is valid JSON with every top-level section', () => {
  const schema = JSON.parse(JSON.stringify(scenarioJsonSchema())) as Obj;
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(schema.title, 'clustersim scenario');
  assert.equal(schema.type, 'object');
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties).sort(), ['cluster', 'cost', 'description', 'energy', 'expect', 'fidelity', 'name', 'reference', 'report', 'seed', 'workloads'].sort());
  assert.deepEqual([...schema.required].sort(), ['cluster', 'name', 'workloads']);
});

test('unit fields are string or number with a description, an example and their default', () => {
  const energy = (scenarioJsonSchema() as Obj).properties.energy.properties;
  // gridIntensity is a quantity or a time-series CSV; the quantity is the first choice
  const [constant, series] = energy.gridIntensity.anyOf as Obj[];
  assert.deepEqual(constant!.type, ['string', 'number']);
  assert.equal(energy.gridIntensity.default, '367 g/kWh');
  assert.deepEqual(constant!.examples, ['367 g/kWh']);
  assert.match(constant!.description, /carbonIntensity with a unit/);
  assert.deepEqual(series!.required, ['csv', 'column']);
  assert.equal(energy.pue.default, 1.2);
  assert.deepEqual(energy.embodiedLife.examples, ['6 years']);
});

test('the training workload lists its keys and allowed values', () => {
  const options = (scenarioJsonSchema() as Obj).properties.workloads.items.oneOf as Obj[];
  const training = options.find((o) => o.properties.kind.const === 'training')!;
  assert.ok(training);
  assert.deepEqual(training.properties.precision.enum, ['bf16', 'fp16', 'fp8', 'fp32', 'tf32']);
  assert.equal(training.properties.parallelism.properties.pp.default, 1);
  assert.ok(training.required.includes('parallelism'));
});
