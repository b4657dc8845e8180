// Command-line arguments of `npm run init-city`, parsed by a pure function.

export const USAGE = `用法 / usage: npm run init-city -- --code CODE [--census] [--out DIR] [--max-kb N] [--force]

Writes districts.csv, districts.geojson and README.txt for every county-level unit (区/县/县级市)
of one prefecture-level city (地级市), or of a municipality (直辖市: 110000, 120000, 310000, 500000).
  --code CODE   6-digit administrative division code of the city (行政区划代码), e.g. 370100 济南市
  --census      also write population.csv (the 2010 and 2020 censuses by district, sex and age band, from
                data/reference/) and census.json: a census start, which the pipeline runs without facilities
  --out DIR     output folder (default data/city-<code>)
  --max-kb N    size limit of districts.geojson in kilobytes (default 200); the boundaries are
                simplified, keeping shared borders shared, until the file fits
  --force       overwrite districts.csv / districts.geojson already in the output folder
  -h, --help    print this help

Exit codes: 0 written · 1 the code is not in the boundary data, or the city has no county-level units ·
2 usage error (including a province-level or county-level code where a city's code is needed).`;

export const DEFAULT_MAX_KB = 200;

export type InitCityArgs =
  | {kind: "run"; code: string; out: string; maxKb: number; force: boolean; census: boolean}
  | {kind: "help"}
  | {kind: "error"; message: string};

const VALUED = new Set(["--code", "--out", "--max-kb"]);

export function parseInitCityArgs(argv: readonly string[]): InitCityArgs {
  let code: string | undefined;
  let out: string | undefined;
  let maxKb = DEFAULT_MAX_KB;
  let force = false;
  let census = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return {kind: "help"};
    if (arg === "--force" || arg === "--census") {
      if (arg === "--force") force = true;
      else census = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUED.has(name)) return {kind: "error", message: `unknown argument: ${arg}`};
    const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value.trim() === "" || (value.startsWith("--") && eq < 0)) return {kind: "error", message: `${name} needs a value`};
    if (name === "--code") {
      const v = value.trim();
      if (!/^\d{6}$/.test(v)) return {kind: "error", message: `--code must be a 6-digit administrative division code (行政区划代码) such as 370100, got "${value}"`};
      code = v;
    } else if (name === "--out") out = value;
    else {
      const n = Number(value);
      if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n >= 5) || n > 100_000) return {kind: "error", message: `--max-kb must be a number of kilobytes between 5 and 100000, got "${value}"`};
      maxKb = n;
    }
  }
  if (!code) return {kind: "error", message: "--code is required: the city's 6-digit code, e.g. --code 370100 (济南市)"};
  return {kind: "run", code, out: out ?? `data/city-${code}`, maxKb, force, census};
}
