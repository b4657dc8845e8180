// The methods page's Chinese formulas (pipeline/indicators/formulas-zh.ts) beside the registry's English ones: one
// for every indicator, none for an indicator that is gone, and the same numbers in both (a changed threshold or
// constant in one and not the other fails here).
import {describe, expect, it} from "vitest";
import {INDICATORS} from "../../pipeline/indicators/registry.ts";
import {FORMULA_ZH} from "../../pipeline/indicators/formulas-zh.ts";

const numbers = (text: string) => [...new Set(text.match(/\d+(?:\.\d+)?/g) ?? [])].sort();

describe("Chinese formulas", () => {
  it("exist for exactly the registry's indicators", () => {
    expect(Object.keys(FORMULA_ZH).sort()).toEqual(INDICATORS.map((i) => i.code).sort());
  });

  it("hold the same numbers as the English formula, and no code names", () => {
    for (const i of INDICATORS) {
      const zh = FORMULA_ZH[i.code]!;
      expect(numbers(zh), i.code).toEqual(numbers(i.formula));
      expect(zh, i.code).not.toMatch(/[a-z]+_[a-z0-9]+/);
      expect(zh, i.code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
