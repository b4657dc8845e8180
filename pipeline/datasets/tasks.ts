// 年度重点任务 tasks: the year's key tasks with their lead unit, target and deadline.
import {YEAR, type Dataset} from "./types.ts";

export const tasks: Dataset = {
  name: "tasks",
  zh: "年度重点任务",
  fileAliases: ["年度重点任务", "重点任务", "任务"],
  required: false,
  columns: [
    {key: "task_id", zh: ["任务编号"], type: "text", required: true},
    YEAR,
    {key: "title", zh: ["任务名称"], type: "text", required: true},
    {key: "category", zh: ["类别"], type: "text"},
    {key: "lead_unit", zh: ["牵头单位"], type: "text", required: true},
    {key: "district", zh: ["区县"], type: "district"},
    {key: "unit", zh: ["单位", "计量单位"], type: "text"},
    {key: "target", zh: ["目标值"], type: "number", required: true},
    {key: "due", zh: ["完成时限", "截止日期"], type: "date", required: true}
  ],
  key: {columns: ["task_id"], sql: ["task_id"]}
};
