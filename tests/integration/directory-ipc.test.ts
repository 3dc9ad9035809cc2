// The directory of help services through the real IPC path (createAnxinMain → dispatch): real
// SQLite files, requests and responses checked against the contract, lock and unlock between
// steps, and the data directory searched for what was typed (entries are sealed at rest).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnxinMain, type AnxinMain } from '../../main/app';
import { KDF_FLOOR } from '../../main/services/crypto';
import { filesContaining, makeTempDir } from '../helpers/temp-dir';
import type { Result } from '../../shared/result';
import type { DirectoryEntry, ImportReport } from '../../shared/domain/directory/schemas';
import { DEMO_ENTRIES } from '../../shared/domain/directory/demo';

const PASS = 'correct horse battery staple 安心';
const MARKER = 'Refuge Hélène 温州标记九三';

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
type Search = { entries: DirectoryEntry[]; total: number; countries: string[]; cities: Array<{ country: string; city: string }> };

const ENTRY = {
  name: MARKER,
  type: 'shelter',
  country: 'be',
  city: 'Liège',
  languages: ['mandarin', 'wenzhou', 'french'],
  hours: '24/7',
  phone: '+32 0000 11 22',
  email: 'refuge@example.org',
  address: '1 rue Exemple, Liège',
  website: 'https://refuge.example.org',
  acceptsReferrals: true,
  notes: '可以带孩子入住'
};

describe('directory over IPC', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let app: AnxinMain;
  let profileId: string;
  const raw = (channel: string, req: unknown) => app.dispatch(channel as never, req as never) as Promise<Result<unknown>>;
  const call = async <T>(channel: string, req: unknown) => value<T>(await raw(channel, req));
  const search = (filter: Record<string, string>) => call<Search>('directory:search', filter);

  beforeEach(async () => {
    tmp = makeTempDir('anxin-dir-ipc-');
    app = await createAnxinMain({ dataDir: tmp.dir, shell: 'browser', kdfParams: KDF_FLOOR, emit: () => {} });
    profileId = (await call<{ status: { profileId: string } }>('vault:create', { displayName: 'Marie', passphrase: PASS })).status.profileId;
  });
  afterEach(async () => {
    await app.close();
    tmp.cleanup();
  });

  it('adds, edits, searches, filters and deletes entries that survive a lock, sealed at rest', async () => {
    const added = await call<DirectoryEntry>('directory:add', { fields: ENTRY });
    expect(added).toMatchObject({ country: 'BE', source: 'private', demo: false, revision: 1 });
    expect(codeOf(await raw('directory:add', { fields: { ...ENTRY, name: 'refuge helene 温州标记九三', country: 'BE' } }))).toBe('directory/duplicate');
    // Same name and city but another type is another service.
    await call('directory:add', { fields: { ...ENTRY, type: 'legal-aid' } });
    await call('directory:add', { fields: { ...ENTRY, name: 'Lyon Legal', type: 'legal-aid', country: 'FR', city: 'Lyon', languages: ['cantonese'], notes: '', address: '' } });

    await call('vault:lock', { reason: 'manual' });
    expect(codeOf(await raw('directory:list', {}))).toBe('vault/locked');
    await call('vault:unlock', { profileId, passphrase: PASS });

    const all = await search({});
    expect(all.total).toBe(3);
    expect(all.countries).toEqual(['BE', 'FR']);
    expect(all.cities).toEqual([
      { country: 'BE', city: 'Liège' },
      { country: 'FR', city: 'Lyon' }
    ]);
    // Accent-, case- and width-insensitive; Chinese by substring; labels of all UI languages.
    expect((await search({ query: 'LIEGE' })).entries).toHaveLength(2);
    expect((await search({ query: 'ｌｙｏｎ' })).entries.map((e) => e.name)).toEqual(['Lyon Legal']);
    expect((await search({ query: '孩子' })).entries).toHaveLength(2);
    expect((await search({ query: '粤语' })).entries.map((e) => e.name)).toEqual(['Lyon Legal']);
    expect((await search({ query: 'juridique lyon' })).entries.map((e) => e.name)).toEqual(['Lyon Legal']);
    expect((await search({ language: 'wenzhou' })).entries).toHaveLength(2);
    expect((await search({ language: 'wenzhou', type: 'legal-aid' })).entries).toHaveLength(1);
    expect((await search({ country: 'FR', city: 'lyon' })).entries).toHaveLength(1);
    expect((await search({ city: 'Liege', language: 'cantonese' })).entries).toHaveLength(0);

    const edited = await call<DirectoryEntry>('directory:update', { id: added.id, baseRevision: 1, fields: { ...ENTRY, acceptsReferrals: false } });
    expect(edited).toMatchObject({ revision: 2, acceptsReferrals: false });
    expect(codeOf(await raw('directory:update', { id: added.id, baseRevision: 1, fields: ENTRY }))).toBe('record/conflict');
    // Editing into another entry's identity is a duplicate, not a silent merge.
    const lyon = (await search({ city: 'Lyon' })).entries[0]!;
    expect(codeOf(await raw('directory:update', { id: lyon.id, baseRevision: lyon.revision, fields: { ...ENTRY, type: 'legal-aid' } }))).toBe('directory/duplicate');
    // Invalid fields never reach the store.
    expect(codeOf(await raw('directory:add', { fields: { ...ENTRY, name: 'X', email: 'not an address' } }))).toBe('ipc/invalid-request');

    await call('directory:remove', { id: edited.id, baseRevision: 2 });
    expect((await search({})).total).toBe(2);

    await app.close();
    const leaks = filesContaining(tmp.dir, 'Hélène').concat(filesContaining(tmp.dir, '温州标记九三'), filesContaining(tmp.dir, 'refuge@example.org'));
    expect(leaks).toEqual([]);
    app = await createAnxinMain({ dataDir: tmp.dir, shell: 'browser', kdfParams: KDF_FLOOR, emit: () => {} });
  });

  it('imports CSV with a report of refused rows and duplicates, exports JSON and re-imports it without duplicating', async () => {
    const csv = [
      'name,type,country,city,languages,hours,phone,email,address,website,acceptsReferrals,notes',
      'Example Refuge Gent (demo),shelter,BE,Gent,mandarin;dutch,24/7,+32 0000 33 44,gent@example.org,,,yes,',
      'Bad Row,spaceship,BE,Gent,klingon,,,not-an-email,,,maybe,',
      'Aide Lyon,Aide juridique,fr,Lyon,普通话|Français,,,,,https://aide.example.org,oui,"line one',
      'line two"',
      'example refuge gent (DEMO),shelter,BE,Gent,dutch,,,,,,no,',
      ',shelter,BE,,mandarin,,,,,,,'
    ].join('\n');
    const report = await call<ImportReport>('directory:import', { format: 'csv', content: csv });
    expect(report.rows).toBe(5);
    expect(report.added).toBe(2);
    expect(report.duplicates).toEqual([{ row: 5, name: 'example refuge gent (DEMO)', city: 'Gent', type: 'shelter', of: 'file' }]);
    const bad = report.rejected.filter((r) => r.row === 3).map((r) => [r.field, r.reason]);
    expect(bad).toEqual(
      expect.arrayContaining([
        ['type', 'unknown-type'],
        ['languages', 'unknown-language'],
        ['email', 'invalid-email'],
        ['acceptsReferrals', 'invalid-boolean']
      ])
    );
    expect(report.rejected.filter((r) => r.row === 6).map((r) => [r.field, r.reason])).toEqual(
      expect.arrayContaining([
        ['name', 'required'],
        ['city', 'required']
      ])
    );
    const lyon = (await search({ city: 'Lyon' })).entries[0]!;
    expect(lyon).toMatchObject({ type: 'legal-aid', country: 'FR', languages: ['mandarin', 'french'], acceptsReferrals: true, notes: 'line one\nline two' });

    const exported = await call<{ filename: string; mimeType: string; content: string }>('directory:export', { format: 'json' });
    expect(exported.filename).toMatch(/^anxin-directory-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(exported.content) as { entries: Array<Record<string, unknown>> };
    expect(doc.entries).toHaveLength(2);
    expect(Object.keys(doc.entries[0]!)).not.toContain('id');
    const again = await call<ImportReport>('directory:import', { format: 'json', content: exported.content });
    expect(again).toMatchObject({ rows: 2, added: 0, rejected: [] });
    expect(again.duplicates.map((d) => d.of)).toEqual(['existing', 'existing']);
    expect((await search({})).total).toBe(2);

    // CSV round trip too, into a fresh profile: same entries, nothing refused.
    const csvOut = await call<{ content: string }>('directory:export', { format: 'csv' });
    await call('vault:lock', { reason: 'manual' });
    await call('vault:create', { displayName: 'Other', passphrase: PASS });
    const fresh = await call<ImportReport>('directory:import', { format: 'csv', content: csvOut.content });
    expect(fresh).toMatchObject({ rows: 2, added: 2, duplicates: [], rejected: [] });
    expect((await search({ city: 'Lyon' })).entries[0]).toMatchObject({ notes: 'line one\nline two', languages: ['mandarin', 'french'] });

    expect(codeOf(await raw('directory:import', { format: 'json', content: '{"not":"entries"}' }))).toBe('directory/import-unreadable');
    expect(codeOf(await raw('directory:import', { format: 'csv', content: 'foo,bar\n1,2' }))).toBe('directory/import-unreadable');
  });

  it('loads the fictional demo directory once, marks it, and removes only it', async () => {
    await call('directory:add', { fields: ENTRY });
    expect(await call('directory:loadDemo', {})).toEqual({ added: DEMO_ENTRIES.length });
    expect(await call('directory:loadDemo', {})).toEqual({ added: 0 });
    const all = await search({});
    expect(all.total).toBe(DEMO_ENTRIES.length + 1);
    const demos = all.entries.filter((e) => e.demo);
    expect(demos).toHaveLength(DEMO_ENTRIES.length);
    for (const d of demos) {
      expect(d.name).toMatch(/\(demo\)$/);
      if (d.email) expect(d.email).toMatch(/@example\.org$/);
      if (d.website) expect(d.website).toMatch(/^https:\/\/([a-z-]+\.)?example\.org$/);
      expect(d.phone).toMatch(/^\+3[123] 0000 /);
    }
    const csv = await call<{ content: string }>('directory:export', { format: 'csv' });
    expect(csv.content.split('\r\n')[0]).toContain('demo');
    expect(csv.content).toContain('Example Shelter Brussels (demo)');
    expect(await call('directory:removeDemo', {})).toEqual({ removed: DEMO_ENTRIES.length });
    expect((await search({})).entries.map((e) => e.name)).toEqual([MARKER]);
  });
});
