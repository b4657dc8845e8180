// Fills Observable Framework's npm cache from node_modules so `observable build` never downloads.
//
// Framework looks for `npm:<name>` at `<root>/.observablehq/cache/_npm/<name>@<version>/_esm.js`
// before asking jsDelivr, and picks `<version>` by listing those folders before asking the
// registry (node_modules/@observablehq/framework/dist/npm.js). We put an esbuild ESM bundle of
// each package there, with dependencies that are themselves cached kept external (Plot imports
// the cached d3), as jsDelivr's `+esm` files do.
import {build, type Plugin} from "esbuild";
import {createHash} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
import {mkdir, readdir, rm, writeFile} from "node:fs/promises";
import {dirname, join, posix, relative} from "node:path";

/** Packages bundled into the cache: everything the client and the implicit globals we use import. */
export const BUNDLED = [
  "d3", // implicit `d3`
  "d3-dsv", // FileAttachment#csv/tsv
  "@observablehq/plot", // implicit `Plot`
  "htl", // implicit `html`, `svg`; Inputs
  "isoformat", // Inputs, Plot
  "interval-tree-1d", // Plot
  "apache-arrow" // FileAttachment#arrow, implicit `Arrow`
] as const;

/**
 * Libraries the client's stdlib names (recommendedLibraries.js, sampleDatasets.js) but our pages
 * never use: an empty `<name>@<version>` folder lets Framework resolve a version without the
 * registry. A page that imports one of these fails the offline build test, which is what we want.
 */
export const PLACEHOLDERS: Record<string, string> = {
  "lodash": "4.17.21",
  "arquero": "8.0.3",
  "react": "19.1.0",
  "react-dom": "19.1.0",
  "leaflet": "1.9.4",
  "mapbox-gl": "3.13.0",
  "echarts": "5.6.0",
  "topojson-client": "3.1.0",
  "parquet-wasm": "0.6.1",
  "@observablehq/sample-datasets": "1.0.1"
};

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackage(name: string, from: string): {dir: string; pkg: PackageJson} {
  // Resolve package.json by walking node_modules: some packages do not export it.
  let dir = from;
  for (;;) {
    const candidate = join(dir, "node_modules", name, "package.json");
    if (existsSync(candidate)) return {dir: dirname(candidate), pkg: JSON.parse(readFileSync(candidate, "utf8"))};
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package ${name} is not installed (run npm ci)`);
    dir = parent;
  }
}

/** The cache folder of a package, as Framework names it. */
export function cacheFolder(name: string, version: string): string {
  return `${name}@${version}`;
}

export interface CacheEntry {
  name: string;
  version: string;
  /** Path of the bundle relative to the `_npm` folder, e.g. `@observablehq/plot@0.6.17/_esm.js`. */
  file: string;
  external: string[];
}

/** What the cache will hold, given the installed packages. */
export function planCache(projectRoot: string): CacheEntry[] {
  const versions = new Map<string, string>();
  const packages = BUNDLED.map((name) => {
    const {pkg} = readPackage(name, projectRoot);
    versions.set(name, pkg.version);
    return pkg;
  });
  return packages.map((pkg) => {
    const deps = {...pkg.peerDependencies, ...pkg.dependencies};
    const external = Object.keys(deps).filter((d) => versions.has(d) && d !== pkg.name);
    return {name: pkg.name, version: pkg.version, file: `${cacheFolder(pkg.name, pkg.version)}/_esm.js`, external};
  });
}

function externalsPlugin(entry: CacheEntry, entries: CacheEntry[]): Plugin {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const from = posix.dirname(entry.file);
  return {
    name: "observable-npm-cache",
    setup(b) {
      b.onResolve({filter: /^[^./]/}, (args) => {
        if (!entry.external.includes(args.path)) return undefined;
        const dep = byName.get(args.path)!;
        return {path: posix.relative(from, dep.file), external: true};
      });
    }
  };
}

async function bundle(entry: CacheEntry, entries: CacheEntry[], projectRoot: string, npmDir: string): Promise<void> {
  const result = await bundleStub(entry, entries, projectRoot, true).catch(() => bundleStub(entry, entries, projectRoot, false));
  const out = join(npmDir, entry.file);
  await mkdir(dirname(out), {recursive: true});
  await writeFile(out, result.outputFiles[0]!.contents);
}

/**
 * Bundle a stub that re-exports the package, so esbuild resolves its browser build (apache-arrow
 * maps Arrow.node → Arrow.dom). The default export is re-exported when there is one: CommonJS
 * packages such as interval-tree-1d have nothing else (Plot does `import IntervalTree from …`).
 */
function bundleStub(entry: CacheEntry, entries: CacheEntry[], projectRoot: string, withDefault: boolean) {
  const name = JSON.stringify(entry.name);
  return build({
    stdin: {contents: `export * from ${name};${withDefault ? `export {default} from ${name};` : ""}`, resolveDir: projectRoot, loader: "js"},
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    mainFields: ["browser", "module", "main"],
    conditions: ["browser", "import", "default"],
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
    plugins: [externalsPlugin(entry, entries)]
  });
}

/** A key that changes when any cached package, placeholder or this script changes. */
function cacheKey(entries: CacheEntry[]): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({entries, PLACEHOLDERS}));
  hash.update(readFileSync(new URL(import.meta.url)));
  return hash.digest("hex");
}

/**
 * Make `<siteRoot>/.observablehq/cache/_npm` hold exactly the planned bundles and placeholders.
 * Skips the work when the stamp matches. Returns what it did, for the log.
 */
export async function fillNpmCache(projectRoot: string, siteRoot: string): Promise<{rebuilt: boolean; entries: CacheEntry[]}> {
  const cacheDir = join(siteRoot, ".observablehq", "cache");
  const npmDir = join(cacheDir, "_npm");
  // The stamp lives outside _npm: Framework parses every entry of _npm as `<name>@<version>`.
  const stamp = join(cacheDir, "_aging", "npm-cache.key");
  const entries = planCache(projectRoot);
  const key = cacheKey(entries);
  const complete = entries.every((e) => existsSync(join(npmDir, e.file)));
  if (complete && existsSync(stamp) && readFileSync(stamp, "utf8") === key) return {rebuilt: false, entries};
  // Start from empty: a stale version folder would win Framework's version look-up.
  await rm(npmDir, {recursive: true, force: true});
  await mkdir(npmDir, {recursive: true});
  await Promise.all(entries.map((e) => bundle(e, entries, projectRoot, npmDir)));
  for (const [name, version] of Object.entries(PLACEHOLDERS)) {
    await mkdir(join(npmDir, cacheFolder(name, version)), {recursive: true});
  }
  await mkdir(dirname(stamp), {recursive: true});
  await writeFile(stamp, key);
  return {rebuilt: true, entries};
}

/** Remove loader outputs (everything in the cache but Framework's `_`-prefixed folders). */
export async function clearLoaderCache(siteRoot: string): Promise<string[]> {
  const cacheDir = join(siteRoot, ".observablehq", "cache");
  if (!existsSync(cacheDir)) return [];
  const removed: string[] = [];
  for (const entry of await readdir(cacheDir)) {
    if (entry.startsWith("_")) continue;
    await rm(join(cacheDir, entry), {recursive: true, force: true});
    removed.push(relative(siteRoot, join(cacheDir, entry)));
  }
  return removed;
}
