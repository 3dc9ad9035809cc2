/** Incidents of a case (kind 'incident'). */
import { AppError } from '../../../shared/errors';
import { IncidentFields, type Incident, type IncidentFieldsInput } from '../../../shared/domain/case-file';
import type { StoredRecord } from '../sealed-store';
import type { AuditLog } from './audit';
import { recordInCase, saveInCase, updatedAtOf, type CaseFileDeps, type WithCreated } from './deps';
import { KIND } from './kinds';
import { incidentText } from './search-text';

type Body = IncidentFields & WithCreated;

function parse(input: IncidentFieldsInput): IncidentFields {
  const r = IncidentFields.safeParse(input);
  if (!r.success) throw new AppError('ipc/invalid-request', 'invalid incident');
  return r.data;
}

export const toIncident = (caseId: string, { header, body }: StoredRecord<Body>): Incident => ({
  ...IncidentFields.parse(stripCreated(body)),
  id: header.id,
  caseId,
  revision: header.revision,
  createdAt: body.createdAt,
  updatedAt: updatedAtOf(header)
});

function stripCreated<T extends WithCreated>(b: T): Omit<T, 'createdAt'> {
  const { createdAt: _c, ...rest } = b;
  return rest;
}

/** Newest incident date first (approximate dates sort at the start of their period). */
const byDateDesc = (a: Incident, b: Incident) => b.date.value.localeCompare(a.date.value) || b.createdAt.localeCompare(a.createdAt);

export function createIncidentService(deps: CaseFileDeps, audit: AuditLog) {
  const { store, registry } = deps;
  return {
    list(caseId: string): Incident[] {
      const c = registry.get(caseId);
      return store.listInCollection<Body>(c.collection, KIND.incident).map((r) => toIncident(caseId, r)).sort(byDateDesc);
    },
    save(caseId: string, id: string | undefined, baseRevision: number, input: IncidentFieldsInput): Incident {
      const fields = parse(input);
      const rec = store.transaction(() => {
        const written = saveInCase(deps, caseId, KIND.incident, id, baseRevision, fields);
        audit.append(caseId, 'edited', 'incident', written.header.id);
        return written;
      });
      registry.setPart(caseId, rec.header.id, incidentText(fields));
      return toIncident(caseId, rec);
    },
    remove(caseId: string, id: string, baseRevision: number): void {
      recordInCase(deps, caseId, id, KIND.incident);
      store.transaction(() => {
        store.remove(id, baseRevision);
        audit.append(caseId, 'edited', 'incident', `${id} deleted`);
      });
      registry.setPart(caseId, id, null);
    }
  };
}
