import {describe, expect, it} from "vitest";
import {createHmac} from "node:crypto";
import {mkdtemp, readFile, stat} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {Db, literal} from "../../pipeline/db.ts";
import {hmacMacroSql, pseudonymKey} from "../../pipeline/pseudonym.ts";
import {idBirthDate, idSex, isValidId, makeId} from "../../pipeline/lib/idnumber.ts";

describe("keyed hashing", () => {
  it("computes HMAC-SHA256 in SQL exactly as Node does, for ASCII and Chinese text", async () => {
    const key = Buffer.from("a-test-key-that-is-long-enough-0123456789");
    const db = await Db.open();
    await db.run(hmacMacroSql(key));
    for (const value of ["110101199003070015", "P0001", "张三", ""]) {
      const row = await db.one<{h: string}>(`select ao_hmac(${literal(value)}) as h`);
      expect(row!.h).toBe(createHmac("sha256", key).update(value, "utf8").digest("hex"));
    }
    db.close();
  });

  it("takes keys longer than 64 bytes as HMAC does (hashed first), equal to Node's createHmac", async () => {
    for (const key of [Buffer.alloc(64, 7), Buffer.alloc(65, 7), Buffer.from("长密钥".repeat(40))]) {
      const db = await Db.open();
      await db.run(hmacMacroSql(key));
      const row = await db.one<{h: string}>(`select ao_hmac('P0001') as h`);
      expect(row!.h).toBe(createHmac("sha256", key).update("P0001", "utf8").digest("hex"));
      db.close();
    }
  });

  it("creates a private key file once and reuses it; the environment wins", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "key-"));
    const file = path.join(dir, "pseudonym.key");
    const first = await pseudonymKey(file, {});
    expect(first.source).toBe("created");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await pseudonymKey(file, {});
    expect(second.source).toBe("file");
    expect(second.key.equals(first.key)).toBe(true);
    expect((await readFile(file, "utf8")).trim()).toMatch(/^[0-9a-f]{64}$/);
    const env = await pseudonymKey(file, {AGING_PSEUDONYM_KEY: "an-environment-key-of-some-length"});
    expect(env.source).toBe("env");
    await expect(pseudonymKey(file, {AGING_PSEUDONYM_KEY: "short"})).rejects.toThrow(/too short/);
  });
});

describe("resident ID numbers (GB 11643)", () => {
  it("validates a known-valid ID and derives birth date and sex", () => {
    // 11010519491231002X is the standard's own example
    expect(isValidId("11010519491231002X")).toBe(true);
    expect(idBirthDate("11010519491231002X")).toBe("1949-12-31");
    expect(idSex("11010519491231002X")).toBe("female");
    expect(isValidId("110105194912310021")).toBe(false);
    expect(isValidId("11010519490231002X".slice(0, 17) + "X")).toBe(false);
  });

  it("makes IDs that validate in TS and in SQL", async () => {
    const db = await Db.open();
    await db.runFile("pipeline/sql/macros.sql");
    const ids = Array.from({length: 50}, (_, i) => makeId("990102", `19${30 + i}0${1 + (i % 9)}1${i % 9}`, i));
    for (const id of ids) expect(isValidId(id)).toBe(true);
    const rows = await db.all<{ok: boolean}>(`select ao_id_check(left(v, 17)) = right(v, 1) as ok from unnest([${ids.map(literal).join(", ")}]) t(v)`);
    expect(rows.every((r) => r.ok)).toBe(true);
    db.close();
  });
});
