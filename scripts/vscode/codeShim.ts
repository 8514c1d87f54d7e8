#!/usr/bin/env node
/**
 * A stand-in "VS Code executable" for `@vscode/test-electron`'s `runTests({ vscodeExecutablePath })`.
 * runTests() spawns it with `--extensionDevelopmentPath=…`, `--extensionTestsPath=…` and the launch
 * arguments, and waits for its exit code; the shim runs those tests in code-server's extension host
 * through headless chromium (see ./extensionTests). Desktop-only switches (`--no-sandbox`,
 * `--user-data-dir=…`, …) do not apply to code-server and are ignored.
 */
import * as path from 'node:path';
import { runExtensionTests } from './extensionTests';

const developmentPaths: string[] = [];
let testsPath: string | undefined;
let workspace: string | undefined;
for (const arg of process.argv.slice(2)) {
  const match = /^--(extensionDevelopmentPath|extensionTestsPath)=(.*)$/.exec(arg);
  if (match?.[1] === 'extensionDevelopmentPath') {
    developmentPaths.push(match[2]);
  } else if (match) {
    testsPath = match[2];
  } else if (!arg.startsWith('-') && workspace === undefined) {
    workspace = path.resolve(arg); // the first positional argument is the folder to open
  }
}
if (!testsPath || developmentPaths.length === 0) {
  console.error('code-shim: --extensionDevelopmentPath=… and --extensionTestsPath=… are required.');
  process.exit(64);
}
// runTests() forwards Ctrl+C as SIGINT; exiting runs the 'exit' hooks that end code-server's group.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
runExtensionTests({
  extensionDevelopmentPath: developmentPaths,
  extensionTestsPath: testsPath,
  workspace,
  // A whole suite takes about 10 min here; 25 leaves room for a busy machine without hiding a hang for long.
  timeoutMs: Number(process.env.TEST_TIMEOUT_MS || 1_500_000),
}).then(code => process.exit(code), (error: Error) => {
  console.error('code-shim:', error.message);
  process.exit(3);
});
