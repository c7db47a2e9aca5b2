import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { dataDirLayout } from './dataDir';
import { latestVersion } from './migrate';
import { migrations } from './migrations';
import { openStore } from './openStore';

/**
 * An expert installs the next release over the previous one: the data directory written
 * by the previous schema (every migration but the newest) must open with the current
 * createCore — the very start-up the app does — and keep its rows. Complements
 * test/db/store.test.ts (openStore from version 1) and the per-migration tests.
 */

const LATEST = latestVersion(migrations);
const PREVIOUS = LATEST - 1;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a data directory from the previous schema (version ${PREVIOUS})`, () => {
  it('opens with the current createCore, upgrades to the latest version and keeps its rows', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-previous-'));
    dirs.push(dataDir);
    const now = '2026-01-05T08:00:00.000Z';
    const old = openStore(dataDir, { migrations: migrations.slice(0, PREVIOUS) });
    try {
      expect(old.schemaVersion).toBe(PREVIOUS);
      old.db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES ('rd0000000a', '2026年试点城市实施方案评审', 'plan-review', 'secretary', ?)`).run(now);
      old.db.prepare(`INSERT INTO application (id, round_id, city, province, applicant, created_at) VALUES ('ap0000000a', 'rd0000000a', '宁波市', '浙江省', '宁波市经济和信息化局', ?)`).run(now);
      old.db.prepare(`INSERT INTO setting (key, value_json, updated_at) VALUES ('language', '"en"', ?)`).run(now);
    } finally {
      old.close();
    }

    const core = createCore({ dataDir });
    try {
      expect(core.store.schemaVersion).toBe(LATEST);
      const info = await core.router.dispatch('app.info', {});
      expect(info).toMatchObject({ ok: true, value: { schemaVersion: LATEST, dataDir } });
      const rounds = await core.router.dispatch('round.list', {});
      expect(rounds).toMatchObject({ ok: true, value: { rounds: [{ id: 'rd0000000a', name: '2026年试点城市实施方案评审', kind: 'plan-review' }] } });
      expect(core.store.db.prepare(`SELECT id, city, province, applicant FROM application`).all()).toEqual([
        { id: 'ap0000000a', city: '宁波市', province: '浙江省', applicant: '宁波市经济和信息化局' },
      ]);
      expect(await core.router.dispatch('settings.get', {})).toMatchObject({ ok: true, value: { language: 'en' } });
    } finally {
      await core.close();
    }
    // The copy made before the upgrade is at the previous version.
    expect(fs.readdirSync(dataDirLayout(dataDir).backups)).toEqual([expect.stringMatching(new RegExp(`^panel-review-v${PREVIOUS}-.*\\.sqlite$`))]);
  });
});
