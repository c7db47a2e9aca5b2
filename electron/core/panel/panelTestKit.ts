import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { PANEL_FORMAT, type PanelManifest, type PanelMember } from '../../../shared/domain/panelPackage';
import { rubricTemplate } from '../../../shared/domain/rubricTemplates';
import { encryptToRecipients, generateAgeIdentity, type AgeKeyPair } from '../crypto/age';
import { fingerprint, generateSigningKey, toOpenSshPublicKey, type SigningKeyPair } from '../crypto/sshKeys';
import { documentEntryName, MANIFEST_ENTRY, manifestBytes, sha256Hex, SIGNATURE_ENTRY, signManifest } from './manifest';

/**
 * Test fixtures for panel packages: members with real keys, manifests over real PDFs,
 * and a builder for hostile packages that no honest writer would make. Used by the
 * tests beside this file and by the benchmark; nothing in the app imports it.
 */

export interface TestMember {
  name: string;
  signing: SigningKeyPair;
  age: AgeKeyPair;
}

export async function makeMember(name: string): Promise<TestMember> {
  return { name, signing: generateSigningKey(), age: await generateAgeIdentity() };
}

export function memberOf(member: TestMember, affiliation: string | null = '工业和信息化部规划司'): PanelMember {
  return {
    name: member.name,
    affiliation,
    fingerprint: fingerprint(member.signing.publicKey),
    sshPublicKey: toOpenSshPublicKey(member.signing.publicKey),
    ageRecipient: member.age.recipient,
  };
}

export interface TestDocument {
  /** The PDF on disk. */
  file: string;
  sha256: string;
  bytes: number;
  name: string;
  pages: number;
  password?: string;
}

export function documentFromFile(file: string, pages = 1, password?: string): TestDocument {
  const bytes = fs.readFileSync(file);
  return { file, sha256: sha256Hex(bytes), bytes: bytes.length, name: path.basename(file), pages, ...(password === undefined ? {} : { password }) };
}

/**
 * One application per two documents (a plan, then a form), as a secretary would assign
 * them: the first in 宁波市 with its applicant, the rest in 泉州市. `id` names the nth.
 */
export function testApplications(documents: readonly TestDocument[], id: (n: number) => string): PanelManifest['applications'] {
  const applications: PanelManifest['applications'] = [];
  for (let i = 0; i < documents.length; i += 2) {
    const n = applications.length;
    applications.push({
      id: id(n),
      city: n === 0 ? '宁波市' : '泉州市',
      province: n === 0 ? '浙江省' : '福建省',
      applicant: n === 0 ? '宁波市经济和信息化局' : null,
      documents: documents.slice(i, i + 2).map((document, j) => ({
        sha256: document.sha256,
        name: document.name,
        kind: j === 0 ? 'plan' : 'form',
        pages: document.pages,
        bytes: document.bytes,
        password: document.password ?? null,
      })),
    });
  }
  return applications;
}

export function makeManifest(secretary: TestMember, expert: TestMember, documents: readonly TestDocument[]): PanelManifest {
  return {
    format: PANEL_FORMAT,
    packageId: 'pk0123456z',
    createdAt: '2026-11-23T08:00:00.000Z',
    round: { id: 'rd0123456z', name: '2026年“中国制造2025”试点城市实施方案评审', kind: 'plan-review' },
    rubric: rubricTemplate('plan-review'),
    secretary: memberOf(secretary),
    expert: memberOf(expert, '中国工程院'),
    applications: testApplications(documents, (n) => `app0000${String(n).padStart(3, '0')}`),
  };
}

export function documentPathOf(documents: readonly TestDocument[]): (sha256: string) => string {
  return (sha256) => {
    const found = documents.find((document) => document.sha256 === sha256);
    if (found === undefined) throw new Error(`no test document ${sha256}`);
    return found.file;
  };
}

export interface RawEntry {
  name: string;
  data: Buffer;
  compress?: boolean;
  /** Entry attributes as yazl takes them (e.g. 0o120777 for a symbolic link). */
  mode?: number;
}

/**
 * Zips entries with yazl, byte for byte as given. yazl refuses hostile names, so a name
 * it would refuse is written under a stand-in of the same length and swapped in the
 * finished bytes (names are in no checksum).
 */
export async function zipEntries(entries: readonly RawEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const swaps: [Buffer, Buffer][] = [];
  entries.forEach((entry, i) => {
    let name = entry.name;
    if (entry.name.startsWith('/') || entry.name.split('/').includes('..') || entry.name.includes('\\')) {
      name = `~${i}`.padEnd(entry.name.length, 'Q');
      if (name.length !== entry.name.length) throw new Error(`hostile name ${entry.name} is too short to stand in for`);
      swaps.push([Buffer.from(name), Buffer.from(entry.name)]);
    }
    if (name.endsWith('/')) return zip.addEmptyDirectory(name);
    zip.addBuffer(entry.data, name, { compress: entry.compress ?? false, mtime: new Date('2026-11-23T08:00:00Z'), ...(entry.mode === undefined ? {} : { mode: entry.mode }) });
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  for (const [standIn, hostile] of swaps) {
    for (let at = bytes.indexOf(standIn); at !== -1; at = bytes.indexOf(standIn, at + 1)) hostile.copy(bytes, at);
  }
  return bytes;
}

/** The entries of an honest package, for tests to alter before zipping. */
export function packageEntries(manifest: PanelManifest, secretary: TestMember, documents: readonly TestDocument[]): RawEntry[] {
  const json = manifestBytes(manifest);
  return [
    { name: MANIFEST_ENTRY, data: json },
    { name: SIGNATURE_ENTRY, data: Buffer.from(signManifest(json, secretary.signing)) },
    ...documents.map((document) => ({ name: documentEntryName(document.sha256), data: fs.readFileSync(document.file) })),
  ];
}

/** Signs arbitrary manifest bytes (canonical or not) the way the writer would. */
export function signedManifestEntries(json: Buffer, signer: TestMember): RawEntry[] {
  return [
    { name: MANIFEST_ENTRY, data: json },
    { name: SIGNATURE_ENTRY, data: Buffer.from(signManifest(json, signer.signing)) },
  ];
}

export async function encryptTo(plaintext: Buffer, recipients: string[], outPath: string): Promise<string> {
  fs.writeFileSync(outPath, await encryptToRecipients(plaintext, recipients));
  return outPath;
}

export async function writeZipFile(entries: readonly RawEntry[], outPath: string): Promise<string> {
  await pipeline(async function* () {
    yield await zipEntries(entries);
  }, fs.createWriteStream(outPath));
  return outPath;
}

/** A temp directory per call; `cleanup` removes all of them. */
export function tempDirs(prefix: string): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
