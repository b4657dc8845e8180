// The input contract (../shared/spec/inputs.md) as data: datasets, columns, types, labels and rules.

export type ColumnType =
  | "text"
  | "int"
  | "number"
  | "bool"
  | "date"
  | "timestamp"
  | "enum"
  | "district"
  | "band"
  | "id_number"
  | "person_id"
  | "person"
  | "scope";

export interface Column {
  key: string;
  /** Chinese headers accepted for this column (the first is the canonical one). */
  zh: string[];
  type: ColumnType;
  /** The column must be present in the file. */
  required?: boolean;
  /** A value must be present in every row (defaults to `required`). */
  notNull?: boolean;
  min?: number;
  max?: number;
  /** enum: canonical key → accepted labels (besides the key itself). */
  labels?: Record<string, string[]>;
  /** The column holds a personal identifier: hashed before anything is written. */
  personal?: boolean;
  description?: string;
}

/** A rule over a typed row; `check` is SQL over the typed columns that is true when the row is valid. */
export interface RowRule {
  column: string;
  check: string;
  /** SQL expression giving the offending value as text. */
  value: string;
  reason: string;
  /** A warning keeps the row; a reject drops it. */
  level: "reject" | "warning";
}

export interface Dataset {
  name: string;
  zh: string;
  /** File-name stems accepted besides `name` (Chinese aliases). */
  fileAliases: string[];
  required: boolean;
  /** Required, except in a census start (a folder with census.json, written by `init-city --census`). */
  optionalInCensusStart?: boolean;
  recordLevel?: boolean;
  columns: Column[];
  /** Columns that together must be unique. */
  unique?: string[];
  rules?: RowRule[];
  /** At least one of these columns must be present (e.g. id_number or person_id). */
  oneOf?: string[];
}

const SEX = {male: ["男", "m"], female: ["女", "f"], total: ["合计", "总计", "小计", "all"]};

export const DATASETS: Dataset[] = [
  {
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
    unique: ["code"],
    rules: [
      {column: "code", check: "regexp_full_match(code, '[0-9A-Za-z]{6,12}')", value: "code__txt", reason: "区划代码须为6–12位字母或数字 / code must be 6–12 letters or digits", level: "reject"},
      {column: "area_km2", check: "area_km2 is null or area_km2 > 0", value: "area_km2__txt", reason: "面积须大于0 / area must be > 0", level: "reject"}
    ]
  },
  {
    name: "population",
    zh: "人口",
    fileAliases: ["人口", "人口数据", "常住人口"],
    required: true,
    columns: [
      {key: "year", zh: ["年份", "年度"], type: "int", required: true, min: 1950, max: 2100},
      {key: "district", zh: ["区县"], type: "district", required: true},
      {key: "sex", zh: ["性别"], type: "enum", required: true, labels: SEX},
      {key: "age", zh: ["年龄", "年龄组", "年龄段"], type: "band", required: true},
      {key: "population", zh: ["人口数", "人口", "人数"], type: "int", required: true, min: 0}
    ],
    unique: ["year", "district", "sex", "age"]
  },
  {
    name: "facilities",
    zh: "养老服务设施",
    fileAliases: ["养老服务设施", "设施", "养老机构"],
    required: true,
    optionalInCensusStart: true,
    columns: [
      {key: "year", zh: ["年份", "年度"], type: "int", required: true, min: 1950, max: 2100},
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
      {key: "star", zh: ["星级"], type: "int", min: 0, max: 5},
      {key: "on_platform", zh: ["接入信息平台", "是否接入平台"], type: "bool"},
      {key: "medical", zh: ["医养结合"], type: "bool"},
      {key: "lon", zh: ["经度"], type: "number"},
      {key: "lat", zh: ["纬度"], type: "number"}
    ],
    unique: ["year", "facility_id"],
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
  },
  {
    name: "elders",
    zh: "老年人信息",
    fileAliases: ["老年人信息", "老年人", "老人信息"],
    required: false,
    recordLevel: true,
    oneOf: ["id_number", "person_id"],
    columns: [
      {key: "id_number", zh: ["身份证号", "身份证号码", "公民身份号码"], type: "id_number", personal: true},
      {key: "person_id", zh: ["人员编号"], type: "person_id", personal: true},
      {key: "birth_date", zh: ["出生日期"], type: "date"},
      {key: "sex", zh: ["性别"], type: "enum", labels: {male: ["男", "m"], female: ["女", "f"]}},
      {key: "district", zh: ["区县"], type: "district", required: true},
      {
        key: "ability_level",
        zh: ["能力等级", "老年人能力等级"],
        type: "enum",
        labels: {"0": ["能力完好"], "1": ["轻度失能"], "2": ["中度失能"], "3": ["重度失能"], "4": ["完全失能"]}
      },
      {key: "assessed_on", zh: ["评估日期"], type: "date"},
      {key: "living", zh: ["居住状况"], type: "enum", labels: {alone: ["独居"], empty_nest: ["空巢"], with_family: ["与子女同住", "与家人同住"], institution: ["入住机构", "机构"]}},
      {
        key: "special",
        zh: ["特殊困难类型", "特殊困难"],
        type: "enum",
        labels: {extreme_poverty: ["特困", "特困人员"], subsistence: ["低保"], low_income: ["低收入"], bereaved_parents: ["计划生育特殊家庭", "计生特殊家庭"], none: ["无", "否"]}
      },
      {key: "registered_on", zh: ["建档日期"], type: "date"},
      {key: "died_on", zh: ["死亡日期"], type: "date"}
    ],
    unique: ["person_key"],
    rules: [
      {column: "registered_on", check: "registered_on is null or coalesce(id_birth, birth_date_given) is null or registered_on >= coalesce(id_birth, birth_date_given)", value: "registered_on__txt", reason: "建档日期早于出生日期 / registered before birth", level: "reject"},
      {column: "died_on", check: "died_on is null or coalesce(id_birth, birth_date_given) is null or died_on >= coalesce(id_birth, birth_date_given)", value: "died_on__txt", reason: "死亡日期早于出生日期 / died before birth", level: "reject"},
      {column: "assessed_on", check: "assessed_on is null or died_on is null or assessed_on <= died_on", value: "assessed_on__txt", reason: "评估日期晚于死亡日期 / assessed after death", level: "reject"},
      {column: "birth_date", check: "birth_date_given is null or id_birth is null or birth_date_given = id_birth", value: "birth_date__txt", reason: "出生日期与身份证号不符，以身份证号为准 / birth date differs from the ID number's; the ID's is used", level: "warning"},
      {column: "sex", check: "sex_given is null or id_sex is null or sex_given = id_sex", value: "sex__txt", reason: "性别与身份证号不符，以身份证号为准 / sex differs from the ID number's; the ID's is used", level: "warning"}
    ]
  },
  {
    name: "service_orders",
    zh: "服务工单",
    fileAliases: ["服务工单", "工单", "服务记录"],
    required: false,
    recordLevel: true,
    columns: [
      {key: "order_id", zh: ["工单编号"], type: "text", required: true},
      {key: "person", zh: ["服务对象", "服务对象身份证号"], type: "person", required: true, personal: true},
      {key: "district", zh: ["区县"], type: "district", required: true},
      {key: "facility_id", zh: ["服务机构编码", "机构编码"], type: "text"},
      {
        key: "service",
        zh: ["服务类型"],
        type: "enum",
        required: true,
        labels: {
          meal: ["助餐"],
          cleaning: ["助洁"],
          bathing: ["助浴"],
          medical: ["助医"],
          emergency: ["助急"],
          mobility: ["助行"],
          visit: ["探访", "探视", "关爱探访"],
          day_care: ["日间照料"],
          rehab: ["康复护理", "康复"],
          other: ["其他"]
        }
      },
      {key: "channel", zh: ["渠道", "下单渠道"], type: "enum", required: true, labels: {app: ["线上", "app", "小程序"], phone: ["电话"], smart_device: ["智能设备"], onsite: ["线下", "现场"]}},
      {key: "ordered_at", zh: ["下单时间"], type: "timestamp", required: true},
      {key: "completed_at", zh: ["完成时间"], type: "timestamp"},
      {key: "status", zh: ["状态", "工单状态"], type: "enum", required: true, labels: {completed: ["已完成", "完成"], cancelled: ["已取消", "取消"], pending: ["进行中", "待完成", "处理中"]}},
      {key: "fee", zh: ["费用", "服务费用"], type: "number", required: true, min: 0},
      {key: "subsidy", zh: ["补贴", "补贴金额"], type: "number", min: 0},
      {key: "rating", zh: ["评价", "满意度"], type: "int", min: 1, max: 5}
    ],
    unique: ["order_id"],
    rules: [
      {column: "completed_at", check: "completed_at is null or ordered_at is null or completed_at >= ordered_at", value: "completed_at__txt", reason: "完成时间早于下单时间 / completed before ordered", level: "reject"},
      {column: "subsidy", check: "subsidy is null or fee is null or subsidy <= fee", value: "subsidy__txt", reason: "补贴大于费用 / subsidy > fee", level: "reject"}
    ]
  },
  {
    name: "targets",
    zh: "目标值",
    fileAliases: ["目标值", "目标"],
    required: false,
    columns: [
      {key: "indicator", zh: ["指标", "指标代码"], type: "text", required: true},
      {key: "scope", zh: ["范围"], type: "scope", required: true},
      {key: "year", zh: ["年份", "年度"], type: "int", required: true, min: 1950, max: 2100},
      {key: "target", zh: ["目标值"], type: "number", required: true},
      {key: "direction", zh: ["方向"], type: "enum", required: true, labels: {at_least: ["≥", ">=", "不低于", "至少"], at_most: ["≤", "<=", "不高于", "至多"]}},
      {key: "basis", zh: ["依据"], type: "text"}
    ],
    unique: ["indicator", "scope", "year"]
  },
  {
    name: "tasks",
    zh: "年度重点任务",
    fileAliases: ["年度重点任务", "重点任务", "任务"],
    required: false,
    columns: [
      {key: "task_id", zh: ["任务编号"], type: "text", required: true},
      {key: "year", zh: ["年份", "年度"], type: "int", required: true, min: 1950, max: 2100},
      {key: "title", zh: ["任务名称"], type: "text", required: true},
      {key: "category", zh: ["类别"], type: "text"},
      {key: "lead_unit", zh: ["牵头单位"], type: "text", required: true},
      {key: "district", zh: ["区县"], type: "district"},
      {key: "unit", zh: ["单位", "计量单位"], type: "text"},
      {key: "target", zh: ["目标值"], type: "number", required: true},
      {key: "due", zh: ["完成时限", "截止日期"], type: "date", required: true}
    ],
    unique: ["task_id"]
  },
  {
    name: "task_progress",
    zh: "任务进度",
    fileAliases: ["任务进度", "进度"],
    required: false,
    columns: [
      {key: "task_id", zh: ["任务编号"], type: "text", required: true},
      {key: "reported_on", zh: ["填报日期"], type: "date", required: true},
      {key: "value", zh: ["累计完成值", "完成值"], type: "number", required: true},
      {key: "note", zh: ["说明", "备注"], type: "text"}
    ],
    unique: ["task_id", "reported_on"]
  }
];

export function dataset(name: string): Dataset {
  const d = DATASETS.find((d) => d.name === name);
  if (!d) throw new Error(`unknown dataset ${name}`);
  return d;
}

/** Columns that hold personal identifiers. */
export function personalColumns(d: Dataset): Column[] {
  return d.columns.filter((c) => c.personal);
}

/**
 * A census start: the input folder written by `npm run init-city -- --census` holds this file (what was taken from
 * the census, and from which tables). Districts and population are then enough: facilities become optional, and the
 * site says which files would fill the pages that have no data yet (docs/init-city.md).
 */
export const CENSUS_START_FILE = "census.json";

/** Whether a dataset must be present and have rows, in a normal run or in a census start. */
export function isRequired(d: Dataset, censusStart = false): boolean {
  return d.required && !(censusStart && d.optionalInCensusStart);
}
