// The test builds' interpreter of TypeScript data loaders (AGING_TS_LOADER_RUNNER, observablehq.config.ts):
// `node run-loader.mjs <loader.ts> [args]` bundles the loader (tests/harness/bundle.mjs, ~0.15 s of CPU) and runs it,
// instead of `node --import tsx <loader.ts>`, whose loader hooks cost ~0.6 s per loader: about 0.4 s less CPU for each
// of the ~33 loaders of each test build. The loader's code and output are the same; a published build (npm run build,
// npm start) runs loaders with tsx as before.
import {unlinkSync} from "node:fs";
import {mkdir} from "node:fs/promises";
import {basename, join} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {bundle} from "./bundle.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const [entry] = process.argv.splice(2, 1);
const dir = join(ROOT, "tests", "output", "bundles", "loaders");
await mkdir(dir, {recursive: true});
const outfile = join(dir, `${basename(entry).replace(/\W+/g, "-")}-${process.pid}.mjs`);
process.on("exit", () => {
  try {
    unlinkSync(outfile);
  } catch {
    // already gone
  }
});
await bundle(entry, outfile);
process.argv[1] = entry;
await import(pathToFileURL(outfile).href);
