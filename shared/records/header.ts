/**
 * The header of a sealed record: routing metadata stored in the clear next to the ciphertext,
 * and bound to it as AEAD associated data. A ciphertext moved to another id, kind, revision,
 * collection or timestamp therefore fails to open (docs/protocol.md, "Sealed records").
 */
export const RECORD_FORMAT_VERSION = 1;

export type RecordHeader = {
  /** Envelope format version; older or unknown versions are refused, never guessed. */
  v: number;
  /** 128-bit random id, 32 lowercase hex characters. */
  id: string;
  /** What the body is: 'case', 'note', ... */
  kind: string;
  /** 1 for the first version, +1 for each edit or tombstone. */
  revision: number;
  /** The collection (e.g. one case) whose key seals this record. */
  collection: string;
  /** The device that wrote this revision. */
  device: string;
  /** Hybrid logical clock timestamp (shared/records/hlc.ts). */
  hlc: string;
  /** True for a tombstone: the record was deleted at this revision. */
  deleted: boolean;
};

const FIELD_ORDER = ['v', 'id', 'kind', 'revision', 'collection', 'device', 'hlc', 'deleted'] as const;

/** Canonical bytes: fixed field order, no whitespace, a domain-separation prefix. */
export function encodeHeader(header: RecordHeader): Uint8Array {
  const ordered = FIELD_ORDER.map((k) => [k, header[k]]);
  return new TextEncoder().encode(`anxin-record:${JSON.stringify(ordered)}`);
}
