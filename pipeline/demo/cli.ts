// `npm run demo`: parse the arguments, generate the Demo City input folder.
import {parseDemoArgs, USAGE} from "./args.ts";
import {generate} from "./generate.ts";
import {KNOWN_BAD_ROWS} from "./known-issues.ts";

const args = parseDemoArgs(process.argv.slice(2));
if (args.kind === "help") console.log(USAGE);
else if (args.kind === "error") {
  console.error(`demo: ${args.message}\n\n${USAGE}`);
  process.exit(2);
} else {
  const started = performance.now();
  const result = await generate({...args, log: (line) => console.error(`  ${line}`)});
  console.log(`示例市 demo input written to ${args.out} (seed ${args.seed}, scale ${args.scale}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const [name, n] of Object.entries(result.counts)) console.log(`  ${name}: ${n.toLocaleString("en")} rows`);
  if (result.badRows.length !== KNOWN_BAD_ROWS.length) console.warn(`  note: only ${result.badRows.length} of ${KNOWN_BAD_ROWS.length} planted bad rows fit at this scale`);
}
