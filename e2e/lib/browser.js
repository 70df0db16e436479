// Debian's Chromium through playwright-core (no browser download).
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const SHOTS = path.resolve(__dirname, '../screenshots');

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Saves a full-page screenshot under e2e/screenshots/<name>.png and returns its path. */
async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

module.exports = { launch, screenshot, SHOTS };
