/** Bundle the TypeScript entry point `entry` (a path) and the project modules it imports into `outfile` (tests/harness/bundle.mjs). */
export function bundle(entry: string, outfile: string): Promise<void>;
