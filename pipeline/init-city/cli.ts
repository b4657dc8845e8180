// `npm run init-city`: parse the arguments, write the city's districts files, print what was written.
import {parseInitCityArgs, USAGE} from "./args.ts";
import {InitCityError, initCity} from "./init.ts";
import {summary} from "./summary.ts";

const args = parseInitCityArgs(process.argv.slice(2));
if (args.kind === "help") console.log(USAGE);
else if (args.kind === "error") {
  console.error(`init-city: ${args.message}\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  try {
    console.log(summary(await initCity(args)));
  } catch (error) {
    if (!(error instanceof InitCityError)) throw error;
    console.error(`init-city: ${error.message}`);
    process.exitCode = error.exitCode;
  }
}
