import type { CaseStatus } from '../../../shared/domain/case';
import { useT } from '../../app/i18n-store';

export function StatusBadge({ status }: { status: CaseStatus }) {
  const t = useT();
  return <span className={`status-badge status-${status}`}>{t(`cases.status.${status}`)}</span>;
}
