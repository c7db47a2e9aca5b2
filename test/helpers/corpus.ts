import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli';

/** The team's real PDFs (../shared/corpus beside the repository) and what each must do. */
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');

export interface CorpusEntry {
  file: string;
  bytes: number;
  pages: number | 'n/a';
  sha256: string;
  expect: 'ok' | 'password' | 'error';
  password?: string;
  properties: string[];
}

export const corpus: CorpusEntry[] = JSON.parse(fs.readFileSync(path.join(corpusDir, 'MANIFEST.json'), 'utf8')) as CorpusEntry[];

export function corpusFile(name: string): string {
  return path.join(corpusDir, name);
}
