import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { NEED_DOMAINS, TASK_STATUSES, TaskFields, type Task, type TaskStatus } from '../../../shared/domain/case-file';
import type { AppErrorInfo } from '../../../shared/result';
import { useT } from '../../app/i18n-store';
import { reportError } from '../../app/notices';
import { DeleteRecord, FieldMessage, Section, useReportDirty, useFormatDay, FormActions, CodeSelect } from './form-bits';
import { useCaseFile } from './store';

const fieldsOf = (task: Task) => TaskFields.parse({ title: task.title, owner: task.owner, dueOn: task.dueOn, status: task.status, domain: task.domain, goalId: task.goalId, note: task.note });

export function TasksSection() {
  const t = useT();
  const formatDay = useFormatDay();
  const tasks = useCaseFile((s) => s.tasks);
  const saveTask = useCaseFile((s) => s.saveTask);
  const [editing, setEditing] = useState<Task | 'new' | null>(null);
  const open = (s: TaskStatus) => s === 'todo' || s === 'in-progress';
  const sorted = [...tasks].sort(
    (a, b) => Number(open(b.status)) - Number(open(a.status)) || (a.dueOn || '9999').localeCompare(b.dueOn || '9999')
  );

  async function setStatus(task: Task, status: TaskStatus) {
    const result = await saveTask(task.id, task.revision, { ...fieldsOf(task), status });
    if (!result.ok) reportError(result.error);
  }

  return (
    <Section
      id="cf-tasks"
      title={t('caseFiles.task.section')}
      actions={
        editing === null && (
          <button type="button" className="button-secondary" onClick={() => setEditing('new')} data-testid="task-add">
            {t('caseFiles.task.add')}
          </button>
        )
      }
    >
      {editing !== null && <TaskForm task={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {tasks.length === 0 && editing === null ? (
        <p className="muted">{t('caseFiles.task.none')}</p>
      ) : (
        tasks.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('caseFiles.task.title')}</th>
                <th scope="col">{t('caseFiles.task.owner')}</th>
                <th scope="col">{t('caseFiles.task.dueOn')}</th>
                <th scope="col">{t('caseFiles.task.status')}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((task) => (
                <tr key={task.id} className={`${task.overdue ? 'is-overdue' : ''}${open(task.status) ? '' : ' is-finished'}`} data-testid="task-row">
                  <td>
                    <button type="button" className="button-link" onClick={() => setEditing(task)} data-testid="task-edit">
                      {task.title}
                    </button>
                    {task.domain && <span className="tag">{t(`caseFiles.need.${task.domain}`)}</span>}
                  </td>
                  <td>{task.owner || t('caseFiles.page.unassigned')}</td>
                  <td>
                    {task.dueOn ? formatDay(task.dueOn) : '—'}
                    {task.overdue && <span className="overdue-note"> {t('caseFiles.task.overdue')}</span>}
                  </td>
                  <td>
                    <select
                      value={task.status}
                      onChange={(e) => void setStatus(task, e.target.value as TaskStatus)}
                      aria-label={`${t('caseFiles.task.status')}: ${task.title}`}
                      data-testid="task-status"
                    >
                      {TASK_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {t(`caseFiles.task.status.${s}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
    </Section>
  );
}

function TaskForm({ task, onDone }: { task: Task | null; onDone: () => void }) {
  const t = useT();
  const save = useCaseFile((s) => s.saveTask);
  const remove = useCaseFile((s) => s.deleteTask);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const { register, handleSubmit, formState } = useForm({
    resolver: zodResolver(TaskFields),
    defaultValues: task ? fieldsOf(task) : { ...TaskFields.parse({ title: '-' }), title: '' }
  });
  useReportDirty('task', formState.isDirty);
  const errors = formState.errors;
  return (
    <form
      className="cf-form"
      noValidate
      onSubmit={handleSubmit(async (values) => {
        const result = await save(task?.id, task?.revision ?? 0, values);
        if (!result.ok) setError(result.error);
        else onDone();
      })}
      data-testid="task-form"
    >
      <div className="field">
        <label htmlFor="task-title">{t('caseFiles.task.title')}</label>
        <input id="task-title" type="text" autoComplete="off" {...register('title')} aria-invalid={errors.title ? true : undefined} data-testid="task-title" />
        <FieldMessage id="task-title-error" error={errors.title} field="title" />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="task-owner">{t('caseFiles.task.owner')}</label>
          <input id="task-owner" type="text" autoComplete="off" {...register('owner')} data-testid="task-owner" />
          <FieldMessage id="task-owner-error" error={errors.owner} field="owner" />
        </div>
        <div className="field">
          <label htmlFor="task-due">{t('caseFiles.task.dueOn')}</label>
          <input id="task-due" type="date" {...register('dueOn')} aria-invalid={errors.dueOn ? true : undefined} data-testid="task-due" />
          <FieldMessage id="task-due-error" error={errors.dueOn} field="dueOn" />
        </div>
        <CodeSelect id="task-status" label={t('caseFiles.task.status')} codes={TASK_STATUSES} labelOf={(s) => t(`caseFiles.task.status.${s}`)} registration={register('status')} />
        <div className="field">
          <label htmlFor="task-domain">{t('caseFiles.task.domain')}</label>
          <select id="task-domain" {...register('domain', { setValueAs: (v: string | null) => (v ? v : null) })}>
            <option value="">{t('caseFiles.task.noDomain')}</option>
            {NEED_DOMAINS.map((d) => (
              <option key={d} value={d}>
                {t(`caseFiles.need.${d}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="task-note">{t('caseFiles.task.note')}</label>
        <textarea id="task-note" rows={2} {...register('note')} />
        <FieldMessage id="task-note-error" error={errors.note} field="note" />
      </div>
      <FormActions error={error} submitting={formState.isSubmitting} saveLabel={t('caseFiles.task.save')} saveTestId="task-save" onCancel={onDone} />
      {task && (
        <DeleteRecord
          question={t('caseFiles.task.deleteQuestion', { title: task.title })}
          onDelete={() => remove(task.id, task.revision)}
          onDeleted={onDone}
          testId="task-delete"
        />
      )}
    </form>
  );
}
