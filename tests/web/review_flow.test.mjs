// Browser test of the web UI in real headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core): an auditor signs in, screens
// a bid and sees its band, opens a finding's evidence, dismisses a
// false-positive exclusion-list match with a reason, finds the dismissal in
// the audit trail, and sees that a re-screen no longer raises the match.
// Along the way: no console error, no page error, no CSP violation.
//
// Run: node tests/web/review_flow.test.mjs   (or via ctest -R web_review_flow)
// Needs: `npm ci` in tests/web, /usr/bin/chromium, and the clearbid binary
// (CLEARBID_BINARY, else build/cli/clearbid). Exits 77 (skip) when
// playwright-core or Chromium is missing.
// CLEARBID_UI_SCREENSHOT=/path.png saves a screenshot of the screening result.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const SKIP = 77;
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const chromiumPath = process.env.CLEARBID_CHROMIUM || '/usr/bin/chromium';
const binary = process.env.CLEARBID_BINARY || path.join(repo, 'build', 'cli', 'clearbid');

let chromium;
try {
  ({chromium} = await import('playwright-core'));
} catch (err) {
  console.log(`SKIP: playwright-core cannot be imported (run: cd tests/web && npm ci): ${err.message}`);
  process.exit(SKIP);
}
if (!existsSync(chromiumPath)) {
  console.log(`SKIP: no Chromium at ${chromiumPath} (apt-get install chromium)`);
  process.exit(SKIP);
}
if (!existsSync(binary)) {
  console.error(`clearbid binary not found: ${binary} (set CLEARBID_BINARY)`);
  process.exit(1);
}

const SUPPLIER = 'Têxteis Atlântico, Lda.';   // the awarded supplier of the example bid
const LIST = 'test_debarment';
const USER = 'alice';
const PASSWORD = 'correct horse battery staple';
const REASON = 'Different firm: the listed entity has another registration number and address.';

function run(args, input) {
  const r = spawnSync(binary, args, {cwd: repo, input, encoding: 'utf8'});
  assert.equal(r.status, 0, `clearbid ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Starts `clearbid serve` on a free port; resolves with {proc, url} once it prints its listening line. */
function startServer(db) {
  const proc = spawn(binary, ['serve', '--db', db, '--port', '0', '--as-of', '2026-11-25', '--threads', '2',
    '--web', path.join(repo, 'web'), '--rules', path.join(repo, 'rules', 'core')],
  {cwd: repo, stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve({proc, url: m[1]});
    });
    proc.on('exit', (code) => reject(new Error(`clearbid serve exited (${code}) before listening:\n${out}\n${stderr}`)));
    proc.on('error', reject);
  });
}

async function stopServer(proc) {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  await exited;
}

test('auditor screens a bid, dismisses a false-positive list match, and the re-screen no longer raises it', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clearbid-web-'));
  const db = path.join(dir, 'clearbid.db');
  let server = null;
  let browser = null;
  t.after(async () => {
    if (browser) await browser.close();
    await stopServer(server && server.proc);
    rmSync(dir, {recursive: true, force: true});
  });

  // An exclusion list whose one entry has exactly the supplier's name: a name
  // match without identifier, i.e. a possible match a reviewer must decide.
  const csv = path.join(dir, `${LIST}.csv`);
  writeFileSync(csv, 'id,name,country,identifiers,listed_from,reason\n' +
    `TD-1,"${SUPPLIER}",PT,PT-NIPPC:999000111,2024-01-15,Collusive bidding\n`);
  run(['lists', 'import', '--format', 'csv', csv, '--name', LIST, '--db', db, '--as-of', '2026-11-25']);
  run(['users', 'add', USER, '--role', 'auditor', '--password-stdin', '--db', db], `${PASSWORD}\n`);
  const bid = readFileSync(path.join(repo, 'data', 'examples', 'ocds', 'bid-example.json'), 'utf8');

  server = await startServer(db);
  browser = await chromium.launch({executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  page.setDefaultTimeout(15000);

  const consoleErrors = [];
  const pageErrors = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  // Runs before any page script (and outside the page's CSP): records every CSP violation.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`);
    });
  });

  // The page comes with its CSP.
  const response = await page.goto(server.url);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'] || '', /script-src 'self'/);

  // Sign in; a wrong password is refused first.
  await page.getByLabel('Name').fill(USER);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('signin-error').waitFor();
  assert.match(await page.getByTestId('signin-error').textContent(), /wrong name or password/i);
  consoleErrors.length = 0;  // Chromium logs the expected 401 of that attempt
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('screen-form').waitFor();
  assert.equal(await page.getByTestId('user-name').textContent(), USER);
  assert.equal(await page.getByTestId('user-role').textContent(), 'auditor');

  // Screen the bid.
  await page.getByTestId('screen-input').fill(bid);
  assert.equal(await page.getByTestId('screen-bid').isChecked(), true);
  await page.getByTestId('screen-submit').click();
  const assessment = page.getByTestId('assessment');
  await assessment.waitFor();
  assert.equal(await assessment.getAttribute('data-ocid'), 'ocds-cbex01-2026-000042');
  const band = await assessment.getByTestId('band').first().getAttribute('data-band');
  assert.ok(['low', 'medium', 'high', 'critical'].includes(band), `process band: ${band}`);
  assert.ok((await page.getByTestId('band-reason').textContent()).length > 0);

  const supplier = page.locator('[data-testid="party"]', {has: page.getByRole('heading', {name: SUPPLIER})});
  assert.equal(await supplier.count(), 1);
  const bandBefore = await supplier.getByTestId('party-band').getAttribute('data-band');
  const possibleMatch = supplier.locator('[data-testid="finding"][data-rule="BL-01P"][data-status="flagged"]');
  assert.equal(await possibleMatch.count(), 1, 'the name match is raised as BL-01P before any decision');

  // Open the finding's evidence.
  const evidence = possibleMatch.getByTestId('evidence');
  assert.equal(await evidence.isVisible(), false);
  await possibleMatch.getByTestId('finding-summary').click();
  await evidence.waitFor({state: 'visible'});
  assert.match(await evidence.textContent(), new RegExp(LIST));
  assert.ok(await evidence.getByTestId('citations').locator('li').count() >= 1, 'legal basis citations shown');
  assert.match(await evidence.getByTestId('finding-action').textContent(), /escalate/i);

  if (process.env.CLEARBID_UI_SCREENSHOT) {
    await page.screenshot({path: process.env.CLEARBID_UI_SCREENSHOT, fullPage: true});
  }

  // Dismiss the list match as a false positive: the reason is required.
  const match = supplier.locator(`[data-testid="match"][data-list="${LIST}"]`);
  assert.equal(await match.count(), 1);
  assert.equal(await match.getAttribute('data-decision'), 'none');
  assert.match(await match.getByTestId('match-explanation').textContent(), /\S/);
  await match.getByTestId('decide-dismiss').click();
  const form = match.getByTestId('decision-form-dismiss');
  await form.waitFor();
  await form.getByTestId('decision-submit').click();  // empty reason: the browser refuses to submit
  assert.equal(await form.getByTestId('decision-reason').evaluate((el) => el.validity.valueMissing), true);
  assert.equal(await match.getByTestId('decision-result').textContent(), '');
  await form.getByLabel('Reason (required)').fill(REASON);
  await form.getByTestId('decision-submit').click();
  await match.getByTestId('decision-result').filter({hasText: 'dismissed'}).waitFor();
  assert.match(await match.getByTestId('decision-result').textContent(), new RegExp(`dismissed by ${USER}`));

  // The audit trail shows who dismissed what and why; the chain verifies.
  await page.getByRole('link', {name: 'Audit trail'}).click();
  await page.getByTestId('audit-table').waitFor();
  const dismissal = page.locator('[data-testid="audit-row"][data-action="dismiss"]');
  assert.equal(await dismissal.count(), 1);
  assert.equal(await dismissal.getByTestId('audit-actor').textContent(), USER);
  assert.equal(await dismissal.getByTestId('audit-reason').textContent(), REASON);
  assert.match(await dismissal.textContent(), new RegExp(`match:.*\\|${LIST}\\|TD-1`));
  await page.getByTestId('audit-verify').click();
  await page.locator('[data-testid="verify-result"][data-ok]').waitFor();
  assert.equal(await page.getByTestId('verify-result').getAttribute('data-ok'), 'true');

  // Re-screen: the match is shown as dismissed and no longer raised.
  await page.getByRole('link', {name: 'Screen a bid'}).click();
  await page.getByTestId('screen-form').waitFor();
  await page.getByTestId('rescreen').click();
  const after = page.locator('[data-testid="party"]', {has: page.getByRole('heading', {name: SUPPLIER})});
  await after.locator(`[data-testid="match"][data-list="${LIST}"][data-decision="dismissed"]`).waitFor();
  assert.equal(await after.locator('[data-testid="finding"][data-rule="BL-01P"]').count(), 0,
    'BL-01P is gone after the dismissal');
  assert.equal(await after.locator(`[data-testid="match"][data-list="${LIST}"]`).getByTestId('decide-dismiss').count(), 0);
  const rank = ['low', 'medium', 'high', 'critical'];
  const bandAfter = await after.getByTestId('party-band').getAttribute('data-band');
  assert.ok(rank.indexOf(bandAfter) <= rank.indexOf(bandBefore), `party band ${bandBefore} -> ${bandAfter}`);

  // Sign out.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('signin-form').waitFor();

  const violations = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(violations, [], 'no CSP violation');
  assert.deepEqual(pageErrors, [], 'no uncaught page error');
  assert.deepEqual(consoleErrors, [], 'no console error or warning');
});
