import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, startsWithLabel, versionRow, Workbench } from './workbench';

const JOB_NAME = 'wav2vec2-asr-librispeech';

// The live demo of `npm start`, faster: the queued run V0002 starts after 5 s (before the workbench is up), writes 5 lines
// a second, and fails after 70 s.
describe('Follow Log in the real workbench', () => {
  let emulator: Emulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator({ v2: false, baseTimeMs: Date.now(), liveDemo: { startMs: 5_000, failMs: 70_000 }, logLinesPerSecond: 5 });
    workbench = await Workbench.open({ name: 'follow', env: { MODELARTS_EMULATOR_URL: emulator.url } });
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  /** The text of the lines the followed log's editor shows now. */
  const visibleText = () => workbench.page.locator('.editor-instance .view-lines').first().innerText();
  /** Where the editor is, for a failure's message: the first line number shown, and the cursor as the status bar says. */
  const where = async () => {
    // Monaco keeps its line elements in no particular order: the smallest number is the first line shown.
    const numbers = await workbench.page.locator('.editor-instance .line-numbers').allInnerTexts().catch(() => []);
    const first = String(Math.min(...numbers.map(Number).filter(Number.isFinite)));
    const cursor = await workbench.page.locator('[id="status.editor.selection"]').innerText().catch(() => '?');
    const following = await workbench.page.locator('.editor-actions').getByRole('button', { name: 'Pause Following' }).count();
    return `first line shown ${first}, cursor ${cursor.trim()}, Pause Following ${following ? 'shown' : 'not shown'}`;
  };
  const titleButton = (label: string) => workbench.page.locator('.editor-actions').getByRole('button', { name: label });

  it('right-click a running version → Follow Log → pick its worker\'s file: lines arrive as the run writes them', async () => {
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(520);
    const job = workbench.treeItem(startsWithLabel(JOB_NAME));
    await job.waitFor({ timeout: 60_000 });
    await job.click();
    const row = workbench.treeItem(versionRow('V0002'));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Follow Log');
    // The run has two workers, so two log files: the first is picked.
    const picker = workbench.page.locator('.quick-input-widget', { hasText: 'Follow Log: Log File of' });
    await picker.waitFor({ timeout: 30_000 });
    await workbench.screenshot('pick-log-file');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.getByRole('tab', { name: /\(live\)\.log/ }).waitFor({ timeout: 30_000 });
    await workbench.page.locator('.view-lines', { hasText: /Training\sbegins/ }).first().waitFor({ timeout: 60_000 });
    await workbench.screenshot('following');
    await workbench.page.locator('.view-lines', { hasText: /step\s\d+\sloss=/ }).first().waitFor({ timeout: 30_000 });
    const steps = async () => [...(await visibleText()).matchAll(/step\s(\d+)\sloss=/g)].map(m => Number(m[1]));
    const before = Math.max(...await steps());
    let after = before;
    for (let i = 0; i < 300 && after <= before; i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
      after = Math.max(...await steps());
    }
    assert.ok(after > before, `a later step appeared without any click (step ${before} → ${after})`);
    await workbench.screenshot('more-lines');
  });

  it('Pause in the editor title stops reading; Resume reads on', async () => {
    await titleButton('Pause Following').click();
    await titleButton('Resume Following').waitFor({ timeout: 10_000 });
    emulator.clearRequests();
    await workbench.screenshot('paused');
    await new Promise(resolve => setTimeout(resolve, 6_000));
    assert.equal(emulator.requests.filter(r => r.route === 'aomLog').length, 0, 'paused: the log is not read');
    await titleButton('Resume Following').click();
    await titleButton('Pause Following').waitFor({ timeout: 10_000 });
    for (let i = 0; i < 100 && !emulator.requests.some(r => r.route === 'aomLog'); i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    assert.ok(emulator.requests.some(r => r.route === 'aomLog'), 'resumed: read within 10 s');
  });

  it('scrolled up it stays put while lines come; back at the end it follows the end to the run\'s last lines', async () => {
    // Scrolled up means something only once the log is taller than its editor: while it all fits, the
    // editor is at its end whatever the cursor does. Following the end takes the header out of view then.
    for (let i = 0; i < 600 && /#\sFollow\sLog:/.test(await visibleText()); i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    assert.doesNotMatch(await visibleText(), /#\sFollow\sLog:/, 'the log grew taller than its editor, which follows its end');
    await workbench.page.locator('.editor-instance .view-lines').first().click();
    await workbench.page.keyboard.press('Control+Home');
    await workbench.page.locator('.view-lines', { hasText: /#\sFollow\sLog:/ }).first().waitFor({ timeout: 10_000 });
    const requests = emulator.requests.filter(r => r.route === 'aomLog' && r.status === 200).length;
    for (let i = 0; i < 100 && emulator.requests.filter(r => r.route === 'aomLog' && r.status === 200).length < requests + 2; i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    // A reveal of the end asked for just before Ctrl+Home may be drawn late; it is then undone at once.
    for (let i = 0; i < 50 && !/#\sFollow\sLog:/.test(await visibleText()); i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    assert.match(await visibleText(), /#\sFollow\sLog:/, `two reads later, the top of the log is still shown (${await where()})`);
    await workbench.screenshot('scrolled-up');
    await workbench.page.keyboard.press('Control+End');
    // The run fails: its last lines and how it ended come into view by themselves.
    await workbench.page.locator('.view-lines', { hasText: /CUDA\sout\sof\smemory/ }).first().waitFor({ timeout: 90_000 });
    await workbench.page.locator('.view-lines', { hasText: /#\sThe\srun\sended\s\(Failed/ }).first().waitFor({ timeout: 10_000 });
    const text = await visibleText();
    assert.doesNotMatch(text, /#\sFollow\sLog:/, `the end is shown, not the top (${await where()})`);
    await titleButton('Pause Following').waitFor({ state: 'detached', timeout: 10_000 });
    // The status read at the end redraws the version's row and its job's (it is the latest version).
    await workbench.treeItem(versionRow('V0002', 'Failed')).waitFor({ timeout: 10_000 });
    await workbench.treeItem(versionRow(JOB_NAME, 'Failed')).waitFor({ timeout: 10_000 });
    await workbench.screenshot('ended');
  });
});
