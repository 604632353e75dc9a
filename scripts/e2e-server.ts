export {};
// The server Playwright starts: a throw-away embedded PostgreSQL with the demo company, and the built app on PORT.
process.argv[2] = "e2e";
await import("./run");
