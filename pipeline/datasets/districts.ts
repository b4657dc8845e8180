// 区县 districts: the areas every other dataset refers to (by code, name, alias or name without its suffix).
import {sqlFile, type Dataset} from "./types.ts";

export const districts: Dataset = {
  name: "districts",
  zh: "区县",
  fileAliases: ["区县", "行政区划", "区县名录"],
  required: true,
  columns: [
    {key: "code", zh: ["区划代码", "代码", "行政区划代码"], type: "text", required: true},
    {key: "name", zh: ["名称", "区县名称"], type: "text", required: true},
    {key: "name_en", zh: ["英文名称"], type: "text"},
    {
      key: "kind",
      zh: ["类型"],
      type: "enum",
      required: true,
      labels: {district: ["区", "市辖区"], county: ["县", "旗"], county_city: ["县级市", "市"], zone: ["开发区", "功能区", "开发区/功能区", "新区"]}
    },
    {key: "aliases", zh: ["别名"], type: "text"},
    {key: "area_km2", zh: ["面积", "面积（平方公里）", "面积km2"], type: "number", min: 0}
  ],
  key: {columns: ["code"], sql: ["code"]},
  rules: [
    {column: "code", check: "regexp_full_match(code, '[0-9A-Za-z]{6,12}')", value: "code__txt", reason: "区划代码须为6–12位字母或数字 / code must be 6–12 letters or digits", level: "reject"},
    {column: "area_km2", check: "area_km2 is null or area_km2 > 0", value: "area_km2__txt", reason: "面积须大于0 / area must be > 0", level: "reject"}
  ],
  checks: {reject: [sqlFile(import.meta.url, "districts.duplicate-name.sql")]}
};
