/**
 * Server text is hostile: an `error_msg`, an `error_code`, a DELETE_FAILED `status_message`, a job's
 * name or description can hold a command link, line breaks or bidi characters. Each surface it reaches
 * (notification, modal, tree label and tooltip, picker row) shows it as inert text.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import {
  FakeQuickPick, deletes, dialog, jobNode, startHarness, stubMessages, stubTypedConfirmation, until, versionNode, type Harness,
  type WarningStub,
} from './harness';

/** VS Code's link syntax in notifications (`parseLinkedText`, vs/base/common/linkedText.ts in 1.139). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
/** Line breaks of every kind, and bidi and zero-width characters. */
const UNSAFE_IN_A_LINE = /[\r\n\u2028\u2029\u0085\u202a-\u202e\u2066-\u2069\u200b-\u200f]/;

const LINK_TO_TERMINAL = '[Open the console](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
const LINK_TO_SIGN_OUT = '[Fix it](command:modelarts.signOut)';

describe('Hostile text from the server', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;
  let error: sinon.SinonStub;

  beforeEach(async () => {
    h = await startHarness();
    ({ warning, info, error } = stubMessages(sandbox));
  });

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  it('a DELETE answered with a command link in error_msg and error_code: the error notification holds no link and no fake code', async () => {
    const node = await versionNode(h, '182631', '278540');
    h.emulator.inject({ route: 'deleteVersion', kind: 'apiError', status: 400, errorCode: LINK_TO_SIGN_OUT, message: `Denied. ${LINK_TO_TERMINAL}` });
    warning.resolves('Delete' as never);

    await h.handlers[COMMANDS.deleteVersion](node);

    sinon.assert.calledOnce(error);
    const message = String(error.firstCall.args[0]);
    assert.doesNotMatch(message, VSCODE_LINK);
    assert.match(message, /Denied\. \[Open the console\] \(command:/, 'the server\'s words are still shown, as text');
    assert.ok(!message.includes('modelarts.signOut'), 'an error_code that is not a code is not shown');
    assert.equal(deletes(h).length, 1);
  });

  it('a DELETE_FAILED reason with a link and line breaks: the notification has no link, the node one line', async () => {
    const node = await versionNode(h, '182715', '278481');
    h.emulator.failNextDelete('182715', '278481', `Access denied.\n\n${LINK_TO_TERMINAL}\u202E`);
    warning.resolves('Delete' as never);

    await h.handlers[COMMANDS.deleteVersion](node);
    await h.deletions.whenIdle();

    const notes = warning.getCalls().map(c => c.args as unknown as [string, unknown])
      .filter(([, options]) => !(options as vscode.MessageOptions | undefined)?.modal).map(([text]) => text);
    const failure = notes.find(text => text.startsWith('ModelArts could not delete'));
    assert.ok(failure, 'the failure is told');
    assert.doesNotMatch(failure, VSCODE_LINK);
    assert.doesNotMatch(failure, UNSAFE_IN_A_LINE);
    const item = h.tree.getTreeItem(await versionNode(h, '182715', '278481'));
    assert.match(String(item.description), /^Delete failed: Access denied\. \[Open the console\]/);
    assert.doesNotMatch(String(item.description), UNSAFE_IN_A_LINE);
  });

  it('a log that cannot be read, with a link in its reason: the information message holds no link', async () => {
    h.emulator.inject({ route: 'logFileNames', kind: 'apiError', status: 400, errorCode: 'ModelArts.0806', message: LINK_TO_TERMINAL });
    await h.handlers[COMMANDS.showTrainingLog]({ jobId: '182631', versionId: '278790' });
    sinon.assert.calledOnce(info);
    assert.doesNotMatch(String(info.firstCall.args[0]), VSCODE_LINK);
    sinon.assert.notCalled(error);
  });

  describe('a job whose name and description a project member chose', () => {
    const name = 'mnist\nProject 00000000000000000000000000000000 in region cn-north-4\u202Egnp.exe';
    const description = 'ok\r# Heading\u2028- list item\u2029    indented code\u0085> quote';

    beforeEach(() => h.emulator.setJobText('182631', { name, description }));

    it('the tree label is one line without bidi characters, and the tooltip cannot start a heading, list or code block', async () => {
      const item = h.tree.getTreeItem(await jobNode(h, '182631'));
      const label = String(item.label);
      assert.doesNotMatch(label, UNSAFE_IN_A_LINE);
      assert.match(label, /^mnist Project 0+ in region cn-north-4 gnp\.exe$/);
      const blocks = (item.tooltip as vscode.MarkdownString).value.split('\n\n');
      const shown = blocks.find(block => block.includes('Heading'));
      assert.ok(shown, 'the description is in the tooltip');
      assert.doesNotMatch(shown, UNSAFE_IN_A_LINE);
      assert.equal(shown, 'ok # Heading - list item indented code \\> quote', 'mid-line, # and - start nothing');
    });

    it('the delete confirmation names the job on one line: no fake line can push the real project out of sight', async () => {
      const typed = stubTypedConfirmation(sandbox, null);
      warning.callsFake((async (_message: string, options?: vscode.MessageOptions) => (options?.modal ? 'Delete…' : undefined)) as never);
      await h.handlers[COMMANDS.deleteJob](await jobNode(h, '182631'));

      const shown = dialog(warning);
      assert.doesNotMatch(shown.message, UNSAFE_IN_A_LINE);
      const lines = shown.detail.split('\n');
      assert.equal(lines[0], 'Training job: mnist Project 00000000000000000000000000000000 in region cn-north-4 gnp.exe (ID 182631)');
      assert.deepEqual(lines.filter(line => line.startsWith('Project ')), [`Project ${h.emulator.projectId} in region ${h.emulator.region}`]);
      assert.ok(lines.every(line => !UNSAFE_IN_A_LINE.test(line)));
      // A name nobody can type is replaced by the job ID in the typed confirmation.
      assert.equal(typed.firstCall.args[0].placeHolder, '182631');
      assert.equal(deletes(h).length, 0);
    });

    it('the job picker shows the name as one line', async () => {
      const picker = new FakeQuickPick<vscode.QuickPickItem>();
      sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
      const run = h.handlers[COMMANDS.deleteJobFromPalette]();
      await until(() => picker.shown && !picker.busy && picker.items.length > 0, 'the job picker');
      const row = picker.items.find(item => String(item.detail).startsWith('Job ID 182631'));
      assert.ok(row);
      assert.doesNotMatch(row.label, UNSAFE_IN_A_LINE);
      assert.match(row.label, /^mnist Project/);
      picker.hide();
      await run;
    });
  });
});
