/**
 * The site's data files, one archive: the canonical tables as Arrow (compacted for the browser),
 * each family's facts (facts-<family>.arrow, what an explorer loads first), the controls' options
 * and the change report. Pages read them as data/site/<name>; Framework extracts each member
 * in-process, so one loader run serves them all (loaders/site-outputs.ts SITE_FILES).
 */
import {emitSiteOutput} from "../../loaders/site-cache.ts";

await emitSiteOutput("site.tar");
