// Copies browser builds of npm dependencies into ../wwwroot/lib so the
// dashboard is served as plain static files (no Node at run time).
// Run with `npm ci && npm run vendor`, then commit the copied files.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, "node_modules", "@microsoft", "signalr");
const outDir = join(here, "..", "wwwroot", "lib", "signalr");

const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
mkdirSync(outDir, { recursive: true });
copyFileSync(join(pkgDir, "dist", "browser", "signalr.min.js"), join(outDir, "signalr.min.js"));

// The package may or may not ship a licence file; copy it when present.
const licence = readdirSync(pkgDir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
if (licence) copyFileSync(join(pkgDir, licence), join(outDir, licence));

// Record provenance so reviewers can tell what was vendored.
writeFileSync(
  join(outDir, "VERSION.txt"),
  `${pkg.name}@${pkg.version}\nlicense: ${pkg.license}\nsource: dist/browser/signalr.min.js` +
    `${licence ? `, ${licence}` : " (the package ships no LICENSE file)"}\n`
);
console.log(`vendored ${pkg.name}@${pkg.version} -> ${outDir}${existsSync(join(outDir, licence ?? "-")) ? " (+licence)" : ""}`);
