/** Configure Credentials: cloud and region, sign-in method, secrets, a real check, then save. */
import { CancelledError } from '../client/errors';
import type { CachedToken, Credentials, TokenCache } from '../client/types';
import { resolveTarget, type ConnectionSettings, type ResolvedTarget } from '../credentials/settingsStore';
import { credentialProblem } from '../model/credentialProblems';
import { CONFIGURE_STEPS, askAll, METHOD_LABELS, RETRY_BUTTON, type Draft, type StepName } from '../ui/credentialPrompts';
import { showInfo, showModalError, withProgress } from '../ui/messages';
import { t } from '../util/l10n';

import type { CommandDeps } from './deps';

export { CONFIGURE_STEPS, CONFIGURE_TITLE, METHOD_LABELS, RETRY_BUTTON } from '../ui/credentialPrompts';

/** What Configure Credentials needs. */
type ConfigureDeps = Pick<CommandDeps, 'connection' | 'store' | 'settings' | 'logger'>;

async function initialDraft(deps: ConfigureDeps): Promise<Draft> {
  const settings = deps.settings.readConnection();
  const stored = await deps.store.get();
  const draft: Draft = { ...settings, method: 'aksk', accessKey: '', userName: '', domainName: '' };
  if (stored?.kind === 'aksk') {
    Object.assign(draft, {
      method: stored.securityToken ? 'temporary' : 'aksk',
      accessKey: stored.accessKey, secretKey: stored.secretKey, securityToken: stored.securityToken,
    });
  } else if (stored?.kind === 'password') {
    Object.assign(draft, { method: 'password', userName: stored.userName, password: stored.password, domainName: stored.domainName });
  }
  return draft;
}

/**
 * The Configure Credentials command: one dialog of steps (with "n of m" and Back), then one real call
 * with what was entered. When it fails, the error names one cause, with the advice for it, and Edit
 * and Retry goes straight back to the step to correct, every value kept (a secret box left empty keeps
 * what was typed). Resolves true when credentials were checked and saved.
 */
export async function configureCredentials(deps: ConfigureDeps): Promise<boolean> {
  const draft = await initialDraft(deps);
  let start: StepName | undefined;
  for (;;) {
    if (!(await askAll(draft, start))) {
      return false;
    }
    let checked: { target: ResolvedTarget; projectId: string; token?: CachedToken };
    try {
      checked = await check(deps, draft);
    } catch (error) {
      if (error instanceof CancelledError) {
        return false;
      }
      deps.logger.error('Checking the credentials failed', error);
      const problem = credentialProblem(error, draft);
      const choice = await showModalError({
        message: t('The credentials were not saved: {0}.', problem.cause),
        detail: [problem.advice, '', t('Choose "{0}" to correct the {1}; everything else you entered is kept.', t(RETRY_BUTTON), t(CONFIGURE_STEPS[problem.step]).toLowerCase())],
      }, RETRY_BUTTON);
      if (choice !== RETRY_BUTTON) {
        return false;
      }
      start = problem.step;
      continue;
    }
    await save(deps, draft, checked.token);
    void showInfo(t('ModelArts credentials saved: region {0}, project {1}.', checked.target.region, checked.projectId));
    return true;
  }
}

function credentialsOf(draft: Draft): Credentials {
  if (draft.method === 'password') {
    return { kind: 'password', userName: draft.userName, password: draft.password ?? '', domainName: draft.domainName };
  }
  return draft.method === 'temporary'
    ? { kind: 'aksk', accessKey: draft.accessKey, secretKey: draft.secretKey ?? '', securityToken: draft.securityToken ?? '' }
    : { kind: 'aksk', accessKey: draft.accessKey, secretKey: draft.secretKey ?? '' };
}

function settingsOf(draft: Draft): ConnectionSettings {
  const custom = draft.cloud === 'custom';
  return {
    cloud: draft.cloud,
    region: draft.region,
    endpoint: custom ? draft.endpoint : '',
    iamEndpoint: custom ? draft.iamEndpoint : '',
    projectId: draft.projectId,
  };
}

/** One real call (project ID, then one job) with what was entered, before anything is saved. */
async function check(deps: ConfigureDeps, draft: Draft): Promise<{ target: ResolvedTarget; projectId: string; token?: CachedToken }> {
  const target = resolveTarget(settingsOf(draft));
  let token: CachedToken | undefined;
  const memory: TokenCache = { get: async () => token, set: async value => { token = value; } };
  const client = deps.connection.createClient(deps.connection.configFor(target, credentialsOf(draft), memory));
  return withProgress(t('Checking the credentials with ModelArts…'), async signal => {
    const projectId = await client.getProjectId({ signal });
    await client.listJobs({ page: 1, perPage: 1, signal });
    return { target, projectId, ...(token ? { token } : {}) };
  }, { cancellable: true });
}

async function save(deps: ConfigureDeps, draft: Draft, token: CachedToken | undefined): Promise<void> {
  await deps.settings.writeConnection(settingsOf(draft));
  await deps.store.set(credentialsOf(draft));
  if (token) {
    // The check signed in already; keep its token rather than signing in again at once.
    await deps.store.tokenCache.set(token);
  }
  deps.logger.info(`Credentials saved (${METHOD_LABELS[draft.method]}) for region ${draft.region}.`);
}

