// Page loader: the Chinese pages at the site's root, from their one source in src/[lang]/ (see src/pages.js).
import {loaderParam, renderPage} from "./pages.js";
process.stdout.write(renderPage(`/${loaderParam(process.argv, "page")}`, "zh"));
