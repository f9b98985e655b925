// Renders a chart spec (src/core/charts) to PNG on the server: Vega-Lite compiles it to Vega, Vega
// draws it as SVG with no canvas and no DOM, and resvg (Rust, shipped prebuilt inside an npm platform
// package) rasterises the SVG with fonts from npm packages. No browser, no network, no system fonts.
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ChartSpec } from "../core/charts/types.js";
import { fontFamilyFor, fontFilesFor, LATIN_FONT } from "./fonts.js";

export interface RenderOptions {
  /** Pixel density: 2 draws a sharp image for high-density screens, 1 a small one (Teams cards). */
  scale?: number;
}

export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
  alt: string;
  title: string;
}

export type ChartRenderer = (chart: ChartSpec, options?: RenderOptions) => Promise<RenderedChart>;

/** The SVG of a chart (its text uses the locale's font family). */
export async function chartToSvg(chart: ChartSpec): Promise<string> {
  const config = (chart.spec.config ?? {}) as Record<string, unknown>;
  const spec = { ...chart.spec, config: { ...config, font: fontFamilyFor(chart.locale) } } as unknown as TopLevelSpec;
  const runtime = vega.parse(compile(spec).spec);
  const view = new vega.View(runtime, { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export const renderChart: ChartRenderer = async (chart, options = {}) => {
  const svg = await chartToSvg(chart);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    background: "#ffffff",
    font: {
      loadSystemFonts: false,
      fontFiles: await fontFilesFor(chart.locale, svg),
      defaultFontFamily: LATIN_FONT.family,
    },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, alt: chart.alt, title: chart.title };
};
