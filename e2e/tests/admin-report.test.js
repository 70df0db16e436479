// Journeys: a leader opens the county map, clicks 南部县 and sees its townships; generates the June 2017
// city report, prints it to PDF (Chromium's page.pdf, A4, print stylesheet) and the PDF has the sections
// and the figures; downloads the workbook. Screenshots at 1366x768 in Chinese.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const ExcelJS = require('exceljs');
const { startHub } = require('../lib/hub');
const { launch, SHOTS } = require('../lib/browser');
const { AdminApp } = require('../lib/pom/admin');
const { HUB_ENV, must } = require('../lib/pom/api');

const CITY = '511300000000';
const NANBU = '511321000000';
const VIEWPORT = { width: 1366, height: 768 };

let hub;
let browser;
before(async () => {
  hub = await startHub({ seedScale: '0.01', env: HUB_ENV });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

const REPORT = `query($r: ID, $m: String!) { monthlyReport(regionCode: $r, month: $m) { title summary sections { key title paragraphs table { rows { name } total { values } columns { key } } } } }`;

test('the county map colours the nine counties; a click on 南部县 drills to its townships', async () => {
  const app = await AdminApp.open(browser, hub, '/');
  const { page } = app;
  await page.setViewportSize(VIEWPORT);
  const map = page.getByTestId('county-map-canvas');
  await map.locator('canvas').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="county-map-canvas"]')?.dataset.centres);
  const centres = JSON.parse(await map.getAttribute('data-centres'));
  assert.equal(Object.keys(centres).length, 9);
  await map.scrollIntoViewIfNeeded();
  await app.shot('report-map-city');
  // Progress on the targets colours the same map.
  await page.getByTestId('map-progress').click();
  await page.getByText('目标进度', { exact: false }).first().waitFor();
  await app.settle();
  await app.shot('report-map-progress');

  const [x, y] = centres[NANBU];
  await map.click({ position: { x, y } });
  await page.waitForURL(new RegExp(`dashboard/${NANBU}`));
  const townships = (await must(hub, `{ Region(id: "${NANBU}") { children { code name } } }`)).Region.children;
  assert.ok(townships.length > 10);
  await page.getByTestId(`child-${townships[0].code}`).waitFor();
  assert.equal(await app.until(() => page.locator('[data-testid^="child-"]').count(), townships.length), townships.length);
  // Below the county there are no outlines: no map, the table stays.
  assert.equal(await page.getByTestId('county-map').count(), 0);
  await app.shot('report-map-nanbu');
  assert.deepEqual(app.errors, []);
  await app.close();
});

test('the June 2017 city report prints to an A4 PDF with every section and figure, and its workbook downloads', async () => {
  const api = (await must(hub, REPORT, { r: CITY, m: '2017-06' })).monthlyReport;
  const app = await AdminApp.open(browser, hub, '/');
  const { page } = app;
  await page.setViewportSize(VIEWPORT);
  await page.getByTestId('open-report').click();
  await page.waitForURL(/reports\/511300000000\?month=2017-06/);
  const sheet = page.getByTestId('report-sheet');
  await sheet.waitFor();
  assert.equal(await page.getByTestId('report-title').innerText(), '南充市就业扶贫工作月报（2017年6月）');
  await page.getByTestId('chart-training').locator('svg').first().waitFor();
  await page.getByTestId('chart-pace').locator('svg').first().waitFor();
  const text = await sheet.innerText();
  for (const s of api.sections) {
    assert.ok(text.includes(s.title), `section ${s.title}`);
    for (const p of s.paragraphs) assert.ok(text.includes(p), `paragraph: ${p}`);
  }
  assert.match(text, /截止6月，累计培训\d+人，占培训需求总人数的\d+%/);
  assert.match(text, /制表日期：\d{4}-\d{2}-\d{2}/);
  assert.match(text, /统计期：2017年1月—6月（截至2017-06-30）/);
  await app.shot('report-page-city');

  // Printed by Chromium with the print stylesheet: A4, the app's bar and menu gone.
  const audits = async () => (await must(hub, `{ allAuditLogs(filter: { action: EXPORT }, perPage: 50) { id after } }`).catch(() => ({ allAuditLogs: [] }))).allAuditLogs.length;
  await page.evaluate(() => (window.print = () => {}));
  const before = await audits();
  await page.getByTestId('report-print').click();
  await app.until(async () => (await audits()) > before, true);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header').first().isVisible(), false);
  const pdfFile = path.join(SHOTS, 'report-city-2017-06.pdf');
  fs.mkdirSync(SHOTS, { recursive: true });
  const pdf = await page.pdf({ path: pdfFile, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' }))[1]);
  assert.ok(pages >= 3, `${pages} pages`);
  assert.ok(pdf.length > 50_000, `${pdf.length} bytes`);
  // The printed text (poppler's pdftotext, installed by scripts/ensure-chromium.sh), word by word with
  // its position: the top row of words on every page is the running header; the rest, in reading order,
  // is the report (read apart, so a table head repeated under the header is not mixed into it).
  const made = /制表日期：(\d{4}-\d{2}-\d{2})/.exec(text)[1];
  const squash = (s) => s.replace(/\s+/g, '');
  const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const pdfPages = execFileSync('pdftotext', ['-bbox', pdfFile, '-'], { encoding: 'utf8' })
    .split('<page ')
    .slice(1)
    .map((p) => [...p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), t: unxml(m[3]) })));
  assert.equal(pdfPages.length, pages);
  let body = '';
  for (const [i, words] of pdfPages.entries()) {
    const top = Math.min(...words.map((w) => w.y));
    const head = words.filter((w) => w.y < top + 2).sort((p, q) => p.x - q.x);
    assert.equal(head.map((w) => w.t).join(''), squash(`南充市就业扶贫数据中台 · 南充市 统计期：2017年1月—6月（截至2017-06-30） 制表日期：${made}`), `running header of page ${i + 1}`);
    body += words.filter((w) => w.y >= top + 2).map((w) => w.t).join('');
  }
  assert.ok(body.includes(squash(api.title)), 'PDF title');
  for (const s of api.sections) {
    assert.ok(body.includes(squash(s.title)), `PDF section ${s.title}`);
    // Each sentence whole, figures included, even where it runs over a page break.
    for (const para of s.paragraphs) assert.ok(body.includes(squash(para)), `PDF paragraph: ${para}`);
    for (const row of s.table.rows) assert.ok(body.includes(squash(row.name)), `PDF ${s.title} row ${row.name}`);
  }
  for (const phrase of ['累计培训', '占培训需求总人数的', '培训后转移就业率达', '占有转移就业需求总人数的', '开发公益性岗位', '督办清单']) assert.ok(body.includes(phrase), `PDF: ${phrase}`);
  for (const line of api.summary) for (const n of line.match(/\d+(\.\d+)?%?/g) ?? []) assert.ok(body.includes(n), `PDF figure ${n}`);
  // Page 1 as an image, to look at (e2e/screenshots/report-city-pdf-1.png).
  execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', pdfFile, path.join(SHOTS, 'report-city-pdf-1')]);
  await page.emulateMedia({ media: 'screen' });

  // The workbook: the same report, a sheet per section, totals last.
  const download = page.waitForEvent('download');
  await page.getByTestId('report-xlsx').click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['汇总', '基本情况', '技能培训', '贷款与圆梦', '转移就业', '公益性岗位', '创业就业', '政策补贴', '培训转化', '目标任务', '督办清单']);
  const training = api.sections.find((s) => s.key === 'training');
  const ws = wb.getWorksheet('技能培训');
  assert.equal(ws.getCell(5 + training.table.rows.length, 1).value, '合计');
  assert.equal(ws.getCell(5 + training.table.rows.length, 2).value, training.table.total.values[0]);
  assert.deepEqual(app.errors, []);
  await app.close();
});
