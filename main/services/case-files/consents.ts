/**
 * Consent records (kind 'consent') and the consent check other features rely on
 * (`session.consents.check(caseId, scope, { organisationId })`).
 *
 * A consent is given once and may be withdrawn once; withdrawal is an edit of the same record
 * (its history keeps what was given). check() answers from the records themselves, every time.
 */
import { AppError } from '../../../shared/errors';
import {
  ConsentInput,
  ConsentWithdrawal,
  type Consent,
  type ConsentCheck,
  type ConsentScope
} from '../../../shared/domain/case-file';
import type { StoredRecord } from '../sealed-store';
import type { AuditLog } from './audit';
import { recordInCase, updatedAtOf, type CaseFileDeps } from './deps';
import { KIND } from './kinds';
import { consentText } from './search-text';

type Body = Omit<Consent, 'id' | 'caseId' | 'revision' | 'updatedAt'>;

const toConsent = (caseId: string, { header, body }: StoredRecord<Body>): Consent => ({
  id: header.id,
  caseId,
  revision: header.revision,
  scope: body.scope,
  organisationId: body.organisationId,
  organisationName: body.organisationName,
  givenOn: body.givenOn,
  method: body.method,
  recordedBy: body.recordedBy,
  note: body.note,
  withdrawnOn: body.withdrawnOn,
  withdrawalNote: body.withdrawalNote,
  createdAt: body.createdAt,
  updatedAt: updatedAtOf(header)
});

export function createConsentService(deps: CaseFileDeps, audit: AuditLog) {
  const { store, registry, actor, now } = deps;

  function list(caseId: string): Consent[] {
    const c = registry.get(caseId);
    return store
      .listInCollection<Body>(c.collection, KIND.consent)
      .map((r) => toConsent(caseId, r))
      .sort((a, b) => b.givenOn.localeCompare(a.givenOn) || b.createdAt.localeCompare(a.createdAt));
  }

  return {
    /** Newest first. */
    list,

    record(caseId: string, input: ConsentInput): Consent {
      const parsed = ConsentInput.safeParse(input);
      if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid consent');
      const f = parsed.data;
      const c = registry.get(caseId);
      const body: Body = {
        scope: f.scope,
        organisationId: f.scope === 'share-with-organisation' ? f.organisationId : null,
        organisationName: f.organisationName,
        givenOn: f.givenOn,
        method: f.method,
        recordedBy: f.recordedBy ?? actor.name,
        note: f.note,
        withdrawnOn: null,
        withdrawalNote: '',
        createdAt: new Date(now()).toISOString()
      };
      const header = store.transaction(() => {
        const h = store.put({ kind: KIND.consent, collection: c.collection, body });
        audit.append(caseId, 'consent-changed', 'consent', `${h.id} given ${f.scope}`);
        return h;
      });
      registry.setPart(caseId, header.id, consentText(body));
      return toConsent(caseId, { header, body });
    },

    withdraw(caseId: string, consentId: string, withdrawal: ConsentWithdrawal): Consent {
      const parsed = ConsentWithdrawal.safeParse(withdrawal);
      if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid withdrawal');
      const current = recordInCase<Body>(deps, caseId, consentId, KIND.consent);
      if (current.body.withdrawnOn !== null) throw new AppError('record/conflict', 'this consent was already withdrawn', { id: consentId });
      const body: Body = { ...current.body, withdrawnOn: parsed.data.date, withdrawalNote: parsed.data.note ?? '' };
      const header = store.transaction(() => {
        const h = store.put({ id: consentId, kind: KIND.consent, collection: current.header.collection, body, baseRevision: current.header.revision });
        audit.append(caseId, 'consent-changed', 'consent', `${consentId} withdrawn`);
        return h;
      });
      registry.setPart(caseId, consentId, consentText(body));
      return toConsent(caseId, { header, body });
    },

    /**
     * allowed = a consent of this scope (for share-with-organisation: naming that organisation)
     * that was given and not withdrawn. consentId = the newest such consent, else null. An
     * unknown case is record/not-found (never "allowed").
     */
    check(caseId: string, scope: ConsentScope, opts?: { organisationId?: string }): ConsentCheck {
      const match = list(caseId).find(
        (c) =>
          c.scope === scope &&
          c.withdrawnOn === null &&
          (scope !== 'share-with-organisation' || (opts?.organisationId !== undefined && c.organisationId === opts.organisationId))
      );
      return { allowed: match !== undefined, consentId: match?.id ?? null };
    }
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
