// The input templates workbook (notes and a sheet per dataset), generated from the input contract by the same code as
// `npm run templates`: the pages whose data are absent link to it (components/absent.js).
import {mkdtemp, readFile, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {WORKBOOK_NAME, writeTemplates} from "../../pipeline/templates.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "aging-templates-"));
try {
  await writeTemplates(path.join(dir, "templates"));
  process.stdout.write(await readFile(path.join(dir, "templates", WORKBOOK_NAME)));
} finally {
  await rm(dir, {recursive: true, force: true});
}
