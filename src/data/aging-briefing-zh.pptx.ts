// The editable PowerPoint deck (Chinese) for the Slides page's download link: what `npm run deck` writes.
import {writeDeck} from "./lib/deck-file.ts";

await writeDeck("zh");
