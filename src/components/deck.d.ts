// Types of deck.js for scripts/prerender.ts and the tests.
export const CANVAS_W: number;
export const CANVAS_H: number;
export const PRERENDERED_DECK_SCRIPT: string;
export function estimateWidth(text: string, size: number): number;
