/** Page objects for the interview notes screens. */
import type { Page } from 'playwright-core';

export class NotesPage {
  constructor(private readonly page: Page) {}
  async open(): Promise<void> {
    await this.page.getByTestId('nav-interviews').click();
    await this.page.getByTestId('notes-list').waitFor();
  }
  async start(opts: { templateId: string; interpreter?: string; others?: string }): Promise<void> {
    await this.page.getByTestId('notes-new').click();
    await this.page.getByTestId('notes-template').selectOption(opts.templateId);
    if (opts.interpreter) {
      await this.page.getByTestId('notes-interpreter-present').check();
      await this.page.getByTestId('notes-interpreter-name').fill(opts.interpreter);
    }
    if (opts.others) await this.page.getByTestId('notes-others').fill(opts.others);
    await this.page.getByTestId('notes-start').click();
    await this.page.getByTestId('notes-editor').waitFor();
  }
  answer(questionId: string) {
    return this.page.getByTestId(`notes-answer-${questionId}`);
  }
  freeNotes() {
    return this.page.getByTestId('notes-free');
  }
  /** Types like a person (key events, so the debounce runs as in real use). */
  async type(questionId: string, text: string): Promise<void> {
    await this.answer(questionId).click();
    await this.page.keyboard.insertText(text);
  }
  saveState() {
    return this.page.getByTestId('notes-save-state').getAttribute('data-state');
  }
  stage() {
    return this.page.getByTestId('notes-stage').first().getAttribute('data-stage');
  }
  rows() {
    return this.page.getByTestId('notes-row');
  }
  async finalise(): Promise<void> {
    await this.page.getByTestId('notes-finalise').click();
  }
  async createCase(pseudonym: string): Promise<void> {
    await this.page.getByTestId('notes-new-case-pseudonym').fill(pseudonym);
    await this.page.getByTestId('notes-create-case').click();
  }
  async openHistory(): Promise<void> {
    await this.page.getByTestId('notes-history-toggle').click();
    await this.page.getByTestId('notes-history').waitFor();
  }
  revisions() {
    return this.page.getByTestId('notes-revision');
  }
  diff() {
    return this.page.getByTestId('notes-diff');
  }
  async openStory(): Promise<void> {
    await this.page.getByTestId('notes-story-open').click();
    await this.page.getByTestId('notes-story').waitFor();
  }
  findings() {
    return this.page.getByTestId('notes-finding');
  }
  preview() {
    return this.page.getByTestId('notes-story-preview');
  }
  exportPdfButton() {
    return this.page.getByTestId('notes-export-pdf');
  }
  exportMarkdownButton() {
    return this.page.getByTestId('notes-export-md');
  }
}
