import { useEffect } from 'react';
import { useT } from '../../app/i18n-store';
import { InterviewEditor } from './InterviewEditor';
import { NewInterview } from './NewInterview';
import { NotesList } from './NotesList';
import { TemplatesScreen } from './TemplatesScreen';
import { useNotes } from './store';
import './notes.css';

/** The "Interviews" view: the list beside a new interview, the open interview, or the templates. */
export function NotesScreen() {
  const t = useT();
  const loaded = useNotes((s) => s.loaded);
  const loading = useNotes((s) => s.loading);
  const load = useNotes((s) => s.load);
  const screen = useNotes((s) => s.screen);
  useEffect(() => {
    if (!loaded && !loading) {
      void load();
      void useNotes.getState().loadCases();
    }
  }, [loaded, loading, load]);
  return (
    <div className="cases-layout notes-layout">
      <NotesList />
      {screen === 'new' ? (
        <NewInterview />
      ) : screen === 'edit' ? (
        <InterviewEditor />
      ) : screen === 'templates' ? (
        <TemplatesScreen />
      ) : (
        <section className="notes-pane empty-pane">
          <p className="muted">{t('notes.list.empty')}</p>
        </section>
      )}
    </div>
  );
}
