// `npm run deck`: the meeting deck as editable PowerPoint files, one per language, from the warehouse's published
// tables and the cover settings in aging.config.json.
import {mkdir, rename, writeFile} from "node:fs/promises";
import {dirname, resolve} from "node:path";
import {readDeckInputs} from "../../src/data/lib/deck-file.ts";
import {parseOptions, UsageError} from "../args.ts";
import {buildDeck, type Lang} from "./build.ts";

export const USAGE = `用法 / usage: npm run deck -- [options]

  --warehouse FILE   数据仓库 / the warehouse (default AGING_WAREHOUSE or data/warehouse.duckdb)
  --out DIR          输出文件夹 / output folder (default data/deck)
  --lang zh|en|all   语言 / language (default all: one file per language)
  --config FILE      封面设置 / cover settings (default AGING_CONFIG or aging.config.json)
  -h, --help         显示本帮助 / show this help

Writes <out>/aging-briefing-zh.pptx and <out>/aging-briefing-en.pptx: native, editable charts; speaker notes
name each slide's sources and the as-of date.`;

export const deckFileName = (lang: Lang) => `aging-briefing-${lang}.pptx`;

export async function writeDecks(options: {warehouse?: string; out: string; langs: Lang[]; config?: string}): Promise<string[]> {
  const {site, data} = await readDeckInputs({warehouse: options.warehouse, config: options.config});
  await mkdir(options.out, {recursive: true});
  const written: string[] = [];
  for (const lang of options.langs) {
    const file = resolve(options.out, deckFileName(lang));
    const bytes = await buildDeck(data, site, {lang});
    // written beside, then renamed: a failed run never leaves half a file
    const tmp = `${file}.tmp`;
    await mkdir(dirname(file), {recursive: true});
    await writeFile(tmp, bytes);
    await rename(tmp, file);
    written.push(file);
  }
  return written;
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseOptions(argv, {warehouse: {type: "string"}, out: {type: "string"}, lang: {type: "string"}, config: {type: "string"}, help: {type: "boolean", short: "h"}});
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const lang = values.lang ?? "all";
  if (!["zh", "en", "all"].includes(lang)) {
    process.stderr.write(`--lang must be zh, en or all, got "${lang}"\n`);
    return 2;
  }
  const langs: Lang[] = lang === "all" ? ["zh", "en"] : [lang as Lang];
  try {
    const files = await writeDecks({
      warehouse: values.warehouse ? resolve(values.warehouse) : undefined,
      out: resolve(values.out ?? "data/deck"),
      langs,
      config: values.config ? resolve(values.config) : undefined
    });
    for (const f of files) process.stdout.write(`${f}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
