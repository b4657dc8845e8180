// Page loader: the English pages under /en/, from their one source in src/[lang]/ (see src/pages.js).
import {loaderParam, renderPage} from "../pages.js";
process.stdout.write(renderPage(`/${loaderParam(process.argv, "page")}`, "en"));
