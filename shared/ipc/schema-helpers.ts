import { z } from 'zod';

/** A request with no arguments: `{}` and nothing else. */
export const Empty = z.strictObject({});
/** A response with no value. */
export const Void = z.null();
export const Revision = z.number().int().positive();
