// Writes dist/.sources.sha256: the digest of the web sources this build came from.
// setup.py computes the same digest (web_sources_digest) to know whether the committed build is current.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const web = fileURLToPath(new URL("..", import.meta.url));
const skip = new Set(["node_modules", "dist"]);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(web, full).split(sep).join("/");
    if (skip.has(rel.split("/")[0])) continue;
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(rel);
  }
  return out;
}

const files = walk(web, []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const hash = createHash("sha256");
for (const rel of files) {
  hash.update(Buffer.concat([Buffer.from(rel + "\0"), readFileSync(join(web, rel)), Buffer.from("\0")]));
}
writeFileSync(join(web, "dist", ".sources.sha256"), hash.digest("hex") + "\n");
