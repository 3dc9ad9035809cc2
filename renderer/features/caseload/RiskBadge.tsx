import type { RiskLevel } from '../../../shared/domain/case-file';
import { useT } from '../../app/i18n-store';

export function RiskBadge({ level }: { level: RiskLevel | null }) {
  const t = useT();
  if (!level) return null;
  return <span className={`risk-badge risk-${level}`}>{t(`caseFiles.risk.level.${level}`)}</span>;
}
