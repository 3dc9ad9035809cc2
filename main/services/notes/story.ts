/**
 * The anonymised story: the answers and free notes of an interview (never its details —
 * interviewer, date, place, interpreter, others present — which identify by themselves), run
 * through the identifier finder; the interviewer decides, finding by finding, to replace or keep.
 * Exports only with a consent of scope "story" on the linked case.
 *
 * This is the one place where case text leaves the app in the clear, on purpose: the text is
 * anonymised, consented, and the interviewer chose to export it. The bytes go to the renderer,
 * which offers them as a download; nothing is written to disk by main.
 */
import { AppError } from '../../../shared/errors';
import { applyReplacements, findIdentifiers } from '../../../shared/domain/notes/anonymiser';
import type { Decision, ExportFormat, Finding, InterviewBody, StorySection } from '../../../shared/domain/notes/schemas';
import { renderPdf } from '../pdf';
import type { InterviewService } from './interviews';

export type ConsentCheck = { check(caseId: string, scope: 'story'): { allowed: boolean; consentId: string | null } };

export function storySections(body: InterviewBody, notesHeading: string): StorySection[] {
  const sections: StorySection[] = [];
  for (const q of body.template.questions) {
    const text = (body.content.answers[q.id] ?? '').trim();
    if (text) sections.push({ heading: q.prompt, text });
  }
  if (body.content.notes.trim()) sections.push({ heading: notesHeading, text: body.content.notes.trim() });
  return sections;
}

export function findingsOf(sections: StorySection[]): Finding[] {
  return sections.flatMap((s, section) =>
    findIdentifiers(s.text).map((m) => ({ id: `${section}:${m.start}:${m.end}`, section, ...m }))
  );
}

/** Every finding is replaced (by its suggestion or the interviewer's text) unless she chose to keep it. */
export function anonymise(sections: StorySection[], decisions: Decision[]): StorySection[] {
  const byId = new Map(decisions.map((d) => [d.findingId, d]));
  const findings = findingsOf(sections);
  return sections.map((s, i) => ({
    heading: s.heading,
    text: applyReplacements(
      s.text,
      findings
        .filter((f) => f.section === i && byId.get(f.id)?.action !== 'keep')
        .map((f) => ({ start: f.start, end: f.end, replacement: byId.get(f.id)?.replacement.trim() || f.suggestion }))
    )
  }));
}

export function toMarkdown(title: string, sections: StorySection[]): string {
  const esc = (s: string) => s.replace(/^(#+|[-*+>]|\d+\.)\s/gm, '\\$&');
  return `# ${title.replace(/\n/g, ' ')}\n\n${sections.map((s) => `## ${s.heading.replace(/\n/g, ' ')}\n\n${esc(s.text)}\n`).join('\n')}`;
}

export function createStoryService(deps: { interviews: InterviewService; consents: ConsentCheck | null }) {
  const { interviews } = deps;

  function gate(caseId: string | null): void {
    if (!caseId) throw new AppError('notes/not-linked', 'link the interview to a case before exporting a story');
    const consent = deps.consents?.check(caseId, 'story') ?? { allowed: false, consentId: null };
    if (!consent.allowed) throw new AppError('notes/no-story-consent', 'the case has no consent of scope "story"', { caseId });
  }

  return {
    prepare(id: string, revision: number | undefined, notesHeading: string): { revision: number; sections: StorySection[]; findings: Finding[] } {
      const { body } = interviews.body(id, revision);
      const sections = storySections(body, notesHeading);
      return { revision: revision ?? interviews.get(id).revision, sections, findings: findingsOf(sections) };
    },

    async export(input: {
      id: string;
      revision: number;
      format: ExportFormat;
      title: string;
      notesHeading: string;
      subtitle: string;
      decisions: Decision[];
    }): Promise<{ filename: string; mimeType: string; base64: string }> {
      const { body, headCaseId } = interviews.body(input.id, input.revision);
      gate(headCaseId);
      const sections = anonymise(storySections(body, input.notesHeading), input.decisions);
      const title = input.title.trim() || 'Story';
      const stem = `story-${input.id.slice(0, 8)}-r${input.revision}`;
      if (input.format === 'markdown') {
        return { filename: `${stem}.md`, mimeType: 'text/markdown;charset=utf-8', base64: Buffer.from(toMarkdown(title, sections), 'utf8').toString('base64') };
      }
      const pdf = await renderPdf({
        title,
        subtitle: input.subtitle,
        lang: body.template.locale,
        blocks: sections.flatMap((s) => [
          { kind: 'heading' as const, text: s.heading },
          { kind: 'paragraph' as const, text: s.text }
        ])
      });
      return { filename: `${stem}.pdf`, mimeType: 'application/pdf', base64: pdf.toString('base64') };
    }
  };
}

export type StoryService = ReturnType<typeof createStoryService>;
