import { INTERVIEW_LANGUAGES, PLACE_TYPES, type InterviewLanguage, type InterviewMeta, type PlaceType } from '../../../shared/domain/notes/schemas';
import { useT } from '../../app/i18n-store';

/** Interviewer, date, place, languages, interpreter, others present — for a new interview and in the editor. */
export function MetaFields({ meta, onChange, onBlur }: { meta: InterviewMeta; onChange: (meta: InterviewMeta) => void; onBlur?: () => void }) {
  const t = useT();
  const set = (patch: Partial<InterviewMeta>) => onChange({ ...meta, ...patch });
  const toggleLanguage = (l: InterviewLanguage, on: boolean) =>
    set({ languages: on ? INTERVIEW_LANGUAGES.filter((x) => x === l || meta.languages.includes(x)) : meta.languages.filter((x) => x !== l) });
  return (
    <div className="notes-meta" onBlur={onBlur}>
      <div className="field">
        <label htmlFor="notes-interviewer">{t('notes.form.interviewer')}</label>
        <input id="notes-interviewer" type="text" className="input-medium" maxLength={120} value={meta.interviewer} onChange={(e) => set({ interviewer: e.target.value })} data-testid="notes-interviewer" />
      </div>
      <div className="notes-meta-row">
        <div className="field">
          <label htmlFor="notes-date">{t('notes.form.date')}</label>
          <input id="notes-date" type="date" value={meta.date} onChange={(e) => set({ date: e.target.value })} data-testid="notes-date" />
        </div>
        <div className="field">
          <label htmlFor="notes-place">{t('notes.form.place')}</label>
          <select id="notes-place" value={meta.placeType} onChange={(e) => set({ placeType: e.target.value as PlaceType })} data-testid="notes-place">
            {PLACE_TYPES.map((p) => (
              <option key={p} value={p}>
                {t(`notes.place.${p}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="field notes-languages">
        <legend>{t('notes.form.languages')}</legend>
        {INTERVIEW_LANGUAGES.map((l) => (
          <label key={l} className="notes-check">
            <input type="checkbox" checked={meta.languages.includes(l)} onChange={(e) => toggleLanguage(l, e.target.checked)} data-testid={`notes-lang-${l}`} />
            {t(`notes.lang.${l}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label className="notes-check">
          <input
            type="checkbox"
            checked={meta.interpreter !== null}
            onChange={(e) => set({ interpreter: e.target.checked ? '' : null })}
            data-testid="notes-interpreter-present"
          />
          {t('notes.form.interpreter')}
        </label>
        {meta.interpreter !== null && (
          <input
            type="text"
            className="input-medium"
            aria-label={t('notes.form.interpreterName')}
            placeholder={t('notes.form.interpreterName')}
            maxLength={120}
            value={meta.interpreter}
            onChange={(e) => set({ interpreter: e.target.value })}
            data-testid="notes-interpreter-name"
          />
        )}
      </div>
      <div className="field">
        <label htmlFor="notes-others">{t('notes.form.others')}</label>
        <input id="notes-others" type="text" maxLength={500} value={meta.othersPresent} onChange={(e) => set({ othersPresent: e.target.value })} data-testid="notes-others" />
      </div>
    </div>
  );
}

export function metaValid(meta: InterviewMeta): boolean {
  return meta.interviewer.trim().length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(meta.date) && meta.languages.length > 0 && (meta.interpreter === null || meta.interpreter.trim().length > 0);
}
