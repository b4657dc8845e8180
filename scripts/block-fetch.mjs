// Preload (node --import) that makes every fetch fail loudly, proving a build is offline.
// With BLOCK_FETCH_LOG set, each attempted URL is also appended there (some callers swallow errors).
import {appendFileSync} from "node:fs";

globalThis.fetch = async (input) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (process.env.BLOCK_FETCH_LOG) appendFileSync(process.env.BLOCK_FETCH_LOG, `${url}\n`);
  throw new Error(`network access blocked during offline build: ${url}`);
};
