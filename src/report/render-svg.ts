/**
 * Vega-Lite spec -> Vega spec -> static SVG, in Node with vega's headless 'none' renderer (no canvas: text
 * widths are estimated, which is deterministic). Used for the charts that show in report.html when
 * scripts are off, in print, and before the interactive view has replaced them.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View, type Spec } from 'vega';

/** Turns a compiled Vega spec into SVG markup. Injectable so tests can make rendering fail. */
export type SvgRenderer = (vegaSpec: Spec) => Promise<string>;

type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/**
 * vega-lite warns "Dropping fit-y because spec has discrete height" for every width: 'container' chart
 * with banded bars, although fit-x is what such a chart asks for; that one is noise.
 */
const BENIGN_WARNINGS = [/^Dropping "fit-y" because spec has discrete height/];

/** A logger that records vega-lite's warnings instead of printing them, and throws its errors. */
function collectingLogger(warnings: string[]): Logger {
  let level = 2;
  const self: Logger = {
    level(v?: number) {
      if (v === undefined) return level as never;
      level = v;
      return self as never;
    },
    error(...args: readonly unknown[]) {
      throw new Error(`vega-lite: ${args.map(String).join(' ')}`);
    },
    warn(...args: readonly unknown[]) {
      const text = args.map(String).join(' ');
      if (!BENIGN_WARNINGS.some((re) => re.test(text))) warnings.push(text);
      return self;
    },
    info: () => self,
    debug: () => self,
  } as Logger;
  return self;
}

/** Compiles a chart; warnings (other than known noise) are pushed to `warnings` when given. */
export function compileChart(spec: TopLevelSpec, warnings: string[] = []): Spec {
  return compile(spec, { logger: collectingLogger(warnings) }).spec;
}

export const renderSvg: SvgRenderer = async (vegaSpec) => {
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
};
