import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allProfileIds, defaultProfilesDir, findProfile, loadCatalog } from '../../src/hardware/catalog.ts';

// The README's table is committed text; this keeps it in step with the files.
test('hardware-profiles/README.md lists every profile, with its kind and name, and nothing else', () => {
  const catalog = loadCatalog();
  const text = readFileSync(join(defaultProfilesDir(), 'README.md'), 'utf8');
  const rows = [...text.matchAll(/^\| `([a-z0-9.-]+)` \| (\w+) \| ([^|]+) \|/gm)].map((m) => ({ id: m[1]!, kind: m[2]!, name: m[3]!.trim() }));
  assert.deepEqual(rows.map((r) => r.id).sort(), allProfileIds(catalog));
  for (const r of rows) {
    const found = findProfile(catalog, r.id)!;
    assert.equal(r.kind, found.kind, r.id);
    assert.equal(r.name, found.profile.name, r.id);
  }
});
