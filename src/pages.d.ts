// Types of src/pages.js for observablehq.config.ts and the tests.
export type Lang = "zh" | "en";
export interface PageEntry {
  path: string;
  zh: string;
  en: string;
}
export const LANGS: {lang: Lang; prefix: string; htmlLang: string}[];
export const PAGES: PageEntry[];
export const HOME: PageEntry;
export const SITE_TITLE: {zh: string; en: string};
export const PROFILE: PageEntry;
export function sourceFile(page: string): string;
export function selectLanguage(text: string, lang: string, where?: string): string;
export function pageTitle(page: string, lang: Lang): string;
export function renderPage(page: string, lang: Lang): string;
export function loaderParam(argv: string[], name: string): string | undefined;
