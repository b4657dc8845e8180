// Localisation helpers: 万/亿 axis ticks in Chinese, English plurals, and the English pages' title and sidebar
// (scripts/accessible-html.ts localizeEnglishPage, run on the built HTML).
import {describe, expect, it} from "vitest";
import {TOGGLE_TITLE_ZH, localizeChinesePage, localizeEnglishPage} from "../../scripts/accessible-html.ts";
// @ts-expect-error a plain browser module without types
import {countTickFormat} from "../../src/components/format.js";
// @ts-expect-error a plain browser module without types
import {plural} from "../../src/components/i18n.js";

describe("axis ticks for counts", () => {
  it("uses 万 and 亿 in Chinese, never k or M", () => {
    const f = countTickFormat("zh");
    expect([0, 500, 8000, 10000, 35000, 125000, 1.2e8].map((v) => f(v))).toEqual(["0", "500", "8,000", "1万", "3.5万", "12.5万", "1.2亿"]);
    for (const v of [1e4, 3.5e4, 1e6, 1e8]) expect(f(v)).not.toMatch(/[kKM]/);
  });
  it("writes all of an axis's ticks in one unit (Plot passes the ticks)", () => {
    const ticks = [0, 5000, 10000, 15000, 20000];
    expect(ticks.map(countTickFormat("zh"))).toEqual(["0", "0.5万", "1万", "1.5万", "2万"]);
    expect(ticks.map(countTickFormat("en"))).toEqual(["0", "5k", "10k", "15k", "20k"]);
    expect([0, 2000, 4000].map(countTickFormat("zh"))).toEqual(["0", "2,000", "4,000"]);
    // a log axis's ticks keep their own units
    expect([0, 10, 100, 1000, 1e4, 1e5].map(countTickFormat("zh"))).toEqual(["0", "10", "100", "1,000", "1万", "10万"]);
  });
  it("uses k and M in English", () => {
    const f = countTickFormat("en");
    expect([8000, 35000, 3e6].map((v) => f(v))).toEqual(["8,000", "35k", "3M"]);
  });
});

describe("English plurals", () => {
  it("counts with the right noun", () => {
    expect(plural(1, "district")).toBe("1 district");
    expect(plural(2, "district")).toBe("2 districts");
    expect(plural(0, "district task")).toBe("0 district tasks");
  });
});

// What Framework 1.13 writes with observablehq.config.ts (after accessibleHtml moved the close label).
const PAGE = `<title>Population aging | 养老服务监测平台</title>
<nav id="observablehq-sidebar">
  <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>
    <ol>
    <li class="observablehq-link"><a href="../index.html">养老服务监测平台</a></li>
  </ol>
  <ol>
    <li class="observablehq-link"><a href="../about.html">关于本平台</a></li>
    <li class="observablehq-link"><a href="../aging.html">老龄化趋势</a></li>
  </ol>
  <details open class="observablehq-section-active">
    <summary>English</summary>
    <ol>
    <li class="observablehq-link"><a href="./index.html">Home</a></li>
    <li class="observablehq-link"><a href="./about.html">About</a></li>
    <li class="observablehq-link observablehq-link-active"><a href="./aging.html">Population aging</a></li>
    </ol>
  </details>
</nav>
<main>x</main>`;

describe("English pages after the build", () => {
  it("carry the English site title and list the English menu first, the Chinese one folded", () => {
    const out = localizeEnglishPage(PAGE, "en/aging.html");
    expect(out).toContain("<title>Population aging | Aging Observatory</title>");
    const links = [...out.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(links).toEqual([
      "Aging Observatory ./index.html",
      "About ./about.html",
      "Population aging ./aging.html",
      "总览 ../index.html",
      "关于本平台 ../about.html",
      "老龄化趋势 ../aging.html"
    ]);
    expect(out).toContain(`<li class="observablehq-link observablehq-link-active"><a href="./aging.html">`);
    expect(out).toMatch(/<details lang="zh-CN">\s*<summary>中文<\/summary>/);
    expect(out).not.toContain("<summary>English</summary>");
    expect(out).toContain("<main>x</main>");
  });
  it("refuses a sidebar it does not know (a Framework upgrade must be looked at)", () => {
    expect(() => localizeEnglishPage(PAGE.replace("<summary>English</summary>", "<summary>EN</summary>"), "en/x.html")).toThrow(/en\/x\.html: the sidebar/);
  });
});

describe("Chinese pages after the build", () => {
  const ZH_PAGE = `<head><title>老龄化趋势 | 养老服务监测平台</title>\n</head><body><input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">\n<label id="observablehq-sidebar-backdrop" for="observablehq-sidebar-toggle"></label></body>`;
  it("title the sidebar toggle in Chinese, in the HTML and after Framework's client retitles it", () => {
    const out = localizeChinesePage(ZH_PAGE, "aging.html");
    expect(out).toContain(`title="${TOGGLE_TITLE_ZH}"`);
    expect(out).not.toContain(`title="Toggle sidebar"`);
    // the client sets "Toggle sidebar ⌘B" when it starts: the inlined script's rule turns it into Chinese
    const script = /<script>([\s\S]*?)<\/script>/.exec(out)![1]!;
    const rule = new RegExp(/\/(\^Toggle sidebar[^/]*)\//.exec(script)![1]!);
    expect(rule.exec("Toggle sidebar ⌘B")![1]).toBe("⌘B");
    expect(out.indexOf("<script>")).toBeLessThan(out.indexOf("</head>"));
  });
  it("refuses a toggle it does not know (a Framework upgrade must be looked at)", () => {
    expect(() => localizeChinesePage(ZH_PAGE.replace(`title="Toggle sidebar"`, `title="Toggle"`), "x.html")).toThrow(/x\.html: the sidebar toggle/);
  });
});
