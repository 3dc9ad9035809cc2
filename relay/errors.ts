import { RELAY_ERROR_STATUS, type RelayErrorBody, type RelayErrorCode } from '../shared/relay/protocol';

/** Thrown by handlers; the server turns it into `{ error: { code, message, details? } }` with its status. */
export class RelayError extends Error {
  constructor(
    readonly code: RelayErrorCode,
    message: string,
    readonly details?: Record<string, string | number | boolean>,
    readonly headers?: Record<string, string>
  ) {
    super(message);
    this.name = 'RelayError';
  }
  get status(): number {
    return RELAY_ERROR_STATUS[this.code];
  }
  body(): RelayErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}
