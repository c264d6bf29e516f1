// The notebooks' front matter, newest first, for the index page (src/notebooks/index.md).
// Framework caches this output: `npm run notebook -- new` and `npm run notebook -- index` clear it.
import {notebookIndex} from "../../scripts/notebook.ts";

process.stdout.write(JSON.stringify(notebookIndex()));
