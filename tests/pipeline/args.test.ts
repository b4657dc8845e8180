import {describe, expect, it} from "vitest";
import {parsePipelineArgs, UsageError} from "../../pipeline/args.ts";

describe("pipeline arguments", () => {
  it.each([
    [[], {input: "data/demo-input", warehouse: "data/warehouse.duckdb", k: 10, quiet: false, help: false}],
    [["--input", "in", "--warehouse", "w.duckdb", "--as-of", "2025-10-31"], {input: "in", warehouse: "w.duckdb", asOf: "2025-10-31"}],
    [["--k", "0", "--quiet"], {k: 0, quiet: true}],
    [["--horizon", "2040", "--memory-limit", "1GB"], {horizon: 2040, memoryLimit: "1GB"}],
    [["-h"], {help: true}],
    [["--report", "r.json"], {report: "r.json"}],
    [[], {waitMs: 0, newKey: false, groupAccess: false}],
    [["--wait", "1.5", "--new-key", "--group-access"], {waitMs: 90_000, newKey: true, groupAccess: true}]
  ])("%j", (argv, expected) => {
    expect(parsePipelineArgs(argv)).toMatchObject(expected);
  });

  it.each([
    [["--as-of", "2025-13-01"], /--as-of/],
    [["--as-of", "yesterday"], /--as-of/],
    [["--k", "-1"], /--k/],
    [["--k", "2.5"], /--k/],
    [["--horizon", "soon"], /--horizon/],
    [["--memory-limit", "lots"], /--memory-limit/],
    [["--nope"], /nope/],
    [["stray"], /stray|positional/i],
    [["--wait", "-1"], /--wait/],
    [["--wait", "soon"], /--wait/]
  ])("rejects %j", (argv, message) => {
    expect(() => parsePipelineArgs(argv)).toThrow(UsageError);
    expect(() => parsePipelineArgs(argv)).toThrow(message);
  });
});
