// Parse Mermaid files with Mermaid itself (headless: jsdom stands in for the browser).
// Usage: node mermaid_parse.mjs FILE...; prints "OK FILE" or "FAIL FILE: message" per file.
// maxEdges is raised: the 500-edge default is a rendering policy, not a syntax rule.
import fs from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, maxEdges: 1000000 });

for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(fs.readFileSync(file, "utf8"));
    console.log(`OK ${file}`);
  } catch (error) {
    console.log(`FAIL ${file}: ${String(error?.message ?? error).split("\n").join(" ")}`);
  }
}
