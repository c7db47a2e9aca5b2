import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { KEY_CARD_FORMAT, type KeyCard } from '../../../shared/domain/keyCard';
import { canonicalJson } from '../crypto/canonicalJson';
import { fingerprint, generateSigningKey, toOpenSshPublicKey } from '../crypto/sshKeys';
import { signSshsig, SSHSIG_NAMESPACES } from '../crypto/sshsig';
import { AppError } from '../errors';
import { keyCardFileName, makeKeyCard, readKeyCard } from './keyCard';

const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const signing = generateSigningKey();
const fields = { name: '张三', affiliation: '工业和信息化部电子第五研究所', ageRecipient: RECIPIENT, createdAt: '2026-03-01T08:00:00.000Z' };

function refusal(text: string): AppError {
  try {
    readKeyCard(text, 'card.prkey');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

/** A card with some fields changed, re-serialised but not re-signed. */
function edited(change: (card: Record<string, unknown>) => void): string {
  const card = JSON.parse(makeKeyCard(fields, signing).content) as Record<string, unknown>;
  change(card);
  return JSON.stringify(card);
}

describe('key cards', () => {
  it('round-trips: the card read back names the key and its ssh-keygen fingerprint', () => {
    const made = makeKeyCard(fields, signing);
    expect(made.fingerprint).toBe(fingerprint(signing.publicKey));
    const read = readKeyCard(made.content, 'card.prkey');
    expect(read.fingerprint).toBe(made.fingerprint);
    expect(read.card).toEqual(made.card);
    expect(read.card).toMatchObject({ format: KEY_CARD_FORMAT, ...fields, sshPublicKey: toOpenSshPublicKey(signing.publicKey) });
  });

  it('is written as canonical JSON, and a null affiliation is kept, not dropped', () => {
    const made = makeKeyCard({ ...fields, affiliation: null }, signing);
    expect(made.content).toBe(`${canonicalJson(made.card)}\n`);
    expect(JSON.parse(made.content)).toHaveProperty('affiliation', null);
    expect(readKeyCard(made.content, 'x').card.affiliation).toBeNull();
  });

  it('accepts a card that was pretty-printed after signing: the signature covers content, not layout', () => {
    const made = makeKeyCard(fields, signing);
    expect(readKeyCard(JSON.stringify(made.card, null, 2), 'x').fingerprint).toBe(made.fingerprint);
  });

  it.skipIf(spawnSync('jq', ['--version']).error !== undefined)('jq -cjS del(.signature) gives exactly the signed bytes', () => {
    const made = makeKeyCard(fields, signing);
    const out = spawnSync('jq', ['-cjS', 'del(.signature)'], { input: made.content, encoding: 'utf8' });
    const { signature: _signature, ...body } = made.card;
    expect(out.stdout).toBe(canonicalJson(body));
  });

  it('refuses a tampered card: SIGNATURE_INVALID', () => {
    const error = refusal(edited((card) => (card.name = '李四')));
    expect(error.code).toBe('SIGNATURE_INVALID');
    expect(error.details).toMatchObject({ file: 'card.prkey' });
    expect(refusal(edited((card) => (card.ageRecipient = 'age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg'))).code).toBe('SIGNATURE_INVALID');
  });

  it('refuses a card whose key was swapped for another: KEY_CARD_INVALID', () => {
    const other = generateSigningKey();
    const error = refusal(edited((card) => (card.sshPublicKey = toOpenSshPublicKey(other.publicKey))));
    expect(error.code).toBe('KEY_CARD_INVALID');
    expect(String(error.details?.detail)).toContain('signed by another key');
  });

  it('refuses a signature made for another purpose', () => {
    const made = makeKeyCard(fields, signing);
    const { signature: _signature, ...body } = made.card;
    const wrong = signSshsig(Buffer.from(canonicalJson(body)), signing.privateKey, signing.publicKey, SSHSIG_NAMESPACES.scores);
    expect(refusal(JSON.stringify({ ...made.card, signature: wrong })).code).toBe('SIGNATURE_WRONG_PURPOSE');
    expect(refusal(JSON.stringify({ ...made.card, signature: 'not a signature' })).code).toBe('SIGNATURE_MALFORMED');
  });

  it('refuses a newer format as unsupported, and other files as not key cards', () => {
    const newer = refusal(edited((card) => (card.format = 'panel-review/key-card@2')));
    expect(newer.code).toBe('FORMAT_UNSUPPORTED');
    expect(newer.details).toEqual({ file: 'card.prkey', format: 'panel-review/key-card@2' });
    expect(refusal(edited((card) => (card.format = 'panel-review/scores@1'))).code).toBe('KEY_CARD_INVALID');
    expect(refusal(edited((card) => delete card.format)).code).toBe('KEY_CARD_INVALID');
  });

  const invalid: [string, string][] = [
    ['not JSON', '{"format":'],
    ['an array', '[]'],
    ['empty', ''],
    ['a missing field', edited((card) => delete card.createdAt)],
    ['an extra field', edited((card) => (card.role = 'secretary'))],
    ['a name with a line break', edited((card) => (card.name = '张\n三'))],
    ['an untrimmed name', edited((card) => (card.name = ' 张三'))],
    ['an RSA key', edited((card) => (card.sshPublicKey = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC'))],
    ['a post-quantum recipient', edited((card) => (card.ageRecipient = 'age1pq1' + 'q'.repeat(60)))],
    ['a bad date', edited((card) => (card.createdAt = 'yesterday'))],
    ['a huge file', ' '.repeat(70_000)],
  ];
  for (const [name, text] of invalid) {
    it(`refuses ${name}: KEY_CARD_INVALID with a detail`, () => {
      const error = refusal(text);
      expect(error.code).toBe('KEY_CARD_INVALID');
      expect(error.details).toMatchObject({ file: 'card.prkey', detail: expect.any(String) });
    });
  }

  it('gives schema failures as issues the UI can translate', () => {
    const error = refusal(edited((card) => delete card.name));
    expect(error.details?.issues).toEqual([expect.objectContaining({ path: ['name'] })]);
  });

  it('suggests a file name safe on every OS', () => {
    const print = 'SHA256:ab/cd+ef012345678901234567890123456789012';
    expect(keyCardFileName('张三', print)).toBe('张三-ab_cd-ef.prkey');
    expect(keyCardFileName('a/b:c*?', print)).toBe('a_b_c__-ab_cd-ef.prkey');
    expect(keyCardFileName('..', print)).toBe('key-card-ab_cd-ef.prkey');
  });

  it('types the parsed card', () => {
    const card: KeyCard = readKeyCard(makeKeyCard(fields, signing).content, 'x').card;
    expect(card.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----/);
  });
});
