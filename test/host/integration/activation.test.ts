import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, testApi } from './helpers';

describe('The extension in a real extension host', () => {
  it('is loaded under its published id and activates with the test API', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    assert.equal(extension.packageJSON.displayName, 'ModelArts Training Jobs');
    const api = await testApi();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.getJobNodes, 'function');
  });

  it('registers every command it contributes', async () => {
    await testApi();
    const contributed: string[] = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands
      .map((command: { command: string }) => command.command) ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    assert.deepEqual(contributed.filter(id => !registered.has(id)), [], 'contributed commands not registered');
  });
});
