import { beforeAll, describe, expect, it } from 'vitest';
import { PANEL_FORMAT, type PanelManifest } from '../../../shared/domain/panelPackage';
import { canonicalJson } from '../crypto/canonicalJson';
import { AppError } from '../errors';
import { classifyEntryName, manifestBytes, parseManifest, sha256Hex } from './manifest';
import { makeManifest, makeMember } from './panelTestKit';

let manifest: PanelManifest;
beforeAll(async () => {
  const doc = { file: '/nonexistent', sha256: 'a'.repeat(64), bytes: 1234, name: '实施方案.pdf', pages: 3 };
  manifest = makeManifest(await makeMember('李秘书'), await makeMember('张专家'), [doc]);
});

function refusal(bytes: Buffer | string): AppError {
  try {
    parseManifest(Buffer.from(bytes), 'x.prpanel');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('accepted');
}

/** Canonical bytes of the manifest after `change`. */
function changed(change: (value: Record<string, unknown>) => void): string {
  const value = JSON.parse(canonicalJson(manifest)) as Record<string, unknown>;
  change(value);
  return canonicalJson(value);
}

describe('entry names', () => {
  it('only the three kinds, spelled exactly', () => {
    const sha = 'ab'.repeat(32);
    expect(classifyEntryName('manifest.json')).toEqual({ kind: 'manifest' });
    expect(classifyEntryName('manifest.json.sig')).toEqual({ kind: 'signature' });
    expect(classifyEntryName(`docs/${sha}.pdf`)).toEqual({ kind: 'document', sha256: sha });
    for (const name of [`docs/${sha.toUpperCase()}.pdf`, `docs/${sha}.PDF`, `docs/${sha.slice(1)}.pdf`, `docs/${sha}.pdf/`, `./manifest.json`, `Manifest.json`, `docs/x/${sha}.pdf`, `${sha}.pdf`, 'docs/']) {
      expect(classifyEntryName(name), name).toBeUndefined();
    }
  });
});

describe('parseManifest', () => {
  it('accepts its own canonical bytes and names them by their SHA-256', () => {
    const bytes = manifestBytes(manifest);
    expect(parseManifest(bytes, 'x.prpanel')).toEqual({ manifest, sha256: sha256Hex(bytes) });
  });

  it('checks the format before the schema', () => {
    const newer = refusal(changed((value) => Object.assign(value, { format: 'panel-review/panel@2', shinyNewField: true })));
    expect(newer.code).toBe('FORMAT_UNSUPPORTED');
    expect(newer.details).toMatchObject({ format: 'panel-review/panel@2', file: 'x.prpanel' });
    expect(refusal(changed((value) => delete value.format)).code).toBe('PACKAGE_MALFORMED');
    expect(refusal('[]').code).toBe('PACKAGE_MALFORMED');
    expect(refusal('{"format":1}').code).toBe('PACKAGE_MALFORMED');
  });

  it('refuses unknown and missing fields at every level, naming the path', () => {
    const nested = refusal(changed((value) => Object.assign((value.applications as Record<string, unknown>[])[0] ?? {}, { score: 100 })));
    expect(nested.code).toBe('PACKAGE_MALFORMED');
    expect(String(nested.details?.detail)).toContain('applications.0');
    expect(refusal(changed((value) => delete value.rubric)).details?.detail).toContain('rubric');
    // The rubric the expert will score against is checked like the rest: a maximum off its step, an unknown key.
    const firstCriterion = (value: Record<string, unknown>) =>
      ((((value.rubric as Record<string, unknown>).sections as Record<string, unknown>[])[0]?.criteria ?? []) as Record<string, unknown>[])[0] ?? {};
    const offStep = refusal(changed((value) => (firstCriterion(value).max = 10.3)));
    expect(offStep.code).toBe('PACKAGE_MALFORMED');
    expect(String(offStep.details?.detail)).toContain('rubric.sections.0.criteria.0.max');
    expect(refusal(changed((value) => (firstCriterion(value).maxScore = 10))).details?.detail).toContain('rubric.sections.0.criteria.0');
    expect(refusal(changed((value) => delete (value.secretary as Record<string, unknown>).ageRecipient)).details?.detail).toContain('secretary.ageRecipient');
  });

  it('refuses values that would read differently to people than to machines', () => {
    expect(refusal(changed((value) => ((value.round as Record<string, unknown>).name = ' 评审 '))).code).toBe('PACKAGE_MALFORMED');
    expect(refusal(changed((value) => ((value.round as Record<string, unknown>).name = '评审\u202e'))).code).toBe('PACKAGE_MALFORMED');
    expect(refusal(changed((value) => ((value.expert as Record<string, unknown>).sshPublicKey += ' comment'))).code).toBe('PACKAGE_MALFORMED');
  });

  it('refuses the same document listed with two sizes, and an application listed twice', () => {
    const twice = changed((value) => {
      const applications = value.applications as Record<string, unknown>[];
      applications.push(JSON.parse(JSON.stringify(applications[0])) as Record<string, unknown>);
    });
    expect(refusal(twice).details?.detail).toContain('listed twice');
  });

  it('accepts only canonical bytes: no BOM, no whitespace, no escapes JCS would not write', () => {
    const canonical = manifestBytes(manifest).toString('utf8');
    for (const variant of [`\ufeff${canonical}`, `${canonical}\n`, canonical.replace('"format":', '"format" :'), canonical.replace(PANEL_FORMAT, PANEL_FORMAT.replace('/', '\\/'))]) {
      expect(refusal(variant).details?.detail).toMatch(/canonical|JSON/);
    }
    // A lone surrogate: JSON.parse takes it, JCS cannot encode it.
    expect(refusal(canonical.replace('"宁波市"', '"\\ud800"')).code).toBe('PACKAGE_MALFORMED');
    expect(refusal(Buffer.from([0xff, 0xfe])).details?.detail).toContain('UTF-8');
  });
});
