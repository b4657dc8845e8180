// Bilingual helpers for components: pages pass their language explicitly ({lang: "zh" | "en"}).

/** pick("en", {zh: "床位", en: "Beds"}) → "Beds"; falls back to Chinese. */
export function pick(lang, labels) {
  return labels[lang] ?? labels.zh;
}

/** Number formatting in the page's language (zh-CN groups like en-US; kept explicit for clarity). */
export function formatNumber(lang, options) {
  return new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN", options).format;
}
