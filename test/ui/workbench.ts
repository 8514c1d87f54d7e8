/**
 * The real VS Code workbench (code-server) with this extension, driven by headless chromium, for the
 * UI tests. The extension is the packaged `.vsix` named by `MODELARTS_VSIX` (what `npm test` builds and
 * a user installs) or, without it, this folder loaded as a development extension.
 * Screenshots go to `test-results/ui/<name>/NN-<step>.png`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, type Browser } from '../../scripts/vscode/chromium';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/codeServer';
import { makeRunDir } from '../../scripts/vscode/runtime';
import type { Emulator } from '../fixtures/emulator';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where screenshots go (ignored by git). */
export const SCREENSHOT_ROOT = path.join(ROOT, 'test-results', 'ui');

/** How long to wait for something the workbench or the extension renders. */
const UI_TIMEOUT_MS = 30_000;
/** How long the pointer rests on a context-menu entry before the click (see chooseFromContextMenu). */
const MENU_SETTLE_MS = 300;

/** `text` matched literally in a regular expression. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A tree row's accessible name starts with its label, then its description. */
export const startsWithLabel = (label: string): RegExp => new RegExp(`^${escapeRegExp(label)}(\\s|,|$)`);
/** A version row's accessible name starts with its name, then its status. */
export const versionRow = (name: string, status = ''): RegExp => new RegExp(`^${escapeRegExp(name)}(\\s|,)+${escapeRegExp(status)}`);

/** Options of {@link Workbench.open}. */
export interface WorkbenchOptions {
  /** Names the screenshot folder. */
  readonly name: string;
  /** Environment of code-server and so of the extension host (e.g. `MODELARTS_EMULATOR_URL`). */
  readonly env?: Record<string, string>;
  /** The display language (code-server's `--locale`), e.g. `zh-cn`. */
  readonly locale?: string;
  /** User settings the server starts with (beside its quiet defaults). */
  readonly userSettings?: Record<string, unknown>;
}

/** Makes (or empties) the screenshot folder `name` and returns it. */
function freshScreenshotDir(name: string): string {
  const dir = path.join(SCREENSHOT_ROOT, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** One browser page on a code-server, which this object started (`open`) or not (`attach`). */
export class Workbench {
  private shots = 0;

  private constructor(
    readonly page: Page,
    private readonly server: CodeServer | undefined,
    private readonly browser: Browser,
    private readonly runDir: string,
    private readonly screenshotDir: string,
  ) {}

  /**
   * Opens the workbench that a code-server started by someone else serves at `url` (e.g. `npm start`'s),
   * in a fresh browser. `close()` then stops only the browser.
   */
  static async attach(url: string, options: { readonly name: string }): Promise<Workbench> {
    const runDir = makeRunDir('br-');
    const browser = await launchChromium({ profileDir: runDir });
    return new Workbench(browser.page, undefined, browser, runDir, freshScreenshotDir(options.name)).load(url);
  }

  /** Starts code-server with the extension and opens the workbench on an empty folder. */
  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const runDir = makeRunDir('cs-');
    const workspace = path.join(runDir, 'workspace');
    fs.mkdirSync(workspace, { recursive: true });
    const vsix = process.env.MODELARTS_VSIX;
    const server = await startCodeServer({
      runDir: path.join(runDir, 'server'),
      folder: workspace,
      installVsix: vsix,
      smokeTestDriver: !vsix,
      env: options.env,
      locale: options.locale,
      userSettings: options.userSettings,
    });
    const browser = await launchChromium({ profileDir: path.join(runDir, 'browser') });
    const workbench = new Workbench(browser.page, server, browser, runDir, freshScreenshotDir(options.name));
    let url = `${server.url}?folder=${encodeURIComponent(workspace)}`;
    if (!vsix) {
      const payload = [['extensionDevelopmentPath', `vscode-remote://${server.authority}${ROOT}`], ['skipWelcome', 'true']];
      url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }
    return workbench.load(url);
  }

  /** Loads the workbench at `url`, page errors printed; if it does not show, closes what this object started. */
  private async load(url: string): Promise<Workbench> {
    this.page.on('pageerror', error => console.error(`    [page error] ${error.message}`));
    try {
      await this.page.goto(url);
      await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    } catch (error) {
      await this.close(false);
      throw error;
    }
    return this;
  }

  /**
   * The user settings as the server has them on disk now (code-server's `User/settings.json`). The server
   * rewrites the file in place, so a read can land between its truncation and its write: such a read (empty or
   * cut short) is taken again a moment later, for up to 5 s.
   */
  async userSettings(): Promise<Record<string, unknown>> {
    const file = path.join(this.runDir, 'server', 'user-data', 'User', 'settings.json');
    for (let attempt = 1; ; attempt++) {
      const text = fs.readFileSync(file, 'utf8');
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch (error) {
        if (attempt >= 100) {
          throw new Error(`settings.json is not JSON after 5 s: ${String(error)}; it reads ${JSON.stringify(text)}`);
        }
        await new Promise(resolve => setTimeout(resolve, 50));
      }
    }
  }

  /** Reloads the page (Developer: Reload Window) and waits for the workbench. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }

  /** Saves a numbered screenshot of the whole page and returns its path. */
  async screenshot(step: string): Promise<string> {
    this.shots++;
    const file = path.join(this.screenshotDir, `${String(this.shots).padStart(2, '0')}-${step}.png`);
    // Finished CSS animations: menus and dialogs are drawn fully, not mid-fade.
    await this.page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }

  /** The activity-bar entry of a view container, by its title. */
  activityBarItem(title: string): Locator {
    return this.page.locator(`.activitybar a.action-label[aria-label="${title}"]`);
  }

  /** Opens a view container from the activity bar (unless it is already open). */
  async openViewContainer(title: string): Promise<void> {
    const item = this.activityBarItem(title);
    await item.waitFor({ timeout: 60_000 });
    const tab = item.locator('xpath=ancestor::li[1]');
    if (!(await tab.getAttribute('class'))?.split(/\s+/).includes('checked')) {
      await item.click();
    }
  }

  /** Drags the side bar's edge so that it is `width` pixels wide (descriptions readable in screenshots). */
  async setSideBarWidth(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box || Math.abs(box.width - width) < 4) {
      return;
    }
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width + 1, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** The side bar pane of a view, by its title. */
  viewPane(title: string): Locator {
    return this.page.locator('.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: title }) });
  }

  /** A tree item anywhere in the workbench, by its accessible name (label and description). */
  treeItem(name: string | RegExp): Locator {
    return this.page.getByRole('treeitem', { name });
  }

  /** An entry of the open context menu. */
  contextMenuItem(title: string): Locator {
    return this.page.locator('.context-view .monaco-menu').getByRole('menuitem', { name: title });
  }

  /**
   * Chooses an entry of the open context menu as a user does: pointing at it, then clicking. A menu
   * ignores a click that comes right as it opens (the release of the right button that opened it), so
   * the pointer rests on the entry first.
   */
  async chooseFromContextMenu(title: string): Promise<void> {
    const item = this.contextMenuItem(title);
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    await item.hover();
    await this.page.waitForTimeout(MENU_SETTLE_MS);
    await item.click();
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  }

  /** The modal dialog (e.g. a confirmation from `showWarningMessage(…, { modal: true })`). */
  dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Runs a command by its palette title, the way a user does with F1. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: UI_TIMEOUT_MS });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Stops the browser and the code-server it started, if any. A passing test's run folder is removed;
   * a failing one's is kept (server log, user data, browser profile) and its path printed.
   */
  async close(passed: boolean): Promise<void> {
    await this.browser.close();
    await this.server?.stop();
    if (passed && !process.env.KEEP_TMP) {
      fs.rmSync(this.runDir, { recursive: true, force: true });
    } else {
      console.log(`    kept the run folder ${this.runDir}${this.server ? ` (code-server log ${this.server.logFile})` : ''}`);
    }
  }
}

/**
 * The hooks of a suite that shares one workbench (and emulator), both read through `get` as `before`
 * set them: a screenshot of each failing test, and after the suite both closed, the run folder kept
 * if any test failed.
 */
export function closeAfterSuite(get: () => { readonly workbench?: Workbench; readonly emulator?: Emulator }): void {
  let allPassed = true;

  afterEach(async function () {
    if (this.currentTest?.state !== 'passed') {
      allPassed = false;
      await get().workbench?.screenshot(`failed-${this.currentTest?.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  });

  after(async () => {
    const { workbench, emulator } = get();
    await workbench?.close(allPassed);
    await emulator?.close();
  });
}
