// Copies browser builds of npm dependencies into ../wwwroot/lib so the
// dashboard is served as plain static files (no Node at run time).
// Run with `npm ci && npm run vendor`, then commit the copied files.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

// package (under node_modules) -> folder under wwwroot/lib, and the built files it needs there.
const vendored = [
  { name: "@microsoft/signalr", folder: "signalr", files: ["dist/browser/signalr.min.js"] },
  { name: "uplot", folder: "uplot", files: ["dist/uPlot.iife.min.js", "dist/uPlot.min.css"] },
];

for (const { name, folder, files } of vendored) {
  const pkgDir = join(here, "node_modules", ...name.split("/"));
  const outDir = join(here, "..", "wwwroot", "lib", folder);
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  mkdirSync(outDir, { recursive: true });
  for (const file of files) copyFileSync(join(pkgDir, file), join(outDir, file.split("/").at(-1)));

  // The package may or may not ship a licence file; copy it when present.
  const licence = readdirSync(pkgDir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
  if (licence) copyFileSync(join(pkgDir, licence), join(outDir, licence));

  // Record provenance so reviewers can tell what was vendored.
  writeFileSync(
    join(outDir, "VERSION.txt"),
    `${pkg.name}@${pkg.version}\nlicense: ${pkg.license}\nsource: ${files.join(", ")}` +
      `${licence ? `, ${licence}` : " (the package ships no LICENSE file)"}\n`
  );
  console.log(`vendored ${pkg.name}@${pkg.version} -> ${outDir}`);
}
