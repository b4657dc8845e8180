// `npm run build` / `npm run site:dev`: prepare the site, then run `observable <command>` with telemetry off.
import {spawn} from "node:child_process";
import {createRequire} from "node:module";
import {delimiter, join} from "node:path";
import {ROOT, prepareSite} from "./prepare-site.ts";

const [command = "build", ...args] = process.argv.slice(2);
console.log(await prepareSite());
const bin = createRequire(import.meta.url).resolve("@observablehq/framework/dist/bin/observable.js");
// Telemetry is a network request to observablehq.com: never from an intranet build.
// Framework runs .ts loaders with `tsx` from PATH: make sure ours is found outside `npm run` too.
const PATH = [join(ROOT, "node_modules", ".bin"), process.env.PATH].filter(Boolean).join(delimiter);
const env = {...process.env, PATH, OBSERVABLE_TELEMETRY_DISABLE: "true"};
const child = spawn(process.execPath, [bin, command, ...args], {cwd: ROOT, stdio: "inherit", env});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
