/**
 * The one place that hands a URL to the operating system. Everything else (window.open,
 * links with target=_blank, menu items) goes through here; eslint forbids shell.openExternal
 * anywhere else in main/electron/. Only https links to the exact hosts in
 * EXTERNAL_LINK_ALLOWLIST are opened: a crafted link cannot start a local program
 * (file:, smb:, custom URL handlers) or lead to a lookalike site.
 */
import { shell } from 'electron';
import { isAllowedExternalUrl } from './security-policy';

export async function openExternalSafely(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  const normalised = new URL(url).href;
  // eslint-disable-next-line no-restricted-syntax -- the single allowlisted opener (docs/electron-hardening.md)
  await shell.openExternal(normalised, { activate: true });
  return true;
}
