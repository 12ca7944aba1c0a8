/** The scenario-file layer: loading, validation, normalisation, units and input errors. Re-exports only. */
export { loadScenario, positionOfPath, normalizedText, canonicalJson, type LoadOptions, type LoadedScenario } from './load-scenario.ts';
export { scenarioSchema, trainingWorkloadSchema, SCENARIO_SECTIONS, REPORT_FORMATS, type ParsedScenario, type ParsedTrainingWorkload } from './scenario-schema.ts';
export { modelFileSchema, inlineModelSchema, modelConsistencyIssues, type InlineModel, type RawIssue } from './model-schema.ts';
export { loadModel, listModelIds, defaultModelsDir, packageRoot, modelFile } from './models.ts';
export { applySets, parsePath, parseSet, attributeToSets, setOrigin, type Override } from './set-override.ts';
export { scenarioJsonSchema } from './json-schema.ts';
export { resolveRefs, type ResolvedRefs } from './resolve-refs.ts';
export { normalize, type NormalizeInput } from './normalize.ts';
export { loadDocument, readSource, formatPath, type SourceDoc, type PathSegment } from './document.ts';
export { ConfigError, formatIssue, didYouMean, closest, editDistance, sortIssues, uniqueIssues, type InputIssue, type ErrorCode } from './errors.ts';
export { parseQuantity, quantity, quantityKinds, type QuantityKind, type QuantityResult } from './units.ts';
export { qty } from './zod-quantity.ts';
export { zodToIssues, knownKeysAt, rawToIssues } from './zod-issues.ts';
export type * from './scenario-types.ts';
