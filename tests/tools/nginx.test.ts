// The built site served by plain nginx under a base path, as on an intranet server (scripts/serve-nginx.sh).
import {spawn, type ChildProcess} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {createServer} from "node:net";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {BASE_PATH, ROOT, siteBuild, type SiteBuild} from "../site/build.ts";

const NGINX = [process.env.PATH?.split(path.delimiter) ?? [], ["/usr/sbin", "/usr/local/sbin"]].flat().map((d) => path.join(d, "nginx")).find((f) => existsSync(f));

if (!NGINX) {
  if (process.env.CI) {
    it("has nginx", () => expect.fail("nginx is missing and CI is set: apt-get install -y nginx (see .ci/run)"));
  } else {
    console.warn("[tests/tools/nginx] skipped: nginx is not installed. Install it with: apt-get install -y nginx");
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
}

/**
 * The site to serve: the test build of tests/site/build.ts (under its base path), or an existing build given by
 * AGING_NGINX_DIST (with AGING_BASE_PATH, default /), e.g. to try the dist/ about to be deployed.
 */
async function siteToServe(): Promise<{outDir: string; base: string}> {
  if (process.env.AGING_NGINX_DIST) return {outDir: path.resolve(process.env.AGING_NGINX_DIST), base: process.env.AGING_BASE_PATH || "/"};
  const build: SiteBuild = await siteBuild();
  expect(build.code, build.output).toBe(0);
  return {outDir: build.outDir, base: BASE_PATH};
}

describe.skipIf(!NGINX)("nginx serves the built site", () => {
  let site: {outDir: string; base: string};
  let server: ChildProcess;
  let output = "";
  let origin: string;
  let nginxPid: number | undefined;

  beforeAll(async () => {
    site = await siteToServe();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = spawn("bash", [path.join(ROOT, "scripts", "serve-nginx.sh"), "--dist", site.outDir, "--port", String(port), "--base", site.base], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"]
    });
    server.stdout!.on("data", (d) => (output += d));
    server.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 15_000;
    for (;;) {
      nginxPid ??= Number(/nginx pid (\d+)/.exec(output)?.[1]) || undefined;
      const ok = await fetch(`${origin}${site.base}`).then((r) => r.ok, () => false);
      if (ok) break;
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    // The script stops nginx on SIGTERM; make sure of it before the next test run wants a port.
    if (nginxPid) {
      try {
        process.kill(nginxPid, "SIGQUIT");
      } catch {
        // already gone, as it should be
      }
    }
  });

  it("serves index.html under the base path, and redirects the bare base path", async () => {
    const index = await fetch(`${origin}${site.base}`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await index.text();
    expect(html).toBe(await readFile(path.join(site.outDir, "index.html"), "utf8"));
    expect((await fetch(`${origin}${site.base}index.html`)).status).toBe(200);
    if (site.base !== "/") {
      const bare = await fetch(`${origin}${site.base.replace(/\/$/, "")}`, {redirect: "manual"});
      expect(bare.status).toBe(301);
      expect(bare.headers.get("location")).toMatch(new RegExp(`${site.base}$`));
    }
  });

  it("serves a data file byte for byte, and the modules with a JavaScript type", async () => {
    const files = await filesUnder(site.outDir);
    const data = files.find((f) => f.includes(`${path.sep}_file${path.sep}`));
    expect(data, "no data file in the build").toBeDefined();
    const res = await fetch(`${origin}${site.base}${path.relative(site.outDir, data!).split(path.sep).join("/")}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(data!))).toBe(true);
    // Browsers refuse module scripts served with any other type.
    const module = files.find((f) => f.endsWith(".js"))!;
    const js = await fetch(`${origin}${site.base}${path.relative(site.outDir, module).split(path.sep).join("/")}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect((await fetch(`${origin}${site.base}no-such-page.html`)).status).toBe(404);
  });

  it("stops nginx and removes its temporary folder on SIGTERM", async () => {
    const tmp = /config (\S+)\/nginx\.conf/.exec(output)?.[1];
    expect(tmp && existsSync(tmp)).toBe(true);
    const exited = new Promise<number | null>((r) => server.once("exit", (code) => r(code)));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(tmp!)).toBe(false);
    expect(await fetch(`${origin}${site.base}`).then(() => "up", () => "down")).toBe("down");
  });
});

describe.skipIf(!NGINX)("deploy/nginx.conf.example serves the built site", () => {
  let site: {outDir: string; base: string};
  let dir: string;
  let nginx: ChildProcess;
  let origin: string;
  let log = "";

  beforeAll(async () => {
    site = await siteToServe();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    dir = await mkdtemp(path.join(tmpdir(), "aging-nginx-example-"));
    // The example as an operator installs it, pointed at the test build, a free port and a temporary log folder.
    const example = (await readFile(path.join(ROOT, "deploy", "nginx.conf.example"), "utf8"))
      .replace("listen 80;", `listen 127.0.0.1:${port};`)
      .replaceAll("/srv/aging/current", site.outDir)
      // At the root there is no bare path to redirect.
      .replace(/location = \/aging \{[^}]*\}/, site.base === "/" ? "" : "$&")
      .replaceAll("/aging", site.base.replace(/\/$/, ""))
      .replaceAll("/var/log/nginx/", `${dir}/`);
    await writeFile(path.join(dir, "aging.conf"), example);
    const temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${dir}/${t};`).join(" ");
    await writeFile(path.join(dir, "nginx.conf"), `${process.getuid?.() === 0 ? "user root;" : ""}
daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events {}
http { ${temps} access_log ${dir}/access.log; include ${dir}/aging.conf; }
`);
    nginx = spawn(NGINX!, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], {stdio: ["ignore", "pipe", "pipe"]});
    nginx.stderr!.on("data", (d) => (log += d));
    const deadline = Date.now() + 10_000;
    while (!(await fetch(`${origin}${site.base}`).then((r) => r.ok, () => false))) {
      if (nginx.exitCode !== null || Date.now() > deadline) throw new Error(`nginx with the example config did not come up:\n${log}${await readFile(path.join(dir, "error.log"), "utf8").catch(() => "")}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once("exit", r));
      nginx.kill("SIGQUIT");
      await exited;
    }
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  it("serves the pages, a data file and the modules, with the cache policy it promises", async () => {
    const index = await fetch(`${origin}${site.base}`);
    expect(index.status).toBe(200);
    expect(await index.text()).toBe(await readFile(path.join(site.outDir, "index.html"), "utf8"));
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const files = await filesUnder(site.outDir);
    const url = (f: string) => `${origin}${site.base}${path.relative(site.outDir, f).split(path.sep).join("/")}`;
    const data = files.find((f) => f.includes(`${path.sep}_file${path.sep}`))!;
    const res = await fetch(url(data));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(data))).toBe(true);
    const js = await fetch(url(files.find((f) => f.endsWith(".js"))!));
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
