// The notebooks' front matter, newest first, for the index page (src/notebooks/index.md), built
// with the other site files (loaders/site-outputs.ts; loaders/notebook-index.ts reads it).
// Framework caches this output: `npm run notebook -- new` and `npm run notebook -- index` clear it.
import {emitSiteOutput} from "../../loaders/site-cache.ts";

await emitSiteOutput("notebooks-index.json");
