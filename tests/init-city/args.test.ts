// `npm run init-city` arguments: a table of argv → parsed result.
import {describe, expect, it} from "vitest";
import {parseInitCityArgs} from "../../pipeline/init-city/args.ts";

describe("parseInitCityArgs", () => {
  it.each([
    [["--code", "370100"], {kind: "run", code: "370100", out: "data/city-370100", maxKb: 200, force: false, census: false}],
    [["--code=330100", "--out", "x/y"], {kind: "run", code: "330100", out: "x/y", maxKb: 200, force: false, census: false}],
    [["--code", "510100", "--max-kb", "50", "--force"], {kind: "run", code: "510100", out: "data/city-510100", maxKb: 50, force: true, census: false}],
    [["--code", " 370100 "], {kind: "run", code: "370100", out: "data/city-370100", maxKb: 200, force: false, census: false}],
    [["--code", "370100", "--census"], {kind: "run", code: "370100", out: "data/city-370100", maxKb: 200, force: false, census: true}],
    [["-h"], {kind: "help"}],
    [["--code", "370100", "--help"], {kind: "help"}]
  ])("%j", (argv, expected) => {
    expect(parseInitCityArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], /--code is required/],
    [["--code"], /--code needs a value/],
    [["--code", "--out", "x"], /--code needs a value/],
    [["--code", "3701"], /6-digit/],
    [["--code", "37010A"], /6-digit/],
    [["--code", "370100", "--max-kb", "0"], /--max-kb/],
    [["--code", "370100", "--max-kb", "big"], /--max-kb/],
    [["--code", "370100", "--city", "济南"], /unknown argument: --city/],
    [["370100"], /unknown argument/]
  ])("%j is a usage error", (argv, message) => {
    const parsed = parseInitCityArgs(argv);
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.message).toMatch(message);
  });
});
