/**
 * Entry point of the tests that run inside a real VS Code extension host (code-server here, desktop
 * VS Code where it can be downloaded). The workbench calls `run()` and exits with its outcome.
 * `MODELARTS_HOST_TESTS` (a regular expression on the file path) narrows the run while developing.
 * Files named `*.last.test.js` run after all others (checks over what the whole suite left behind).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return findTests(full);
    }
    return entry.name.endsWith('.test.js') ? [full] : [];
  }).sort();
}

/**
 * Called by the workbench in the extension host: runs the selected test files and resolves when all
 * passed. Rejects when a test failed, and when no test file was selected (a build that emitted no
 * tests, or a `MODELARTS_HOST_TESTS` that matches nothing, must not pass as a green run).
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, forbidOnly: true });
  const filter = process.env.MODELARTS_HOST_TESTS ? new RegExp(process.env.MODELARTS_HOST_TESTS) : undefined;
  const files = findTests(__dirname);
  const last = (file: string) => file.endsWith('.last.test.js');
  const selected = [...files.filter(f => !last(f)), ...files.filter(last)].filter(file => !filter || filter.test(file));
  if (selected.length === 0) {
    const why = filter ? `none of the ${files.length} test file(s) matches MODELARTS_HOST_TESTS=${filter.source}` : 'none was built';
    return Promise.reject(new Error(`No extension-host test file to run under ${__dirname}: ${why}.`));
  }
  selected.forEach(file => mocha.addFile(file));
  return new Promise((resolve, reject) => {
    mocha.run(failures => {
      if (failures > 0) {
        reject(new Error(`${failures} extension-host test(s) failed.`));
      } else {
        resolve();
      }
    });
  });
}
