import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, as the end-to-end suites drive it. Without the
 * background-networking flags it keeps dialling Google's hosts, which this network
 * refuses; --no-sandbox because CI runs as root.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
