// Each page loads only its own indicators (src/data/indicators/[page].arrow.ts, PAGE_INDICATORS in
// src/components/page-indicators.js). Two guards that a page is never short of one: every indicator code a page's
// source names (and the components it imports name) is in its file; and at run time a page that asks for an
// indicator its file does not hold logs an error (data.js checkIndicator), which the browser tests fail on.
import {readFile} from "node:fs/promises";
import {tableFromIPC, tableToIPC, Table, vectorFromArray, Utf8, Schema, RecordBatch} from "apache-arrow";
import {afterEach, describe, expect, it, vi} from "vitest";
import {INDICATORS} from "../../pipeline/indicators/registry.ts";
import {PAGE_INDICATORS, pageIndicatorCodes} from "../../src/components/page-indicators.js";
// @ts-expect-error: a page component without types
import {checkIndicator, indicatorCodes, indicatorIndex, toRows} from "../../src/components/data.js";

const SRC = new URL("../../src/", import.meta.url);
const CODES = INDICATORS.map((i) => i.code);

/** The page (PAGE_INDICATORS key) of each source that loads /data/indicators/<page>.arrow. */
async function pageSources(): Promise<[string, string][]> {
  const files = ["[lang]/index.md", "[lang]/aging.md", "[lang]/capacity.md", "[lang]/services.md", "[lang]/informatization.md", "[lang]/methods.md", "[lang]/scorecard.md", "[lang]/tasks.md", "[lang]/slides.md", "[lang]/district/[code].md"];
  const out: [string, string][] = [];
  for (const f of files) {
    const text = await readFile(new URL(f, SRC), "utf8");
    for (const m of text.matchAll(/FileAttachment\("\/data\/indicators\/([a-z]+)\.arrow"\)/g)) out.push([f, m[1]!]);
    // no page loads the whole file any more
    expect(text, f).not.toContain('"/data/indicators.arrow"');
  }
  return out;
}

/** Registry codes named as quoted strings in the text. */
function codesNamed(text: string): string[] {
  return CODES.filter((c) => new RegExp(`["'\`]${c}["'\`]`).test(text));
}

describe("each page's indicator file", () => {
  it("holds every indicator its page and the components it imports name", async () => {
    const sources = await pageSources();
    expect(sources.map(([, p]) => p).sort()).toEqual(Object.keys(PAGE_INDICATORS).sort());
    for (const [file, page] of sources) {
      const text = await readFile(new URL(file, SRC), "utf8");
      // the components the page imports (csv.js names indicators only as the titles of CSV columns)
      const components = [...text.matchAll(/from "\/components\/([a-z-]+\.js)"/g)].map((m) => m[1]!).filter((c) => c !== "csv.js");
      const named = new Set(codesNamed(text));
      for (const c of components) for (const code of codesNamed(await readFile(new URL(`components/${c}`, SRC), "utf8"))) named.add(code);
      const held = new Set(pageIndicatorCodes(page, INDICATORS));
      expect([...named].filter((c) => !held.has(c) && c !== "district_score" && c !== "district_rank"), `${file} (${page})`).toEqual([]);
    }
  });

  it("resolves groups, single codes and the scored indicators from the registry", () => {
    const aging = INDICATORS.filter((i) => i.group === "aging").map((i) => i.code);
    expect(pageIndicatorCodes("aging", INDICATORS)).toEqual(aging);
    expect(pageIndicatorCodes("services", INDICATORS)).toContain("online_order_share");
    const overview = pageIndicatorCodes("overview", INDICATORS);
    for (const i of INDICATORS.filter((i) => i.scored)) expect(overview).toContain(i.code);
    expect(overview).not.toContain("pop_80p");
    expect(pageIndicatorCodes("methods", INDICATORS)).toEqual(CODES);
    expect(() => pageIndicatorCodes("nowhere", INDICATORS)).toThrow(/PAGE_INDICATORS/);
  });
});

describe("the page's guard", () => {
  afterEach(() => vi.restoreAllMocks());
  /** An indicator file as the loader writes it: rows of `held`, its metadata naming `codes`. */
  const file = (held: string[], codes: string[] | null) => {
    const t = new Table({indicator: vectorFromArray(held, new Utf8()), area_code: vectorFromArray(held.map(() => "CITY"), new Utf8())});
    const schema = new Schema(t.schema.fields, codes ? new Map([["codes", JSON.stringify(codes)]]) : undefined);
    return tableFromIPC(tableToIPC(new Table(schema, t.batches.map((b) => new RecordBatch(schema, b.data))), "file"));
  };

  it("knows the codes its file holds, also those with no rows", () => {
    const rows = toRows(file(["share_60p"], ["share_60p", "bed_gap"]));
    expect(rows).toHaveLength(1);
    expect([...indicatorCodes(rows)]).toEqual(["share_60p", "bed_gap"]);
    // the rows stay plain: the codes are not a row or a key
    expect(Object.keys(rows)).toEqual(["0"]);
    expect(indicatorCodes(toRows(file(["share_60p"], null)))).toBeUndefined();
  });

  it("logs an error, once, for an indicator the file does not hold, and none for one it holds", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const rows = toRows(file(["share_60p"], ["share_60p", "bed_gap"]));
    const index = indicatorIndex(rows);
    index.series("share_60p");
    index.series("bed_gap");
    expect(error).not.toHaveBeenCalled();
    index.series("occupancy_rate");
    checkIndicator(rows, "occupancy_rate");
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]![0])).toMatch(/occupancy_rate is not in this page's indicator file/);
    // rows of other files are not checked
    checkIndicator([], "anything");
    expect(error).toHaveBeenCalledTimes(1);
  });
});
