/**
 * The directory of help services (docs/directory.md): one entry is one service of one
 * organisation in one city. Entries are the organisation's own ('private') today; the
 * network's signed directory (entries signed by the network coordinator key, distributed
 * through the relay) will sit beside them as 'network' entries, read-only, with the optional
 * `network` block filled in. No zod issue message here is prose: each is a reason code that the
 * UI translates (`directory.reason.<code>`), so an import report can say why a row was refused.
 */
import { z } from 'zod';
import { RecordId } from '../case';

export const SERVICE_TYPES = ['shelter', 'legal-aid', 'medical', 'psychological', 'interpretation', 'hotline', 'police-liaison', 'consulate'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Chinese varieties first (what survivors speak), then the local and common languages of the network's countries. */
export const LANGUAGES = [
  'mandarin',
  'cantonese',
  'wenzhou',
  'hokkien',
  'teochew',
  'hakka',
  'english',
  'french',
  'dutch',
  'german',
  'italian',
  'spanish',
  'portuguese'
] as const;
export type Language = (typeof LANGUAGES)[number];

export const SOURCES = ['private', 'network'] as const;
export type DirectorySource = (typeof SOURCES)[number];

export const REASONS = [
  'required',
  'too-long',
  'invalid',
  'unknown-type',
  'unknown-language',
  'invalid-country',
  'invalid-email',
  'invalid-phone',
  'invalid-website',
  'invalid-boolean',
  'not-an-object',
  'unknown-field'
] as const;
export type RejectReason = (typeof REASONS)[number];

const text = (max: number) => z.string({ error: 'invalid' }).trim().max(max, 'too-long');
const optionalText = (max: number) => text(max).default('');

export const ServiceTypeSchema = z.enum(SERVICE_TYPES, { error: 'unknown-type' });
export const LanguageSchema = z.enum(LANGUAGES, { error: 'unknown-language' });

/** What a person types for an entry (add, edit) and what one import row must become. */
export const DirectoryFields = z.strictObject({
  name: text(200).min(1, 'required'),
  type: ServiceTypeSchema,
  /** ISO 3166-1 alpha-2, upper case ('BE', 'FR', 'NL'); shown in the UI language by the renderer. */
  country: z
    .string({ error: 'required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'invalid-country'),
  city: text(100).min(1, 'required'),
  languages: z.array(LanguageSchema, { error: 'invalid' }).min(1, 'required').max(LANGUAGES.length, 'too-long'),
  hours: optionalText(300),
  phone: optionalText(40).refine((v) => v === '' || /^\+?[0-9][0-9 ()./-]{2,38}$/.test(v), 'invalid-phone'),
  email: optionalText(200).refine((v) => v === '' || z.email().safeParse(v).success, 'invalid-email'),
  address: optionalText(300),
  website: optionalText(300).refine((v) => v === '' || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v), 'invalid-website'),
  acceptsReferrals: z.boolean({ error: 'invalid-boolean' }).default(false),
  notes: optionalText(2000),
  /** Part of the fictional demo directory: marked as demo everywhere it is shown or exported. */
  demo: z.boolean({ error: 'invalid-boolean' }).default(false)
});
export type DirectoryFields = z.output<typeof DirectoryFields>;
export type DirectoryFieldsInput = z.input<typeof DirectoryFields>;
export const FIELD_NAMES = Object.keys(DirectoryFields.shape) as Array<keyof DirectoryFields>;

/** Only for 'network' entries (later): who vouches for the entry and until when. */
export const NetworkInfo = z.strictObject({
  organisationId: z.string().max(100),
  signerFingerprint: z.string().max(200),
  validUntil: z.string().max(40)
});

/** A stored entry as the UI sees it. */
export const DirectoryEntry = DirectoryFields.extend({
  id: RecordId,
  revision: z.number().int().min(1),
  source: z.enum(SOURCES),
  network: NetworkInfo.optional(),
  updatedAt: z.string()
});
export type DirectoryEntry = z.output<typeof DirectoryEntry>;

export const DirectoryFilter = z.strictObject({
  query: z.string().max(200).default(''),
  country: z.string().max(2).default(''),
  city: z.string().max(100).default(''),
  type: z.union([ServiceTypeSchema, z.literal('')]).default(''),
  language: z.union([LanguageSchema, z.literal('')]).default('')
});
export type DirectoryFilter = z.output<typeof DirectoryFilter>;

export const ImportFormat = z.enum(['csv', 'json']);
export type ImportFormat = z.output<typeof ImportFormat>;

/** One refused field of one row. `row` is the spreadsheet row for CSV (header = row 1), the item number for JSON. */
export const RejectedRow = z.strictObject({
  row: z.number().int().min(1),
  field: z.string().max(60),
  reason: z.enum(REASONS),
  value: z.string().max(120)
});
export type RejectedRow = z.output<typeof RejectedRow>;

export const DuplicateRow = z.strictObject({
  row: z.number().int().min(1),
  name: z.string(),
  city: z.string(),
  type: ServiceTypeSchema,
  /** 'existing': already in the directory; 'file': an earlier row of the same file. */
  of: z.enum(['existing', 'file'])
});
export type DuplicateRow = z.output<typeof DuplicateRow>;

export const ImportReport = z.strictObject({
  rows: z.number().int().min(0),
  added: z.number().int().min(0),
  duplicates: z.array(DuplicateRow),
  rejected: z.array(RejectedRow)
});
export type ImportReport = z.output<typeof ImportReport>;

/** Two entries are the same service when name, city and type match (accents, case and width ignored). */
export function duplicateKey(e: Pick<DirectoryFields, 'name' | 'city' | 'type'>): string {
  return `${foldText(e.name)}\u0000${foldText(e.city)}\u0000${e.type}`;
}

const FOLD_EXTRA: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower case, compatibility-normalised (full-width → ASCII), diacritics dropped, spaces collapsed. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD_EXTRA[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}
