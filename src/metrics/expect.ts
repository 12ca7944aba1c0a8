/**
 * The scenario's `expect:` assertions, evaluated against the finished Report (after phase 6, before the
 * report files are written). Each expression is a mathjs expression over the report, e.g.
 * `jobs.pretrain.mfu >= 0.35` or `jobs["my-job"].stepSeconds < 5`; it passes only if it yields `true`.
 *
 * Scenario files may come from anyone, so expressions run in a restricted mathjs instance as mathjs'
 * security page describes: the functions that parse or compile new expressions, define units or import
 * functions or change the configuration (import, createUnit, evaluate, parse, compile, simplify, derivative,
 * resolve, reviver, config, ...) are
 * replaced by functions that throw, after keeping the real parse for our own use. Assignments are refused
 * before evaluation, and the expression sees a deep copy of the report, so it cannot change the report.
 * mathjs itself blocks prototype and constructor access. No eval or Function is used here.
 */
import { all, create, type MathJsInstance, type MathNode } from 'mathjs';
import type { ExpectationResult, Report } from './result-types.ts';

/** Functions an expectation may not call: each can parse, compile or define things at run time. */
export const DISABLED_FUNCTIONS = [
  'import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant', 'simplifyCore',
  'derivative', 'resolve', 'reviver', 'replacer', 'parser', 'rationalize', 'symbolicEqual', 'leafCount', 'chain', 'help',
  // config() would change number types and tolerances for every later expression on a shared evaluator
  'config',
] as const;

export interface ExpressionEvaluator {
  /** evaluates one expression against a scope object; throws what mathjs throws */
  evaluate(expression: string, scope: Record<string, unknown>): unknown;
  /** text of any mathjs value, for the report */
  format(value: unknown): string;
}

/**
 * A restricted evaluator. Creating one costs tens of milliseconds; a caller checking many reports (a sweep)
 * creates one and passes it to evaluateExpectations.
 */
export function createExpressionEvaluator(): ExpressionEvaluator {
  // mathjs types `all` as possibly undefined; it is always present in the full bundle.
  if (all === undefined) throw new Error('mathjs was loaded without its function factories');
  const math: MathJsInstance = create(all, {});
  // Taken before the import below: mathjs builds functions lazily, so these bind the real parse and format.
  const parse = math.parse;
  const format = math.format;
  const disabled = Object.fromEntries(DISABLED_FUNCTIONS.map((name) => [name, () => {
    throw new Error(`function ${name} is disabled`);
  }]));
  math.import(disabled, { override: true });
  return {
    evaluate(expression, scope) {
      const node: MathNode = parse(expression);
      const assigns = node.filter((n) => n.type === 'AssignmentNode' || n.type === 'FunctionAssignmentNode');
      if (assigns.length > 0) throw new Error('assignment is not allowed in an expectation');
      return node.compile().evaluate(scope);
    },
    format(value) {
      if (typeof value === 'string') return value;
      return typeof value === 'number' ? String(value) : format(value as never);
    },
  };
}

/** The job names the report has, for a hint when an expression names one it does not. */
function jobHint(message: string, report: Report): string {
  if (!/undefined/i.test(message)) return message;
  const names = Object.keys(report.jobs).map((n) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? `jobs.${n}` : `jobs["${n}"]`));
  return names.length > 0 ? `${message} (jobs in this report: ${names.join(', ')})` : message;
}

export function evaluateExpectations(expressions: string[], report: Report, evaluator: ExpressionEvaluator = createExpressionEvaluator()): ExpectationResult[] {
  return expressions.map((expression) => {
    let result: unknown;
    try {
      // A fresh copy per expression, so one expression cannot leave anything behind for the next.
      result = evaluator.evaluate(expression, structuredClone(report) as unknown as Record<string, unknown>);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { expression, value: null, pass: false, error: jobHint(message, report) };
    }
    if (typeof result === 'boolean') return { expression, value: result, pass: result };
    const value = evaluator.format(result);
    return { expression, value, pass: false, error: `the expression gave ${value}, not true or false` };
  });
}
