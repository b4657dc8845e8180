// Types of palette.js for observablehq.config.ts and the tests.
export const BACKGROUNDS: {page: string; card: string};
export const THEME: Record<string, string>;
export const STATUS: {met: string; not_met: string; none: string};
export const STATUS_SYMBOLS: {met: string; not_met: string; none: string};
export const TASK_STATUS: Record<string, string>;
export const TIER: {A: string; B: string; C: string};
export const SERIES: string[];
export const COLORS: Record<string, string>;
export const SEQUENTIAL: {stage: string[]; suppressed: string};
export const OUTLINE: string;
export function contrastRequirements(): [string, string, number, string[]?][];
export function contrastRatio(a: string, b: string): number;
