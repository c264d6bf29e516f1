import {writeTableToStdout} from "../../loaders/site-data.ts";

await writeTableToStdout("areas");
