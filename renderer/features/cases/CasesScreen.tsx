import { useEffect } from 'react';
import { CaseForm } from './CaseForm';
import { CaseList } from './CaseList';
import { useCases } from './store';

/** The list and the open case side by side. Loads the list whenever it is not loaded (after unlock). */
export function CasesScreen() {
  const loaded = useCases((s) => s.loaded);
  const loading = useCases((s) => s.loading);
  const load = useCases((s) => s.load);
  useEffect(() => {
    if (!loaded && !loading) void load();
  }, [loaded, loading, load]);
  return (
    <div className="cases-layout">
      <CaseList />
      <CaseForm />
    </div>
  );
}
