// Page objects of the admin SPA: what a clerk sees and clicks, named as the clerk would.
const { screenshot } = require('../browser');
const { signInBrowser } = require('./api');

const DEFAULT_TIMEOUT = 20_000;

class AdminApp {
  /** @param {import('playwright-core').Page} page */
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.errors = [];
    page.setDefaultTimeout(DEFAULT_TIMEOUT);
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
  }

  /**
   * A fresh browser context (its own storage: the language starts as the default), signed in as the
   * administrator when the hub has sign-in, and its page.
   */
  static async open(browser, hub, path = '/', user = undefined) {
    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    await signInBrowser(hub, context, user);
    const app = new AdminApp(await context.newPage(), hub.url);
    app.context = context;
    await app.goto(path);
    return app;
  }

  async goto(path) {
    await this.page.goto(`${this.baseUrl}/#${path}`);
    await this.appBar().waitFor();
  }

  appBar() {
    return this.page.locator('header');
  }

  /** The title shown in the app bar. */
  title() {
    return this.appBar().locator('#react-admin-title');
  }

  menuItem(name) {
    return this.page.getByRole('menuitem', { name, exact: true });
  }

  languageButton() {
    return this.appBar().locator('button[aria-controls="simple-menu"]');
  }

  async switchLanguage(name) {
    await this.languageButton().click();
    await this.page.getByRole('menuitem', { name, exact: true }).click();
    await this.languageButton().filter({ hasText: name }).waitFor();
  }

  /** The data rows of the main list (or of the first table on the page). */
  rows(scope = this.page) {
    return scope.locator('tbody tr');
  }

  /** "第 1-25 条，共 340 条" -> 340 (the list's total). */
  async listTotal() {
    const text = await this.page.locator('.MuiTablePagination-displayedRows').first().innerText();
    const m = /共\s*(\d+)|of\s*(\d+)/.exec(text.replace(/,/g, ''));
    if (!m) throw new Error(`no total in "${text}"`);
    return Number(m[1] ?? m[2]);
  }

  /** Polls `fn` until it returns `expected` (deep-equal by JSON), and returns the last value. */
  async until(fn, expected, timeout = DEFAULT_TIMEOUT) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      last = await fn().catch((e) => e);
      if (JSON.stringify(last) === JSON.stringify(expected) || Date.now() > end) return last;
      await this.page.waitForTimeout(200);
    }
  }

  /** Waits until the list shows no loading indicator. */
  async settle() {
    await this.page.waitForLoadState('networkidle');
    await this.page.locator('.MuiLinearProgress-root').waitFor({ state: 'detached' }).catch(() => {});
  }

  /**
   * Picks an option of a select (MUI's combobox), again if the input was re-rendered under the click
   * (a filter input mounts while the list refetches).
   */
  async choose(label, option) {
    const box = this.page.getByRole('combobox', { name: label });
    for (let attempt = 0; attempt < 3; attempt++) {
      await box.click();
      await this.page.getByRole('listbox').getByRole('option', { name: option, exact: true }).click();
      await this.page.getByRole('listbox').waitFor({ state: 'detached' }).catch(() => {});
      if ((await box.innerText()).trim() === option) return;
    }
    throw new Error(`could not choose ${option} in ${label}`);
  }

  notification() {
    return this.page.locator('.MuiSnackbarContent-message');
  }

  /** A form input by its source (labels carry a required-field asterisk). */
  input(source) {
    return this.page.locator(`.ra-input-${source} input:not([type="hidden"])`).first();
  }

  /** The helper text (error) under a form input, found by its source. */
  inputError(source) {
    return this.page.locator(`.ra-input-${source} .MuiFormHelperText-root.Mui-error`);
  }

  async shot(name) {
    return screenshot(this.page, name);
  }

  async close() {
    await this.context.close();
  }
}

/** The county -> township -> village picker (admin/src/common/RegionPicker.tsx). */
class RegionPicker {
  constructor(page, scope) {
    this.page = page;
    this.scope = scope ?? page;
  }

  /** Chooses each name in turn: county, then township, then village. */
  async choose(...names) {
    const levels = ['县(区、市)', '乡镇(街道)', '村(社区)'];
    for (let i = 0; i < names.length; i++) {
      const input = this.scope.getByRole('combobox', { name: levels[i] });
      await input.click();
      await input.fill(names[i]);
      await this.page.getByRole('option', { name: names[i], exact: true }).click();
    }
  }
}

module.exports = { AdminApp, RegionPicker };
