/**
 * Show Training Log against the emulator: the version's log files listed, a file picker when there
 * are several (one per worker), the newest lines read once into a read-only `log` document named after
 * job, version and file; read again into the same document when run again; versions without a log
 * (none listed, ModelArts.0806) told so without an error; other failures shown as errors; the palette
 * pickers and `{ jobId, versionId }` arguments.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, LOG_SCHEME } from '../../../src/constants';
import type { VersionNode } from '../../../src/tree/nodes';
import { logUri } from '../../../src/ui/logDocuments';
import { formatTime } from '../../../src/util/format';
import { FakeQuickPick, startHarness, until, versionNode, type Harness } from './harness';

/** The file name the editor tab shows. */
const tabName = (document: vscode.TextDocument) => path.posix.basename(document.uri.path);

describe('Show Training Log', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let info: sinon.SinonStub;
  let error: sinon.SinonStub;

  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    h = await startHarness();
    info = sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    error = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
  });

  afterEach(async () => {
    sandbox.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h.dispose();
  });

  const version = (jobId: string, versionId: string): Promise<VersionNode> => versionNode(h, jobId, versionId);

  function openDocument(): vscode.TextDocument {
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'a document is open');
    return editor.document;
  }

  it('opens the newest lines of the only log file in a read-only log document named after job, version and file', async () => {
    const node = await version('182626', '278813');
    const pick = sandbox.spy(vscode.window, 'showQuickPick');
    h.emulator.clearRequests();

    await h.handlers[COMMANDS.showTrainingLog](node);

    const document = openDocument();
    assert.equal(document.uri.scheme, LOG_SCHEME, 'a virtual document: nothing to save, not editable');
    assert.equal(document.languageId, 'log');
    assert.equal(tabName(document), 'resnet50-imagenet-V0005.0.log', 'the version named once');
    const key = { jobId: '1', jobName: 'mnist', versionId: '2', versionName: 'V0002', file: 'worker-0' };
    assert.equal(path.posix.basename(logUri(key, { id: 'c' }).path), 'mnist V0002 worker-0.log', 'a file that names neither gets both');
    assert.equal(document.isDirty, false);
    const lines = document.getText().split('\n');
    assert.equal(lines[0], '# Training log of job "resnet50-imagenet" (ID 182626), version V0005 (ID 278813), file resnet50-imagenet-V0005.0');
    assert.match(lines[1], /^# All 150 lines, read \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\. Run "Show Training Log" again to read it again\.$/);
    assert.equal(lines[2], '');
    assert.match(lines[3], /Training begins, worker 0 of 1/);
    assert.match(lines.at(-2) ?? '', /INFO epoch (\d+)\/\1 in progress$/);
    assert.equal(lines.length, 3 + 150 + 1, 'header, blank line, 150 log lines, final newline');
    sinon.assert.notCalled(pick);
    sinon.assert.notCalled(error);
    assert.deepEqual(h.emulator.requests.map(r => r.route), ['logFileNames', 'aomLog']);
    const [read] = h.requests('aomLog');
    assert.equal(read.query.log_file, 'resnet50-imagenet-V0005.0');
    assert.equal(read.query.lines, '500', 'the newest 500 lines: the API\'s maximum');
    assert.equal(read.query.base_line, undefined);
  });

  it('asks which log file when there are several (one per worker), and reads only that one', async () => {
    const node = await version('182702', '278766');
    let offered: vscode.QuickPickItem[] = [];
    sandbox.stub(vscode.window, 'showQuickPick').callsFake((async (items: readonly vscode.QuickPickItem[]) => {
      offered = [...items];
      return items.find(item => item.label.endsWith('.2'));
    }) as never);
    h.emulator.clearRequests();

    await h.handlers[COMMANDS.showTrainingLog](node);

    assert.deepEqual(offered.map(item => item.label), [0, 1, 2, 3].map(i => `gpt2-small-wikitext-V0007.${i}`));
    assert.deepEqual(offered.map(item => item.description), ['1 of 4', '2 of 4', '3 of 4', '4 of 4']);
    const document = openDocument();
    assert.equal(tabName(document), 'gpt2-small-wikitext-V0007.2.log');
    assert.match(document.getText(), /Training begins, worker 2 of 4/);
    assert.deepEqual(h.requests('aomLog').map(r => r.query.log_file), ['gpt2-small-wikitext-V0007.2']);
  });

  it('reads nothing when the log file picker is dismissed', async () => {
    const node = await version('182702', '278766');
    sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.showTrainingLog](node);
    assert.deepEqual(h.emulator.requests.map(r => r.route), ['logFileNames']);
    assert.equal(vscode.window.activeTextEditor, undefined);
    sinon.assert.notCalled(error);
  });

  it('says so, opening nothing, when the version has no log yet (no log files)', async () => {
    const node = await version('182748', '278834');
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.showTrainingLog](node);
    sinon.assert.calledOnce(info);
    assert.equal(info.firstCall.args[0],
      'No training log for version "V0002" (ID 278834) of training job "wav2vec2-asr-librispeech" (ID 182748) yet. ' +
      'Its status is initializing: logs appear once training has started.');
    sinon.assert.notCalled(error);
    assert.deepEqual(h.emulator.requests.map(r => r.route), ['logFileNames']);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });

  it('says so, without an error, when ModelArts answers ModelArts.0806 (log not there yet, or expired)', async () => {
    const node = await version('182631', '278790');
    h.emulator.inject({ route: 'aomLog', kind: 'apiError', status: 400, errorCode: 'ModelArts.0806', message: 'download log failed' });
    await h.handlers[COMMANDS.showTrainingLog](node);
    sinon.assert.calledOnce(info);
    assert.match(info.firstCall.args[0] as string,
      /^No training log for version "V0003" \(ID 278790\) of training job "bert-finetune-squad" \(ID 182631\) yet\. ModelArts could not provide it \(ModelArts\.0806: download log failed\)/);
    sinon.assert.notCalled(error);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });

  it('shows any other failure as an error naming the file, with the code and Show Extension Log', async () => {
    const node = await version('182631', '278790');
    h.emulator.inject({ route: 'aomLog', kind: 'apiError', status: 403, errorCode: 'ModelArts.0108', message: 'You are not authorized to perform the (log) operation.' });
    await h.handlers[COMMANDS.showTrainingLog](node);
    sinon.assert.calledOnce(error);
    const [message, ...buttons] = error.firstCall.args as [string, ...string[]];
    assert.match(message, /^Could not read log file bert-finetune-squad-V0003\.0 of version "V0003" \(ID 278790\) of training job "bert-finetune-squad" \(ID 182631\): /);
    assert.match(message, /ModelArts\.0108/);
    assert.ok(buttons.includes('Show Extension Log'));
    sinon.assert.notCalled(info);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });

  it('reads the log again when run again, into the same open document', async () => {
    const node = await version('182626', '278813');
    const first = Date.UTC(2025, 5, 2, 9, 30, 0);
    const second = Date.UTC(2025, 5, 2, 9, 45, 0);
    h.clock.now = first;
    await h.handlers[COMMANDS.showTrainingLog](node);
    const document = openDocument();
    // An earlier test may have left this document loaded: then it is updated (onDidChange), not opened anew.
    await until(() => document.getText().includes(`read ${formatTime(first)}.`), 'the document to show the first read');

    h.clock.now = second;
    await h.handlers[COMMANDS.showTrainingLog](node);
    await until(() => document.getText().includes(`read ${formatTime(second)}.`), 'the open document to show the second read');
    assert.equal(openDocument(), document, 'the same document, not a second one');
    assert.equal(h.requests('aomLog').length, 2);
  });

  it('from the palette picks the job, then the version, then reads its log', async () => {
    const picker = new FakeQuickPick<vscode.QuickPickItem>();
    sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
    sandbox.stub(vscode.window, 'showQuickPick').callsFake((async (items: readonly vscode.QuickPickItem[]) =>
      items.find(item => item.label === 'V0001')) as never);
    const run = h.handlers[COMMANDS.showTrainingLog]();
    await until(() => picker.shown && !picker.busy && picker.items.length > 0, 'the job picker');
    assert.equal(picker.title, 'Show Training Log: Training Job');
    picker.pick(item => item.label === 'mnist-quickstart');
    await run;
    assert.equal(tabName(openDocument()), 'mnist-quickstart-V0001.0.log');
  });

  it('accepts { jobId, versionId } arguments', async () => {
    await h.handlers[COMMANDS.showTrainingLog]({ jobId: '182631', versionId: 278790 });
    assert.equal(tabName(openDocument()), 'bert-finetune-squad-V0003.0.log');
    assert.deepEqual(h.requests('aomLog').map(r => r.query.log_file), ['bert-finetune-squad-V0003.0']);
  });
});
