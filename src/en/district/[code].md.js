// Page loader: the English district profiles, from src/[lang]/district/[code].md (see src/pages.js).
import {renderPage} from "../../pages.js";
process.stdout.write(renderPage("/district/[code]", "en"));
