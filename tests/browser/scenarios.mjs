// scenarios.mjs - drives the web app in Debian's chromium with playwright-core.
// Usage: node scenarios.mjs <scenario>, with BASE_URL, TOKEN (and
// MANAGER_TOKEN), CASE (an evaluation case file of scripted answers) and
// ARTIFACTS (where screenshots go) in the environment. Prints one JSON
// line of what the test in test_browser.py then checks against the server.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = process.env;
const BASE = env.BASE_URL;
const ART = env.ARTIFACTS || 'artifacts';
mkdirSync(ART, { recursive: true });
const T = 20000;

async function launch(viewport = { width: 1280, height: 860 }) {
  const dir = mkdtempSync(join(tmpdir(), 'dbf-chromium-'));
  // A fresh profile each time; without the background-networking flags Chromium
  // waits on services it cannot reach from a closed network.
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The sign-in screen's probe for dev mode is answered 401 when auth is on; Chromium logs
  // every failed load, so that one is expected.
  page.on('console', (m) => {
    if (m.type() === 'error' && !(/status of 40[14]/.test(m.text()) && /\/(v1\/templates|dev\/token)$/.test(m.location().url))) errors.push(m.text());
  });
  page.setDefaultTimeout(T);
  const close = async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); };
  return { context, page, errors, close };
}

const shot = (page, name) => page.screenshot({ path: join(ART, name + '.png'), fullPage: true });

async function signIn(page, token) {
  await page.goto(BASE + '/');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'New interview' }).waitFor();
}

async function startInterview(page, kase) {
  await page.getByLabel('Template').selectOption(kase.template);
  const c = kase.context || {};
  if (kase.template === 'sales_debrief') {
    await page.getByLabel('Account').fill(c.account);
    await page.getByLabel('Meeting type').selectOption(c.meeting_type);
    await page.getByLabel('Meeting title').fill(c.title);
    await page.getByLabel('When it took place').fill('2026-11-03T09:30');
    await page.getByLabel('Attendees').fill((c.attendees || []).map((a) => a.name).join(', '));
  } else {
    await page.getByLabel('What is this about?').fill(c.hint || kase.opening.slice(0, 60));
  }
  await page.getByRole('button', { name: 'Start the interview' }).click();
  await page.waitForURL(/#\/s\//);
  await page.locator('.msg.q').first().waitFor();
  return decodeURIComponent(page.url().split('#/s/')[1]);
}

// The scripted answer for the newest question, by the fields it targets.
async function nextAnswer(page, kase, used) {
  const targets = ((await page.locator('.msg.q').last().getAttribute('data-targets')) || '').split(' ');
  for (const t of targets) if (kase.answers[t] && !used.has(t)) { used.add(t); return kase.answers[t].text; }
  if (!used.has('__opening')) { used.add('__opening'); return kase.opening; }
  return 'Nothing more to add.';
}

async function answer(page, text) {
  const before = await page.locator('.msg.q').count();
  await page.getByLabel('Your answer').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  // The turn ends with a new question or with the completion (the record screen).
  await page.waitForFunction((n) => location.hash.startsWith('#/r/') || document.querySelectorAll('.msg.q').length > n, before);
  return page.url().includes('#/r/');
}

// Plays the rest of the interview; used: the answers given already, so none is given twice.
async function runInterview(page, kase, used, maxTurns = 16) {
  for (let i = 0; i < maxTurns; i++) if (await answer(page, await nextAnswer(page, kase, used))) return i + 1;
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.waitForURL(/#\/r\//);
  return maxTurns;
}

const kaseOf = () => JSON.parse(readFileSync(env.CASE, 'utf8'));

const scenarios = {
  // A whole interview through the UI, to the completion screen.
  async interview() {
    const { page, errors, close } = await launch();
    const kase = kaseOf();
    await signIn(page, env.TOKEN);
    await shot(page, kase.template + '-start');
    const id = await startInterview(page, kase);
    const used = new Set();
    await answer(page, await nextAnswer(page, kase, used));
    await answer(page, await nextAnswer(page, kase, used));
    await page.locator('.frow .conf').first().waitFor();
    await shot(page, kase.template + '-conversation');
    const turns = 2 + await runInterview(page, kase, used);
    await page.locator('[data-section]').first().waitFor();
    const sections = await page.locator('[data-section]').evaluateAll((els) => els.map((e) => e.dataset.section));
    const md = await page.getByRole('button', { name: 'Download Markdown' });
    const [dl] = await Promise.all([page.waitForEvent('download'), md.click()]);
    const mdText = readFileSync(await dl.path(), 'utf8');
    await shot(page, kase.template + '-completed');
    // The completion reaches the live notifications list over SSE.
    const note = page.locator('#notifications li').filter({ has: page.locator(`a[href="#/r/${id}"]`) }).first();
    await note.waitFor();
    const notification = await note.textContent();
    await close();
    return { sessionId: id, turns, sections, notification, markdownHeadings: mdText.split('\n').filter((l) => l.startsWith('## ')), errors };
  },

  // A field corrected inline shows as the user's, and the server keeps it.
  async correction() {
    const { page, errors, close } = await launch();
    const kase = kaseOf();
    await signIn(page, env.TOKEN);
    const id = await startInterview(page, kase);
    await answer(page, await nextAnswer(page, kase, new Set()));
    const row = page.locator('.frow[data-field="competitors"]');
    await row.getByRole('button', { name: 'Correct Competitors' }).click();
    await row.getByLabel('New value for Competitors').fill('Acme Telematics, Geotab');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.locator('.value').filter({ hasText: 'Acme Telematics; Geotab' }).waitFor();
    await row.getByText('corrected by you').waitFor();
    // Money is typed as people write it and kept as an amount in a currency.
    const budget = page.locator('.frow[data-field="budget"]');
    await budget.getByRole('button', { name: 'Correct Budget' }).click();
    await budget.getByLabel('New value for Budget').fill('EUR 250k');
    await budget.getByRole('button', { name: 'Save' }).click();
    await budget.locator('.value').filter({ hasText: '250,000' }).waitFor();
    const budgetShown = await budget.locator('.value').textContent();
    // A list of steps is typed as it is shown: "action (owner, due)" items split by ";".
    const steps = page.locator('.frow[data-field="next_steps"]');
    await steps.getByRole('button', { name: 'Correct Next steps' }).click();
    await steps.getByLabel('New value for Next steps').fill('send the pilot proposal (me, 2026-11-06); share the SAP docs (Tom Becker)');
    await steps.getByRole('button', { name: 'Save' }).click();
    await steps.getByText('corrected by you').waitFor();
    await shot(page, 'correction');
    // A value that does not fit its field is refused on the open stream: the field shows
    // what it held before, the person is told why, and the interview goes on (the controls below).
    const stage = page.locator('.frow[data-field="deal_stage"]');
    const stageBefore = await stage.textContent();
    await stage.getByRole('button', { name: 'Correct Deal stage' }).click();
    await stage.getByLabel('New value for Deal stage').fill('nearly there');
    await stage.getByRole('button', { name: 'Save' }).click();
    await page.locator('#notice').filter({ hasText: 'deal_stage' }).waitFor();
    const refused = await page.locator('#notice').textContent();
    await page.waitForFunction(([sel, text]) => document.querySelector(sel).textContent === text,
      ['.frow[data-field="deal_stage"]', stageBefore]);
    // The controls: pause and resume change the state; skip brings the next question.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('#session-state').filter({ hasText: 'Paused' }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('#session-state').filter({ hasText: 'In progress' }).waitFor();
    const before = await page.locator('.msg.q').count();
    await page.getByRole('button', { name: 'Skip question' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('.msg.q').length > n, before);
    await page.waitForFunction(() => !document.querySelector('.msg.queued'));
    await close();
    return { sessionId: id, budgetShown, refused, errors };
  },

  // The socket drops mid-interview, an answer is typed while offline, and
  // the app reconnects and resumes by seq.
  async drop() {
    const { page, errors, close } = await launch();
    const kase = kaseOf();
    let offline = false;
    const sockets = [];
    let opened = 0;
    await page.routeWebSocket(/\/converse$/, (ws) => {
      if (offline) { ws.close({ code: 1006 }); return; }
      opened++;
      ws.connectToServer();
      sockets.push(ws);
    });
    await signIn(page, env.TOKEN);
    const id = await startInterview(page, kase);
    const used = new Set();
    await answer(page, await nextAnswer(page, kase, used));
    offline = true;
    for (const ws of sockets.splice(0)) await ws.close({ code: 1006, reason: 'test drop' });
    await page.locator('#conn').filter({ hasText: 'Offline' }).waitFor();
    const queuedText = await nextAnswer(page, kase, used);
    await page.getByLabel('Your answer').fill(queuedText);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.msg.a.queued').waitFor();
    await shot(page, 'offline');
    const before = await page.locator('.msg.q').count();
    offline = false;
    await page.locator('#conn').filter({ hasText: 'Connected' }).waitFor({ timeout: 30000 });
    await page.waitForFunction((n) => document.querySelectorAll('.msg.q').length > n, before);
    await answer(page, await nextAnswer(page, kase, used));
    const transcript = await page.locator('.transcript .msg').evaluateAll((els) => els.map((e) => ({ who: e.classList.contains('q') ? 'q' : 'a', text: (e.querySelector('.text') || e).textContent })));
    await close();
    return { sessionId: id, opened, transcript, errors };
  },

  // A phone: 360 px wide, nothing wider than the screen, the panel below the talk.
  async phone() {
    const { page, errors, close } = await launch({ width: 360, height: 740 });
    const kase = kaseOf();
    await signIn(page, env.TOKEN);
    const id = await startInterview(page, kase);
    await answer(page, await nextAnswer(page, kase, new Set()));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const talk = await page.locator('.talk').boundingBox();
    const panel = await page.locator('.panel').boundingBox();
    await shot(page, 'phone-conversation');
    await close();
    return { sessionId: id, overflow, panelBelow: panel.y >= talk.y + talk.height - 1, errors };
  },

  // axe-core on each main screen.
  async axe() {
    const { page, errors, close } = await launch();
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const kase = kaseOf();
    const results = {};
    const check = async (name) => {
      await page.evaluate(source); // page.evaluate is not subject to the page's CSP
      const r = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] }));
      results[name] = r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
    };
    await page.goto(BASE + '/');
    await page.getByLabel('Access token').waitFor();
    await check('signin');
    await shot(page, 'signin');
    await signIn(page, env.TOKEN);
    await check('start');
    const id = await startInterview(page, kase);
    await answer(page, await nextAnswer(page, kase, new Set()));
    await page.locator('.frow .conf').first().waitFor();
    await check('conversation');
    await page.goto(BASE + '/#/history');
    await page.locator('.list li').first().waitFor();
    await check('history');
    await shot(page, 'history');
    await close();
    return { sessionId: id, results, errors };
  },

  // With a model, the question appears word by word (text_delta) before it is final.
  async stream() {
    const { page, errors, close } = await launch();
    const kase = kaseOf();
    await signIn(page, env.TOKEN);
    const id = await startInterview(page, kase);
    await page.evaluate(() => {
      window.seen = [];
      new MutationObserver(() => {
        const el = document.querySelector('.msg.q.streaming');
        if (el) window.seen.push(el.textContent);
      }).observe(document.querySelector('.transcript'), { subtree: true, childList: true, characterData: true });
    });
    await page.getByLabel('Your answer').fill(env.ANSWER);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.msg.q', { hasText: env.QUESTION }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.msg.q.streaming'));
    const seen = await page.evaluate(() => window.seen);
    const questions = await page.locator('.msg.q').allTextContents();
    await close();
    return { sessionId: id, seen, questions, errors };
  },

  // Dev mode: pick a user and role, no token tooling; the token is the gateway's.
  async devsignin() {
    const { page, errors, close } = await launch();
    await page.goto(BASE + '/');
    await page.getByRole('heading', { name: 'Development mode' }).waitFor();
    await page.getByLabel('User').fill('dev-bob');
    await page.getByLabel('Role').selectOption('manager');
    await page.getByRole('button', { name: 'Sign in as this user' }).click();
    await page.getByRole('heading', { name: 'New interview' }).waitFor();
    await shot(page, 'dev-signin');
    const stored = await page.evaluate(() => ({ token: sessionStorage.getItem('debrief.token'), url: location.href }));
    await close();
    return { claims: JSON.parse(Buffer.from(stored.token.split('.')[1], 'base64url')), url: stored.url, errors };
  },

  // A manager accepts a proposed insight and sees it in the audit trail.
  async review() {
    const { page, errors, close } = await launch();
    await signIn(page, env.MANAGER_TOKEN);
    await page.goto(BASE + '/#/insights');
    const item = page.locator('.insight').first();
    await item.waitFor();
    const insightId = await item.getAttribute('data-insight');
    await shot(page, 'insights');
    await item.getByRole('button', { name: 'Accept' }).click();
    // The list reloads: the accepted insight leaves the proposed ones.
    await page.locator(`.insight[data-insight="${insightId}"]`).waitFor({ state: 'detached' });
    await page.getByLabel('Status').selectOption('ACCEPTED');
    const done = page.locator(`.insight[data-insight="${insightId}"]`);
    await done.waitFor();
    await done.locator('summary').click();
    await done.locator('.trail li').filter({ hasText: 'accept' }).waitFor();
    const trail = await done.locator('.trail li').allTextContents();
    // The manager's history lists the team's sessions, with their owners.
    await page.goto(BASE + '/#/history');
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.locator('.list li', { hasText: 'sales_debrief' }).first().waitFor();
    const owners = await page.locator('.list li').allTextContents();
    await close();
    return { insightId, trail, owners, errors };
  },

  // An expired session (SESSION, expired by the test): the page says so and offers Recover,
  // and after it the interview goes on where it stopped.
  async recover() {
    const { page, errors, close } = await launch();
    await signIn(page, env.TOKEN);
    await page.goto(BASE + '/#/s/' + encodeURIComponent(env.SESSION));
    const banner = page.locator('.banner', { hasText: 'This session expired' });
    await banner.waitFor();
    await shot(page, 'recover-expired');
    // An expired session takes no answer and offers no control but Recover.
    const sendDisabled = await page.getByRole('button', { name: 'Send', exact: true }).isDisabled();
    const controlsShown = await page.locator('.controls button:visible').count();
    await banner.getByRole('button', { name: 'Recover' }).click();
    await page.locator('.msg.q').first().waitFor();
    const asked = await page.locator('.msg.q').count();
    const answered = 'They also said the budget is about 90k for next year.';
    const completed = await answer(page, answered);
    await shot(page, 'recover-after');
    const expiredShown = await page.locator('.banner', { hasText: 'This session expired' }).count();
    await close();
    return { sessionId: env.SESSION, asked, answered, completed, expiredShown, sendDisabled, controlsShown, errors };
  },
};

const name = process.argv[2];
if (!scenarios[name]) { console.error('unknown scenario ' + name); process.exit(2); }
scenarios[name]().then((r) => { console.log(JSON.stringify(r)); }, (e) => { console.error(e.stack || String(e)); process.exit(1); });
