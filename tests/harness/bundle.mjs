// One TypeScript entry point and the project modules it imports, bundled into one ES module by esbuild (plain
// JavaScript, so that node runs it without tsx): the same TypeScript transform tsx does; packages stay external
// (resolved from the project's node_modules, so the bundle must be written inside the project), and each module's
// `import.meta.url` stays its own source file's (its .sql files, package.json and the code hash are found as before).
// Used by tests/harness `bundled` (commands the tests start many times) and tests/harness/run-loader.mjs.
import {build} from "esbuild";
import {readFile} from "node:fs/promises";
import {pathToFileURL} from "node:url";

/** Bundle `entry` (a path) into `outfile`. */
export async function bundle(entry, outfile) {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "warning",
    plugins: [
      {
        name: "own-import-meta-url",
        setup(b) {
          b.onLoad({filter: /\.[cm]?[jt]s$/}, async (a) => ({
            contents: (await readFile(a.path, "utf8")).replaceAll("import.meta.url", JSON.stringify(pathToFileURL(a.path).href)),
            loader: /\.[cm]?ts$/.test(a.path) ? "ts" : "js"
          }));
        }
      }
    ]
  });
}
