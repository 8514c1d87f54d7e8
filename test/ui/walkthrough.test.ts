import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, Workbench } from './workbench';

// A workbench where nothing is configured yet: the walkthrough is where a new user starts.
describe('The Get Started walkthrough in the real workbench', () => {
  let emulator: Emulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator();
    workbench = await Workbench.open({ name: 'walkthrough' });
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  const page = () => workbench.page.locator('.gettingStartedContainer');
  const step = (title: string) => page().locator('.getting-started-step', { hasText: title }).first();

  it('opens from Welcome: Open Walkthrough… with its five steps', async () => {
    await workbench.runCommand('Welcome: Open Walkthrough...');
    const picker = workbench.page.locator('.quick-input-widget');
    await picker.locator('input').fill('ModelArts');
    await picker.locator('.monaco-list-row', { hasText: 'Get Started with ModelArts Training Jobs' }).first().click();
    await step('Connect to ModelArts').waitFor({ timeout: 30_000 });
    for (const title of ['Browse jobs and versions', 'Delete a version', 'Clean up by rule', 'Protect a version']) {
      assert.equal(await step(title).count(), 1, `the step "${title}"`);
    }
    assert.equal(await step('Connect to ModelArts').locator('.codicon-getting-started-step-checked').count(), 0, 'not connected yet');
    await workbench.screenshot('walkthrough');
  });

  it('a step\'s button runs the real command: Protect with nothing selected says what to select', async () => {
    await step('Protect a version').click();
    await step('Protect a version').getByRole('button', { name: 'Protect the Selected Item' }).click();
    await workbench.page.locator('.notifications-toasts', { hasText: 'Select a training job or version in the Training Jobs view first' })
      .waitFor({ timeout: 15_000 });
    await step('Protect a version').locator('.codicon-getting-started-step-checked').waitFor({ timeout: 15_000 });
    await workbench.screenshot('protect-says-what-to-select');
  });

  it('Connect to Local Emulator connects, the jobs show, and the first step is checked', async () => {
    await step('Connect to ModelArts').click();
    await step('Connect to ModelArts').getByRole('button', { name: 'Connect to Local Emulator' }).click();
    const input = workbench.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(emulator.url);
    await workbench.page.keyboard.press('Enter');
    await workbench.treeItem(/^resnet50-imagenet\s/).waitFor({ timeout: 30_000 });
    await step('Connect to ModelArts').locator('.codicon-getting-started-step-checked').waitFor({ timeout: 15_000 });
    await workbench.screenshot('connected');
  });
});
