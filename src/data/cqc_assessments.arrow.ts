import {emitSiteOutput} from "../../loaders/site-cache.ts";

await emitSiteOutput("cqc_assessments.arrow");
