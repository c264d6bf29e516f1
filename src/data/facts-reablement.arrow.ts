import {writeFamilyFactsToStdout} from "../../loaders/site-data.ts";

await writeFamilyFactsToStdout("reablement");
