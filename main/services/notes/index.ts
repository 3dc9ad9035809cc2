/** The interview-notes services of an unlocked session (wired in main/services/unlocked-session.ts). */
import type { CaseService } from '../cases';
import type { SealedStore } from '../sealed-store';
import type { SearchIndex } from '../search-index';
import { createInterviewService } from './interviews';
import { createStoryService, type ConsentCheck } from './story';
import { createTemplateService } from './templates';

export function createNotesServices(deps: { store: SealedStore; index: SearchIndex; cases: CaseService; consents: ConsentCheck | null }) {
  const templates = createTemplateService({ store: deps.store });
  const interviews = createInterviewService({ store: deps.store, index: deps.index, cases: deps.cases, templates });
  const story = createStoryService({ interviews, consents: deps.consents });
  return { templates, interviews, story };
}

export type NotesServices = ReturnType<typeof createNotesServices>;
export type { ConsentCheck };
