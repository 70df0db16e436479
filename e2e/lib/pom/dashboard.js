// Page objects of the drill-down dashboard and the subsidy tracking page (admin/src/dashboard, admin/src/tracking).

class DashboardPage {
  /** @param {import('./admin').AdminApp} app */
  constructor(app) {
    this.app = app;
    this.page = app.page;
  }

  root() {
    return this.page.getByTestId('dashboard');
  }

  /** Waits until the dashboard shows this region (its code in data-region) and its figures. */
  async waitFor(code) {
    await this.page.locator(`[data-testid="dashboard"][data-region="${code}"]`).waitFor();
    await this.page.getByTestId('card-laborers-value').waitFor();
    await this.app.settle();
  }

  /** The big number of an indicator card (laborers, trained, transferEmployed, enterprisesStarted, welfarePosts, loanAmountIssued, subsidyPaid). */
  async card(key) {
    return (await this.page.getByTestId(`card-${key}-value`).innerText()).trim();
  }

  async cardSub(key) {
    return (await this.page.getByTestId(`card-${key}-sub`).innerText()).trim();
  }

  breadcrumb() {
    return this.page.getByTestId('dashboard-breadcrumb');
  }

  /** The names in the breadcrumb, links first then the current place. */
  async crumbs() {
    return (await this.breadcrumb().locator('a, span').allInnerTexts()).map((s) => s.trim()).filter((s) => s && s !== '›');
  }

  /** Clicks the row of a child region in the table (drills one level down). */
  async drill(name) {
    await this.page.getByTestId('children-table').getByRole('row').filter({ hasText: name }).first().click();
  }

  /** Clicks a place in the breadcrumb (walks back up). */
  async up(name) {
    await this.breadcrumb().getByRole('link', { name, exact: true }).click();
  }

  /** Names of the rows of the children table, in order. */
  async rowNames() {
    return (await this.page.getByTestId('children-table').locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.replace(/贫困县|Poor county/, '').trim());
  }

  /** A screenshot from the top of the page (a row click leaves it scrolled, and the app bar sticks). */
  async shot(name) {
    await this.page.evaluate(() => window.scrollTo(0, 0));
    return this.app.shot(name);
  }

  async sortBy(key) {
    await this.page.getByTestId(`sort-${key}`).click();
  }
}

class TrackingPage {
  constructor(app) {
    this.app = app;
    this.page = app.page;
  }

  async total(key) {
    return (await this.page.getByTestId(`tracking-${key}-value`).innerText()).trim();
  }

  row(code) {
    return this.page.getByTestId(`tracking-row-${code}`);
  }

  async shot(name) {
    await this.page.evaluate(() => window.scrollTo(0, 0));
    return this.app.shot(name);
  }
}

module.exports = { DashboardPage, TrackingPage };
