/**
 * Follow Log against the emulator, on a fake clock: the log editor gets each new line once and in
 * order (v1 by the aom-log cursor, v2 by the line-paged log, and by the preview where that API is
 * missing); reading stops when the run ends, while paused, and when the editor closes; older lines
 * come on demand; a run that ended gets its log shown instead.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS, FOLLOW_SCHEME } from '../../../src/constants';
import { V2_DEMO_IDS, type EmulatorOptions } from '../../fixtures/emulator';
import { FakeClock } from '../../fixtures/fakeClock';
import { GroupNode, V2JobNode, V2TaskNode } from '../../../src/tree/nodes';
import { jobNode, startHarness, stubMessages, until, versionNode, type Harness } from './harness';

/** A running version of the demo project (resnet50-imagenet V0005). */
const JOB = '182626';
const VERSION = '278813';

describe('Follow Log', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let clock: FakeClock;
  let info: sinon.SinonStub;
  let uri: vscode.Uri;

  async function start(emulator: EmulatorOptions = {}): Promise<void> {
    clock = new FakeClock(Date.now());
    h = await startHarness({ liveClock: clock, emulator });
    clock.settle = async () => {
      await h.live.settled();
      if (uri) {
        await h.follows.get(uri)?.settled();
      }
    };
    ({ info } = stubMessages(sandbox));
    // The first log file when a version has several (one per worker).
    sandbox.stub(vscode.window, 'showQuickPick').callsFake(async items => (await items)[0]);
  }

  /** Runs Follow Log on `arg` and returns the followed editor's URI after the first read. */
  async function follow(arg: unknown): Promise<vscode.Uri> {
    await h.handlers[COMMANDS.followLog](arg);
    const active = vscode.window.activeTextEditor?.document.uri;
    assert.equal(active?.scheme, FOLLOW_SCHEME, 'the followed log is the active editor');
    uri = active;
    await clock.tick(0);
    return active;
  }

  /** The log lines the followed document shows (after its header and blank line). */
  function shown(): string[] {
    const text = h.follows.provideTextDocumentContent(uri);
    const lines = text.split('\n');
    const body = lines.slice(lines.indexOf('') + 1, -1);
    // Once it no longer reads, a blank line and what happened end the document.
    return body.length >= 2 && body.at(-2) === '' && body.at(-1)?.startsWith('# ') ? body.slice(0, -2) : body;
  }

  const header = () => h.follows.provideTextDocumentContent(uri).split('\n\n')[0];

  /** Every line of the version's first log file as the emulator holds it now. */
  async function wholeV1Log(jobId = JOB, versionId = VERSION): Promise<string[]> {
    const client = (await h.connection.current())!.client;
    const [file] = await client.listLogFiles(jobId, versionId);
    const newest = await client.getLogLines(jobId, versionId, { logFile: file, lines: 500 });
    const lines = newest.content.split('\n');
    for (let base = newest.startLine; ;) {
      const older = await client.getLogLines(jobId, versionId, { logFile: file, lines: 500, baseLine: base, order: 'asc' });
      if (older.content === '') {
        return lines;
      }
      lines.unshift(...older.content.split('\n'));
      base = older.startLine;
    }
  }

  afterEach(async () => {
    sandbox.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h?.dispose();
    uri = undefined as unknown as vscode.Uri;
  });

  it('appends each new line once, in order, however many come between reads; only the log is read while lines come', async () => {
    await start();
    await follow(await versionNode(h, JOB, VERSION));
    assert.deepEqual(shown(), await wholeV1Log(), 'the whole log (under 500 lines) at first');
    assert.match(header(), /This is the start of the log/);
    h.emulator.clearRequests();
    for (const burst of [3, 1, 1_200, 0, 499]) {
      h.emulator.appendLogLines(JOB, VERSION, burst);
      await clock.tick(2_000);
    }
    await clock.tick(30_000);
    const routes = [...new Set(h.emulator.requests.map(r => r.route))];
    assert.ok(routes.every(r => r === 'aomLog' || r === 'getVersion'), `only the log and the version's status are read: ${routes.join(', ')}`);
    assert.ok(h.requests('aomLog').every(r => r.query.base_line !== undefined && r.query.order === 'desc'), 'every read goes on from a cursor');
    assert.deepEqual(shown(), await wholeV1Log(), 'no line missing, none twice');
    const document = await vscode.workspace.openTextDocument(uri);
    await until(() => document.getText() === h.follows.provideTextDocumentContent(uri), 'the editor to show the appended lines');
    assert.equal(document.languageId, 'log');
  });

  it('reads the status only after a read that found nothing; at the end reads the last lines, says how it ended, and reads nothing more', async () => {
    await start();
    await follow(await versionNode(h, JOB, VERSION));
    h.emulator.clearRequests();
    h.emulator.appendLogLines(JOB, VERSION, 5);
    await clock.tick(2_000);
    assert.equal(h.requests('getVersion').length, 0, 'lines came: no status read');
    await clock.tick(2_000);
    assert.equal(h.requests('getVersion').length, 1, 'nothing new: one status read');
    h.emulator.appendLogLines(JOB, VERSION, 2);
    h.emulator.setVersionStatus(JOB, VERSION, 11);
    await clock.tick(60_000);
    assert.match(header(), /The run ended \(Failed/);
    assert.match(h.follows.provideTextDocumentContent(uri), /\n\n# The run ended \(Failed[^\n]*\n$/, 'said at the end too');
    assert.match(shown().at(-2) ?? '', /CUDA out of memory/, 'the lines written as it failed are there');
    assert.deepEqual(shown(), await wholeV1Log());
    h.emulator.clearRequests();
    await clock.tick(10 * 60_000);
    assert.equal(h.emulator.requests.length, 0);
    assert.match(String(h.tree.getTreeItem(await versionNode(h, JOB, VERSION)).description), /^Failed/, 'the row shows the status read');
    assert.match(String(h.tree.getTreeItem(await jobNode(h, JOB)).description), /^Failed/, 'and so does its job\'s (it was the latest version)');
  });

  it('Pause reads nothing and Resume reads on from the last line shown; the title buttons follow', async () => {
    await start();
    await follow(await versionNode(h, JOB, VERSION));
    const name = uri.path.slice(1);
    assert.deepEqual(h.contexts.get(CONTEXT_KEYS.followingLogs), [name]);
    await h.handlers[COMMANDS.pauseFollow](uri);
    assert.deepEqual(h.contexts.get(CONTEXT_KEYS.pausedLogs), [name]);
    assert.deepEqual(h.contexts.get(CONTEXT_KEYS.followingLogs), []);
    assert.match(header(), /Paused/);
    h.emulator.clearRequests();
    h.emulator.appendLogLines(JOB, VERSION, 700);
    await clock.tick(10 * 60_000);
    assert.equal(h.emulator.requests.length, 0, 'paused: nothing read');
    await h.handlers[COMMANDS.resumeFollow]();
    await clock.tick(0);
    assert.deepEqual(shown(), await wholeV1Log(), 'nothing missed while paused');
    assert.deepEqual(h.contexts.get(CONTEXT_KEYS.followingLogs), [name]);
  });

  it('closing the editor stops reading', async () => {
    await start();
    await follow(await versionNode(h, JOB, VERSION));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until(() => h.follows.get(uri) === undefined, 'the follower to stop');
    h.emulator.clearRequests();
    h.emulator.appendLogLines(JOB, VERSION, 10);
    await clock.tick(10 * 60_000);
    assert.equal(h.emulator.requests.length, 0);
    assert.match(h.follows.provideTextDocumentContent(uri), /no longer followed/);
  });

  it('a long log: the newest 500 lines first, then Load Older Lines reads up to the start', async () => {
    await start();
    h.emulator.appendLogLines(JOB, VERSION, 1_100);
    await follow(await versionNode(h, JOB, VERSION));
    const whole = await wholeV1Log();
    assert.deepEqual(shown(), whole.slice(-500));
    assert.deepEqual(h.contexts.get(CONTEXT_KEYS.olderLogs), [uri.path.slice(1)]);
    while (h.follows.get(uri)?.older === 'more') {
      await h.handlers[COMMANDS.loadOlderLines](uri);
    }
    assert.deepEqual(shown(), whole);
    assert.match(header(), /This is the start of the log/);
    assert.deepEqual(h.contexts.get(CONTEXT_KEYS.olderLogs), []);
  });

  it('a queued run: waits for its log, then follows it from its first line to its failure', async () => {
    await start();
    await follow(await versionNode(h, '182748', '278834'));
    assert.match(header(), /Waiting for the run to write its log/);
    h.emulator.setVersionStatus('182748', '278834', 8);
    h.emulator.appendLogLines('182748', '278834', 30);
    await clock.tick(30_000);
    assert.match(shown()[0], /Training begins/);
    h.emulator.appendLogLines('182748', '278834', 5);
    h.emulator.setVersionStatus('182748', '278834', 11);
    await clock.tick(2 * 60_000);
    assert.deepEqual(shown(), await wholeV1Log('182748', '278834'));
    assert.match(header(), /The run ended \(Failed/);
  });

  it('a run that has ended: its log is shown instead, and said so', async () => {
    await start();
    await h.handlers[COMMANDS.followLog]({ jobId: '182631', versionId: '278790' });
    assert.match(String(info.firstCall?.args[0]), /has ended .*nothing more to follow/);
    await until(() => vscode.window.activeTextEditor?.document.uri.scheme === 'modelarts-log', 'the log to open');
  });

  it('a new-version job: follows its task by the line-paged log, each new line once', async () => {
    await start({ v2: true });
    await follow({ jobId: V2_DEMO_IDS.running });
    const before = shown().length;
    h.emulator.appendLogLines(V2_DEMO_IDS.running, undefined, 650);
    await clock.tick(2_000);
    const lines = shown();
    assert.equal(lines.length, before + 650);
    assert.equal(new Set(lines).size, lines.length, 'no line twice');
    assert.ok(h.requests('v2LogLines').length > 0);
    assert.equal(h.requests('v2LogPreview').length, 0);
  });

  it('a new-version job\'s task row: follows that task, with no picker', async () => {
    await start({ v2: true });
    const top = await h.tree.getChildren();
    const group = top.find(n => n instanceof GroupNode && n.scope === 'v2');
    const rows = group ? await h.tree.getChildren(group) : top;
    const job = rows.find((n): n is V2JobNode => n instanceof V2JobNode && n.job.jobId === V2_DEMO_IDS.multiTask);
    assert.ok(job, 'the multi-task job is in the tree');
    const task = (await h.tree.getChildren(job)).find((n): n is V2TaskNode => n instanceof V2TaskNode && n.task === 'worker-2');
    assert.ok(task, 'its task worker-2 is a row');
    await follow(task);
    assert.equal((vscode.window.showQuickPick as sinon.SinonStub).callCount, 0, 'no task picker');
    assert.match(uri.path, /worker-2 \(live\)\.log$/);
    assert.ok(h.requests('v2LogLines').length > 0 && h.requests('v2LogLines').every(r => r.path.endsWith('/logs/worker-2')), 'only worker-2\'s log is read');
    h.emulator.appendLogLines(V2_DEMO_IDS.multiTask, undefined, 7);
    const before = shown().length;
    await clock.tick(2_000);
    assert.equal(shown().length, before + 7);
  });

  it('a new-version job where the line-paged log does not exist: follows the preview, diffed by size', async () => {
    await start({ v2: true, v2LineLogs: false });
    await follow({ jobId: V2_DEMO_IDS.running });
    const before = shown();
    h.emulator.appendLogLines(V2_DEMO_IDS.running, undefined, 40);
    await clock.tick(2_000);
    const after = shown();
    assert.deepEqual(after.slice(0, before.length), before);
    assert.equal(after.length, before.length + 40);
    assert.ok(h.sink.lines.some(l => /by its preview/.test(l)), 'the log says how it follows');
  });
});
