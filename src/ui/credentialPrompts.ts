/**
 * The steps of Configure Credentials, as one dialog with "n of m" and Back (multiStep.ts): where (a
 * cloud and region, grouped by cloud, or a custom endpoint), how to sign in, the secrets, the project.
 */
import { msg, t } from '../util/l10n';
import * as vscode from 'vscode';
import { REGION_PRESETS, normaliseEndpoint, type CloudId, type RegionPreset } from '../client/endpoints';
import { nonPrintableAt } from '../client/ids';
import { describeError } from '../util/describeError';
import { runSteps, type StepInput } from './multiStep';

/** The steps, by what each asks (a box's title is `Configure Credentials: <this>`). */
export const CONFIGURE_STEPS = {
  target: msg('Cloud and Region'),
  endpoint: msg('ModelArts Endpoint'),
  iamEndpoint: msg('IAM Endpoint'),
  region: msg('Region'),
  method: msg('Sign-in Method'),
  accessKey: msg('Access Key ID'),
  secretKey: msg('Secret Access Key'),
  securityToken: msg('Security Token'),
  userName: msg('IAM User Name'),
  password: msg('Password'),
  domainName: msg('Account Name'),
  projectId: msg('Project ID'),
} as const;

export type StepName = keyof typeof CONFIGURE_STEPS;

/** The title of every box of the flow: the step count and the step's name tell where one is. */
export const CONFIGURE_TITLE = msg('Configure Credentials');

/** The button that goes back to the step that was wrong, with every value kept. */
export const RETRY_BUTTON = msg('Edit and Retry');

/** The sign-in methods, as offered. */
/** The cloud-and-region item for an endpoint of one's own (the local emulator, say). */
export const CUSTOM_LABEL = msg('Custom endpoint…');

export const METHOD_LABELS = {
  aksk: msg('Access key (AK/SK)'),
  temporary: msg('Temporary access key with security token'),
  password: msg('IAM user name and password'),
} as const;

export type Method = keyof typeof METHOD_LABELS;

/** Everything entered so far. Secrets live only here (memory) until saved to SecretStorage. */
export interface Draft {
  cloud: CloudId;
  region: string;
  endpoint: string;
  iamEndpoint: string;
  projectId: string;
  method: Method;
  accessKey: string;
  secretKey?: string;
  securityToken?: string;
  userName: string;
  password?: string;
  domainName: string;
}

/** The steps a draft needs: the endpoint steps only for a custom endpoint, the secrets of its method. */
export function stepsFor(draft: Draft): StepName[] {
  const secrets: StepName[] = draft.method === 'password' ? ['domainName', 'userName', 'password']
    : draft.method === 'temporary' ? ['accessKey', 'secretKey', 'securityToken'] : ['accessKey', 'secretKey'];
  return ['target', ...(draft.cloud === 'custom' ? ['endpoint', 'iamEndpoint', 'region'] as StepName[] : []), 'method', ...secrets, 'projectId'];
}

/** Asks every step (from `start`, e.g. the one that was wrong), filling `draft`; false when cancelled. */
export function askAll(draft: Draft, start?: StepName): Promise<boolean> {
  return runSteps(() => stepsFor(draft), (step, input) => ask(step, draft, input), start);
}

const titled = (step: StepName) => t('{0}: {1}', t(CONFIGURE_TITLE), t(CONFIGURE_STEPS[step]));

async function ask(step: StepName, draft: Draft, input: StepInput): Promise<void> {
  switch (step) {
    case 'target':
      return askTarget(draft, input);
    case 'method':
      return askMethod(draft, input);
    case 'secretKey':
    case 'securityToken':
    case 'password':
      return askSecret(step, draft, input);
    default:
      return askText(step, draft, input);
  }
}

interface TargetItem extends vscode.QuickPickItem {
  readonly preset?: RegionPreset;
  readonly custom?: boolean;
}

/** Where the jobs are: regions grouped by cloud, then a custom endpoint. A change of place forgets its project. */
async function askTarget(draft: Draft, input: StepInput): Promise<void> {
  const item = (preset: RegionPreset): TargetItem => ({
    label: preset.label, description: preset.region, detail: preset.detail ? t(preset.detail) : preset.endpoint, preset,
  });
  const separator = (label: string): TargetItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const custom: TargetItem = {
    label: t(CUSTOM_LABEL), description: draft.cloud === 'custom' ? draft.endpoint : undefined,
    detail: t('Any other ModelArts endpoint, such as a local emulator'), custom: true,
  };
  const presets = REGION_PRESETS.map(item);
  const items = [
    separator(t('Huawei Cloud')), ...presets.filter(p => p.preset?.cloud === 'huaweicloud'),
    separator('Open Telekom Cloud'), ...presets.filter(p => p.preset?.cloud === 'otc'),
    separator(t('Other')), custom,
  ];
  const active = draft.cloud === 'custom' ? custom : presets.find(p => p.preset?.cloud === draft.cloud && p.preset.region === draft.region);
  const pick = await input.pick({ title: titled('target'), placeholder: t('Where are your training jobs?'), items, active, matchOnDetail: true });
  const cloud = pick.preset?.cloud ?? 'custom';
  const region = pick.preset?.region ?? (draft.cloud === 'custom' ? draft.region : '');
  if (cloud !== draft.cloud || region !== draft.region) {
    // A project ID (and a custom IAM endpoint) belongs to the place it was entered for.
    Object.assign(draft, { projectId: '', ...(cloud === 'custom' ? {} : { endpoint: '', iamEndpoint: '' }) });
  }
  Object.assign(draft, { cloud, region });
}

async function askMethod(draft: Draft, input: StepInput): Promise<void> {
  const items = (Object.keys(METHOD_LABELS) as Method[]).map(method => ({ label: t(METHOD_LABELS[method]), method }));
  const pick = await input.pick({ title: titled('method'), placeholder: t('How do you sign in?'), items, active: items.find(i => i.method === draft.method) });
  draft.method = pick.method;
}

/** What each text step asks, and how it checks the answer. */
const TEXT_STEPS: Partial<Record<StepName, { readonly prompt: (d: Draft) => string; readonly validate: (v: string) => string | undefined }>> = {
  endpoint: { prompt: () => t('ModelArts endpoint URL (https://…; http:// only for a local emulator)'), validate: v => endpointProblem(v, t('ModelArts endpoint')) },
  iamEndpoint: { prompt: () => t('IAM endpoint URL, used for tokens and to look up the project ID'), validate: v => endpointProblem(v, t('IAM endpoint')) },
  region: {
    prompt: () => t('Region, which is also the IAM project name (for example eu-de)'),
    validate: v => /^[A-Za-z0-9_-]{1,64}$/.test(v.trim()) ? undefined : t('Enter a region name such as eu-de.'),
  },
  accessKey: {
    prompt: d => (d.method === 'temporary' ? t('Temporary access key ID (AK)') : t('Access key ID (AK)')),
    validate: v => notBlank(t('access key ID'))(v) ?? printableProblem(v.trim(), t('access key ID')),
  },
  domainName: { prompt: () => t('Account name (the IAM domain the user belongs to)'), validate: v => notBlank(t('account name'))(v) },
  userName: { prompt: () => t('IAM user name'), validate: v => notBlank(t('IAM user name'))(v) },
  projectId: {
    prompt: d => t('Project ID (optional): leave empty to use the project of region {0}', d.region),
    validate: v => v.trim() === '' || /^[A-Za-z0-9_-]{1,64}$/.test(v.trim()) ? undefined : t('A project ID has letters and digits only (32 hex characters).'),
  },
};

async function askText(step: StepName, draft: Draft, input: StepInput): Promise<void> {
  const spec = TEXT_STEPS[step];
  if (!spec) {
    return;
  }
  const field = step as 'endpoint' | 'iamEndpoint' | 'region' | 'accessKey' | 'domainName' | 'userName' | 'projectId';
  const before = draft[field];
  const value = (field === 'iamEndpoint' && !before ? draft.endpoint : before);
  const answer = (await input.text({ title: titled(step), prompt: spec.prompt(draft), value, validate: spec.validate })).trim();
  if (answer === before) {
    return;
  }
  draft[field] = answer;
  if (field === 'endpoint') {
    // The IAM endpoint and the project ID of another endpoint do not belong to this one.
    Object.assign(draft, { iamEndpoint: '', projectId: '' });
  } else if (field === 'accessKey') {
    // A kept secret belongs to the access key it was entered with.
    Object.assign(draft, { secretKey: undefined, securityToken: undefined });
  } else if (field === 'userName' || field === 'domainName') {
    draft.password = undefined;
  }
}

/** A password box that never shows a secret; left empty, it keeps the one entered before. */
async function askSecret(step: 'secretKey' | 'securityToken' | 'password', draft: Draft, input: StepInput): Promise<void> {
  const kept = draft[step];
  const prompts = {
    secretKey: t('Secret access key (SK); stored only in VS Code\'s secret storage'),
    securityToken: t('Security token of the temporary access key'),
    password: t('Password of the IAM user; stored only in VS Code\'s secret storage'),
  };
  const what = t(CONFIGURE_STEPS[step]).toLowerCase();
  const answer = await input.text({
    title: titled(step), prompt: prompts[step], password: true,
    placeholder: kept ? t('Leave empty to keep the value entered before') : undefined,
    validate: v => (!v && !kept ? t('Enter the {0}.', what) : printableProblem(v, what, step === 'password')),
  });
  draft[step] = answer || kept;
}

function endpointProblem(value: string, what: string): string | undefined {
  try {
    normaliseEndpoint(value, what);
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

/**
 * What is wrong with a pasted credential that holds a character other than printable ASCII (the box
 * hides what was typed, so the message names the position and the character's code, not the value).
 */
export function printableProblem(value: string, what: string, space = false): string | undefined {
  const at = nonPrintableAt(value, space);
  return at === undefined ? undefined
    : t('The {0} holds a character that is not printable ASCII at {1}, often an invisible one copied with it. Paste it again without it.', what, at);
}

const notBlank = (what: string) => (v: string) => /^\S+$/.test(v.trim()) ? undefined : t('Enter the {0}.', what);
