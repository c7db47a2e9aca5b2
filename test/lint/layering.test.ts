import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

/**
 * Proves the lint layering of DESIGN.md fires: each wrong-way import, linted as if it
 * were in the layer's folder, yields a no-restricted-imports (or -globals) error, and
 * the allowed direction yields none.
 */
const eslint = new ESLint({ cwd: repoRoot });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('import layering', () => {
  const forbidden: { from: string; file: string; code: string }[] = [
    { from: 'renderer → core', file: 'renderer/src/features/probe.ts', code: "import { openStore } from '../../../electron/core/store/openStore';\nvoid openStore;\n" },
    { from: 'renderer → electron', file: 'renderer/src/probe.ts', code: "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n" },
    { from: 'renderer → node', file: 'renderer/src/probe.ts', code: "import fs from 'node:fs';\nvoid fs;\n" },
    { from: 'core → electron', file: 'electron/core/rounds/probe.ts', code: "import { app } from 'electron';\nvoid app;\n" },
    { from: 'core → main', file: 'electron/core/rounds/probe.ts', code: "import { APP_ORIGIN } from '../../main/policy';\nvoid APP_ORIGIN;\n" },
    { from: 'core → renderer', file: 'electron/core/probe.ts', code: "import { App } from '../../renderer/src/App';\nvoid App;\n" },
    { from: 'shared → node', file: 'shared/domain/probe.ts', code: "import path from 'node:path';\nvoid path;\n" },
    { from: 'shared → node (bare)', file: 'shared/domain/probe.ts', code: "import { readFileSync } from 'fs';\nvoid readFileSync;\n" },
    { from: 'shared → core', file: 'shared/contract/probe.ts', code: "import { AppError } from '../../electron/core/errors';\nvoid AppError;\n" },
    { from: 'shared → DOM global', file: 'shared/domain/probe.ts', code: 'export const here = window.location.href;\n' },
    { from: 'shared → Node global', file: 'shared/domain/probe.ts', code: 'export const home = process.env.HOME;\n' },
    { from: 'cli → electron', file: 'electron/cli/probe.ts', code: "import { app } from 'electron';\nvoid app;\n" },
    { from: 'serve → main', file: 'electron/serve/probe.ts', code: "import { APP_ORIGIN } from '../main/policy';\nvoid APP_ORIGIN;\n" },
    { from: 'main → renderer', file: 'electron/main/probe.ts', code: "import { App } from '../../renderer/src/App';\nvoid App;\n" },
    { from: 'preload → core', file: 'electron/preload/probe.ts', code: "import { createCore } from '../core/core';\nvoid createCore;\n" },
  ];
  for (const { from, file, code } of forbidden) {
    it(`refuses ${from}`, async () => {
      expect(await layeringErrors(file, code)).not.toEqual([]);
    });
  }

  const allowed: { from: string; file: string; code: string }[] = [
    { from: 'renderer → shared', file: 'renderer/src/probe.ts', code: "import { roundKinds } from '../../shared/domain/round';\nvoid roundKinds;\n" },
    { from: 'core → shared', file: 'electron/core/rounds/probe.ts', code: "import { roundKinds } from '../../../shared/domain/round';\nvoid roundKinds;\n" },
    { from: 'core → node', file: 'electron/core/probe.ts', code: "import fs from 'node:fs';\nvoid fs;\n" },
    { from: 'main → core and electron', file: 'electron/main/probe.ts', code: "import { app } from 'electron';\nimport { createCore } from '../core/core';\nvoid app;\nvoid createCore;\n" },
    { from: 'cli → core', file: 'electron/cli/probe.ts', code: "import { createCore } from '../core/core';\nvoid createCore;\n" },
    { from: 'shared → zod', file: 'shared/domain/probe.ts', code: "import { z } from 'zod';\nexport const s = z.string();\n" },
  ];
  for (const { from, file, code } of allowed) {
    it(`allows ${from}`, async () => {
      expect(await layeringErrors(file, code)).toEqual([]);
    });
  }
});
