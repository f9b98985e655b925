// The data each chart is drawn from, and what a chart is before it is rendered (pure JSON).
import type { NpsCounts } from "../nps.js";

export type ChartKind = "trend" | "programme" | "root-causes";
export const CHART_KINDS: readonly ChartKind[] = ["trend", "programme", "root-causes"];

/** A Vega-Lite specification as plain JSON; src/charts compiles and renders it. */
export type VegaLiteSpec = Record<string, unknown>;

export interface ChartSpec {
  kind: ChartKind;
  title: string;
  /** What the chart shows, in words, for screen readers and as the image's alt text. */
  alt: string;
  /** The reader's locale the words and numbers are in (picks the font too). */
  locale: string;
  spec: VegaLiteSpec;
}

export interface ChartOptions {
  locale: string;
  /** Plot size in CSS pixels (the PNG adds title, axes and legend around it). */
  width?: number;
  height?: number;
  /** A small picture for a card beside the report's text: no subtitle, no axis titles. */
  compact?: boolean;
}

export interface TrendChartData {
  scopeName: string;
  timeZone: string;
  minSample: number;
  weeks: { weekStart: Date; counts: NpsCounts }[];
}

export interface ProgrammeChartData {
  area: string;
  timeZone: string;
  minSample: number;
  weeks: { weekStart: Date; programme: NpsCounts; comparison: NpsCounts }[];
  /** Marked with a vertical line when it falls within the weeks shown. */
  programmeStart?: Date | null;
}

export interface RootCauseChartData {
  scopeName: string;
  timeZone: string;
  /** Cases closed in each week by root cause (null: closed without one). */
  weeks: { weekStart: Date; causes: { cause: string | null; count: number }[] }[];
}

export const DEFAULT_PLOT = { width: 560, height: 240 } as const;
