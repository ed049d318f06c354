// The only file to edit to switch versions: it imports the version to run.
// highlight-next-line
import "./version1/index.ts";
