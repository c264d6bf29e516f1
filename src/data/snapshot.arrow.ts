import {emitSiteOutput} from "../../loaders/site-cache.ts";

await emitSiteOutput("snapshot.arrow");
