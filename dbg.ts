import {mkdir, cp, rm} from "node:fs/promises";
import {Db} from "./pipeline/db.ts";
import {DATASETS} from "./pipeline/datasets/contract.ts";
import {buildDistrictLookup, loadDataset, loadIndicatorCodes} from "./pipeline/load.ts";
import {hmacMacroSql} from "./pipeline/pseudonym.ts";
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
const require = createRequire(import.meta.url);
const input = "/tmp/dbg-in";
await rm(input, {recursive: true, force: true}); await mkdir(input);
for (const f of ["districts.csv", "elders.csv"]) await cp("/tmp/aging-bench/scale-0.05/" + f, input + "/" + f);
const db = await Db.open(":memory:", {memoryLimit: "1.5GB"});
await db.run(await readFile("pipeline/sql/schema.sql", "utf8"));
await db.run(await readFile("pipeline/sql/macros.sql", "utf8"));
await db.run(hmacMacroSql(Buffer.from("x".repeat(40))));
await loadIndicatorCodes(db);
const ctx = {db, inputDir: input, tmpDir: "/tmp", runDate: "2026-11-28", onProgress: async (d: string, s: string) => console.log(d, s, JSON.stringify(await db.all("select sum(memory_usage_bytes)//1e6 as mb from duckdb_memory()")))};
await loadDataset(ctx, DATASETS[0]);
await buildDistrictLookup(db);
import("./pipeline/validate/typed.ts").then(async ({checkSql}) => {
  const d = DATASETS.find((d) => d.name === "elders")!;
  // replicate the start of loadDataset: read + raw
  const orig = db.run.bind(db);
  let i = 0;
  (db as any).run = async (sql: string) => { const t = performance.now(); try { await orig(sql); } finally { console.log(++i, ((performance.now()-t)/1000).toFixed(2), sql.replace(/\s+/g, " ").slice(0, 150)); } };
  await loadDataset(ctx, d).catch((e) => console.log("ERR", e.message.slice(0, 80)));
  (db as any).run = orig;
  const full = require("node:fs").readFileSync("/tmp/checked.sql", "utf8");
  const tryq = async (label: string, sql: string) => { const t = performance.now(); try { await db.run(sql); console.log(label, "ok", ((performance.now()-t)/1000).toFixed(2)); } catch (e) { console.log(label, "ERR", (e as Error).message.slice(0, 60)); } };
  await tryq("cleaned only", `create or replace temp table x as ${full.slice(full.indexOf("with cleaned"), full.indexOf("typed as (")).replace(/,\s*$/, "")} select * from cleaned`);
  const typedEnd = full.indexOf("select *, list_filter");
  await tryq("typed only", `create or replace temp table x as ${full.slice(full.indexOf("with cleaned"), typedEnd)} select * from typed`);
  await tryq("typed count", `${full.slice(full.indexOf("with cleaned"), typedEnd)} select count(*) from typed`);
  await tryq("lookup", `select count(*), max(n) from _district_lookup`);

});
