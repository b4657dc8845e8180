// Demo City policy data: targets, the 2025 key tasks and their monthly progress reports (fixed, not seeded).

export const PLAN_DOC = "《示例市“十四五”养老服务体系建设规划》（虚构文件，演示用）";
export const TASK_DOC = "《示例市2025年养老服务重点工作任务清单》（虚构文件，演示用）";

/** indicator, scope (city or a district name), year, target, direction, basis */
export const TARGETS: [string, string, number, number, "at_least" | "at_most", string][] = [
  ["beds_per_1000_60p", "city", 2025, 36, "at_least", PLAN_DOC],
  ["nursing_bed_share", "city", 2025, 60, "at_least", PLAN_DOC],
  ["platform_registration_rate", "city", 2025, 90, "at_least", PLAN_DOC],
  ["facility_platform_rate", "city", 2025, 95, "at_least", PLAN_DOC],
  ["special_visit_rate", "city", 2025, 100, "at_least", TASK_DOC],
  ["online_order_share", "city", 2025, 50, "at_least", TASK_DOC],
  ["star3p_share", "city", 2025, 40, "at_least", PLAN_DOC],
  ["beds_per_1000_60p", "古槐区", 2025, 30, "at_least", "《古槐区养老服务设施布局专项规划（2021—2025年）》（虚构文件，演示用）"],
  ["online_order_share", "高新区", 2025, 60, "at_least", "《高新区智慧养老三年行动方案》（虚构文件，演示用）"],
];

export interface Task {
  id: string;
  title: string;
  category: string;
  leadUnit: string;
  district: string;
  unit: string;
  target: number;
  due: string;
  /** Cumulative value at each month-end Jan…Oct 2025, as a share of target. */
  path: number[];
  notes: string[];
}

const linear = (end: number, months = 10) => Array.from({length: months}, (_, i) => (end * (i + 1)) / months);

export const TASKS: Task[] = [
  {id: "RW2025-01", title: "新增护理型床位", category: "设施建设", leadUnit: "市民政局养老服务处", district: "", unit: "张", target: 800, due: "2025-12-31", path: linear(0.82), notes: ["按计划推进"]},
  {id: "RW2025-02", title: "建成街道综合养老服务中心", category: "设施建设", leadUnit: "市民政局养老服务处", district: "", unit: "个", target: 8, due: "2025-12-31", path: [0, 0, 1, 1, 2, 3, 3, 4, 5, 6].map((v) => v / 8), notes: ["已开工建设"]},
  {id: "RW2025-03", title: "特殊困难老年人月探访率", category: "关爱服务", leadUnit: "市民政局社会救助处", district: "", unit: "%", target: 100, due: "2025-12-31", path: [0.84, 0.85, 0.86, 0.85, 0.87, 0.86, 0.88, 0.87, 0.86, 0.87], notes: ["部分独居老人联系不上，正在排查"]},
  {id: "RW2025-04", title: "老年人家庭适老化改造", category: "居家服务", leadUnit: "市民政局养老服务处", district: "", unit: "户", target: 1200, due: "2025-11-30", path: [0.02, 0.05, 0.1, 0.18, 0.28, 0.38, 0.47, 0.56, 0.62, 0.66], notes: ["施工队伍不足，进度滞后"]},
  {id: "RW2025-05", title: "新建长者食堂", category: "助餐服务", leadUnit: "市民政局养老服务处", district: "", unit: "个", target: 20, due: "2025-09-30", path: [0.1, 0.15, 0.25, 0.35, 0.5, 0.65, 0.8, 0.95, 1.05, 1.1], notes: ["已超额完成"]},
  {id: "RW2025-06", title: "养老机构等级评定", category: "质量提升", leadUnit: "市民政局养老服务处", district: "", unit: "家", target: 15, due: "2025-06-30", path: [0, 2, 4, 6, 8, 10, 11, 11, 12, 12].map((v) => v / 15), notes: ["评审专家安排延后"]},
  {id: "RW2025-07", title: "老年人能力综合评估", category: "能力评估", leadUnit: "市民政局养老服务处", district: "", unit: "人", target: 20000, due: "2025-12-31", path: linear(0.8), notes: ["按国标开展评估"]},
  {id: "RW2025-08", title: "养老服务设施接入智慧养老平台", category: "信息化", leadUnit: "市大数据中心", district: "", unit: "家", target: 120, due: "2025-12-31", path: linear(0.78), notes: ["接口已开通"]},
  {id: "RW2025-09", title: "养老护理员培训", category: "人才队伍", leadUnit: "市人力资源和社会保障局", district: "", unit: "人次", target: 1500, due: "2025-12-31", path: linear(0.65), notes: ["部分培训班推迟开班"]},
  {id: "RW2025-10", title: "家庭养老床位建设", category: "居家服务", leadUnit: "古槐区民政局", district: "古槐区", unit: "张", target: 300, due: "2025-12-31", path: [0.01, 0.02, 0.04, 0.06, 0.09, 0.12, 0.15, 0.18, 0.21, 0.24], notes: ["申请家庭偏少，进度明显滞后"]},
  {id: "RW2025-11", title: "农村互助幸福院建设", category: "农村养老", leadUnit: "石桥县民政局", district: "石桥县", unit: "个", target: 30, due: "2025-12-31", path: linear(0.8), notes: ["各乡镇同步推进"]},
  {id: "RW2025-12", title: "医养结合机构签约率", category: "医养结合", leadUnit: "市卫生健康委员会", district: "", unit: "%", target: 100, due: "2025-12-31", path: [0.9, 0.9, 0.91, 0.92, 0.93, 0.93, 0.94, 0.95, 0.95, 0.96], notes: ["签约覆盖持续提高"]},
  {id: "RW2025-13", title: "高新区社区嵌入式养老服务站", category: "设施建设", leadUnit: "高新区社会事业局", district: "高新区", unit: "个", target: 10, due: "2025-12-31", path: [0, 1, 1, 2, 3, 4, 5, 6, 7, 8].map((v) => v / 10), notes: ["按计划推进"]},
];

/** Month-end report dates of 2025, January to October. */
export const REPORT_DATES = ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31"];

export function progressValue(task: Task, month: number): number {
  const raw = task.path[month] * task.target;
  return task.unit === "%" || task.target < 100 ? Math.round(raw * 10) / 10 : Math.round(raw);
}
