// Types of bin/engine.js (plain JavaScript: it runs before any TypeScript loader) for the tests and benchmarks.
export interface EngineProfile {
  heap: boolean;
  wasm: "optimizing" | "baseline";
}
export const DEFAULT_HEAP_GROWING_PERCENT: number;
export const SEMI_SPACE_MB: number;
export const SERVER_PROFILE: EngineProfile;
export function commandProfile(args: string[]): EngineProfile;
export function tuneEngine(profile: EngineProfile): void;
