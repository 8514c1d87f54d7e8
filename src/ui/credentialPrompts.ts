/** The prompts of Configure Credentials: cloud and region, sign-in method, secrets, project ID. */
import * as vscode from 'vscode';
import { REGION_PRESETS, normaliseEndpoint, type CloudId, type RegionPreset } from '../client/endpoints';
import { nonPrintableAt } from '../client/ids';
import { describeError } from '../util/describeError';

/** The step names, at the end of each input's title (tests answer prompts by them). */
export const CONFIGURE_STEPS = {
  target: 'Cloud and Region',
  endpoint: 'ModelArts Endpoint',
  iamEndpoint: 'IAM Endpoint',
  region: 'Region',
  method: 'Sign-in Method',
  accessKey: 'Access Key ID',
  secretKey: 'Secret Access Key',
  securityToken: 'Security Token',
  userName: 'IAM User Name',
  password: 'Password',
  domainName: 'Account Name',
  projectId: 'Project ID',
} as const;

/** The button that goes through the steps again with every value kept. */
export const RETRY_BUTTON = 'Edit and Retry';

/** The sign-in methods, as offered. */
export const METHOD_LABELS = {
  aksk: 'Access key (AK/SK)',
  temporary: 'Temporary access key with security token',
  password: 'IAM user name and password',
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

const title = (step: string) => `ModelArts: ${step}`;

interface TargetItem extends vscode.QuickPickItem {
  readonly preset?: RegionPreset;
  readonly custom?: boolean;
}

function presetItem(preset: RegionPreset, current: boolean): TargetItem {
  return { label: preset.label, description: current ? 'current' : undefined, detail: preset.endpoint, preset };
}

async function askTarget(draft: Draft): Promise<Draft | undefined> {
  const isCurrent = (p: RegionPreset) => draft.cloud === p.cloud && draft.region === p.region;
  const current = REGION_PRESETS.find(isCurrent);
  const others = REGION_PRESETS.filter(p => !isCurrent(p));
  const customItem: TargetItem = {
    label: 'Custom endpoint…',
    description: draft.cloud === 'custom' ? `current: ${draft.endpoint}` : undefined,
    detail: 'Any other ModelArts endpoint, such as a local emulator',
    custom: true,
  };
  const separator = (label: string): TargetItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items: TargetItem[] = [
    ...(current ? [presetItem(current, true)] : draft.cloud === 'custom' ? [customItem] : []),
    separator('Huawei Cloud'),
    ...others.filter(p => p.cloud === 'huaweicloud').map(p => presetItem(p, false)),
    separator('Open Telekom Cloud'),
    ...others.filter(p => p.cloud === 'otc').map(p => presetItem(p, false)),
    ...(draft.cloud === 'custom' ? [] : [separator('Other'), customItem]),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: title(CONFIGURE_STEPS.target),
    placeHolder: 'Where are your training jobs?',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!pick) {
    return undefined;
  }
  if (pick.preset) {
    return { ...draft, cloud: pick.preset.cloud, region: pick.preset.region };
  }
  const endpoint = await input(CONFIGURE_STEPS.endpoint, draft.cloud === 'custom' ? draft.endpoint : '', {
    prompt: 'ModelArts endpoint URL (https://…; http:// only for a local emulator)',
    validate: v => endpointProblem(v, 'ModelArts endpoint'),
  });
  if (endpoint === undefined) {
    return undefined;
  }
  const iamEndpoint = await input(CONFIGURE_STEPS.iamEndpoint, (draft.cloud === 'custom' && draft.iamEndpoint) || endpoint, {
    prompt: 'IAM endpoint URL, used for tokens and to look up the project ID',
    validate: v => endpointProblem(v, 'IAM endpoint'),
  });
  if (iamEndpoint === undefined) {
    return undefined;
  }
  const region = await input(CONFIGURE_STEPS.region, draft.cloud === 'custom' ? draft.region : '', {
    prompt: 'Region, which is also the IAM project name (for example eu-de)',
    validate: v => /^[A-Za-z0-9_-]{1,64}$/.test(v.trim()) ? undefined : 'Enter a region name such as eu-de.',
  });
  if (region === undefined) {
    return undefined;
  }
  return { ...draft, cloud: 'custom', endpoint: endpoint.trim(), iamEndpoint: iamEndpoint.trim(), region: region.trim() };
}

function endpointProblem(value: string, what: string): string | undefined {
  try {
    normaliseEndpoint(value, what);
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

async function askMethod(draft: Draft): Promise<Method | undefined> {
  const methods = Object.keys(METHOD_LABELS) as Method[];
  const ordered = [draft.method, ...methods.filter(m => m !== draft.method)];
  const pick = await vscode.window.showQuickPick(ordered.map(method => ({
    label: METHOD_LABELS[method],
    description: method === draft.method ? 'current' : undefined,
    method,
  })), { title: title(CONFIGURE_STEPS.method), placeHolder: 'How do you sign in?', ignoreFocusOut: true });
  return pick?.method;
}

interface InputOptions {
  readonly prompt: string;
  readonly validate?: (value: string) => string | undefined;
}

async function input(step: string, value: string, options: InputOptions): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: title(step),
    prompt: options.prompt,
    value,
    ignoreFocusOut: true,
    validateInput: options.validate,
  });
}

/** A password box that never shows the kept secret; empty keeps it. */
async function secret(step: string, kept: string | undefined, prompt: string, space = false): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({
    title: title(step),
    prompt,
    password: true,
    ignoreFocusOut: true,
    placeHolder: kept ? 'Leave empty to keep the current value' : undefined,
    validateInput: v => (!v && !kept ? `Enter the ${step.toLowerCase()}.` : printableProblem(v, step.toLowerCase(), space)),
  });
  return answer === undefined ? undefined : answer || kept;
}

/**
 * What is wrong with a pasted credential that holds a character other than printable ASCII (the box
 * hides what was typed, so the message names the position and the character's code, not the value).
 */
export function printableProblem(value: string, what: string, space = false): string | undefined {
  const at = nonPrintableAt(value, space);
  return at === undefined ? undefined
    : `The ${what} holds a character that is not printable ASCII at ${at}, often an invisible one copied with it. Paste it again without it.`;
}

const notBlank = (what: string) => (v: string) => /^\S+$/.test(v.trim()) ? undefined : `Enter the ${what}.`;

async function askAkSk(draft: Draft, temporary: boolean): Promise<Draft | undefined> {
  const accessKey = await input(CONFIGURE_STEPS.accessKey, draft.accessKey, {
    prompt: temporary ? 'Temporary access key ID (AK)' : 'Access key ID (AK)',
    validate: v => notBlank('access key ID')(v) ?? printableProblem(v.trim(), 'access key ID'),
  });
  if (accessKey === undefined) {
    return undefined;
  }
  // A kept secret belongs to the access key it was entered with.
  const same = accessKey.trim() === draft.accessKey;
  const secretKey = await secret(CONFIGURE_STEPS.secretKey, same ? draft.secretKey : undefined, 'Secret access key (SK); stored only in VS Code\'s secret storage');
  if (secretKey === undefined) {
    return undefined;
  }
  let securityToken: string | undefined;
  if (temporary) {
    securityToken = await secret(CONFIGURE_STEPS.securityToken, same ? draft.securityToken : undefined, 'Security token of the temporary access key');
    if (securityToken === undefined) {
      return undefined;
    }
  }
  return { ...draft, method: temporary ? 'temporary' : 'aksk', accessKey: accessKey.trim(), secretKey, securityToken };
}

async function askPassword(draft: Draft): Promise<Draft | undefined> {
  const domainName = await input(CONFIGURE_STEPS.domainName, draft.domainName, {
    prompt: 'Account name (the IAM domain the user belongs to)',
    validate: notBlank('account name'),
  });
  if (domainName === undefined) {
    return undefined;
  }
  const userName = await input(CONFIGURE_STEPS.userName, draft.userName, {
    prompt: 'IAM user name',
    validate: notBlank('IAM user name'),
  });
  if (userName === undefined) {
    return undefined;
  }
  const same = userName.trim() === draft.userName && domainName.trim() === draft.domainName;
  const password = await secret(CONFIGURE_STEPS.password, same ? draft.password : undefined, 'Password of the IAM user; stored only in VS Code\'s secret storage', true);
  if (password === undefined) {
    return undefined;
  }
  return { ...draft, method: 'password', userName: userName.trim(), domainName: domainName.trim(), password };
}

export async function askAll(start: Draft): Promise<Draft | undefined> {
  let draft = await askTarget(start);
  if (!draft) {
    return undefined;
  }
  const method = await askMethod(draft);
  if (!method) {
    return undefined;
  }
  draft = method === 'password' ? await askPassword(draft) : await askAkSk(draft, method === 'temporary');
  if (!draft) {
    return undefined;
  }
  const projectId = await input(CONFIGURE_STEPS.projectId, draft.projectId, {
    prompt: `Project ID (optional): leave empty to use the project of region ${draft.region}`,
    validate: v => v.trim() === '' || /^[A-Za-z0-9_-]{1,64}$/.test(v.trim()) ? undefined : 'A project ID has letters and digits only (32 hex characters).',
  });
  if (projectId === undefined) {
    return undefined;
  }
  return { ...draft, projectId: projectId.trim() };
}
