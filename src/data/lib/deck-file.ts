// Shared by the .pptx loaders: build the deck from the warehouse and write its bytes to stdout.
import {buildDeck, type Lang} from "../../../pipeline/deck/build.ts";
import {readDeckData} from "../../../pipeline/deck/data.ts";
import {readSiteConfig} from "../../../scripts/site-config.ts";
import {openWarehouse} from "./warehouse.ts";

export async function writeDeck(lang: Lang): Promise<void> {
  let bytes: Buffer;
  try {
    const site = readSiteConfig();
    const db = await openWarehouse();
    let data;
    try {
      data = await readDeckData(db);
    } finally {
      db.close();
    }
    bytes = await buildDeck(data, site, {lang});
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
}
