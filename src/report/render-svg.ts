/**
 * Vega-Lite spec -> Vega spec -> static SVG, in Node with vega's headless 'none' renderer (no canvas: text
 * widths are estimated, which is deterministic). Used for the charts that show in report.html when
 * scripts are off, in print, and before the interactive view has replaced them.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View, type Spec } from 'vega';

/** Turns a compiled Vega spec into SVG markup. Injectable so tests can make rendering fail. */
export type SvgRenderer = (vegaSpec: Spec) => Promise<string>;

export function compileChart(spec: TopLevelSpec): Spec {
  return compile(spec).spec;
}

export const renderSvg: SvgRenderer = async (vegaSpec) => {
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
};
