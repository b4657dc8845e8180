// Writes docs/inputs.md from the input contract (npm run docs:inputs).
import {writeFile} from "node:fs/promises";
import {renderInputDocs} from "../pipeline/templates.ts";

await writeFile(new URL("../docs/inputs.md", import.meta.url), renderInputDocs());
