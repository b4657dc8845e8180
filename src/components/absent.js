// Cards whose data are absent: instead of an empty chart, which file would fill them and the template to fill in.
//
//   const need = needs(inputs, templateHref)   inputs: rows of data/inputs.arrow; templateHref: the templates workbook
//   chartCard({…, absent: need("facilities")})   → the card says "needs facilities.csv (养老服务设施)" when it is absent
//   absentNote(absent, lang) → HTMLElement       (what chartCard shows; also usable on its own)
//   populationSource(meta, lang) → the source line of population figures: the censuses in a census start
import {pick, t} from "./i18n.js";

export function needs(inputs, templateHref) {
  const byName = new Map(inputs.map((d) => [d.dataset, d]));
  return (...datasets) =>
    datasets
      .filter((name) => byName.has(name) && byName.get(name).status !== "loaded")
      .map((name) => ({...byName.get(name), templateHref}));
}

export function absentNote(absent, lang = "zh") {
  const div = document.createElement("div");
  div.className = "chart-card-absent";
  const files = absent.map((d) => `${d.dataset}.csv（${d.zh}）`);
  const filesEn = absent.map((d) => `${d.dataset}.csv (${d.zh})`);
  const p = document.createElement("p");
  p.textContent = t(
    lang,
    `尚无数据：此图需要 ${files.join("、")}。把文件（CSV 或 XLSX）放入输入文件夹，重新运行数据管道后即可显示。`,
    `No data yet: this chart needs ${filesEn.join(", ")}. Put the file (CSV or XLSX) in the input folder and rerun the pipeline.`
  );
  div.append(p);
  const href = absent.find((d) => d.templateHref)?.templateHref;
  if (href) {
    const q = document.createElement("p");
    const a = document.createElement("a");
    a.href = href;
    a.download = "input-templates.xlsx";
    a.textContent = t(lang, "下载填报模板 input-templates.xlsx", "Download the template, input-templates.xlsx");
    q.append(a, document.createTextNode(t(lang, `（工作表：${absent.map((d) => d.template_sheet).join("、")}）`, ` (sheet${absent.length > 1 ? "s" : ""}: ${absent.map((d) => d.template_sheet).join(", ")})`)));
    div.append(q);
  }
  return div;
}

/** The source of population figures: the 2010 and 2020 censuses in a census start, else the default (the warehouse). */
export function populationSource(meta, lang = "zh") {
  if (!meta?.census_start) return undefined;
  return pick(lang, {
    zh: "第六次、第七次全国人口普查分县资料（2010、2020年，常住人口）；2021年起为本平台预测",
    en: "2010 and 2020 census county tables (resident population); from 2021 projected by this platform"
  });
}
