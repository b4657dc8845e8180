// The site's one i18n helper: every page and component takes its language explicitly ({lang: "zh" | "en"}).
//
//   t(lang, zh, en)          → the string (or node) in lang: t(lang, "床位", "Beds")
//   pick(lang, {zh, en})     → the entry in lang of a label object; falls back to Chinese
//   label(map, key, lang)    → pick from a map of label objects (the key itself when unknown)
//   formatNumber(lang, opts) → an Intl number formatter in lang
//   plural(n, one, many)     → "1 district" / "2 districts" (English counts; `many` defaults to one + "s")
//
// Page titles and the language list live in src/pages.js; static page text in the page's language blocks.

/** pick("en", {zh: "床位", en: "Beds"}) → "Beds"; falls back to Chinese. */
export function pick(lang, labels) {
  return labels[lang] ?? labels.zh;
}

/** t("en", "床位", "Beds") → "Beds". */
export function t(lang, zh, en) {
  return pick(lang, {zh, en});
}

/** label(SERVICE_LABELS, "meal", "en") → "Meals"; an unknown key comes back as text. */
export function label(map, key, lang = "zh") {
  return map[key] ? pick(lang, map[key]) : String(key ?? "");
}

/** Number formatting in the page's language (zh-CN groups like en-US; kept explicit for clarity). */
export function formatNumber(lang, options) {
  return new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN", options).format;
}

/** plural(2, "district") → "2 districts"; plural(1, "district") → "1 district"; never "district(s)". */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${Number(n) === 1 ? one : many}`;
}
