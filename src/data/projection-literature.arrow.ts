// What the literature found about Hamilton–Perry accuracy (pipeline/projection/literature.ts), for the methods page.
import {literal} from "../../pipeline/db.ts";
import {PROJECTION_LITERATURE} from "../../pipeline/projection/literature.ts";
import {writeArrow} from "./lib/warehouse.ts";

const rows = PROJECTION_LITERATURE.map((l) =>
  `(${[l.citation, l.doi, l.scope_zh, l.scope_en, l.finding_zh, l.finding_en].map(literal).join(", ")})`
);
await writeArrow(`
  select * from (values ${rows.join(",\n")}) as t(citation, doi, scope_zh, scope_en, finding_zh, finding_en)
`);
