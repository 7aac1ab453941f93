// Lint gate of the committed OpenAPI snapshot, run by ./mvnw verify (execution api-lint in pom.xml):
// Spectral (spectral:oas + OWASP, .spectral.yaml) and Redocly (recommended, redocly.yaml) must both report
// 0 errors and 0 warnings. Redocly exits 0 on warnings, so its JSON report is counted here.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const spec = process.argv[2] ?? "../../main/openapi/reexport-api.yaml";
let failed = false;

const spectral = spawnSync(process.execPath, ["node_modules/@stoplight/spectral-cli/dist/index.js", "lint",
    "--ruleset", ".spectral.yaml", "--fail-severity", "warn", spec], { encoding: "utf8" });
process.stdout.write(spectral.stdout + spectral.stderr);
if (spectral.status !== 0) {
    failed = true;
    console.error(`spectral: FAILED (exit ${spectral.status}); rules are turned off only in .spectral.yaml, with a reason`);
} else {
    console.log("spectral (spectral:oas + OWASP): 0 errors, 0 warnings");
}

const redocly = spawnSync(process.execPath, ["node_modules/@redocly/cli/bin/cli.js", "lint", "--config", "redocly.yaml",
    "--format", "json", "--max-problems", "1000", spec], { encoding: "utf8" });
let report;
try {
    report = JSON.parse(redocly.stdout);
} catch (e) {
    process.stdout.write(redocly.stdout + redocly.stderr);
    console.error("redocly: FAILED (no JSON report)");
    process.exit(1);
}
for (const problem of report.problems) {
    const where = problem.location?.map((l) => l.pointer).join(", ");
    console.log(`  ${problem.severity}  ${problem.ruleId}  ${problem.message}  ${where}`);
}
const { errors, warnings } = report.totals;
if (errors + warnings > 0) {
    failed = true;
    console.error(`redocly (recommended): FAILED with ${errors} errors, ${warnings} warnings`);
} else {
    console.log(`redocly (recommended): ${errors} errors, ${warnings} warnings`);
}
console.log(`redocly version ${JSON.parse(readFileSync("node_modules/@redocly/cli/package.json", "utf8")).version}, `
    + `spectral-cli ${JSON.parse(readFileSync("node_modules/@stoplight/spectral-cli/package.json", "utf8")).version}`);
process.exit(failed ? 1 : 0);
