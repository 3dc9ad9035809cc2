/**
 * Autosave for the long plan forms: once the form is valid and has been still for a moment,
 * it is saved through its normal save channel (main seals it). Never to browser storage. On
 * leaving the form, a valid pending change is saved at once.
 */
import { useEffect, useRef, useState } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import type { Result } from '../../../shared/result';
import type { AppErrorInfo } from '../../../shared/result';

export const AUTOSAVE_DELAY_MS = 1200;

export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'invalid' | 'failed';

export function useAutosave<T extends FieldValues, O>(
  form: UseFormReturn<T, unknown, O>,
  save: (values: O) => Promise<Result<unknown>>
): { state: AutosaveState; error: AppErrorInfo | null } {
  const [state, setState] = useState<AutosaveState>('idle');
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);
  const pendingRef = useRef(false);

  const { isDirty } = form.formState;
  const values = form.watch();
  const serialised = JSON.stringify(values);

  async function flush(): Promise<void> {
    pendingRef.current = false;
    await form.handleSubmit(
      async (parsed) => {
        const snapshot = JSON.stringify(form.getValues());
        setState('saving');
        const result = await saveRef.current(parsed);
        if (!result.ok) {
          setError(result.error);
          setState('failed');
          return;
        }
        setError(null);
        // Typing during the save keeps the form dirty: the next round saves it.
        if (JSON.stringify(form.getValues()) === snapshot) form.reset(form.getValues());
        setState('saved');
      },
      () => setState('invalid')
    )();
  }

  useEffect(() => {
    if (!isDirty) return;
    pendingRef.current = true;
    const timer = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serialised, isDirty]);

  // Leaving with a change not yet saved: save it now.
  useEffect(
    () => () => {
      if (pendingRef.current) void flush();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    []
  );

  // A change not yet saved shows as pending (unless the last try found it invalid or failed).
  const shown: AutosaveState = state === 'saving' ? 'saving' : isDirty && state !== 'invalid' && state !== 'failed' ? 'pending' : state;
  return { state: shown, error };
}
