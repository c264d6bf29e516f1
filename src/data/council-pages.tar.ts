/**
 * The leadership pages' data: one JSON per council (council-pages/<code>.json), plus
 * council-pages/overview.json and council-pages/about.json, in one tar archive built by
 * loaders/council-pages/ (see loaders/site-outputs.ts). Framework extracts each file in-process,
 * so one run of this loader serves all 153 council pages; a parameterised loader
 * (council/[code].json.ts) would start a tsx process per council.
 */
import {emitSiteOutput} from "../../loaders/site-cache.ts";

await emitSiteOutput("council-pages.tar");
