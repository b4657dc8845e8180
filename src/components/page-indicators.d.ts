// Types of page-indicators.js (read by the loader src/data/indicators/[page].arrow.ts and by tests).
export interface PageIndicators {
  groups?: string[];
  codes?: string[];
  scored?: boolean;
  all?: boolean;
  columns?: string[];
}
export const PROFILE_INDICATORS: string[];
export const PAGE_INDICATORS: Record<string, PageIndicators>;
export function pageIndicatorCodes(page: string, registry: readonly {code: string; group: string; scored: boolean}[]): string[];
