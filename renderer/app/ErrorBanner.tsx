import { useEffect, type ReactNode } from 'react';
import type { AppErrorInfo } from '../../shared/result';
import { useErrorText, useT } from './i18n-store';
import { useNotices } from './notices';

const INFO_VISIBLE_MS = 8000;

type Props = {
  error: Pick<AppErrorInfo, 'code' | 'details'>;
  onDismiss?: () => void;
  testId?: string;
  children?: ReactNode;
};

/** A translated error, announced to screen readers. Used inline by forms and globally. */
export function ErrorMessage({ error, onDismiss, testId = 'error-banner', children }: Props) {
  const t = useT();
  const errorText = useErrorText();
  return (
    <div className="error-banner" role="alert" data-testid={testId} data-code={error.code}>
      <p className="error-text">{errorText(error)}</p>
      {children}
      {onDismiss && (
        <button type="button" className="button-quiet error-dismiss" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  );
}

/** Errors reported from anywhere (reportError), under the header. */
export function GlobalNotices() {
  const t = useT();
  const error = useNotices((s) => s.error);
  const info = useNotices((s) => s.info);
  const dismissError = useNotices((s) => s.dismissError);
  const dismissInfo = useNotices((s) => s.dismissInfo);
  // Confirmations fade on their own; errors stay until dismissed (nothing fails silently).
  useEffect(() => {
    if (!info) return;
    const timer = setTimeout(dismissInfo, INFO_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [info, dismissInfo]);
  return (
    <div className="global-notices">
      {error && <ErrorMessage error={error} onDismiss={dismissError} />}
      <div className="info-region" role="status">
        {info && (
          <div className="info-banner">
            <p>{t(info)}</p>
            <button type="button" className="button-quiet" onClick={dismissInfo}>
              {t('common.dismiss')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
