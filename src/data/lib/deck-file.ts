// Shared by the deck loaders (deck.json.ts, the .pptx loaders) and `npm run deck`: read the cover settings and the
// deck's published figures from the warehouse, and write a deck's bytes to stdout.
import {buildDeck, type Lang} from "../../../pipeline/deck/build.ts";
import {readDeckData, type DeckData} from "../../../pipeline/deck/data.ts";
import {readSiteConfig, type SiteConfig} from "../../../scripts/site-config.ts";
import {openWarehouse} from "./warehouse.ts";

/** The cover settings (aging.config.json or `config`) and the deck's data from the warehouse (default or `warehouse`). */
export async function readDeckInputs(paths: {warehouse?: string; config?: string} = {}): Promise<{site: SiteConfig; data: DeckData}> {
  const site = readSiteConfig(paths.config);
  const db = await openWarehouse(paths.warehouse);
  try {
    return {site, data: await readDeckData(db)};
  } finally {
    db.close();
  }
}

export async function writeDeck(lang: Lang): Promise<void> {
  let bytes: Buffer;
  try {
    const {site, data} = await readDeckInputs();
    bytes = await buildDeck(data, site, {lang});
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
}
