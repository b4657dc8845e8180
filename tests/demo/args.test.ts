import {describe, expect, it} from "vitest";
import {parseDemoArgs} from "../../pipeline/demo/args.ts";

const defaults = {kind: "run", out: "data/demo-input", seed: 1, scale: 1};

describe("parseDemoArgs", () => {
  it.each([
    [[], defaults],
    [["--out", "x/y"], {...defaults, out: "x/y"}],
    [["--out=x/y"], {...defaults, out: "x/y"}],
    [["--seed", "42"], {...defaults, seed: 42}],
    [["--seed=-7"], {...defaults, seed: -7}],
    [["--scale", "0.02"], {...defaults, scale: 0.02}],
    [["--scale", "30"], {...defaults, scale: 30}],
    [["--scale=1e-2"], {...defaults, scale: 0.01}],
    [["--seed", "3", "--scale", "2", "--out", "o"], {kind: "run", out: "o", seed: 3, scale: 2}],
    [["--help"], {kind: "help"}],
    [["--seed", "1", "-h"], {kind: "help"}],
  ])("%j → %j", (argv, expected) => {
    expect(parseDemoArgs(argv)).toEqual(expected);
  });

  it.each([
    [["--seed"], "--seed needs a value"],
    [["--seed", "1.5"], "--seed must be an integer"],
    [["--seed", "abc"], "--seed must be an integer"],
    [["--scale", "0"], "--scale must be a number above 0"],
    [["--scale", "-1"], "--scale must be a number above 0"],
    [["--scale", "lots"], "--scale must be a number above 0"],
    [["--scale", "5000"], "--scale must be a number above 0"],
    [["--out"], "--out needs a value"],
    [["--out", "--seed"], "--out needs a value"],
    [["--verbose"], "unknown argument: --verbose"],
    [["extra"], "unknown argument: extra"],
  ])("%j is an error", (argv, message) => {
    const parsed = parseDemoArgs(argv);
    expect(parsed.kind).toBe("error");
    if (parsed.kind === "error") expect(parsed.message).toContain(message);
  });
});
