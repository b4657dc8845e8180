// The input contract (../shared/spec/inputs.md) as data: the datasets in load order, one module each
// (pipeline/datasets/<name>.ts, with its SQL checks in .sql files beside it).
import {districts} from "./districts.ts";
import {elders} from "./elders.ts";
import {facilities} from "./facilities.ts";
import {population} from "./population.ts";
import {service_orders} from "./service_orders.ts";
import {targets} from "./targets.ts";
import {task_progress} from "./task_progress.ts";
import {tasks} from "./tasks.ts";
import type {Dataset} from "./types.ts";

export type {Column, ColumnType, Dataset, Key, RowRule} from "./types.ts";

/** In load order: a dataset's checks may read the staging tables of those before it. */
export const DATASETS: Dataset[] = [districts, population, facilities, elders, service_orders, targets, tasks, task_progress];

export function dataset(name: string): Dataset {
  const d = DATASETS.find((d) => d.name === name);
  if (!d) throw new Error(`unknown dataset ${name}`);
  return d;
}
