/**
 * The extension in Chinese, in the real workbench: code-server started with `--locale zh-cn`. VS Code
 * uses a display language only when a language pack for it is installed, and the Marketplace's pack
 * cannot be downloaded here (npm and Debian only), so the suite installs a stand-in pack
 * (test/fixtures/languagePack) through the workbench, as a user installs the real one, and reloads. The
 * stand-in translates nothing of VS Code itself: the workbench's own words (Cancel, Explorer) stay
 * English, and everything the extension contributes or says in these steps is in Chinese.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, versionRow, Workbench } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Packages the stand-in language pack. */
function languagePack(): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lp-')), 'language-pack-zh-cn.vsix');
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packed = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '-o', out],
    { cwd: path.join(ROOT, 'test', 'fixtures', 'languagePack'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (packed.status !== 0) {
    throw new Error(`Could not package the stand-in language pack: ${packed.stderr}`);
  }
  return out;
}

/**
 * Installs a `.vsix` the way a user does (Extensions: Install from VSIX…), so that the running server
 * records the language pack (a `--install-extension` before the start does not), then reloads the page,
 * as VS Code asks after a new display language.
 */
async function installThroughTheWorkbench(workbench: Workbench, vsix: string): Promise<void> {
  await workbench.runCommand('Extensions: Install from VSIX...');
  const input = workbench.page.locator('.quick-input-widget input');
  try {
    // The file dialog fills the box with the folder it starts in once it has read it, over what was typed.
    for (let waited = 0; (await input.inputValue()) !== vsix; waited += 250) {
      if (waited > 15_000) {
        throw new Error('The Install from VSIX file dialog did not take the path');
      }
      if (!(await input.inputValue()).startsWith(vsix.slice(0, 1))) {
        await workbench.page.waitForTimeout(250);
        continue;
      }
      await input.fill(vsix);
      await workbench.page.waitForTimeout(250);
    }
    await workbench.page.keyboard.press('Enter');
    const installed = workbench.page.locator('.notifications-toasts', { hasText: 'Completed installing' }).first();
    // The dialog may read its folder again just as Enter comes, and take Enter as "open this folder":
    // while it is still open, the path goes in again (the install itself, once started, may take a while).
    for (let attempt = 1; ; attempt++) {
      try {
        await installed.waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (!(await input.isVisible())) {
          await installed.waitFor({ timeout: 60_000 });
          break;
        }
        if (attempt >= 6) {
          throw error;
        }
        await input.fill(vsix);
        await workbench.page.waitForTimeout(250);
        await workbench.page.keyboard.press('Enter');
      }
    }
  } catch (error) {
    await workbench.screenshot('install-failed');
    throw error;
  }
  await workbench.reload();
}

describe('The extension in Chinese (zh-cn) in the real workbench', () => {
  let emulator: Emulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator({ v2: true });
    workbench = await Workbench.open({ name: 'chinese', locale: 'zh-cn', env: { MODELARTS_EMULATOR_URL: emulator.url } });
    await installThroughTheWorkbench(workbench, languagePack());
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  it('the view and the tree are in Chinese; job names stay as ModelArts sent them', async () => {
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(560);
    // One view in the container: its title is the side bar's ("ModelArts: 训练作业"), its own header hidden.
    await workbench.page.locator('.sidebar .composite.title', { hasText: '训练作业' }).waitFor({ timeout: 60_000 });
    await workbench.treeItem(/^旧版训练作业/).waitFor({ timeout: 60_000 });
    await workbench.treeItem(/^mnist-quickstart(\s|,)+已完成\s·\s\d+\s(天|年)前/).waitFor({ timeout: 30_000 });
    await workbench.screenshot('tree');
  });

  it('a version\'s context menu and its delete confirmation are in Chinese; Cancel sends nothing', async () => {
    await workbench.treeItem(/^mnist-quickstart(\s|,)/).click();
    const row = workbench.treeItem(versionRow('V0001'));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.page.locator('.context-view .action-label', { hasText: '查看训练日志' }).first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('context-menu');
    await workbench.chooseFromContextMenu('删除版本');
    const dialog = workbench.dialog();
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.getByText(/删除训练作业“mnist-quickstart”的版本“V0001”？/).waitFor({ timeout: 15_000 });
    await dialog.getByText('此操作无法撤销。').waitFor();
    await dialog.getByRole('button', { name: '删除' }).waitFor();
    await workbench.screenshot('delete-confirmation');
    emulator.clearRequests();
    await workbench.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    if (emulator.requests.some(r => r.method === 'DELETE')) {
      throw new Error('Escape sent a DELETE');
    }
  });

  it('the walkthrough is in Chinese: its title, its steps and the Chinese page of the step shown', async () => {
    // A narrow editor hides a step's page: the walkthrough gets the whole window.
    await workbench.runCommand('View: Close Primary Side Bar');
    await workbench.runCommand('Welcome: Open Walkthrough...');
    const picker = workbench.page.locator('.quick-input-widget');
    await picker.locator('input').fill('ModelArts');
    await picker.locator('.monaco-list-row', { hasText: 'ModelArts 训练作业入门' }).first().click();
    const page = workbench.page.locator('.gettingStartedContainer');
    const step = (title: string) => page.locator('.getting-started-step', { hasText: title }).first();
    await step('连接 ModelArts').waitFor({ timeout: 30_000 });
    for (const title of ['浏览作业和版本', '删除版本', '按规则清理']) {
      assert.equal(await step(title).count(), 1, `the step "${title}"`);
    }
    await step('连接 ModelArts').click();
    // The step's page is Markdown shown in a webview (an iframe inside an iframe): media/walkthrough/connect.zh-cn.md.
    const markdown = workbench.page.frameLocator('.getting-started-media iframe').frameLocator('iframe');
    await markdown.getByText('使用您的云账号：').waitFor({ timeout: 30_000 });
    await workbench.screenshot('walkthrough');
  });
});
