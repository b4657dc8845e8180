// `npm run pipeline`: parse the arguments, run, print the summary; exit 0 published, 1 failed, 2 usage.
import {parsePipelineArgs, UsageError, USAGE} from "./args.ts";
import {run} from "./run.ts";
import {summaryTable} from "./summary.ts";

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parsePipelineArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await run(args);
  if (result.datasets.length) process.stdout.write(`\n${summaryTable(result)}\n\n`);
  if (result.status === "published") {
    process.stdout.write(`数据仓库已发布 / warehouse published: ${args.warehouse} (as of ${result.asOf})\n运行报告 / run report: ${result.reportPath}\n`);
  } else {
    const e = result.error!;
    process.stderr.write(`\n✘ 运行失败，未发布任何内容 / the run failed; nothing was published\n  ${e.file ? `${e.file}${e.column ? ` [${e.column}]` : ""}: ` : ""}${e.message}\n  运行报告 / run report: ${result.reportPath}\n`);
  }
  return result.exitCode;
}

process.exitCode = await main(process.argv.slice(2));
