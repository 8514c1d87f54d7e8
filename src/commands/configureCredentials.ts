/** Configure Credentials: cloud and region, sign-in method, secrets, a real check, then save. */
import {
  AuthenticationError, CancelledError, ConfigurationError, NetworkError, NotFoundError, PermissionError,
} from '../client/errors';
import type { CachedToken, Credentials, TokenCache } from '../client/types';
import { resolveTarget, type ConnectionSettings, type ResolvedTarget } from '../credentials/settingsStore';
import { describeError } from '../util/describeError';
import { askAll, METHOD_LABELS, RETRY_BUTTON, type Draft } from '../ui/credentialPrompts';
import { showInfo, showModalError, withProgress } from '../ui/messages';

import type { CommandDeps } from './deps';

export { CONFIGURE_STEPS, METHOD_LABELS, RETRY_BUTTON } from '../ui/credentialPrompts';

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
 * The Configure Credentials command. Every value entered is kept when the check fails, so "Edit and
 * Retry" only needs the wrong one changed (secret boxes left empty keep what was typed). Resolves
 * true when credentials were checked and saved.
 */
export async function configureCredentials(deps: ConfigureDeps): Promise<boolean> {
  let draft = await initialDraft(deps);
  for (;;) {
    const entered = await askAll(draft);
    if (!entered) {
      return false;
    }
    draft = entered;
    let checked: { target: ResolvedTarget; projectId: string; token?: CachedToken };
    try {
      checked = await check(deps, draft);
    } catch (error) {
      if (error instanceof CancelledError) {
        return false;
      }
      deps.logger.error('Checking the credentials failed', error);
      const choice = await showModalError({
        message: `The credentials were not saved: ${describeError(error)}`,
        detail: [hint(error), '', `Choose "${RETRY_BUTTON}" to correct what you entered; every value is kept (leave secret boxes empty to keep what you typed).`],
      }, RETRY_BUTTON);
      if (choice !== RETRY_BUTTON) {
        return false;
      }
      continue;
    }
    await save(deps, draft, checked.token);
    void showInfo(
      `ModelArts credentials saved: region ${checked.target.region}, project ${checked.projectId}.`);
    return true;
  }
}

/** What to do about a failed check. */
function hint(error: unknown): string {
  if (error instanceof AuthenticationError) {
    return 'ModelArts did not accept these credentials. Check the access key ID and secret key (or the user name, password and account name), that temporary keys have not expired, and that this computer\'s clock is correct.';
  }
  if (error instanceof PermissionError) {
    return 'The credentials are valid but may not use ModelArts in this project. Ask your administrator for ModelArts permissions, or choose another project.';
  }
  if (error instanceof NotFoundError) {
    return 'Check the region and the project ID.';
  }
  if (error instanceof NetworkError) {
    return 'Check the endpoint URLs, your network and any proxy.';
  }
  if (error instanceof ConfigurationError) {
    return 'Correct the value named above.';
  }
  return 'See "ModelArts: Show Logs" for details.';
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
  const memory: TokenCache = { get: async () => token, set: async t => { token = t; } };
  const client = deps.connection.createClient(deps.connection.configFor(target, credentialsOf(draft), memory));
  return withProgress('Checking the credentials with ModelArts…', async signal => {
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

