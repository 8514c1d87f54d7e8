import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanForSecrets } from '../../../scripts/vscode/secretScan';
import { knownSecrets, runFolders, testApi } from './helpers';

// Runs after every other extension-host test (test/host/index.ts orders `*.last.test.js` last).
describe('After the whole suite', () => {
  it('no canary secret or IAM token is in any file under the user-data, log, storage and workspace folders', async () => {
    const api = await testApi();
    const folders = runFolders();
    const secrets = knownSecrets();
    assert.ok(secrets.some(s => s.label.startsWith('IAM token')), 'no IAM token was issued: the password sign-in was not exercised');
    // The scan must cover the extension's own log, else it proves nothing about logs.
    const ownLogs: string[] = [];
    const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (/ModelArts\.log$/.test(entry.name)) {
        ownLogs.push(full);
      }
    });
    folders.forEach(walk);
    assert.ok(ownLogs.length > 0, `the "ModelArts" log file is not under ${folders.join(', ')}`);
    assert.ok(ownLogs.some(file => /GET \/v1\//.test(fs.readFileSync(file, 'utf8'))), 'the ModelArts log holds no request line');
    assert.ok(api.logLines.length > 0);

    const scan = scanForSecrets(folders, secrets);
    assert.ok(scan.filesScanned > 0);
    assert.deepEqual(scan.hits.map(hit => `${hit.label} in ${hit.file}`), []);
  });
});
