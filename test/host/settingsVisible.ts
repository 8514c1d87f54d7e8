/**
 * Waiting for settings to reach this extension host. `update()` resolves once the settings file is
 * written; the host learns the new values, and fires its configuration event, possibly later. Once a
 * value is visible here its event has been delivered, so a late event cannot land in the next test
 * (a refresh or a reconnect in the middle of it).
 */
import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../src/constants';

/** Waits (at most 5 s) until the user value of each `modelarts.*` setting given is the one given. */
export async function settingsVisible(expected: Readonly<Record<string, unknown>>): Promise<void> {
  const visible = () => Object.entries(expected).every(([key, value]) =>
    isDeepStrictEqual(vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(key)?.globalValue, value));
  for (let i = 0; i < 500 && !visible(); i++) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  assert.ok(visible(), `the extension host never saw the settings ${JSON.stringify(expected)}`);
}
