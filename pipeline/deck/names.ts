// Short district names for places where space is short (chart axes, map labels): 高新技术产业开发区 → 高新区,
// "Hi-tech Industrial Development Zone" → "Hi-tech Zone", "Anfeng (county-level city)" → "Anfeng".
// Names that are already short stay as they are.

/** Chinese: a development/new zone keeps its first two characters plus 区; others stay whole. */
export function shortNameZh(name: string): string {
  if (name.length <= 5) return name;
  const zone = name.match(/^(.{2}).*(?:开发区|新区|园区|示范区|管理区|实验区)$/u);
  if (zone) return `${zone[1]}区`;
  return name;
}

/** English: drop a parenthesised note, "District"/"County"; a long zone becomes "<first word> Zone". */
export function shortNameEn(name: string): string {
  let s = name.replace(/\s*\([^)]*\)\s*$/, "").trim();
  if (/\bZone$/i.test(s) && s.split(/\s+/).length > 2) s = `${s.split(/\s+/)[0]} Zone`;
  s = s.replace(/\s+(District|County)$/i, "");
  return s || name;
}

export function shortName(area: {name_zh: string; name_en: string}, lang: "zh" | "en"): string {
  return lang === "en" ? shortNameEn(area.name_en ?? area.name_zh) : shortNameZh(area.name_zh);
}
