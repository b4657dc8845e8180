// 人口 population: residents by year, district, sex and age band (single years or bands).
import {SEX, sqlFile, YEAR, type Dataset} from "./types.ts";

export const population: Dataset = {
  name: "population",
  zh: "人口",
  fileAliases: ["人口", "人口数据", "常住人口"],
  required: true,
  columns: [
    YEAR,
    {key: "district", zh: ["区县"], type: "district", required: true},
    {
      key: "sex",
      zh: ["性别"],
      type: "enum",
      required: true,
      labels: SEX,
      note: "有男、女数据时使用男女数据，合计须等于男女之和（否则警告）；只有合计时使用合计 / male and female rows are used where present, total must equal their sum (else a warning); total alone is used where it is all"
    },
    {
      key: "age",
      zh: ["年龄", "年龄组", "年龄段"],
      type: "band",
      required: true,
      note: "同一（年份、区县、性别）内年龄组不得重叠，须从0岁连续覆盖到开口组，且以15、60、65、80岁为分界 / within one (year, district, sex) bands must not overlap, must run from 0 to an open band, with boundaries at 15, 60, 65 and 80"
    },
    {key: "population", zh: ["人口数", "人口", "人数"], type: "int", required: true, min: 0}
  ],
  key: {columns: ["year", "district", "sex", "age"], sql: ["year", "district_code", "sex", "age_lo", "coalesce(age_hi, -1)"]},
  checks: {
    reject: [sqlFile(import.meta.url, "population.bands.sql")],
    warn: [sqlFile(import.meta.url, "population.total-mismatch.sql")]
  }
};
