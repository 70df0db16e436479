// Page object of the import centre (admin/src/imports) and of the exports (admin/src/exports).
const fs = require('node:fs');

class ImportCentre {
  /** @param {import('./admin').AdminApp} app */
  constructor(app) {
    this.app = app;
    this.page = app.page;
  }

  root() {
    return this.page.getByTestId('import-centre');
  }

  /** Picks a dataset by its Chinese name (贫困户及劳动力 …). */
  async chooseDataset(label) {
    await this.app.choose('数据集', label);
  }

  async datasetName() {
    return (await this.page.getByRole('combobox', { name: '数据集' }).innerText()).trim();
  }

  /** Clicks a button that downloads a file and returns { name, path } of the download. */
  async download(testId) {
    const [d] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testId).click()]);
    const path = await d.path();
    return { name: d.suggestedFilename(), path, bytes: fs.readFileSync(path) };
  }

  /** Chooses a file and uploads it: resolves with the batch id once the page shows the batch. */
  async upload(file) {
    await this.page.getByTestId('import-file').setInputFiles(file);
    await this.page.getByTestId('import-upload').click();
    await this.page.waitForURL(/batch=\d+/);
    return /batch=(\d+)/.exec(this.page.url())[1];
  }

  /** Waits until the batch shown has this status (PREVIEWED, COMMITTED, UNDONE …). */
  async waitForStatus(status, timeout = 60_000) {
    try {
      await this.page.locator(`[data-testid="import-batch"][data-status="${status}"]`).waitFor({ timeout });
    } catch (e) {
      await this.app.shot(`import-waiting-for-${status}`);
      const shown = await this.page.getByTestId('import-batch').innerText().catch(() => '(no batch shown)');
      throw new Error(`batch not ${status} after ${timeout} ms; the page shows: ${shown.slice(0, 600)}`, { cause: e });
    }
  }

  async status() {
    return this.page.getByTestId('import-batch').getAttribute('data-status');
  }

  /** The preview's four counts { create, update, unchanged, refused } as shown ("1,234" -> 1234). */
  async counts() {
    const out = {};
    for (const k of ['create', 'update', 'unchanged', 'refused']) out[k] = Number((await this.page.getByTestId(`preview-${k}-value`).innerText()).replace(/,/g, ''));
    return out;
  }

  /** The refusal groups: [{ column, message, count, rows, code }]. */
  async refusals() {
    const rows = this.page.getByTestId('refusals').locator('tbody tr');
    const out = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = (await rows.nth(i).locator('td').allInnerTexts()).map((s) => s.trim());
      out.push({ column: cells[0], message: cells[1], count: Number(cells[2].replace(/,/g, '')), rows: cells[3], code: cells[4] });
    }
    return out;
  }

  /** Maps an unknown value of a coded column ("初中毕业" -> 初中) and validates again. */
  async mapValue(column, value, label) {
    await this.page.getByRole('combobox', { name: `${column} ${value}` }).click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
    await this.page.getByTestId('values-apply').click();
  }

  async chooseAtomicity(which) {
    await this.page.getByTestId(`atomicity-${which}`).click();
  }

  async commit() {
    await this.page.getByTestId('commit').click();
  }

  /** Opens a batch from the list of batches. */
  async openBatch(id) {
    await this.page.getByTestId(`batch-row-${id}`).click();
    await this.page.waitForURL(new RegExp(`batch=${id}(&|$)`));
  }

  async newImport() {
    await this.page.getByRole('link', { name: '返回新建导入' }).click();
    await this.page.getByTestId('import-upload').waitFor();
  }

  async shot(name) {
    await this.page.evaluate(() => window.scrollTo(0, 0));
    return this.app.shot(name);
  }
}

/** Starts an .xlsx export job from a page's "导出 Excel" button; returns the download once the job is done. */
async function exportXlsx(app, timeout = 60_000) {
  const [d] = await Promise.all([app.page.waitForEvent('download', { timeout }), app.page.getByTestId('export-xlsx').click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), path };
}

module.exports = { ImportCentre, exportXlsx };
