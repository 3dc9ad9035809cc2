/**
 * The window shows the app and nothing else. Navigations, redirects and frame navigations
 * away from app://anxin are cancelled; window.open is always denied (an allowlisted https
 * link goes to the system browser instead); <webview> can never attach; every permission
 * request and check is denied; plain http(s)/ws(s) requests are cancelled. A download is
 * allowed only for an export the app page made itself (a blob: of app://anxin), and always goes
 * through the system's save dialog so the person chooses where it lands.
 */
import type { Session, WebContents } from 'electron';
import { openExternalSafely } from './external-links';
import {
  BLOCKED_REQUEST_URL_PATTERNS,
  isAllowedDownloadUrl,
  isAllowedExternalUrl,
  isPermissionGranted,
  shouldAllowNavigation
} from './security-policy';

export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!shouldAllowNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!shouldAllowNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!shouldAllowNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void openExternalSafely(url);
    return { action: 'deny' };
  });
}

export function guardSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  ses.setSpellCheckerEnabled(false);
  ses.webRequest.onBeforeRequest({ urls: [...BLOCKED_REQUEST_URL_PATTERNS] }, (_details, callback) => callback({ cancel: true }));
  ses.on('will-download', (event, item) => {
    if (!isAllowedDownloadUrl(item.getURL())) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ defaultPath: item.getFilename() });
  });
}
