/** IPC handlers of shared/ipc/features/notes.contract.ts. */
import type { notesContract } from '../../../shared/ipc/features/notes.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

export function createNotesHandlers(ctx: HandlerContext): HandlersFor<typeof notesContract> {
  const notes = () => ctx.unlocked().notes;
  return {
    'notes:templates': () => notes().templates.list(),
    'notes:templateCopy': ({ id, title }) => notes().templates.copy(id, title),
    'notes:templateUpdate': ({ id, baseRevision, fields }) => notes().templates.update(id, baseRevision, fields),
    'notes:templateDelete': ({ id, baseRevision }) => {
      notes().templates.remove(id, baseRevision);
      return null;
    },
    'notes:list': () => notes().interviews.list(),
    'notes:create': ({ templateId, meta, caseId }) => notes().interviews.create({ templateId, meta, caseId }),
    'notes:get': ({ id }) => notes().interviews.get(id),
    'notes:save': ({ id, baseRevision, content }) => notes().interviews.save(id, baseRevision, content),
    'notes:finalise': ({ id, baseRevision, by }) => notes().interviews.finalise(id, baseRevision, by),
    'notes:link': ({ id, baseRevision, caseId }) => notes().interviews.link(id, baseRevision, caseId),
    'notes:createCase': ({ id, baseRevision, pseudonym, summary }) => notes().interviews.createCase(id, baseRevision, pseudonym, summary),
    'notes:delete': ({ id, baseRevision }) => {
      notes().interviews.remove(id, baseRevision);
      return null;
    },
    'notes:history': ({ id }) => notes().interviews.history(id),
    'notes:revision': ({ id, revision }) => notes().interviews.revision(id, revision),
    'notes:diff': ({ id, from, to }) => notes().interviews.diff(id, from, to),
    'notes:storyPrepare': ({ id, revision, notesHeading }) => notes().story.prepare(id, revision, notesHeading),
    'notes:storyExport': (input) => notes().story.export(input)
  };
}
