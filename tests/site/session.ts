// The browser tests' one set-up (tests/site/browser, slides; the label checks run inside browser.test's visits):
// the site built once per run (tests/site/build.ts), served under its base path, and headless Chromium.
import {afterAll, beforeAll} from "vitest";
import {launchBrowser, serveStatic, type Browser, type StaticServer} from "./browser.ts";
import {BASE_PATH, siteBuild, type SiteBuild} from "./build.ts";

export interface SiteSession {
  build: SiteBuild;
  server: StaticServer;
  browser: Browser;
}

/**
 * Call inside a describe (or at the top of a file): before its tests the site is built (once per vitest run),
 * served and a browser launched; after them both are closed. The fields are set in beforeAll.
 */
export function useSite(): SiteSession {
  const session = {} as SiteSession;
  beforeAll(async () => {
    session.build = await siteBuild();
    if (session.build.code !== 0) throw new Error(`site build failed:\n${session.build.output}`);
    session.server = await serveStatic(session.build.outDir, BASE_PATH);
    session.browser = await launchBrowser();
    // the first file to ask builds the site (minutes on a busy machine); the others wait for it
  }, 600_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}
