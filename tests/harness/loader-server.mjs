// One warm process that runs a test build's TypeScript data loaders (tests only; `npm run build` and `npm start` run
// each loader with tsx in a process of its own, as before).
//
// Framework starts each loader as a process (`node tests/harness/run-loader.mjs <loader.ts>`: AGING_TS_LOADER_RUNNER,
// observablehq.config.ts). Each such start paid again for node, DuckDB's native module, apache-arrow and esbuild:
// ≈ 0.6 s of CPU per loader, 33 loaders per build. When the test build sets AGING_LOADER_SERVER (a Unix socket this
// server listens on: tests/harness/loaders.ts starts it beside a test build), run-loader.mjs hands its loader to this
// process instead, which bundles it (tests/harness/bundle.mjs, the same bundle run-loader makes), runs it here with
// the caller's argv, environment and working folder, and sends back what it wrote to stdout and stderr and its exit
// code. Loaders run one at a time (they share process.stdout, process.env and process.exit while they run). The
// loader's code is the same and so is its output (docs/architecture.md "Tests" says how that was compared).
//
// Protocol, over the socket: the client sends one JSON line {entry, args, env, cwd}; the server answers with frames
// (1 byte: 1 stdout, 2 stderr, 3 exit code; 4 bytes big-endian length; payload) and closes.
import {createServer} from "node:net";
import {mkdir, rm} from "node:fs/promises";
import {basename, join} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {bundle} from "./bundle.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

class Exit extends Error {
  constructor(code) {
    super(`process.exit(${code})`);
    this.code = code;
  }
}

function frame(type, payload) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(String(payload));
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

const toBuffer = (chunk, encoding) => (Buffer.isBuffer(chunk) ? Buffer.from(chunk) : chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk), typeof encoding === "string" ? encoding : "utf8"));

let count = 0;
/** Run one loader in this process; returns its stdout, stderr and exit code. */
async function runLoader({entry, args = [], env = {}, cwd}, dir) {
  const outfile = join(dir, `${basename(entry).replace(/\W+/g, "-")}-${++count}.mjs`);
  const out = [];
  const err = [];
  const saved = {out: process.stdout.write, err: process.stderr.write, exit: process.exit, argv: process.argv, env: {...process.env}, cwd: process.cwd(), exitCode: process.exitCode};
  const capture = (into) => (chunk, encoding, callback) => {
    into.push(toBuffer(chunk, encoding));
    const cb = typeof encoding === "function" ? encoding : callback;
    if (cb) queueMicrotask(() => cb());
    return true;
  };
  let code = 0;
  try {
    await bundle(entry, outfile);
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    Object.assign(process.env, env);
    if (cwd) process.chdir(cwd);
    process.argv = [saved.argv[0], entry, ...args];
    process.exitCode = undefined;
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    process.exit = (c) => {
      throw new Exit(c ?? process.exitCode ?? 0);
    };
    await import(pathToFileURL(outfile).href);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof Exit) code = Number(error.code) || 0;
    else {
      err.push(Buffer.from(`${error?.stack ?? error}\n`));
      code = 1;
    }
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exit = saved.exit;
    process.argv = saved.argv;
    process.exitCode = saved.exitCode;
    for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
    Object.assign(process.env, saved.env);
    process.chdir(saved.cwd);
    await rm(outfile, {force: true});
  }
  return {out: Buffer.concat(out), err: Buffer.concat(err), code};
}

/** Listen on `socket` until killed. */
export async function serve(socket) {
  const dir = join(ROOT, "tests", "output", "bundles", `loader-server-${process.pid}`);
  await mkdir(dir, {recursive: true});
  process.on("exit", () => {
    try {
      // best effort: the bundles folder of this server
      import("node:fs").then(({rmSync}) => rmSync(dir, {recursive: true, force: true}));
    } catch {
      // gone
    }
  });
  let queue = Promise.resolve();
  const server = createServer((conn) => {
    let line = "";
    conn.on("data", (d) => {
      line += d;
      const nl = line.indexOf("\n");
      if (nl < 0) return;
      const request = JSON.parse(line.slice(0, nl));
      queue = queue.then(async () => {
        const r = await runLoader(request, dir);
        const chunks = [];
        if (r.out.length) chunks.push(frame(1, r.out));
        if (r.err.length) chunks.push(frame(2, r.err));
        chunks.push(frame(3, String(r.code)));
        await new Promise((resolve) => conn.end(Buffer.concat(chunks), resolve));
      });
    });
    conn.on("error", () => {});
  });
  await rm(socket, {force: true});
  await new Promise((resolve, reject) => server.listen(socket, resolve).on("error", reject));
  // the parent reads this line to know the socket is ready
  process.stdout.write(`listening ${socket}\n`);
  const stop = () => {
    server.close();
    import("node:fs").then(({rmSync}) => {
      rmSync(dir, {recursive: true, force: true});
      rmSync(socket, {force: true});
      process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await serve(process.argv[2]);
