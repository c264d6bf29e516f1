/**
 * The change report the last `npm run refresh` wrote (data/changes.json), or an empty report
 * with a message when no refresh has written one yet. Pages read it as data/changes.json.
 */
import path from "node:path";
import {readChangeReport} from "../../loaders/changes.ts";
import {PROJECT_DIR} from "../../loaders/snapshot.ts";

process.stdout.write(JSON.stringify(readChangeReport(path.join(PROJECT_DIR, "data", "changes.json"))));
