// Writes docs/indicators.md from the indicator registry (npm run docs:indicators).
import {writeFile} from "node:fs/promises";
import {renderIndicatorDocs} from "../pipeline/indicators/docs.ts";

await writeFile(new URL("../docs/indicators.md", import.meta.url), renderIndicatorDocs());
