#!/usr/bin/env node
// The panel-review command. It runs the built CLI (npm run build writes out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('panel-review: 尚未构建，请先运行 npm run build / not built yet: run npm run build first\n');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
