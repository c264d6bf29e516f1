import {buildOptions} from "../../loaders/site-data.ts";
import {loadSnapshot} from "../../loaders/snapshot.ts";

process.stdout.write(JSON.stringify(buildOptions(await loadSnapshot())));
