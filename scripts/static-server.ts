// A small static file server for the built site on 127.0.0.1: used by `npm start` and the browser tests.
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {readFile, stat} from "node:fs/promises";
import {extname, join, normalize, sep} from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/vnd.apache.parquet",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".geojson": "application/geo+json",
  ".txt": "text/plain; charset=utf-8"
};

export interface StaticServer {
  origin: string;
  /** URL of a file in the served dir, e.g. url("en/index.html"). */
  url(path: string): string;
  close(): Promise<void>;
}

/** Serve `dir` under `base` (e.g. "/aging/") on 127.0.0.1 and a random port; nothing outside `dir`. */
export async function serveStatic(dir: string, base = "/", port = 0): Promise<StaticServer> {
  const root = normalize(dir + sep);
  const server: Server = createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      if (!pathname.startsWith(base)) throw Object.assign(new Error("outside base"), {code: "ENOENT"});
      let file = normalize(join(root, pathname.slice(base.length)));
      if (!file.startsWith(root)) throw Object.assign(new Error("outside root"), {code: "ENOENT"});
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, {"content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store"});
      res.end(body);
    } catch {
      res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${base}${path.replace(/^\//, "")}`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))
  };
}

