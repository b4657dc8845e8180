// Command-line arguments of `npm run demo`, parsed by a pure function.

export const USAGE = `Usage: npm run demo -- [--out DIR] [--seed N] [--scale F]

Writes the synthetic 示例市 (Demo City) input folder.
  --out DIR    output folder (default data/demo-input)
  --seed N     integer seed of the random draws (default 1); same seed, same bytes
  --scale F    size of the elders registry and service orders relative to the city (default 1,
               about 190 thousand elders and 0.75 million orders); population is not scaled
  --help       print this help`;

export type DemoArgs = {kind: "run"; out: string; seed: number; scale: number} | {kind: "help"} | {kind: "error"; message: string};

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const args = {out: "data/demo-input", seed: 1, scale: 1};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return {kind: "help"};
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (name !== "--out" && name !== "--seed" && name !== "--scale") return {kind: "error", message: `unknown argument: ${arg}`};
    let value: string | undefined;
    if (eq > 0 && arg.startsWith("--")) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined || value === "" || (value.startsWith("--") && eq < 0)) return {kind: "error", message: `${name} needs a value`};
    if (name === "--out") args.out = value;
    else if (name === "--seed") {
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) return {kind: "error", message: `--seed must be an integer, got ${value}`};
      args.seed = Number(value);
    } else {
      const scale = Number(value);
      if (!/^\d*\.?\d+(e-?\d+)?$/i.test(value) || !(scale > 0) || scale > 1000) return {kind: "error", message: `--scale must be a number above 0 and at most 1000, got ${value}`};
      args.scale = scale;
    }
  }
  return {kind: "run", ...args};
}
