/**
 * Open in Console, as a pure function: the web console address of a job, from the template of its
 * cloud and kind (`modelarts.consoleUrls`). A template with `{id}` opens the job's own page; one
 * without opens a list, and the command copies the job's name to search for there. Only `https:`
 * addresses are opened: a template is a setting, not something a server says.
 */
import type { CloudId } from '../client/endpoints';
import { t } from '../util/l10n';

/** Where a template applies: a cloud, and `-v1` for old-version jobs. */
export type ConsoleKey = Exclude<CloudId, 'custom'> | `${Exclude<CloudId, 'custom'>}-v1`;

/**
 * The defaults. Only the Huawei Cloud new-version job page is known (`#/training/detail/{id}`, from
 * two third-party tools; no official page documents console routes); the others open the ModelArts
 * console of the region.
 */
export const CONSOLE_URL_DEFAULTS: Readonly<Record<ConsoleKey, string>> = {
  'huaweicloud': 'https://console.huaweicloud.com/modelarts/?region={region}#/training/detail/{id}',
  'huaweicloud-v1': 'https://console.huaweicloud.com/modelarts/?region={region}',
  'otc': 'https://console.otc.t-systems.com/modelarts/?region={region}',
  'otc-v1': 'https://console.otc.t-systems.com/modelarts/?region={region}',
};

/** The address to open, and whether it is the job's own page (else a list: search for the name). */
export type ConsoleLink = { readonly url: string; readonly exact: boolean } | { readonly error: string };

/** Builds the address from `template`; each part is percent-encoded. */
export function consoleLink(template: string | undefined, parts: { readonly region: string; readonly id: string }): ConsoleLink {
  if (template === undefined || template.trim() === '') {
    return { error: t('no console address is known for this cloud (a custom endpoint, such as the local emulator)') };
  }
  const url = template.replace(/\{region\}/g, encodeURIComponent(parts.region)).replace(/\{id\}/g, encodeURIComponent(parts.id));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: t('the console address template is not a valid address: {0}', template) };
  }
  if (parsed.protocol !== 'https:') {
    return { error: t('the console address must start with https:// ({0})', template) };
  }
  return { url: parsed.toString(), exact: template.includes('{id}') };
}
