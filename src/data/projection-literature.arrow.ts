// What the literature found about small-area projection accuracy (pipeline/projection/literature.ts), for the methods
// page: one row per study, its quoted figures (each with table, sample, horizon and measure) as JSON, and why none is
// quoted where none could be checked.
import {literal} from "../../pipeline/db.ts";
import {PROJECTION_LITERATURE} from "../../pipeline/projection/literature.ts";
import {writeArrow} from "./lib/warehouse.ts";

const text = (v: string | null) => (v == null ? "null::varchar" : literal(v));
const rows = PROJECTION_LITERATURE.map((l) =>
  `(${[text(l.citation), text(l.doi), text(l.geography), text(l.horizons.join(",")), text(l.scope_zh), text(l.scope_en), text(l.finding_zh), text(l.finding_en), text(JSON.stringify(l.figures)), text(l.not_quoted_zh), text(l.not_quoted_en)].join(", ")})`
);
await writeArrow(`
  select * from (values ${rows.join(",\n")}) as t(citation, doi, geography, horizons, scope_zh, scope_en, finding_zh, finding_en, figures, not_quoted_zh, not_quoted_en)
`);
