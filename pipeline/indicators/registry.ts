// The indicator registry as data: the one source of truth for the pipeline, the pages and docs/indicators.md.
import type {Indicator, IndicatorGroup, OutlierRule, ScoreTier} from "./types.ts";

const PLAN_14TH_ZH = "《“十四五”国家老龄事业发展和养老服务体系规划》（国发〔2021〕35号）主要指标";
const PLAN_14TH_EN = "14th Five-Year Plan for National Aging Undertakings and the Elderly Care Service System (State Council, 2021), main indicators";

export const INDICATORS: Indicator[] = [
  // Aging 老龄化
  {
    code: "pop_total", name_zh: "常住人口", name_en: "Resident population", group: "aging",
    definition_zh: "年末常住人口（人口数据各年龄组之和）。", definition_en: "Resident population at year-end: the sum of all age bands.",
    formula: "Σ population", unit_zh: "人", unit_en: "persons", decimals: 0, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },
  {
    code: "pop_60p", name_zh: "60岁及以上人口", name_en: "Population aged 60+", group: "aging",
    definition_zh: "下限不低于60岁的各年龄组人口之和。", definition_en: "Sum of the bands whose lower bound is 60 or more.",
    formula: "Σ population, age ≥ 60", unit_zh: "人", unit_en: "persons", decimals: 0, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },
  {
    code: "pop_65p", name_zh: "65岁及以上人口", name_en: "Population aged 65+", group: "aging",
    definition_zh: "下限不低于65岁的各年龄组人口之和。", definition_en: "Sum of the bands whose lower bound is 65 or more.",
    formula: "Σ population, age ≥ 65", unit_zh: "人", unit_en: "persons", decimals: 0, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },
  {
    code: "pop_80p", name_zh: "80岁及以上人口", name_en: "Population aged 80+", group: "aging",
    definition_zh: "下限不低于80岁的各年龄组人口之和。", definition_en: "Sum of the bands whose lower bound is 80 or more.",
    formula: "Σ population, age ≥ 80", unit_zh: "人", unit_en: "persons", decimals: 0, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },
  {
    code: "share_60p", name_zh: "60岁及以上人口占比", name_en: "Share of population aged 60+", group: "aging",
    definition_zh: "60岁及以上人口占常住人口的百分比。", definition_en: "Population aged 60+ as a percentage of the resident population.",
    formula: "pop_60p / pop_total × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },
  {
    code: "share_65p", name_zh: "65岁及以上人口占比", name_en: "Share of population aged 65+", group: "aging",
    definition_zh: "65岁及以上人口占常住人口的百分比（国际通行的老龄化衡量口径）。", definition_en: "Population aged 65+ as a percentage of the resident population (the international measure of population aging).",
    formula: "pop_65p / pop_total × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },
  {
    code: "share_80p_of_60p", name_zh: "高龄化率", name_en: "Oldest-old share of the 60+", group: "aging",
    definition_zh: "80岁及以上人口占60岁及以上人口的百分比。", definition_en: "Population aged 80+ as a percentage of the population aged 60+.",
    formula: "pop_80p / pop_60p × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },
  {
    code: "old_age_dependency", name_zh: "老年抚养比", name_en: "Old-age dependency ratio", group: "aging",
    definition_zh: "65岁及以上人口与15–64岁人口之比，乘以100。观测年与预测年均计算。", definition_en: "Population aged 65+ per 100 persons aged 15–64; computed for observed and projected years.",
    formula: "pop_65p / pop(15–64) × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },
  {
    code: "aging_stage", name_zh: "老龄化阶段", name_en: "Stage of population aging", group: "aging",
    definition_zh: "按65岁及以上人口占比划分：低于7%为0（未老龄化），≥7%为1（老龄化社会），≥14%为2（深度老龄化），≥21%为3（超级老龄化）。", definition_en: "By the share aged 65+: below 7% → 0 (not aging), ≥ 7% → 1 (aging), ≥ 14% → 2 (aged), ≥ 21% → 3 (super-aged).",
    formula: "share_65p: < 7 → 0 none, ≥ 7 → 1 aging, ≥ 14 → 2 aged, ≥ 21 → 3 super-aged", unit_zh: "阶段", unit_en: "stage", decimals: 0, direction: "neutral",
    scored: false, record_level: false, page: "aging"
  },

  // Capacity 供给能力
  {
    code: "beds_total", name_zh: "养老服务床位总数", name_en: "Elderly care beds", group: "capacity",
    definition_zh: "年末养老机构与社区养老服务机构床位数之和（站点、助餐点不计）。", definition_en: "Beds at year-end in institutions and community care centres (stations and canteens are not counted).",
    formula: "Σ beds, types institution + community", unit_zh: "张", unit_en: "beds", decimals: 0, direction: "higher_better",
    scored: false, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "beds_per_1000_60p", name_zh: "每千名老年人养老床位数", name_en: "Beds per 1,000 people aged 60+", group: "capacity",
    definition_zh: "养老服务床位总数与60岁及以上人口之比，乘以1000。人口为预测值的年份标记为预测。", definition_en: "Elderly care beds per 1,000 people aged 60+; years whose population is projected are flagged as projected.",
    formula: "beds_total / pop_60p × 1000", unit_zh: "张/千人", unit_en: "beds per 1,000", decimals: 1, direction: "higher_better",
    target: {
      value: 35, direction: "at_least", from_year: 2020,
      basis_zh: "《国务院关于加快发展养老服务业的若干意见》（国发〔2013〕35号）：到2020年每千名老年人拥有养老床位数达到35—40张（取下限，可由目标值数据覆盖）",
      basis_en: "State Council Opinions on Accelerating the Development of the Elderly Care Service Industry (2013): 35–40 beds per 1,000 older people by 2020 (the lower bound; configurable through the targets dataset)"
    },
    scored: true, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "beds_per_1000_65p", name_zh: "每千名65岁及以上老人床位数", name_en: "Beds per 1,000 people aged 65+ (OECD basis)", group: "capacity",
    definition_zh: "养老服务床位总数与65岁及以上人口之比，乘以1000，便于国际比较。", definition_en: "Elderly care beds per 1,000 people aged 65+, for international (OECD) comparison.",
    formula: "beds_total / pop_65p × 1000", unit_zh: "张/千人", unit_en: "beds per 1,000", decimals: 1, direction: "higher_better",
    scored: false, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "nursing_bed_share", name_zh: "养老机构护理型床位占比", name_en: "Nursing-care share of institution beds", group: "capacity",
    definition_zh: "养老机构护理型床位数占养老机构床位数的百分比。", definition_en: "Nursing-care beds in institutions as a percentage of institution beds.",
    formula: "Σ nursing_beds / Σ beds, type institution, × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    target: {value: 55, direction: "at_least", from_year: 2025, basis_zh: `${PLAN_14TH_ZH}：2025年养老机构护理型床位占比达到55%`, basis_en: `${PLAN_14TH_EN}: 55% of institution beds nursing-care by 2025`},
    scored: true, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "occupancy_rate", name_zh: "养老机构入住率", name_en: "Institution occupancy rate", group: "capacity",
    definition_zh: "养老机构年末在住人数占床位数的百分比。", definition_en: "Residents at year-end as a percentage of institution beds.",
    formula: "Σ residents / Σ beds, type institution, × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "neutral",
    scored: true, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "facilities_count", name_zh: "养老服务设施数", name_en: "Elderly care facilities", group: "capacity",
    definition_zh: "年末各类养老服务设施（机构、社区机构、站点、助餐点）个数。", definition_en: "Facilities of all types (institutions, community centres, stations, canteens) at year-end.",
    formula: "count of facilities (all types)", unit_zh: "个", unit_en: "facilities", decimals: 0, direction: "higher_better",
    scored: false, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "rated_share", name_zh: "星级机构占比", name_en: "Share of star-rated institutions", group: "capacity",
    definition_zh: "评定为一星级及以上的养老机构占养老机构总数的百分比。", definition_en: "Institutions rated one star or more as a percentage of institutions.",
    formula: "institutions with star ≥ 1 / institutions × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    scored: true, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "star3p_share", name_zh: "三星级以上机构占比", name_en: "Share of institutions rated 3 stars or more", group: "capacity",
    definition_zh: "三星级及以上养老机构占养老机构总数的百分比。", definition_en: "Institutions rated three stars or more as a percentage of institutions.",
    formula: "institutions with star ≥ 3 / institutions × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    scored: true, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "disabled_elders", name_zh: "失能老年人（中度及以上）", name_en: "Elders with moderate or worse disability", group: "capacity",
    definition_zh: "年末（基准日所在年为基准日）已建档、年满60岁、在世且能力等级为中度失能及以上（≥2）的老年人数：只计当年年末前已建档的人，不倒推以后建档的人。能力等级取档案现记录的等级——档案不保留历次评估，各年均按现等级计。统计年份为首次建档之年至基准日所在年。", definition_en: "Elders registered by the year-end (the as-of date in the as-of year), aged 60 or over and alive then, whose ability level is 2 (moderate disability) or worse. Only people registered by that year-end count: later registrations are never back-cast. The level is the one on record today: the register keeps no history of assessments, so every year uses the current level. Years run from the first platform registration to the as-of year.",
    formula: "elders with registered_on ≤ year-end, aged ≥ 60 and alive at year-end, ability_level ≥ 2 (latest assessment)", unit_zh: "人", unit_en: "persons", decimals: 0, direction: "neutral",
    scored: false, record_level: true, period_basis: "stock", page: "capacity"
  },
  {
    code: "nursing_bed_pressure", name_zh: "失能老人与护理型床位比", name_en: "Disabled elders per nursing-care bed", group: "capacity",
    definition_zh: "中度及以上失能老年人数与各类设施护理型床位数之比。", definition_en: "Elders with moderate or worse disability per nursing-care bed (all facility types).",
    formula: "disabled_elders / Σ nursing_beds (all types)", unit_zh: "人/张", unit_en: "ratio", decimals: 2, direction: "lower_better",
    scored: false, record_level: true, period_basis: "stock", page: "capacity"
  },
  {
    code: "bed_gap", name_zh: "床位缺口", name_en: "Bed gap", group: "capacity",
    definition_zh: "按每千名老年人床位数目标测算的床位需求超出现有床位的部分；预测年份沿用最近一年的实际床位数（标记为预测）。全市缺口为各区县缺口之和（各按本区县现行目标；床位有余的区县计0，不抵减其他区县的缺口），以整张计（缺3.2张计4张），与图中各区县条形相加一致。", definition_en: "Beds needed at the beds-per-1,000 target in force beyond the beds there are; projected years carry the latest observed beds forward (flagged as projected). The city's gap is the sum of the districts' gaps (each at its own target in force; a district with beds to spare counts 0 and does not offset another's shortfall), so the district bars add up to it. Counted in whole beds (3.2 beds short counts 4).",
    formula: "district: max(0, ⌈standard × pop_60p / 1000 − beds_total⌉) (whole beds), standard = the beds_per_1000_60p target in force (default 35); CITY: Σ of the districts' gaps", unit_zh: "张", unit_en: "beds", decimals: 0, direction: "lower_better",
    scored: false, record_level: false, period_basis: "stock", page: "capacity"
  },
  {
    code: "nursing_bed_gap", name_zh: "护理型床位缺口", name_en: "Nursing-care bed gap", group: "capacity",
    definition_zh: "按护理型床位占比目标（现行目标，默认55%）测算的养老机构护理型床位缺口；全市为各区县缺口之和。", definition_en: "Nursing-care beds institutions lack to reach the nursing share target in force (default 55%); the city's is the sum of the districts'.",
    formula: "district: max(0, ⌈0.55 × Σ institution beds − Σ institution nursing_beds⌉) (whole beds; the share target in force); CITY: Σ of the districts' gaps", unit_zh: "张", unit_en: "beds", decimals: 0, direction: "lower_better",
    scored: false, record_level: false, period_basis: "stock", page: "capacity"
  },

  // Services 居家社区服务
  {
    code: "orders_completed", name_zh: "完成服务工单数", name_en: "Completed service orders", group: "services",
    definition_zh: "状态为已完成的服务工单数，按下单时间所在年份统计。", definition_en: "Service orders with status completed, by year of ordering.",
    formula: "orders with status completed, by year of ordered_at", unit_zh: "单", unit_en: "orders", decimals: 0, direction: "higher_better",
    scored: false, record_level: true, period_basis: "flow", page: "services"
  },
  {
    code: "orders_per_1000_60p", name_zh: "每千名老人服务量", name_en: "Completed orders per 1,000 people aged 60+", group: "services",
    definition_zh: "完成服务工单数与60岁及以上人口之比，乘以1000。", definition_en: "Completed service orders per 1,000 people aged 60+.",
    formula: "orders_completed / pop_60p × 1000", unit_zh: "单/千人", unit_en: "per 1,000", decimals: 1, direction: "higher_better",
    scored: true, record_level: true, period_basis: "flow", page: "services"
  },
  {
    code: "served_elders", name_zh: "服务覆盖人数", name_en: "Elders served", group: "services",
    definition_zh: "年内至少有一张已完成工单的不同服务对象人数（全市去重，不是各区之和）。", definition_en: "Distinct persons with at least one completed order in the year (de-duplicated city-wide, not the sum of districts).",
    formula: "distinct persons with ≥ 1 completed order", unit_zh: "人", unit_en: "persons", decimals: 0, direction: "higher_better",
    scored: false, record_level: true, period_basis: "flow", page: "services"
  },
  {
    code: "meal_orders", name_zh: "助餐服务量", name_en: "Meal service orders", group: "services",
    definition_zh: "服务类型为助餐的已完成工单数。", definition_en: "Completed orders for meal service.",
    formula: "completed orders with service meal", unit_zh: "单", unit_en: "orders", decimals: 0, direction: "higher_better",
    scored: false, record_level: true, period_basis: "flow", page: "services"
  },
  {
    code: "completion_rate", name_zh: "工单完成率", name_en: "Order completion rate", group: "services",
    definition_zh: "已完成工单占已完成与已取消工单之和的百分比（进行中的工单不计）。", definition_en: "Completed orders as a percentage of completed plus cancelled orders (pending orders are left out).",
    formula: "completed / (completed + cancelled) × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    scored: true, record_level: true, period_basis: "flow", page: "services"
  },
  {
    code: "avg_rating", name_zh: "平均评价", name_en: "Average rating", group: "services",
    definition_zh: "已完成且有评价的工单的平均评分（1–5）。", definition_en: "Mean rating (1–5) of completed orders that were rated.",
    formula: "mean rating of completed orders", unit_zh: "分", unit_en: "1–5", decimals: 2, direction: "higher_better",
    scored: true, record_level: true, period_basis: "flow", page: "services"
  },
  {
    code: "subsidy_total", name_zh: "补贴金额", name_en: "Subsidies paid", group: "services",
    definition_zh: "已完成工单的补贴金额合计。", definition_en: "Sum of subsidies on completed orders.",
    formula: "Σ subsidy of completed orders", unit_zh: "元", unit_en: "yuan", decimals: 0, direction: "neutral",
    scored: false, record_level: true, period_basis: "flow", page: "services"
  },
  {
    code: "special_visit_rate", name_zh: "特殊困难老人月探访率", name_en: "Monthly visit rate of elders in special hardship", group: "services",
    definition_zh: "年内各月（有工单数据的月份）探访率的平均值；月探访率 = 当月至少有一次已完成探访（service = visit，按完成时间所在月）的特殊困难老人 / 月末在世且已建档的特殊困难老人 × 100。分子、分母列为各月人数的平均值。", definition_en: "Mean over the year's months (months with order data) of the monthly rate: special-hardship elders alive and registered at month-end with at least one completed visit order (service visit, by month of completion) / such elders × 100. The numerator and denominator columns hold the monthly averages of the two counts.",
    formula: "mean over the year's months of: special elders (special ≠ none, registered by the month's end, alive) with ≥ 1 completed visit that month / those special elders × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    target: {value: 100, direction: "at_least", from_year: 2025, basis_zh: `${PLAN_14TH_ZH}：2025年特殊困难老年人月探访率达到100%`, basis_en: `${PLAN_14TH_EN}: monthly visits to 100% of elders in special hardship by 2025`},
    scored: true, record_level: true, period_basis: "flow", page: "services"
  },

  // Informatization 信息化
  {
    code: "platform_registration_rate", name_zh: "老年人建档率", name_en: "Platform registration rate", group: "informatization",
    definition_zh: "年末前已建档且年末在世的老年人数占60岁及以上人口的百分比。", definition_en: "Elders registered on the platform by year-end and alive then, as a percentage of the population aged 60+.",
    formula: "elders with registered_on ≤ year-end, alive / pop_60p × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    scored: true, record_level: true, period_basis: "stock", page: "informatization"
  },
  {
    code: "assessment_coverage", name_zh: "能力评估覆盖率", name_en: "Ability assessment coverage", group: "informatization",
    definition_zh: "年末前完成能力评估且年末在世的老年人数占60岁及以上人口的百分比。", definition_en: "Elders assessed by year-end and alive then, as a percentage of the population aged 60+.",
    formula: "elders alive with assessed_on ≤ year-end / pop_60p × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    scored: true, record_level: true, period_basis: "stock", page: "informatization"
  },
  {
    code: "facility_platform_rate", name_zh: "设施接入平台率", name_en: "Facilities on the platform", group: "informatization",
    definition_zh: "接入信息平台的养老服务设施占设施总数的百分比。", definition_en: "Facilities connected to the information platform as a percentage of all facilities.",
    formula: "facilities on_platform / facilities × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    scored: true, record_level: false, period_basis: "stock", page: "informatization"
  },
  {
    code: "online_order_share", name_zh: "线上服务占比", name_en: "Online share of completed orders", group: "informatization",
    definition_zh: "通过APP或智能设备下单的已完成工单占已完成工单的百分比。", definition_en: "Completed orders placed through the app or a smart device as a percentage of completed orders.",
    formula: "completed orders via app or smart_device / completed orders × 100", unit_zh: "%", unit_en: "%", decimals: 1, direction: "higher_better",
    scored: true, record_level: true, period_basis: "flow", page: "informatization"
  },
  {
    code: "informatization_index", name_zh: "信息化指数", name_en: "Informatization index", group: "informatization",
    definition_zh: "建档率、评估覆盖率、设施接入平台率、线上服务占比中可得各项（每项最高按100计）的平均值；每年所用的组成项记录在 marts.informatization_index（inputs）中，较上年的变化只按两年都有的组成项计算，组成项不同的年份标为不可比。任一组成项被隐私保护隐藏时本项一并隐藏。不计入综合得分（其组成项已计入）。", definition_en: "Mean of the available rates among registration, assessment coverage, facilities on the platform and online share, each capped at 100. The inputs averaged each year are recorded (marts.informatization_index, inputs); the change on the year before is computed over the inputs present in both years, and a year whose inputs differ is marked not comparable. Hidden wherever one of its inputs is hidden. Not scored (its inputs are).",
    formula: "mean of the four rates above that are available (each capped at 100)", unit_zh: "分", unit_en: "0–100", decimals: 1, direction: "higher_better",
    scored: false, record_level: true, inputs: ["platform_registration_rate", "assessment_coverage", "facility_platform_rate", "online_order_share"], period_basis: "stock", page: "informatization"
  },

  // Supervision 督导
  {
    code: "district_score", name_zh: "区县综合得分", name_en: "District overall score", group: "supervision",
    definition_zh: "参与评分且有现行目标值的指标得分的加权平均；达标方向为“不低于”时得分 = min(100, 实际值/目标值×100)，“不高于”时 = min(100, 目标值/实际值×100)；权重可配置，默认相等。全市得分按全市合计值计算。只计有设施、工单或老年人实际数据的年份（人口分母为估算值的年份照常计分）。分子为Σ权重×得分，分母为Σ权重。对外发布的得分只用已公开的单项数值，并注明计分项数（如“7项中6项”）；被隐私保护隐藏的单项不计入，数据仓库的非公开表保留全部真实单项的得分。每年的计分项记录在案；较上年的变化只按两年都计分的单项计算，计分项不同的年份标为不可比。", definition_en: "Weighted mean of the scores of the scored indicators that have a target in force: min(100, value / target × 100) for at-least targets, min(100, target / value × 100) for at-most targets; weights configurable, equal by default. The city's score uses the city's own values. Only years with facility, order or elder data are scored (a year whose population denominator is estimated is scored all the same). Numerator Σ weight × score, denominator Σ weight. The published score uses published item values only and states how many items it scored (6 of 7): an item hidden for disclosure is left out; the warehouse's non-public tables keep the score over all true items. The items scored are recorded per area and year; the change on the year before is computed over the items scored in both years, and a year whose items differ is marked not comparable.",
    formula: "Σ w·score / Σ w over the scored indicators with a target; score = min(100, value / target × 100) for at_least, min(100, target / value × 100) for at_most", unit_zh: "分", unit_en: "0–100", decimals: 1, direction: "higher_better",
    scored: false, record_level: false, period_basis: "stock", page: "supervision"
  },
  {
    code: "district_rank", name_zh: "排名", name_en: "District rank", group: "supervision",
    definition_zh: "各区县综合得分在当年的排名，1为最好，并列同名次。", definition_en: "Rank of the district's overall score in the year among districts, 1 = best; ties share a rank.",
    formula: "rank of district_score among districts, 1 = best", unit_zh: "名", unit_en: "rank", decimals: 0, direction: "lower_better",
    scored: false, record_level: false, period_basis: "stock", page: "supervision"
  }
];

/** Overall score bands of the district scorecard (score ≥ min_score, highest band that fits). */
export const SCORE_TIERS: ScoreTier[] = [
  {tier: "A", min_score: 90, label_zh: "优秀", label_en: "good"},
  {tier: "B", min_score: 75, label_zh: "良好", label_en: "fair"},
  {tier: "C", min_score: 0, label_zh: "待改进", label_en: "needs attention"}
];

/** Flags raised on institutions in the providers-under-supervision mart. */
export const OUTLIER_RULES: OutlierRule[] = [
  {rule: "low_occupancy", threshold: 20, description_zh: "入住率低于20%（床位数大于0）", description_en: "occupancy below 20% (beds > 0)"},
  {rule: "over_occupancy", threshold: 100, description_zh: "入住率高于100%（在住人数超过床位数）", description_en: "occupancy above 100% (more residents than beds)"},
  {rule: "no_nursing_beds", threshold: 50, description_zh: "床位数不少于50张但无护理型床位", description_en: "no nursing-care beds although beds ≥ 50"},
  {rule: "unrated_long", threshold: 3, description_zh: "自数据中首次出现起已满3年仍未评星", description_en: "still unrated 3 or more years after its first year in the data"}
];

export const INDICATOR_CODES: ReadonlySet<string> = new Set(INDICATORS.map((i) => i.code));

/** The indicator groups' names (docs/indicators.md's sections; the methods page's group filter via src/data/methods-registry.arrow.ts). */
export const INDICATOR_GROUPS: {group: IndicatorGroup; zh: string; en: string}[] = [
  {group: "aging", zh: "老龄化", en: "Aging"},
  {group: "capacity", zh: "供给能力", en: "Capacity"},
  {group: "services", zh: "居家社区服务", en: "Home and community services"},
  {group: "informatization", zh: "信息化", en: "Informatization"},
  {group: "supervision", zh: "督导", en: "Supervision"}
];
