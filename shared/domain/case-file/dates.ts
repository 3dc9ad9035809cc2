/** Dates that may be known only approximately (incidents recalled months later). */
import { z } from 'zod';
import { IsoDate } from '../case';

export const DATE_PRECISIONS = ['day', 'month', 'year', 'unknown'] as const;

/**
 * value: 'YYYY-MM-DD' for day, 'YYYY-MM' for month, 'YYYY' for year, '' for unknown. Sorting
 * uses the value as a string, so an approximate date sorts at the start of its period.
 */
export const ApproxDate = z.discriminatedUnion('precision', [
  z.strictObject({ precision: z.literal('day'), value: IsoDate }),
  z.strictObject({ precision: z.literal('month'), value: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
  z.strictObject({ precision: z.literal('year'), value: z.string().regex(/^\d{4}$/) }),
  z.strictObject({ precision: z.literal('unknown'), value: z.literal('') })
]);
export type ApproxDate = z.infer<typeof ApproxDate>;
