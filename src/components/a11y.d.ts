// Types of a11y.js for observablehq.config.ts.
export function accessibleCharts(): void;
