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

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, forbidOnly: true });
  const filter = process.env.MODELARTS_HOST_TESTS ? new RegExp(process.env.MODELARTS_HOST_TESTS) : undefined;
  const files = findTests(__dirname);
  const last = (file: string) => file.endsWith('.last.test.js');
  for (const file of [...files.filter(f => !last(f)), ...files.filter(last)]) {
    if (!filter || filter.test(file)) {
      mocha.addFile(file);
    }
  }
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
