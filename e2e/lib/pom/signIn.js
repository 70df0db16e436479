// Signing in through the admin's sign-in page, as a clerk does before anything else.

/**
 * Opens the admin, fills the sign-in form and waits until the app shows (the app bar). Defaults to the
 * hub's first administrator (`admin`, the password `startHub` gave it).
 * @param {import('playwright-core').Page} page
 */
async function signIn(page, hub, { username = 'admin', password = hub.adminPassword, path = '/' } = {}) {
  await page.goto(`${hub.url}/#/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.hash.startsWith('#/login'), { timeout: 30_000 });
  if (path !== '/') await page.goto(`${hub.url}/#${path}`);
  await page.locator('header').first().waitFor({ timeout: 30_000 });
}

/** Submits the form with a wrong password and returns the message the page shows. */
async function failedSignIn(page, hub, { username = 'admin', password = 'not the password' } = {}) {
  await page.goto(`${hub.url}/#/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  const alert = page.getByText(/用户名或密码错误|wrong user name or password/);
  await alert.first().waitFor({ timeout: 15_000 });
  return alert.first().innerText();
}

module.exports = { signIn, failedSignIn };
