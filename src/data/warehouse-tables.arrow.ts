// Tables per warehouse schema: the sample loader that proves the loader → Arrow → page path.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    table_schema as schema_name,
    count(*)::integer as tables
  from information_schema.tables
  -- DuckDB's own catalog schemas are not part of the warehouse
  where table_catalog = current_database() and table_schema not in ('information_schema', 'pg_catalog')
  group by table_schema
  order by table_schema
`);
