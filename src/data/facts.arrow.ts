import {emitSiteOutput} from "../../loaders/site-cache.ts";

await emitSiteOutput("facts.arrow");
