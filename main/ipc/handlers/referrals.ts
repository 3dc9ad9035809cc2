/**
 * IPC handlers of shared/ipc/features/referrals.contract.ts: the `referrals:*` channels here
 * (docs/referrals.md), the `network:*` channels in ./network.ts (docs/network.md).
 */
import type { referralsContract } from '../../../shared/ipc/features/referrals.contract';
import { createLetterTemplates, type LetterTemplates } from '../../services/referrals/templates';
import { renderReferralLetterPdf } from '../../services/referrals/letter-pdf';
import type { UnlockedSession } from '../../services/unlocked-session';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';
import { createNetworkHandlers } from './network';

export function createReferralsHandlers(ctx: HandlerContext): HandlersFor<typeof referralsContract> {
  // `referrals:changed` events start flowing for a session once the renderer first asks about referrals.
  const subscribed = new WeakSet<UnlockedSession>();
  const templates = new WeakMap<UnlockedSession, LetterTemplates>();
  const session = () => {
    const s = ctx.unlocked();
    if (!subscribed.has(s)) {
      subscribed.add(s);
      s.referrals.onChanged((e) => ctx.emit('referrals:changed', e));
    }
    return s;
  };
  const referrals = () => session().referrals;
  const letterTemplates = () => {
    const s = session();
    let t = templates.get(s);
    if (!t) {
      t = createLetterTemplates({ store: s.store, now: ctx.now });
      templates.set(s, t);
    }
    return t;
  };
  return {
    'referrals:list': () => referrals().list(),
    'referrals:get': ({ id }) => referrals().get(id),
    'referrals:prepare': ({ caseId, organisationId, includeIdentity }) => referrals().prepare(caseId, organisationId, { includeIdentity: includeIdentity === true }),
    'referrals:send': (req) =>
      referrals().send({
        caseId: req.caseId,
        organisationId: req.organisationId,
        serviceIndex: req.serviceIndex,
        reference: req.reference,
        fields: req.fields,
        attachmentIds: req.attachmentIds,
        letter: req.letter,
        consentOverride: req.consentOverride,
        ...(req.answerByDays !== undefined ? { answerByDays: req.answerByDays } : {}),
        ...(req.expiresInDays !== undefined ? { expiresInDays: req.expiresInDays } : {})
      }),
    'referrals:accept': ({ id }) => referrals().accept(id),
    'referrals:decline': ({ id, reason }) => referrals().decline(id, reason),
    'referrals:requestInfo': ({ id, question }) => referrals().requestInfo(id, question),
    'referrals:provideInfo': ({ id, text }) => referrals().provideInfo(id, text),
    'referrals:progress': ({ id, note }) => referrals().progress(id, note),
    'referrals:close': ({ id, note }) => referrals().close(id, note),
    'referrals:withdraw': ({ id, reason }) => referrals().withdraw(id, reason),
    'referrals:sync': () => referrals().sync(),
    'referrals:inbox': () => referrals().inbox(),
    'referrals:receiveHere': () => referrals().receiveHere(),
    'referrals:audit': ({ id }) => referrals().audit(id),
    'referrals:refused': () => referrals().refusedMessages(),
    'referrals:letterPdf': async ({ id }) => {
      const input = referrals().letterInput(id);
      const bytes = await renderReferralLetterPdf(input);
      return { filename: `${input.reference}.pdf`, mimeType: 'application/pdf' as const, base64: Buffer.from(bytes).toString('base64') };
    },
    'referrals:templates': () => letterTemplates().list(),
    'referrals:saveTemplate': ({ id, baseRevision, fields }) => letterTemplates().save(id, baseRevision, fields),
    'referrals:deleteTemplate': ({ id, baseRevision }) => {
      letterTemplates().remove(id, baseRevision);
      return null;
    },
    ...createNetworkHandlers(ctx)
  };
}
