// The dataset modules (pipeline/datasets/<name>.ts): each declares what the loader, the templates and the docs read,
// and each staging SQL file runs on its own given its input table.
import {readFile, readdir} from "node:fs/promises";
import {describe, expect, it} from "vitest";
import {DATASETS} from "../../pipeline/datasets/contract.ts";
import {Db} from "../../pipeline/db.ts";

const SQL = new URL("../../pipeline/sql/", import.meta.url);

describe("dataset modules", () => {
  it("one module per dataset, named after it, with its checks' .sql files beside it", async () => {
    const files = await readdir(new URL("../../pipeline/datasets/", import.meta.url));
    for (const d of DATASETS) expect(files, d.name).toContain(`${d.name}.ts`);
    const sqlFiles = files.filter((f) => f.endsWith(".sql"));
    // every .sql file belongs to a dataset (its name starts with the dataset's) and is used by its module
    for (const f of sqlFiles) {
      const owner = DATASETS.find((d) => f.startsWith(`${d.name}.`));
      expect(owner, f).toBeDefined();
      const text = await readFile(new URL(`../../pipeline/datasets/${f}`, import.meta.url), "utf8");
      expect([...(owner!.checks?.reject ?? []), ...(owner!.checks?.warn ?? [])], f).toContain(text);
    }
  });

  it("keys and rules name columns of their dataset", () => {
    for (const d of DATASETS) {
      const keys = new Set(d.columns.map((c) => c.key));
      for (const k of d.key?.columns ?? []) if (k !== "person_key") expect(keys.has(k), `${d.name} key ${k}`).toBe(true);
      for (const r of d.rules ?? []) expect(keys.has(r.column), `${d.name} rule on ${r.column}`).toBe(true);
      for (const k of d.oneOf ?? []) expect(keys.has(k), `${d.name} oneOf ${k}`).toBe(true);
    }
  });
});

describe("staging SQL runs on its own given its input table (_clean)", () => {
  it("stg_districts.sql: aliases split, rows in line order", async () => {
    const db = await Db.open();
    try {
      await db.run(await readFile(new URL("schema.sql", SQL), "utf8"));
      await db.run(`create temp table _clean as select * from (values
        (3, '990103', '西山区', 'Xishan', 'district', '西山;西山新区', 12.5),
        (2, '990102', '东湖区', null, 'district', null, null)) t(_line, code, name, name_en, kind, aliases, area_km2)`);
      await db.run(await readFile(new URL("staging/stg_districts.sql", SQL), "utf8"));
      expect(await db.all("select code, aliases, area_km2 from staging.districts")).toEqual([
        {code: "990102", aliases: [], area_km2: null},
        {code: "990103", aliases: ["西山", "西山新区"], area_km2: 12.5}
      ]);
    } finally {
      db.close();
    }
  });

  it("stg_elders.sql: the ID's birth date and sex win over the typed ones; no special hardship is 'none'", async () => {
    const db = await Db.open();
    try {
      await db.run(await readFile(new URL("schema.sql", SQL), "utf8"));
      await db.run(`create temp table _clean as select * from (values
        (2, 'h1', null, date '1940-01-15', 'male', date '1941-01-01', 'female', '990102', 2::bigint, date '2024-01-01', 'alone', null, date '2023-01-01', null::date),
        (3, null, 'p2', null, null, date '1950-06-01', 'male', '990103', 0::bigint, null, 'with_family', 'subsistence', null, null))
        t(_line, id_key, pid_key, id_birth, id_sex, birth_date_given, sex_given, district_code, ability_level, assessed_on, living, special, registered_on, died_on)`);
      await db.run(await readFile(new URL("staging/stg_elders.sql", SQL), "utf8"));
      const rows = await db.all<{person_key: string; birth_date: Date; sex: string; special: string}>("select person_key, birth_date, sex, special from staging.elders order by person_key");
      expect(rows.map((r) => [r.person_key, r.birth_date.toISOString().slice(0, 10), r.sex, r.special])).toEqual([
        ["h1", "1940-01-15", "male", "none"],
        ["p2", "1950-06-01", "male", "subsistence"]
      ]);
    } finally {
      db.close();
    }
  });
});
