// 任务进度 task progress: each task's cumulative value at a report date.
import {sqlFile, type Dataset} from "./types.ts";

export const task_progress: Dataset = {
  name: "task_progress",
  zh: "任务进度",
  fileAliases: ["任务进度", "进度"],
  required: false,
  columns: [
    {key: "task_id", zh: ["任务编号"], type: "text", required: true, note: "须为年度重点任务中的任务编号 / must be a task_id of tasks"},
    {key: "reported_on", zh: ["填报日期"], type: "date", required: true, pastOnly: true},
    {key: "value", zh: ["累计完成值", "完成值"], type: "number", required: true, note: "截至填报日期的累计值 / cumulative value at the report date"},
    {key: "note", zh: ["说明", "备注"], type: "text"}
  ],
  key: {columns: ["task_id", "reported_on"], sql: ["task_id", "reported_on"]},
  checks: {reject: [sqlFile(import.meta.url, "task_progress.unknown-task.sql")], rowLocal: true}
};
