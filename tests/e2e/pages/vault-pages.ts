/** Page objects for the vault screens: create, recovery key, unlock. */
import type { Page } from 'playwright-core';

export class CreateVaultPage {
  constructor(private readonly page: Page) {}
  async create(name: string, passphrase: string): Promise<void> {
    await this.page.getByTestId('create-profile-name').fill(name);
    await this.page.getByTestId('create-passphrase').fill(passphrase);
    await this.page.getByTestId('create-passphrase-confirm').fill(passphrase);
    await this.page.getByTestId('create-submit').click();
  }
}

export class RecoveryKeyPage {
  constructor(private readonly page: Page) {}
  async readKey(): Promise<string> {
    const el = this.page.getByTestId('recovery-key');
    await el.waitFor();
    return (await el.innerText()).trim();
  }
  /** "I have written it down": moves on to typing it back. */
  async written(): Promise<void> {
    await this.page.getByTestId('recovery-written').click();
  }
  mismatch() {
    return this.page.getByTestId('recovery-mismatch');
  }
  async confirm(key: string): Promise<void> {
    await this.page.getByTestId('recovery-confirm-input').fill(key);
    await this.page.getByTestId('recovery-confirm-submit').click();
  }
}

export class UnlockPage {
  constructor(private readonly page: Page) {}
  async unlock(passphrase: string): Promise<void> {
    await this.page.getByTestId('unlock-passphrase').fill(passphrase);
    await this.page.getByTestId('unlock-submit').click();
  }
  error() {
    return this.page.getByTestId('unlock-error');
  }
}
