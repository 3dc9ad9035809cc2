/** IPC channels of the feature: Directory of help services (docs/directory.md). Merged into shared/ipc/contract.ts. */
import { z } from 'zod';
import { RecordId } from '../../domain/case';
import { DirectoryEntry, DirectoryFields, DirectoryFilter, ImportFormat, ImportReport } from '../../domain/directory/schemas';
import { Empty, Revision, Void } from '../schema-helpers';

/** An import file as text; a directory of thousands of services is well under this. */
export const MAX_IMPORT_CHARS = 5_000_000;

export const directoryContract = {
  'directory:list': { request: Empty, response: z.array(DirectoryEntry) },
  /** Search (accent-, case- and width-insensitive; CJK by substring) and filters, all ANDed. */
  'directory:search': {
    request: DirectoryFilter,
    response: z.strictObject({
      entries: z.array(DirectoryEntry),
      total: z.number().int().min(0),
      /** Values present in the whole directory, for the filter menus. */
      countries: z.array(z.string()),
      cities: z.array(z.strictObject({ country: z.string(), city: z.string() }))
    })
  },
  'directory:add': { request: z.strictObject({ fields: DirectoryFields }), response: DirectoryEntry },
  'directory:update': { request: z.strictObject({ id: RecordId, baseRevision: Revision, fields: DirectoryFields }), response: DirectoryEntry },
  'directory:remove': { request: z.strictObject({ id: RecordId, baseRevision: Revision }), response: Void },
  /** Adds the fictional demo directory (entries already present are skipped). */
  'directory:loadDemo': { request: Empty, response: z.strictObject({ added: z.number().int().min(0) }) },
  'directory:removeDemo': { request: Empty, response: z.strictObject({ removed: z.number().int().min(0) }) },
  /** Valid rows are added; duplicates and refused rows are reported, never dropped silently. */
  'directory:import': {
    request: z.strictObject({ format: ImportFormat, content: z.string().max(MAX_IMPORT_CHARS) }),
    response: ImportReport
  },
  /** An explicit user action: the renderer saves the file. Contains directory entries only, no case data. */
  'directory:export': {
    request: z.strictObject({ format: ImportFormat }),
    response: z.strictObject({ filename: z.string(), mimeType: z.string(), content: z.string() })
  }
} as const;

export const directoryEvents = {} as const;
