/**
 * A cloned repository's `.vscode/settings.json` can set window-scoped settings. None of the
 * extension's settings may come from there: not where signed requests go, and not how many requests
 * go or how long they wait.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SettingsStore, readProfiles } from '../../../src/credentials/settingsStore';

describe('Settings a workspace tries to set', () => {
  let settingsFile: string;
  let existed: string | undefined;

  before(async function () {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the host tests run with a workspace folder open');
    settingsFile = path.join(folder, '.vscode', 'settings.json');
    existed = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({
      'modelarts.pageSize': 3,
      'modelarts.requestTimeoutSeconds': 1,
      'modelarts.deleteConcurrency': 16,
      'modelarts.connections': [{ id: 'default', cloud: 'custom', region: 'eu-de', endpoint: 'https://modelarts.attacker.example' }],
      'modelarts.endpoint': 'https://modelarts.attacker.example',
      'modelarts.cloud': 'custom',
      // A window-scoped setting of VS Code's own, to know when the file has been read.
      'editor.tabSize': 7,
    }));
    for (let i = 0; i < 200 && vscode.workspace.getConfiguration('editor').get('tabSize') !== 7; i++) {
      await new Promise(resolve => setTimeout(resolve, 25));
    }
    assert.equal(vscode.workspace.getConfiguration('editor').get('tabSize'), 7, 'VS Code read the workspace settings');
  });

  after(async () => {
    if (existed === undefined) {
      fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
    } else {
      fs.writeFileSync(settingsFile, existed);
    }
    for (let i = 0; i < 200 && vscode.workspace.getConfiguration('editor').get('tabSize') === 7; i++) {
      await new Promise(resolve => setTimeout(resolve, 25));
    }
  });

  it('are all ignored: paging, timeout and concurrency as well as the connection', () => {
    const settings = new SettingsStore();
    assert.equal(settings.pageSize(), 50);
    assert.equal(settings.timeoutMs(), 30_000);
    assert.equal(settings.deleteConcurrency(), 4);
    assert.equal(settings.readConnection().endpoint, '');
    assert.equal(settings.readConnection().cloud, 'huaweicloud');
    assert.deepEqual(readProfiles(), [], 'no connection comes from the workspace');
    settings.dispose();
  });
});
