// `npm run templates`: write the input templates (XLSX and CSV) generated from the input contract.
import {parseTemplatesArgs, TEMPLATES_USAGE, writeTemplates} from "./templates.ts";

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseTemplatesArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${TEMPLATES_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${TEMPLATES_USAGE}\n`);
    return 0;
  }
  const files = await writeTemplates(args.out);
  process.stdout.write(`已写入模板 / templates written to ${args.out}:\n${files.map((f) => `  ${f}`).join("\n")}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
