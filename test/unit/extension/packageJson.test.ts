/**
 * package.json contributions must match the ids in src/constants.ts (one source for each id), and
 * follow the house rules: menus name existing commands, node-only commands stay out of the palette,
 * endpoint settings are application-scoped, no eager activation. Plain Node: no `vscode` import.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  APPLICATION_SCOPED_SETTINGS, COMMANDS, COMMAND_PALETTE, CONNECTION_COMMANDS, CONTEXT_KEYS, CONTEXT_VALUE_TAGS, SETTINGS, SETTING_DEFAULTS,
  SETTINGS_SECTION, V2_DOCUMENT_SCHEME, VIEWS, VIEW_CONTAINER_ID,
} from '../../../src/constants';

interface MenuItem { command: string; when?: string; group?: string }
interface WalkthroughStep { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }
interface Manifest {
  main: string;
  activationEvents?: string[];
  icon?: string;
  keywords?: string[];
  categories?: string[];
  repository?: unknown;
  galleryBanner?: { color: string; theme: string };
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited' }; virtualWorkspaces?: boolean };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    menus: Record<string, MenuItem[]>;
    keybindings?: { command: string; key: string; mac?: string; when?: string }[];
    configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
    walkthroughs?: { id: string; title: string; description: string; steps: WalkthroughStep[] }[];
  };
}

const root = path.resolve(__dirname, '../../../..');
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** The manifest as VS Code shows it in English: each `%key%` replaced by its text in package.nls.json. */
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  (_key, value: unknown) => (typeof value === 'string' && /^%[\w.-]+%$/.test(value) ? nls[value.slice(1, -1)] ?? value : value)) as Manifest;
const contributes = manifest.contributes;
const sorted = (values: Iterable<string>) => [...values].sort();
const allMenuItems = () => Object.values(contributes.menus).flat();
const allWhenClauses = () => [
  ...allMenuItems().map(item => item.when),
  ...(contributes.keybindings ?? []).map(binding => binding.when),
  ...contributes.viewsWelcome.map(welcome => welcome.when),
].filter((when): when is string => when !== undefined);

describe('package.json contributions', () => {
  it('contributes exactly the commands of COMMANDS', () => {
    assert.deepEqual(sorted(contributes.commands.map(c => c.command)), sorted([...Object.values(COMMANDS), ...Object.values(CONNECTION_COMMANDS)]));
  });

  it('gives every command a title and the ModelArts category', () => {
    for (const command of contributes.commands) {
      assert.ok(command.title.trim(), `${command.command} has no title`);
      assert.equal(command.category, 'ModelArts', `${command.command} has no category`);
    }
  });

  it('contributes exactly the views of VIEWS, in the activity-bar container VIEW_CONTAINER_ID', () => {
    assert.deepEqual(contributes.viewsContainers.activitybar.map(c => c.id), [VIEW_CONTAINER_ID]);
    assert.deepEqual(Object.keys(contributes.views), [VIEW_CONTAINER_ID]);
    assert.deepEqual(sorted(contributes.views[VIEW_CONTAINER_ID].map(v => v.id)), sorted(Object.values(VIEWS)));
    assert.equal(contributes.views[VIEW_CONTAINER_ID][0].name, 'Training Jobs');
  });

  it('has a monochrome SVG activity-bar icon that exists', () => {
    const icon = contributes.viewsContainers.activitybar[0].icon;
    const svg = fs.readFileSync(path.join(root, icon), 'utf8');
    assert.match(icon, /^media\/.+\.svg$/);
    assert.match(svg, /currentColor/);
    assert.doesNotMatch(svg.replace(/currentColor/g, ''), /#[0-9a-f]{3,6}\b|rgb\(/i, 'the icon must take the theme colour');
  });

  it('menus reference only contributed commands', () => {
    const known = new Set(contributes.commands.map(c => c.command));
    for (const [menu, items] of Object.entries(contributes.menus)) {
      for (const item of items) {
        assert.ok(known.has(item.command), `${menu} names unknown command ${item.command}`);
      }
    }
  });

  it('binds the Delete key to Delete Selected (versions or a job) only while the Training Jobs view has focus outside an input', () => {
    const known = new Set(contributes.commands.map(c => c.command));
    const bindings = contributes.keybindings ?? [];
    for (const binding of bindings) {
      assert.ok(known.has(binding.command), `keybinding names unknown command ${binding.command}`);
    }
    const del = bindings.find(binding => binding.command === COMMANDS.deleteSelection);
    assert.ok(del, 'a keybinding for Delete Selected');
    assert.equal(del.key, 'delete');
    assert.equal(del.mac, 'cmd+backspace');
    assert.equal(del.when, `focusedView == ${VIEWS.trainingJobs} && !inputFocus`);
  });

  it('uses in when clauses only context keys of CONTEXT_KEYS and views of VIEWS', () => {
    const known = new Set<string>([...Object.values(CONTEXT_KEYS), ...Object.values(VIEWS)]);
    for (const when of allWhenClauses()) {
      for (const id of when.match(/\bmodelarts\.[\w.]+/g) ?? []) {
        assert.ok(known.has(id), `unknown id ${id} in when clause "${when}"`);
      }
    }
    assert.ok(allWhenClauses().some(when => when.includes(CONTEXT_KEYS.configured)), 'modelarts.configured is never used');
  });

  it('matches contextValue tags anchored, and only tags of CONTEXT_VALUE_TAGS', () => {
    const tags = new Set<string>(Object.values(CONTEXT_VALUE_TAGS));
    for (const when of allWhenClauses().filter(w => w.includes('viewItem'))) {
      const matches = [...when.matchAll(/viewItem\s*(==|=~)\s*(\S+)/g)];
      assert.ok(matches.length > 0, `cannot read "${when}"`);
      for (const [, operator, pattern] of matches) {
        assert.equal(operator, '=~', `"${when}": match contextValue tags with =~, never ==`);
        const anchored = /^\/\(\^\|;\)\(?([\w|]+)\)?\(;\|\$\)\/$/.exec(pattern);
        assert.ok(anchored, `"${when}": use /(^|;)tag(;|$)/`);
        for (const tag of anchored[1].split('|')) {
          assert.ok(tags.has(tag), `"${when}" names unknown tag ${tag}`);
        }
      }
    }
  });

  it('hides node-only commands from the palette and leaves the others (or their picker fallback) in it', () => {
    const palette = new Map(contributes.menus.commandPalette.map(item => [item.command, item.when]));
    for (const [command, mode] of Object.entries(COMMAND_PALETTE)) {
      if (mode === 'hidden') {
        assert.equal(palette.get(command), 'false', `${command} needs a node: hide it with "when": "false"`);
      } else {
        assert.notEqual(palette.get(command), 'false', `${command} (${mode}) must be reachable from the palette`);
      }
    }
    assert.deepEqual(sorted(Object.keys(COMMAND_PALETTE)), sorted([...Object.values(COMMANDS), ...Object.values(CONNECTION_COMMANDS)]));
  });

  it('shows Delete Version only on deletable versions and Delete Training Job only on deletable jobs, in the last (destructive) context-menu group', () => {
    const context = contributes.menus['view/item/context'];
    const tag = (name: string) => `viewItem =~ /(^|;)${name}(;|$)/`;
    const only = (command: string) => {
      const items = context.filter(item => item.command === command);
      assert.equal(items.length, 1, `${command} appears once in the context menu`);
      return items[0];
    };
    const deleteVersion = only(COMMANDS.deleteVersion);
    assert.equal(deleteVersion.group, '9_destructive@1');
    assert.equal(deleteVersion.when, `view == ${VIEWS.trainingJobs} && ${tag(CONTEXT_VALUE_TAGS.version)} && ${tag(CONTEXT_VALUE_TAGS.deletable)}`);
    const deleteJob = only(COMMANDS.deleteJob);
    assert.equal(deleteJob.group, '9_destructive@1');
    // One Delete Training Job for both kinds: an old-version job, or a new-version (v2) one.
    assert.equal(deleteJob.when,
      `view == ${VIEWS.trainingJobs} && viewItem =~ /(^|;)(${CONTEXT_VALUE_TAGS.job}|${CONTEXT_VALUE_TAGS.v2Job})(;|$)/ && ${tag(CONTEXT_VALUE_TAGS.deletable)}`);
    const groups = context.map(item => item.group ?? '').filter(group => group !== 'inline');
    for (const group of groups) {
      assert.match(group, /^\d+_[a-z]+@\d+$/, `menu group ${group} is not <n>_<purpose>@<order>`);
    }
    assert.ok(groups.every(group => group <= '9_destructive@1'), 'the destructive group must come last');
    assert.deepEqual(sorted(context.filter(item => item.group?.startsWith('9_')).map(item => item.command)),
      sorted([COMMANDS.deleteVersion, COMMANDS.deleteJob, CONNECTION_COMMANDS.remove]));
    assert.equal(only(CONNECTION_COMMANDS.remove).when, `view == ${VIEWS.trainingJobs} && ${tag(CONTEXT_VALUE_TAGS.connection)}`);
  });

  it('shows Show Training Log on versions and on v2 jobs and tasks with a log, after Show Details in the inspect group', () => {
    const context = contributes.menus['view/item/context'];
    const log = context.filter(item => item.command === COMMANDS.showTrainingLog);
    assert.equal(log.length, 1);
    assert.equal(log[0].group, '1_inspect@2');
    assert.equal(log[0].when, `view == ${VIEWS.trainingJobs} && viewItem =~ /(^|;)(${CONTEXT_VALUE_TAGS.version}|${CONTEXT_VALUE_TAGS.hasLog})(;|$)/`);
    assert.equal(context.find(item => item.command === COMMANDS.showVersionDetails)?.group, '1_inspect@1');
  });

  it('keeps the two Stop commands apart: Stop Version on stoppable versions, Stop Training Job on stoppable v2 jobs', () => {
    const context = contributes.menus['view/item/context'];
    const when = (command: string) => context.filter(item => item.command === command).map(item => item.when);
    const tag = (name: string) => `viewItem =~ /(^|;)${name}(;|$)/`;
    assert.deepEqual(when(COMMANDS.stopVersion), [`view == ${VIEWS.trainingJobs} && ${tag(CONTEXT_VALUE_TAGS.version)} && ${tag(CONTEXT_VALUE_TAGS.stoppable)}`]);
    assert.deepEqual(when(COMMANDS.stopV2Job), [`view == ${VIEWS.trainingJobs} && ${tag(CONTEXT_VALUE_TAGS.v2Job)} && ${tag(CONTEXT_VALUE_TAGS.stoppable)}`]);
    assert.deepEqual(when(COMMANDS.showV2Events), [`view == ${VIEWS.trainingJobs} && ${tag(CONTEXT_VALUE_TAGS.v2Job)}`]);
    // Open Full Log sits in the title of a v2 log editor, where the truncated preview is read.
    assert.deepEqual(contributes.menus['editor/title']?.filter(item => item.command === COMMANDS.openFullLog).map(item => item.when),
      [`resourceScheme == ${V2_DOCUMENT_SCHEME} && resourceExtname == .log`]);
  });

  it('offers Filter Jobs… in the view title, a filled filter icon and Clear Filter there only while a filter is active', () => {
    const title = contributes.menus['view/title'];
    const icon = (command: string) => (contributes.commands.find(c => c.command === command) as { icon?: string } | undefined)?.icon;
    const filter = title.filter(item => item.command === COMMANDS.filterJobs);
    assert.deepEqual(filter.map(item => item.group), ['navigation@2']);
    assert.equal(filter[0].when, `view == ${VIEWS.trainingJobs} && ${CONTEXT_KEYS.configured} && !${CONTEXT_KEYS.filtered}`);
    assert.equal(icon(COMMANDS.filterJobs), '$(filter)');
    // While a filter is on, the same place shows a filled icon (the same command behind it).
    const change = title.filter(item => item.command === COMMANDS.changeFilter);
    assert.deepEqual(change.map(item => [item.group, item.when]), [['navigation@2', `view == ${VIEWS.trainingJobs} && ${CONTEXT_KEYS.filtered}`]]);
    assert.equal(icon(COMMANDS.changeFilter), '$(filter-filled)');
    const clear = title.filter(item => item.command === COMMANDS.clearFilter);
    assert.equal(clear.length, 1);
    assert.match(clear[0].group ?? '', /^navigation@\d+$/);
    assert.equal(clear[0].when, `view == ${VIEWS.trainingJobs} && ${CONTEXT_KEYS.filtered}`);
    assert.equal(icon(COMMANDS.clearFilter), '$(clear-all)');
    const palette = new Map(contributes.menus.commandPalette.map(item => [item.command, item.when]));
    assert.equal(palette.get(COMMANDS.clearFilter), CONTEXT_KEYS.filtered);
  });

  it('offers Configure Credentials in a welcome view shown while not configured', () => {
    const welcome = contributes.viewsWelcome.find(w => w.view === VIEWS.trainingJobs);
    assert.ok(welcome);
    assert.equal(welcome.when, `!${CONTEXT_KEYS.configured}`);
    assert.ok(welcome.contents.includes(`(command:${COMMANDS.configureCredentials})`));
  });

  it('contributes exactly the settings of SETTINGS', () => {
    assert.deepEqual(
      sorted(Object.keys(contributes.configuration.properties)),
      sorted(Object.values(SETTINGS).map(key => `${SETTINGS_SECTION}.${key}`)));
  });

  it('declares each setting\'s default once: package.json and SETTING_DEFAULTS agree', () => {
    for (const key of Object.values(SETTINGS)) {
      assert.deepEqual(contributes.configuration.properties[`${SETTINGS_SECTION}.${key}`]?.default, SETTING_DEFAULTS[key], key);
    }
  });

  it('makes the settings that decide where requests go, and how many and how long, application-scoped', () => {
    for (const key of [SETTINGS.endpoint, SETTINGS.iamEndpoint, SETTINGS.cloud, SETTINGS.region, SETTINGS.projectId,
      SETTINGS.pageSize, SETTINGS.requestTimeoutSeconds, SETTINGS.deleteConcurrency]) {
      assert.ok(APPLICATION_SCOPED_SETTINGS.includes(key), `${key} missing from APPLICATION_SCOPED_SETTINGS`);
    }
    for (const [name, property] of Object.entries(contributes.configuration.properties)) {
      const key = name.slice(SETTINGS_SECTION.length + 1);
      assert.equal(property.scope === 'application', APPLICATION_SCOPED_SETTINGS.includes(key),
        `${name}: scope ${property.scope ?? '(window)'}`);
    }
  });

  it('has no setting that could hold a secret', () => {
    for (const name of Object.keys(contributes.configuration.properties)) {
      assert.doesNotMatch(name, /secret|password|token|sk$/i, `${name} looks like a secret: secrets go to SecretStorage`);
    }
  });

  it('is ready for the Marketplace: a 128×128 PNG icon, keywords, categories, a banner, no placeholder repository', () => {
    assert.ok(manifest.icon, 'an icon');
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${manifest.icon} is a PNG`);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'the icon is 128×128');
    assert.ok((manifest.keywords ?? []).length >= 3 && (manifest.keywords ?? []).length <= 30, 'keywords (the Marketplace takes up to 30)');
    assert.ok(manifest.categories?.includes('Machine Learning'));
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.doesNotMatch(JSON.stringify(manifest.repository ?? ''), /example\.invalid/, 'a real repository, or none');
  });

  it('declares it works in Restricted Mode (every setting is user-level) and in virtual workspaces', () => {
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
    assert.equal(manifest.capabilities?.virtualWorkspaces, true);
    // Supported in untrusted folders only holds while no setting can come from a folder's settings.
    for (const [name, setting] of Object.entries(contributes.configuration.properties)) {
      assert.equal(setting.scope, 'application', `${name} is application-scoped`);
    }
  });

  it('has a walkthrough whose steps have their explanation and buttons that run contributed commands or open the view', () => {
    const [walkthrough] = contributes.walkthroughs ?? [];
    assert.ok(walkthrough, 'a walkthrough');
    assert.deepEqual(walkthrough.steps.map(step => step.id), ['connect', 'browse', 'delete', 'cleanUp', 'protect']);
    const commands = new Set<string>(Object.values(COMMANDS));
    for (const step of walkthrough.steps) {
      // Each language's page: the manifest names it by a key, which each language's nls file maps to its file.
      const raw = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { steps: { id: string; media: { markdown?: string } }[] }[] } })
        .contributes.walkthroughs[0].steps.find(s => s.id === step.id);
      const key = /^%([\w.]+)%$/.exec(raw?.media.markdown ?? '')?.[1];
      assert.ok(key, `${step.id}: its markdown is named by an nls key`);
      for (const nlsFile of ['package.nls.json', 'package.nls.zh-cn.json']) {
        const page = (JSON.parse(fs.readFileSync(path.join(root, nlsFile), 'utf8')) as Record<string, string>)[key];
        assert.ok(page && fs.existsSync(path.join(root, page)), `${step.id}: its markdown in ${nlsFile} exists`);
      }
      const buttons = [...step.description.matchAll(/\[[^\]]+\]\(command:([\w.]+)\)/g)].map(m => m[1]);
      assert.ok(buttons.length > 0, `${step.id} has a button`);
      for (const command of buttons) {
        assert.ok(commands.has(command) || command === `${VIEWS.trainingJobs}.focus`, `${step.id}: ${command} is a contributed command`);
      }
      for (const event of step.completionEvents ?? []) {
        const [kind, name] = event.split(':');
        assert.ok(kind === 'onCommand' ? commands.has(name) : kind === 'onView' ? name === VIEWS.trainingJobs : kind === 'onContext' && name === CONTEXT_KEYS.configured,
          `${step.id}: ${event} names something that exists`);
      }
    }
  });

  it('does not activate eagerly and runs the bundle', () => {
    for (const event of manifest.activationEvents ?? []) {
      assert.ok(event !== '*' && event !== 'onStartupFinished', `eager activation event ${event}`);
    }
    assert.equal(manifest.main, './dist/extension.js');
  });
});
