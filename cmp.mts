import {Db} from "./pipeline/db.ts";
const [oldFile, newFile, table] = process.argv.slice(2);
const db = await Db.open("/tmp/p1/wc.duckdb");
await db.run("create schema if not exists work");
await db.runFile(oldFile);
await db.run(`create table work.old as select * from ${table}`);
await db.runFile(newFile);
console.log(await db.all(`select (select count(*) from work.old) n, (select count(*) from ${table}) m, (select count(*) from (select * exclude (value) from work.old except all select * exclude (value) from ${table})) a`));
console.log(await db.all(`select count(*) n, max(abs(o.value - n.value)) d from work.old o join ${table} n using (indicator, area_code, year)`));
