/**
 * Reading and writing directory files (CSV and JSON). Parsing turns a file into numbered raw
 * rows; `validateRow` turns one raw row into fields or a list of refusals (field + reason
 * code). Nothing is dropped silently: a row is either valid, a duplicate, or refused with its
 * reasons. Row numbers are what a person sees: for CSV the spreadsheet row (the header is row
 * 1, so the first entry is row 2; a quoted cell spanning lines counts as one row), for JSON the
 * entry's position in the list (1 = first).
 */
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';
import { directoryMessages } from '../../../shared/i18n/features/directory';
import {
  DirectoryFields,
  FIELD_NAMES,
  foldText,
  LANGUAGES,
  REASONS,
  SERVICE_TYPES,
  type DirectoryEntry,
  type ImportFormat,
  type RejectReason,
  type RejectedRow
} from '../../../shared/domain/directory/schemas';

export type RawRow = { row: number; value: unknown };
export const MAX_IMPORT_ROWS = 5000;

const unreadable = (why: string) => new AppError('directory/import-unreadable', `the file is not a directory: ${why}`);

/** Labels of all four UI languages (folded) → code, so 'Mandarin', '普通话' and 'mandarijn' all import. */
function labelMap(prefix: string, codes: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const code of codes) {
    map.set(foldText(code), code);
    for (const l of ['en', 'zh-CN', 'fr', 'nl'] as const) {
      const label = (directoryMessages[l] as Record<string, string>)[`${prefix}${code}`];
      if (label) map.set(foldText(label), code);
    }
  }
  return map;
}
const TYPE_LABELS = labelMap('directory.type.', SERVICE_TYPES);
const LANGUAGE_LABELS = labelMap('directory.lang.', LANGUAGES);
const TRUE_WORDS = new Set(['yes', 'true', '1', 'y', 'oui', 'ja', '是']);
const FALSE_WORDS = new Set(['no', 'false', '0', 'n', 'non', 'nee', '否', '']);

// Spreadsheet programs run cells starting with these as formulas; exports prefix them with "'"
// (phone numbers such as "+32 …" stay as they are), and imports take the prefix off again.
const FORMULA_RE = /^([=@\t\r]|[+-][^0-9 (])/;
const unescapeCell = (s: string) => (s.startsWith("'") && FORMULA_RE.test(s.slice(1)) ? s.slice(1) : s);

export function parseFile(format: ImportFormat, content: string): RawRow[] {
  const text = content.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw unreadable('empty');
  const rows = format === 'json' ? parseJson(text) : parseCsv(text);
  if (rows.length > MAX_IMPORT_ROWS) throw unreadable(`more than ${MAX_IMPORT_ROWS} rows`);
  return rows;
}

function parseJson(text: string): RawRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw unreadable('not JSON');
  }
  const items = Array.isArray(data)
    ? data
    : typeof data === 'object' && data !== null && Array.isArray((data as { entries?: unknown }).entries)
      ? (data as { entries: unknown[] }).entries
      : null;
  if (!items) throw unreadable('expected a list of entries or { "entries": [...] }');
  return items.map((value, i) => ({ row: i + 1, value }));
}

function parseCsv(text: string): RawRow[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('name')) throw unreadable('no header row with a "name" column');
  // Rows papaparse could not split into the header's columns are refused, not guessed at.
  const broken = new Set(parsed.errors.filter((e) => e.type === 'FieldMismatch' && e.row !== undefined).map((e) => e.row!));
  return parsed.data.map((rec, i) => {
    const row = i + 2;
    if (broken.has(i)) return { row, value: { __broken: true } };
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(rec)) {
      if (key === '__parsed_extra') continue;
      const cell = unescapeCell(String(raw ?? '').trim());
      if (key === 'languages') out[key] = cell === '' ? [] : cell.split(/[;|,、，；]+/).map((s) => s.trim()).filter((s) => s !== '');
      else if (key === 'acceptsReferrals' || key === 'demo') {
        const w = foldText(cell);
        out[key] = TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : cell;
      } else out[key] = cell;
    }
    return { row, value: out };
  });
}

const clip = (v: unknown): string => {
  const s = v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
};
const asReason = (m: string): RejectReason => ((REASONS as readonly string[]).includes(m) ? (m as RejectReason) : 'invalid');

export type RowResult = { ok: true; fields: DirectoryFields } | { ok: false; rejected: RejectedRow[] };

/** One raw row → fields, or every reason it is refused (one line per field). */
export function validateRow(raw: RawRow): RowResult {
  const { row, value } = raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, rejected: [{ row, field: '', reason: 'not-an-object', value: clip(value) }] };
  }
  if ((value as { __broken?: boolean }).__broken === true) {
    return { ok: false, rejected: [{ row, field: '', reason: 'invalid', value: '' }] };
  }
  const input: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  // Labels in any UI language are accepted for the type and the languages.
  if (typeof input.type === 'string') input.type = TYPE_LABELS.get(foldText(input.type)) ?? input.type;
  if (Array.isArray(input.languages)) {
    input.languages = input.languages.map((l) => (typeof l === 'string' ? (LANGUAGE_LABELS.get(foldText(l)) ?? l) : l));
  }
  // An empty optional cell is the same as a missing one.
  for (const k of Object.keys(input)) if (input[k] === '' && k !== 'name' && k !== 'city' && k !== 'country') delete input[k];
  const parsed = DirectoryFields.safeParse(input);
  if (parsed.success) return { ok: true, fields: parsed.data };
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) rejected.push({ row, field: clip(key), reason: 'unknown-field', value: clip(input[key]) });
      continue;
    }
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    const bad = issue.path.length > 1 && Array.isArray(input[field]) ? (input[field] as unknown[])[issue.path[1] as number] : input[field];
    const missing = input[field] === undefined || input[field] === '' || (Array.isArray(input[field]) && (input[field] as unknown[]).length === 0);
    rejected.push({ row, field, reason: missing && (FIELD_NAMES as string[]).includes(field) ? 'required' : asReason(issue.message), value: clip(bad) });
  }
  return { ok: false, rejected };
}

/** The exported form of an entry: its fields only (no ids, no revisions, never case data). */
const exportFields = (e: DirectoryEntry) => Object.fromEntries(FIELD_NAMES.map((k) => [k, e[k]]));

export function exportFile(format: ImportFormat, entries: DirectoryEntry[], exportedAt: string): { filename: string; mimeType: string; content: string } {
  const date = exportedAt.slice(0, 10);
  if (format === 'json') {
    const doc = {
      format: 'anxin-directory',
      version: 1,
      exportedAt,
      note: 'Directory of help services. Contains no case data.',
      entries: entries.map(exportFields)
    };
    return { filename: `anxin-directory-${date}.json`, mimeType: 'application/json', content: `${JSON.stringify(doc, null, 2)}\n` };
  }
  const data = entries.map((e) =>
    FIELD_NAMES.map((k) => {
      const v = e[k];
      return Array.isArray(v) ? v.join(';') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;
    })
  );
  const csv = Papa.unparse({ fields: [...FIELD_NAMES], data }, { escapeFormulae: FORMULA_RE, newline: '\r\n' });
  return { filename: `anxin-directory-${date}.csv`, mimeType: 'text/csv', content: `\uFEFF${csv}\r\n` };
}
