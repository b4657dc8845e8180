// District boundaries as GeoJSON geometry text (some units may have none: the map lists them aside).
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select code, geometry
  from staging.district_shapes
  order by code
`);
