// The notebooks' front matter, newest first, for the index page (src/notebooks/index.md).
// Framework re-runs this loader only when this file is newer than its cached output:
// `npm run notebook -- new` touches it; after editing a notebook's front matter by hand, touch it too.
import {notebookIndex} from "../../scripts/notebook.ts";

process.stdout.write(JSON.stringify(notebookIndex()));
