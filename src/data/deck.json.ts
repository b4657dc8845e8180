// The meeting deck for the Slides page: the same slides, headlines and figures as `npm run deck` writes into the
// PowerPoint (pipeline/deck/build.ts deckSlides), in both languages, with the cover settings of aging.config.json
// and the district map (shapes coloured by the stage of aging). Published figures only (marts.*_public).
import {deckSlides, lateTasks} from "../../pipeline/deck/build.ts";
import {shortName} from "../../pipeline/deck/names.ts";
import {readDeckInputs} from "./lib/deck-file.ts";

try {
  const {site, data} = await readDeckInputs();
  const year = Math.max(...data.cells.filter((c) => c.indicator === "share_65p" && c.area_code === "CITY" && !c.projected && c.value != null).map((c) => c.year));
  const share = new Map(data.cells.filter((c) => c.indicator === "share_65p" && c.year === year && !c.suppressed).map((c) => [c.area_code, c.value]));
  const map = data.areas
    .filter((a) => !a.is_city)
    .map((a) => ({
      code: a.area_code,
      name_zh: a.name_zh,
      name_en: a.name_en,
      short_zh: shortName(a, "zh"),
      short_en: shortName(a, "en"),
      value: share.get(a.area_code) == null ? null : Math.round(share.get(a.area_code)! * 10) / 10,
      geometry: data.shapes.get(a.area_code) ?? null
    }));
  const out = {
    site,
    asOf: data.asOf,
    demo: data.demo,
    mapYear: Number.isFinite(year) ? year : null,
    map,
    late: lateTasks(data.tasks).slice(0, 6),
    slides: {zh: deckSlides(data, site, {lang: "zh"}), en: deckSlides(data, site, {lang: "en"})}
  };
  process.stdout.write(JSON.stringify(out));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
