// Map colour classes (src/components/scales.js): one outlier must not take the colour scale.
import fc from "fast-check";
import {describe, expect, it} from "vitest";
// @ts-expect-error a plain browser module without types
import {classBreaks, classLabel} from "../../src/components/scales.js";

/** The class (0 … breaks.length) a value falls in, as Plot's threshold scale puts it: value < breaks[i] → class i. */
const classOf = (breaks: number[], v: number) => breaks.filter((b) => v >= b).length;

// Demo City's beds per 1,000 aged 60+ (2025): eleven districts between 13.5 and 31.6, and one at 81.6.
const BEDS = [13.5, 17.7, 17.8, 19.5, 23.1, 24.9, 25.2, 26.8, 29.2, 30.3, 31.6, 81.6];

describe("map colour classes", () => {
  it("give the districts other than an outlier most of the classes", () => {
    const breaks: number[] = classBreaks(BEDS);
    expect(breaks.length).toBe(4);
    const others = new Set(BEDS.slice(0, -1).map((v) => classOf(breaks, v)));
    // a linear ramp from 13.5 to 81.6 puts all eleven in the lightest quarter; here they use four of five classes
    expect(others.size).toBeGreaterThanOrEqual(4);
    // the outlier is in the top class and does not stretch it: the top break sits among the others' values
    expect(classOf(breaks, 81.6)).toBe(breaks.length);
    expect(breaks.at(-1)!).toBeLessThanOrEqual(31.6);
    // readable breaks (two significant figures here), each class a range of the data
    expect(breaks).toEqual([19, 24, 29, 31]);
    expect([0, 1, 2, 3, 4].map((i) => classLabel(breaks, i))).toEqual(["< 19", "19–24", "24–29", "29–31", "≥ 31"]);
  });

  it("never leave a class empty and never repeat a break", () => {
    fc.assert(
      fc.property(fc.array(fc.double({min: -1e6, max: 1e6, noNaN: true}), {minLength: 2, maxLength: 60}), fc.integer({min: 2, max: 7}), (values, classes) => {
        const breaks: number[] = classBreaks(values, {classes});
        const min = Math.min(...values);
        const max = Math.max(...values);
        expect(breaks.length).toBeLessThanOrEqual(classes - 1);
        for (let i = 0; i < breaks.length; i++) {
          expect(breaks[i]!).toBeGreaterThan(min);
          expect(breaks[i]!).toBeLessThanOrEqual(max);
          if (i) expect(breaks[i]!).toBeGreaterThan(breaks[i - 1]!);
        }
        const used = new Set(values.map((v) => classOf(breaks, v)));
        expect(used.size).toBe(breaks.length + 1);
      })
    );
  });

  it("have no breaks for fewer than two distinct values", () => {
    expect(classBreaks([])).toEqual([]);
    expect(classBreaks([5])).toEqual([]);
    expect(classBreaks([3, 3, 3])).toEqual([]);
    expect(classBreaks([null, "x", 1])).toEqual([]);
  });
});
