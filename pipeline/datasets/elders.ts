// 老年人信息 elders: one record per older person (record level: identifiers hashed before anything is written).
import type {Dataset} from "./types.ts";

export const elders: Dataset = {
  name: "elders",
  zh: "老年人信息",
  fileAliases: ["老年人信息", "老年人", "老人信息"],
  required: false,
  recordLevel: true,
  oneOf: ["id_number", "person_id"],
  columns: [
    {
      key: "id_number",
      zh: ["身份证号", "身份证号码", "公民身份号码"],
      type: "id_number",
      personal: true,
      note: "出生日期和性别以身份证号为准；不以明文进入数据仓库（密钥哈希）/ birth date and sex are taken from the ID; never stored in clear (keyed hash)"
    },
    {key: "person_id", zh: ["人员编号"], type: "person_id", personal: true, note: "没有身份证号时使用；同样做密钥哈希 / used where there is no ID number; hashed the same way"},
    // birth date and sex as given are kept apart from the ID's (the ID's win: staging/stg_elders.sql)
    {key: "birth_date", zh: ["出生日期"], type: "date", pastOnly: true, typedAs: "birth_date_given", note: "有身份证号时可不填 / may be empty when the ID number gives it"},
    {key: "sex", zh: ["性别"], type: "enum", labels: {male: ["男", "m"], female: ["女", "f"]}, typedAs: "sex_given", note: "有身份证号时可不填 / may be empty when the ID number gives it"},
    {key: "district", zh: ["区县"], type: "district", required: true},
    {
      key: "ability_level",
      zh: ["能力等级", "老年人能力等级"],
      type: "enum",
      labels: {"0": ["能力完好"], "1": ["轻度失能"], "2": ["中度失能"], "3": ["重度失能"], "4": ["完全失能"]}
    },
    {key: "assessed_on", zh: ["评估日期"], type: "date", pastOnly: true},
    {key: "living", zh: ["居住状况"], type: "enum", labels: {alone: ["独居"], empty_nest: ["空巢"], with_family: ["与子女同住", "与家人同住"], institution: ["入住机构", "机构"]}},
    {
      key: "special",
      zh: ["特殊困难类型", "特殊困难"],
      type: "enum",
      labels: {extreme_poverty: ["特困", "特困人员"], subsistence: ["低保"], low_income: ["低收入"], bereaved_parents: ["计划生育特殊家庭", "计生特殊家庭"], none: ["无", "否"]}
    },
    {key: "registered_on", zh: ["建档日期"], type: "date", pastOnly: true, note: "平台建档日期 / when the platform record was created"},
    {key: "died_on", zh: ["死亡日期"], type: "date", pastOnly: true}
  ],
  // one record per person: the ID number's hash, else the person id's
  key: {columns: ["person_key"], sql: ["coalesce(id_key, pid_key)"], value: "'(ID)'", staged: ["person_key"]},
  rules: [
    {column: "registered_on", check: "registered_on is null or coalesce(id_birth, birth_date_given) is null or registered_on >= coalesce(id_birth, birth_date_given)", value: "registered_on__txt", reason: "建档日期早于出生日期 / registered before birth", level: "reject"},
    {column: "died_on", check: "died_on is null or coalesce(id_birth, birth_date_given) is null or died_on >= coalesce(id_birth, birth_date_given)", value: "died_on__txt", reason: "死亡日期早于出生日期 / died before birth", level: "reject"},
    {column: "assessed_on", check: "assessed_on is null or died_on is null or assessed_on <= died_on", value: "assessed_on__txt", reason: "评估日期晚于死亡日期 / assessed after death", level: "reject"},
    {column: "birth_date", check: "birth_date_given is null or id_birth is null or birth_date_given = id_birth", value: "birth_date__txt", reason: "出生日期与身份证号不符，以身份证号为准 / birth date differs from the ID number's; the ID's is used", level: "warning"},
    {column: "sex", check: "sex_given is null or id_sex is null or sex_given = id_sex", value: "sex__txt", reason: "性别与身份证号不符，以身份证号为准 / sex differs from the ID number's; the ID's is used", level: "warning"}
  ]
};
