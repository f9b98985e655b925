// Moved to test/support/db.ts. This re-export stays only while test/chat/** (another branch is
// editing it) imports "../helpers/db.js"; drop it when those imports move.
export * from "../support/db.js";
