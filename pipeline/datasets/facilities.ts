// 养老服务设施 facilities: institutions, community centres, stations and canteens, with beds, by year.
import {YEAR, type Dataset} from "./types.ts";

export const facilities: Dataset = {
  name: "facilities",
  zh: "养老服务设施",
  fileAliases: ["养老服务设施", "设施", "养老机构"],
  required: true,
  columns: [
    YEAR,
    {key: "facility_id", zh: ["机构编码", "设施编码"], type: "text", required: true},
    {key: "name", zh: ["机构名称", "设施名称"], type: "text", required: true},
    {key: "district", zh: ["区县"], type: "district", required: true},
    {
      key: "type",
      zh: ["类型", "设施类型"],
      type: "enum",
      required: true,
      labels: {institution: ["养老机构"], community: ["社区养老服务机构", "社区养老服务中心", "日间照料中心"], station: ["养老服务站点", "站点", "养老服务站"], canteen: ["助餐点", "老年食堂", "长者食堂"]}
    },
    {key: "ownership", zh: ["性质", "机构性质"], type: "enum", labels: {public: ["公办"], public_private: ["公建民营"], private: ["民办"]}},
    {key: "beds", zh: ["床位数", "床位"], type: "int", required: true, min: 0},
    {key: "nursing_beds", zh: ["护理型床位数", "护理型床位"], type: "int", min: 0},
    {key: "residents", zh: ["在住人数", "入住人数"], type: "int", min: 0},
    {key: "star", zh: ["星级"], type: "int", min: 0, max: 5, note: "0 或空 = 未评级 / 0 or empty = unrated"},
    {key: "on_platform", zh: ["接入信息平台", "是否接入平台"], type: "bool"},
    {key: "medical", zh: ["医养结合"], type: "bool"},
    {key: "lon", zh: ["经度"], type: "number", note: "WGS84 经纬度 / WGS84 coordinates"},
    {key: "lat", zh: ["纬度"], type: "number"}
  ],
  key: {columns: ["year", "facility_id"], sql: ["year", "facility_id"]},
  rules: [
    {column: "nursing_beds", check: "nursing_beds is null or beds is null or nursing_beds <= beds", value: "nursing_beds__txt", reason: "护理型床位数大于床位数 / nursing_beds > beds", level: "reject"},
    {column: "residents", check: "residents is null or beds is null or residents <= beds", value: "residents__txt", reason: "在住人数大于床位数 / residents > beds", level: "warning"},
    {
      column: "lon",
      check: "(lon is null and lat is null) or (lon between 73 and 136 and lat between 3 and 54)",
      value: "concat_ws(',', lon__txt, lat__txt)",
      reason: "坐标不在中国范围内，已置空 / coordinates outside China's extent, dropped",
      level: "warning"
    }
  ]
};
