// Property-based tests of the parsing the input contract promises: numbers, dates, age bands, ID numbers — the SQL
// macros (pipeline/sql/macros.sql, each batch of generated values evaluated in ONE query over a list) and the TS side.
import {runs} from "../harness/index.ts";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import fc from "fast-check";
import {readFile} from "node:fs/promises";
import {Db, literal} from "../../pipeline/db.ts";
import {idCheckChar, isValidId, makeId} from "../../pipeline/lib/idnumber.ts";
import {needsTrimSql} from "../../pipeline/load.ts";

let db: Db;
beforeAll(async () => {
  db = await Db.open(":memory:", {threads: 1});
  await db.run(await readFile(new URL("../../pipeline/sql/macros.sql", import.meta.url), "utf8"));
});
afterAll(() => db.close());

/** Each batch is one query; a few batches of up to a thousand values give thousands of cases per property. */
/** Cases per property: a few by default, more under AGING_DEEP_TESTS=1 (tests/harness). */
const RUNS = {numRuns: runs(5, 100)};

/**
 * What the loader makes of a cell x as read (validate/typed.ts): trimmed (ao_trim), missing-value tokens to NULL and
 * half-width (ao_tokhw), then the type's parser on that text.
 */
const CELL = "ao_tokhw(ao_trim(x))";
const LOADER = {
  num: `ao_num_n(${CELL})`,
  timestamp: `ao_ts_n(${CELL})`,
  date: `cast(ao_ts_n(${CELL}) as date)`,
  bandLo: `ao_band_lo_n(ao_band_n(${CELL}))`,
  bandHi: `ao_band_hi_n(ao_band_n(${CELL}))`,
  bandOpen: `ao_band_open_n(ao_band_n(${CELL}))`
};
const batch = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, {minLength: 400, maxLength: 1000});

/** Evaluate `exprs` (SQL over column x) for every value in one query; rows come back in input order. */
async function evaluate<T = Record<string, unknown>>(values: string[], exprs: Record<string, string>, pre = "x"): Promise<(T & {x: string})[]> {
  const list = `[${values.map(literal).join(", ")}]::varchar[]`;
  const select = Object.entries(exprs).map(([name, e]) => `${e} as "${name}"`).join(", ");
  // `n` is `pre` over x, computed once per value (a materialized CTE) for the expressions that share it.
  return db.all(`with v as materialized (select x, i, ${pre} as n from (select unnest(${list}) as x, generate_subscripts(${list}, 1) as i))
    select x, ${select} from v order by i`);
}

// ── text variants people type ───────────────────────────────────────────────────────────────────────────────
const FULL = (s: string) => s.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
const space = fc.constantFrom("", " ", "  ", "\u3000", "\u00a0", "\t");
/** Surrounding spaces (ASCII, ideographic, no-break, tab). */
const padded = (s: fc.Arbitrary<string>) => fc.tuple(space, s, space).map(([a, v, b]) => a + v + b);
const maybeFull = (s: fc.Arbitrary<string>) => fc.tuple(s, fc.boolean()).map(([v, full]) => (full ? FULL(v) : v));

function thousands(n: string, sep: string): string {
  const [int, frac] = n.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

describe("numbers", () => {
  const numberText = fc
    .tuple(fc.integer({min: 0, max: 2_000_000_000}), fc.option(fc.integer({min: 0, max: 99}), {nil: undefined}), fc.constantFrom("", ",", "，"), fc.boolean())
    .map(([int, cents, sep, full]) => {
      const plain = cents === undefined ? String(int) : `${int}.${String(cents).padStart(2, "0")}`;
      const text = sep ? thousands(plain, sep) : plain;
      return {value: cents === undefined ? int : Number(plain), text: full ? FULL(text).replaceAll(".", "．") : text};
    });

  test("thousands separators, full-width digits and surrounding spaces parse to the number (the loader's ao_num_n on the trimmed cell, and on ao_clean's)", async () => {
    await fc.assert(
      fc.asyncProperty(batch(fc.tuple(numberText, space, space)), async (cases) => {
        const values = cases.map(([n, a, b]) => a + n.text + b);
        const rows = await evaluate<{num: number | null; loader: number | null}>(values, {num: LOADER.num, loader: "ao_num_n(ao_halfwidth(ao_clean(x)))"});
        const bad = rows.filter((r, i) => r.num !== cases[i][0].value || r.loader !== cases[i][0].value);
        expect(bad).toEqual([]);
      }),
      RUNS
    );
  });

  test("text that is not a number is NULL, never a wrong number", async () => {
    const junk = fc.oneof(
      fc.string({minLength: 1, maxLength: 8}).filter((s) => /[^\d\s,，.．%０-９+\-eE]/.test(s) && !/inf|nan/i.test(s)),
      fc.constantFrom("约100", "100人", "1,2,3a", "一百", "N/A", "1..2", "--5", "1_000", "2_5")
    );
    await fc.assert(
      fc.asyncProperty(batch(junk), async (values) => {
        const rows = await evaluate<{num: number | null}>(values, {num: LOADER.num});
        expect(rows.filter((r) => r.num !== null)).toEqual([]);
      }),
      RUNS
    );
  });

  test("the missing-value tokens are NULL, other text is trimmed and kept", async () => {
    const tokens = ["", "-", "—", "/", "无", "－", "／", "——", "--"];
    const text = fc.string({minLength: 1, maxLength: 10}).filter((s) => s.trim() !== "" && !tokens.includes(s.trim()));
    await fc.assert(
      fc.asyncProperty(batch(fc.oneof(padded(fc.constantFrom(...tokens)), padded(text))), async (values) => {
        const rows = await evaluate<{c: string | null}>(values, {c: "ao_clean(x)"});
        const expected = values.map((v) => {
          const t = v.replace(/^[\t\n\f\r \u3000\u00a0\ufeff]+|[\t\n\f\r \u3000\u00a0\ufeff]+$/g, ""); // RE2's \s and the macro's extras
          return tokens.includes(t) ? null : t;
        });
        expect(rows.map((r) => r.c)).toEqual(expected);
      }),
      RUNS
    );
  });
});

describe("dates", () => {
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = fc.date({min: new Date("1928-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true}).map((d) => ({
    y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate()
  }));
  const FORMATS: ((x: {y: number; m: number; d: number}) => string)[] = [
    ({y, m, d}) => `${y}-${pad(m)}-${pad(d)}`,
    ({y, m, d}) => `${y}/${pad(m)}/${pad(d)}`,
    ({y, m, d}) => `${y}/${m}/${d}`,
    ({y, m, d}) => `${y}-${m}-${d}`,
    ({y, m, d}) => `${y}.${pad(m)}.${pad(d)}`,
    ({y, m, d}) => `${y}年${m}月${d}日`,
    ({y, m, d}) => `${y}年${pad(m)}月${pad(d)}日`,
    ({y, m, d}) => `${y}${pad(m)}${pad(d)}`,
    ({y, m, d}) => FULL(`${y}-${pad(m)}-${pad(d)}`).replaceAll("-", "－")
  ];

  test("every accepted form of a date gives the same ISO date (the loader's ao_ts_n)", async () => {
    await fc.assert(
      fc.asyncProperty(batch(fc.tuple(date, fc.nat(FORMATS.length - 1), space)), async (cases) => {
        const values = cases.map(([d, f, s]) => s + FORMATS[f](d) + s);
        const rows = await evaluate<{iso: string | null; loader: string | null}>(values, {
          iso: `strftime(${LOADER.date}, '%Y-%m-%d')`,
          loader: "strftime(cast(ao_ts_n(ao_halfwidth(ao_clean(x))) as date), '%Y-%m-%d')"
        });
        const bad = rows
          .map((r, i) => ({...r, want: `${cases[i][0].y}-${pad(cases[i][0].m)}-${pad(cases[i][0].d)}`}))
          .filter((r) => r.iso !== r.want || r.loader !== r.want);
        expect(bad).toEqual([]);
      }),
      RUNS
    );
  });

  test("timestamps keep their time of day; ISO ↔ text round trip", async () => {
    const ts = fc.tuple(date, fc.integer({min: 0, max: 23}), fc.integer({min: 0, max: 59}), fc.integer({min: 0, max: 59}), fc.nat(2));
    await fc.assert(
      fc.asyncProperty(batch(ts), async (cases) => {
        const iso = cases.map(([d, h, mi, s]) => `${d.y}-${pad(d.m)}-${pad(d.d)} ${pad(h)}:${pad(mi)}:${pad(s)}`);
        const values = cases.map(([d, h, mi, s, f], i) =>
          f === 0 ? iso[i] : f === 1 ? `${d.y}/${pad(d.m)}/${pad(d.d)} ${pad(h)}:${pad(mi)}:${pad(s)}` : `${d.y}年${d.m}月${d.d}日 ${pad(h)}:${pad(mi)}:${pad(s)}`
        );
        const rows = await evaluate<{t: string | null}>(values, {t: `strftime(${LOADER.timestamp}, '%Y-%m-%d %H:%M:%S')`});
        expect(rows.map((r) => r.t)).toEqual(iso);
      }),
      RUNS
    );
  });

  test("an Excel serial day number in text is not a date (only XLSX cells typed as dates are)", async () => {
    await fc.assert(
      fc.asyncProperty(batch(date), async (cases) => {
        const values = cases.map(({y, m, d}) => String(Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000)));
        const rows = await evaluate<{iso: string | null; loader: string | null}>(values, {
          iso: `strftime(${LOADER.date}, '%Y-%m-%d')`,
          loader: "strftime(cast(ao_ts_n(ao_halfwidth(ao_clean(x))) as date), '%Y-%m-%d')"
        });
        expect(rows.filter((r) => r.iso !== null || r.loader !== null)).toEqual([]);
      }),
      RUNS
    );
  });

  test("impossible dates are NULL, not rolled over", async () => {
    const impossible = fc.tuple(fc.integer({min: 1900, max: 2099}), fc.constantFrom([2, 30], [2, 31], [4, 31], [6, 31], [9, 31], [11, 31], [13, 1], [0, 10], [5, 0], [5, 32])).map(
      ([y, [m, d]]) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
    );
    await fc.assert(
      fc.asyncProperty(batch(impossible), async (values) => {
        const rows = await evaluate<{d: unknown}>(values, {d: LOADER.date});
        expect(rows.filter((r) => r.d !== null)).toEqual([]);
      }),
      RUNS
    );
  });
});

describe("age bands", () => {
  type Band = {lo: number; hi: number | null};
  const closed = fc.tuple(fc.integer({min: 0, max: 120}), fc.integer({min: 0, max: 20})).map(([lo, w]) => ({lo, hi: lo + w}) as Band);
  const open = fc.integer({min: 0, max: 120}).map((lo) => ({lo, hi: null}) as Band);
  const CLOSED_FORMS = [
    (b: Band) => (b.hi === b.lo ? `${b.lo}` : `${b.lo}-${b.hi}`),
    (b: Band) => `${b.lo}-${b.hi}岁`,
    (b: Band) => `${b.lo}~${b.hi}`,
    (b: Band) => `${b.lo}～${b.hi}岁`,
    (b: Band) => `${b.lo}—${b.hi}`,
    (b: Band) => `${b.lo}至${b.hi}岁`,
    (b: Band) => `${b.lo}岁-${b.hi}岁`,
    (b: Band) => `${b.lo} - ${b.hi}`,
    (b: Band) => FULL(`${b.lo}-${b.hi}`)
  ];
  const OPEN_FORMS = [(b: Band) => `${b.lo}+`, (b: Band) => `${b.lo}岁及以上`, (b: Band) => `${b.lo}岁以上`, (b: Band) => `${b.lo}及以上`, (b: Band) => FULL(`${b.lo}`) + "＋", (b: Band) => `${b.lo}岁或以上`];

  test("every accepted form of a band gives its bounds (the loader's _n macros, on the trimmed cell and on ao_clean's)", async () => {
    const text = fc.oneof(
      fc.tuple(closed, fc.nat(CLOSED_FORMS.length - 1)).map(([b, f]) => ({b, text: CLOSED_FORMS[f](b)})),
      fc.tuple(open, fc.nat(OPEN_FORMS.length - 1)).map(([b, f]) => ({b, text: OPEN_FORMS[f](b)}))
    );
    await fc.assert(
      fc.asyncProperty(batch(fc.tuple(text, space)), async (cases) => {
        const values = cases.map(([c, s]) => s + c.text + s);
        const rows = await evaluate<{lo: number; hi: number | null; open: boolean; lo_n: number; hi_n: number | null; open_n: boolean}>(values, {
          lo: LOADER.bandLo, hi: LOADER.bandHi, open: LOADER.bandOpen,
          lo_n: "ao_band_lo_n(n)", hi_n: "ao_band_hi_n(n)", open_n: "ao_band_open_n(n)"
        }, "ao_band_n(ao_halfwidth(ao_clean(x)))");
        const bad = rows.filter((r, i) => {
          const {lo, hi} = cases[i][0].b;
          return r.lo !== lo || r.hi !== hi || r.open !== (hi === null) || r.lo_n !== lo || r.hi_n !== hi || r.open_n !== (hi === null);
        });
        expect(bad).toEqual([]);
      }),
      RUNS
    );
  });

  test("text that is not a band has no lower bound", async () => {
    const junk = fc.oneof(fc.constantFrom("老年", "60-", "-64", "60--64", "六十", "60-64-70", "abc", "+85", "85++"), fc.string({maxLength: 6}).filter((s) => !/\d/.test(s)));
    await fc.assert(
      fc.asyncProperty(batch(junk), async (values) => {
        const rows = await evaluate<{lo: number | null}>(values, {lo: LOADER.bandLo});
        expect(rows.filter((r) => r.lo !== null)).toEqual([]);
      }),
      RUNS
    );
  });
});

describe("resident ID numbers (GB 11643)", () => {
  const pad = (n: number) => String(n).padStart(2, "0");
  const id = fc
    .tuple(
      fc.integer({min: 110000, max: 829999}),
      fc.date({min: new Date("1900-01-01T00:00:00Z"), max: new Date("2024-12-31T00:00:00Z"), noInvalidDate: true}),
      fc.integer({min: 0, max: 999})
    )
    .map(([region, d, seq]) => makeId(String(region), `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`, seq));
  const CHECK = `case when ao_id_shaped(n) and ao_id_check(n) = right(n, 1) and ao_id_birth(n) is not null then 'ok' else 'bad' end`;

  test("every ID makeId makes passes the SQL check and the TS check, also in lower case, full width or with spaces", async () => {
    const variant = fc.tuple(id, fc.nat(3)).map(([v, f]) => (f === 0 ? v : f === 1 ? v.toLowerCase() : f === 2 ? FULL(v) : ` ${v.slice(0, 6)} ${v.slice(6, 14)} ${v.slice(14)} `));
    await fc.assert(
      fc.asyncProperty(batch(variant), async (values) => {
        const rows = await evaluate<{status: string}>(values, {status: CHECK}, "ao_idnorm(x)");
        expect(rows.filter((r) => r.status !== "ok")).toEqual([]);
        expect(values.filter((v) => !/^\s|\s$/.test(v) && /^\d/.test(v) && !isValidId(v))).toEqual([]);
      }),
      RUNS
    );
  });

  test("one changed character — any digit, or the check character — always fails", async () => {
    const changed = fc.tuple(id, fc.nat(17), fc.integer({min: 1, max: 10})).map(([v, pos, delta]) => {
      const alphabet = pos === 17 ? "0123456789X" : "0123456789";
      const i = alphabet.indexOf(v[pos]);
      const next = alphabet[(i + (delta % alphabet.length || 1)) % alphabet.length];
      return {original: v, value: v.slice(0, pos) + next + v.slice(pos + 1)};
    });
    await fc.assert(
      fc.asyncProperty(batch(changed), async (cases) => {
        const rows = await evaluate<{check_ok: boolean}>(cases.map((c) => c.value), {check_ok: "ao_id_check(x) = right(x, 1)"});
        expect(rows.filter((r) => r.check_ok)).toEqual([]);
        expect(cases.filter((c) => c.value !== c.original && isValidId(c.value))).toEqual([]);
      }),
      RUNS
    );
  });

  test("the SQL check character equals the TS one for any 17 digits", async () => {
    const digits17 = fc.array(fc.integer({min: 0, max: 9}), {minLength: 17, maxLength: 17}).map((d) => d.join(""));
    await fc.assert(
      fc.asyncProperty(batch(digits17), async (values) => {
        const rows = await evaluate<{c: string}>(values, {c: "ao_id_check(x || '0')"});
        expect(rows.map((r) => r.c)).toEqual(values.map(idCheckChar));
      }),
      RUNS
    );
  });
});

describe("trimming", () => {
  // ao_trim tests the ends with one regular expression before trimming (a trim with this set of characters is slow);
  // the row test in load.ts does the same over a row's cells joined by U+001F. Both must trim exactly what the
  // plain trim does.
  const W = "' ' || chr(9) || chr(10) || chr(13) || chr(12288) || chr(160) || chr(65279)";
  const ends = fc.constantFrom("", " ", "  ", "\u3000", "\u00a0", "\ufeff", "\t", "\r\n", " \u3000");
  const inner = fc.string({unit: fc.constantFrom("a", "1", "区", " ", "\u3000", "-", "．", "x"), maxLength: 8});
  test("ao_trim (and the row test) agree with trim over the whole set of spaces", async () => {
    await fc.assert(
      fc.asyncProperty(batch(fc.tuple(ends, inner, ends)), async (cases) => {
        const values = cases.map(([a, v, b]) => a + v + b);
        const rows = await evaluate<{fast: string; full: string; row: boolean}>(values, {
          fast: "ao_trim(x)",
          full: `trim(x, ${W})`,
          row: needsTrimSql(["'a'", "x", "'b'"])
        });
        expect(rows.filter((r) => r.fast !== r.full)).toEqual([]);
        // the row test flags every row with a cell to trim
        expect(rows.filter((r) => r.full !== r.x && !r.row)).toEqual([]);
      }),
      RUNS
    );
  });
});
