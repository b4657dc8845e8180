// The test builds' interpreter of TypeScript data loaders (AGING_TS_LOADER_RUNNER, observablehq.config.ts):
// `node run-loader.mjs <loader.ts> [args]` runs the loader without tsx's loader hooks (~0.6 s of CPU per loader):
// - when the build set AGING_LOADER_SERVER (tests/harness/loaders.ts), the loader runs in that one warm process
//   (tests/harness/loader-server.mjs) and this process only relays its stdout, stderr and exit code (~0.05 s);
// - else (or when the server cannot be reached) this process bundles the loader (tests/harness/bundle.mjs, ~0.15 s
//   of CPU) and runs it itself.
// The loader's code and output are the same either way; a published build (npm run build, npm start) runs loaders
// with tsx as before.
import {createConnection} from "node:net";
import {resolve} from "node:path";

const [entry] = process.argv.splice(2, 1);
const args = process.argv.slice(2);

/** Run the loader in the build's loader server; false when there is none to reach (nothing was run). */
function viaServer(socket) {
  return new Promise((done) => {
    const conn = createConnection(socket);
    let connected = false;
    let exited = false;
    let pending = Buffer.alloc(0);
    const writes = [];
    conn.on("connect", () => {
      connected = true;
      conn.write(JSON.stringify({entry: resolve(entry), args, env: process.env, cwd: process.cwd()}) + "\n");
    });
    conn.on("data", (d) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 5) {
        const type = pending[0];
        const length = pending.readUInt32BE(1);
        if (pending.length < 5 + length) break;
        const body = pending.subarray(5, 5 + length);
        pending = pending.subarray(5 + length);
        if (type === 1) writes.push(new Promise((r) => process.stdout.write(body, r)));
        else if (type === 2) writes.push(new Promise((r) => process.stderr.write(body, r)));
        else if (type === 3) {
          exited = true;
          const code = Number(body.toString());
          Promise.all(writes).then(() => process.exit(code));
        }
      }
    });
    conn.on("error", (error) => {
      if (!connected) done(false);
      else {
        process.stderr.write(`run-loader: the loader server failed: ${error.message}\n`);
        process.exit(1);
      }
    });
    conn.on("close", () => {
      if (!connected || exited) return;
      process.stderr.write("run-loader: the loader server closed without an exit code\n");
      process.exit(1);
    });
  });
}

if (!(process.env.AGING_LOADER_SERVER && (await viaServer(process.env.AGING_LOADER_SERVER)))) {
  const {unlinkSync} = await import("node:fs");
  const {mkdir} = await import("node:fs/promises");
  const {basename, join} = await import("node:path");
  const {fileURLToPath, pathToFileURL} = await import("node:url");
  const {bundle} = await import("./bundle.mjs");
  const ROOT = fileURLToPath(new URL("../..", import.meta.url));
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
}
