// A test build's loader server (tests/harness/loader-server.mjs): started beside the build with the build's
// environment and folder, handed to run-loader.mjs through AGING_LOADER_SERVER, stopped when the build is done.
import {spawn} from "node:child_process";
import {rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";

const SERVER = fileURLToPath(new URL("./loader-server.mjs", import.meta.url));

export interface LoaderServer {
  /** The environment variables to add to the build's (AGING_LOADER_SERVER). */
  env: {AGING_LOADER_SERVER: string};
  stop(): Promise<void>;
}

/**
 * Start a loader server with the build's environment and working folder; resolves once it listens.
 * AGING_TEST_LOADER_SERVER=0: none (each loader in its own process, as before; to compare).
 */
export async function startLoaderServer(env: NodeJS.ProcessEnv, cwd: string): Promise<LoaderServer | {env: Record<string, never>; stop(): Promise<void>}> {
  if (process.env.AGING_TEST_LOADER_SERVER === "0") return {env: {}, stop: async () => {}};
  const socket = path.join(os.tmpdir(), `aging-loaders-${process.pid}-${Date.now()}.sock`);
  const child = spawn(process.execPath, [SERVER, socket], {cwd, env, stdio: ["ignore", "pipe", "inherit"]});
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise<LoaderServer>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes(`listening ${socket}`)) {
        resolve({
          env: {AGING_LOADER_SERVER: socket},
          async stop() {
            child.kill("SIGTERM");
            await exited;
            await rm(socket, {force: true});
          }
        });
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`the loader server exited (${code}) before listening: ${out}`)));
  });
}
