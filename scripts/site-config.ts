// The operator's settings for what the site and the meeting deck print on their covers: aging.config.json at the
// repository root (or the file AGING_CONFIG names). Read by `npm run deck` and by the site build.
//
//   {"site": {"bureau_zh", "bureau_en", "title_zh", "title_en", "date", "deck_font"}}
//
// Every key is optional; a missing file gives the defaults below. `date` is the meeting date printed on the cover
// (YYYY-MM-DD); empty means the warehouse's as-of date. `deck_font` is the font the .pptx asks for (default
// Microsoft YaHei / 微软雅黑, which PowerPoint and WPS on Windows both have; see docs/planners.md).
import {existsSync, readFileSync} from "node:fs";
import {isAbsolute, resolve} from "node:path";
import {fileURLToPath} from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface SiteConfig {
  bureau_zh: string;
  bureau_en: string;
  title_zh: string;
  title_en: string;
  /** The meeting date (YYYY-MM-DD), or "" for the as-of date. */
  date: string;
  deck_font: string;
}

export const DEFAULT_SITE: SiteConfig = {
  bureau_zh: "民政局",
  bureau_en: "Civil Affairs Bureau",
  title_zh: "养老服务体系建设监测汇报",
  title_en: "Elderly care services: monitoring briefing",
  date: "",
  deck_font: "Microsoft YaHei"
};

export class ConfigError extends Error {}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.AGING_CONFIG || "aging.config.json";
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}

/** Checks one parsed config object; `file` names it in errors. */
export function parseSiteConfig(json: unknown, file = "aging.config.json"): SiteConfig {
  if (json == null || typeof json !== "object" || Array.isArray(json)) throw new ConfigError(`${file}: expected a JSON object with a "site" section`);
  const site = (json as {site?: unknown}).site ?? {};
  if (typeof site !== "object" || site === null || Array.isArray(site)) throw new ConfigError(`${file}: "site" must be an object`);
  const out: SiteConfig = {...DEFAULT_SITE};
  for (const [key, value] of Object.entries(site)) {
    if (!(key in DEFAULT_SITE)) throw new ConfigError(`${file}: site.${key} is not a known setting (known: ${Object.keys(DEFAULT_SITE).join(", ")})`);
    if (typeof value !== "string") throw new ConfigError(`${file}: site.${key} must be a string, got ${JSON.stringify(value)}`);
    // The values are printed into XML and HTML: no control characters.
    if (/[\u0000-\u001f]/.test(value)) throw new ConfigError(`${file}: site.${key} holds a control character`);
    out[key as keyof SiteConfig] = value.trim();
  }
  if (out.date && (!/^\d{4}-\d{2}-\d{2}$/.test(out.date) || Number.isNaN(Date.parse(out.date)) || new Date(out.date).toISOString().slice(0, 10) !== out.date)) {
    throw new ConfigError(`${file}: site.date must be a date YYYY-MM-DD (or ""), got "${out.date}"`);
  }
  if (!out.deck_font) out.deck_font = DEFAULT_SITE.deck_font;
  return out;
}

export function readSiteConfig(path = configPath()): SiteConfig {
  if (!existsSync(path)) return {...DEFAULT_SITE};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseSiteConfig(json, path);
}
