// npm start: the desktop app when the Electron runtime is installed; otherwise the
// loopback web shell in a browser, saying why. The runtime cannot be downloaded on
// machines that reach only the npm registry (the electron package fetches it on first use).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const electronDir = path.resolve('node_modules/electron');
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const relative = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = path.join(electronDir, 'dist', relative);
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = electronBinary();
if (binary !== null) {
  run(binary, ['.', ...args]);
} else {
  console.log(
    [
      '未安装 Electron 运行时（本机无法下载），改为启动网页版：在浏览器中打开下面的链接。',
      'The Electron runtime is not installed (it cannot be downloaded on this machine); starting the web shell instead: open the link below in a browser.',
      '在可联网的机器上运行 npx install-electron 即可使用桌面版 / On a machine with network, run npx install-electron for the desktop app.',
      '',
    ].join('\n'),
  );
  run(process.execPath, ['bin/panel-review.js', ...args, 'serve']);
}
