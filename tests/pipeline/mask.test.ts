// Masking of messages that quote input (issue 18): ID numbers never in clear; header cells that may be identifiers.
import {describe, expect, it} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {maskHeaderCell, maskIds, maskIdsSql, maskValue} from "../../pipeline/mask.ts";
import {makeId} from "../../pipeline/lib/idnumber.ts";

const id = makeId("990102", "19400115", 100);

describe("maskIds", () => {
  it("masks every ID number in a text, keeps the rest", () => {
    expect(maskIds(`header found: ${id}, 990102, alone`)).toBe("header found: 990102**********0X, 990102, alone");
    expect(maskIds(`${id};${id}`)).toBe("990102**********0X;990102**********0X");
    expect(maskIds("110101900307451 (15 digits)")).toBe("110101*******51 (15 digits)");
    expect(maskIds("a count 1234567890123456789 is not an ID")).toBe("a count 1234567890123456789 is not an ID");
    expect(maskIds("９９０１０２１９４００１１５１００Ｘ")).toBe("990102**********0X");
  });

  it("masks a header cell that could be an identifier, in datasets with personal columns only", () => {
    expect(maskHeaderCell("P000123", false, true)).toBe("*******");
    expect(maskHeaderCell("P000123", false, false)).toBe("P000123");
    expect(maskHeaderCell("人员编号", true, true)).toBe("人员编号");
    expect(maskHeaderCell("备注", false, true)).toBe("备注");
    expect(maskValue("2023-05-01")).toBe("2023-0**01");
  });

  it("does the same in SQL for quality values", async () => {
    const db = await Db.open();
    const row = await db.one<{m: string}>(`select ${maskIdsSql(`'line ${id} and ${id.slice(0, 17)}1 end'`)} as m`);
    expect(row!.m).toBe("line 990102**********0X and 990102**********01 end");
    db.close();
  });
});
