// page.test.mjs BASE_URL PATIENT_LINK OUTDIR CLINIC_YAML ZONE_LINK ZONE_ID [PROTOCOL_LINK]: the
// page in Debian's chromium (run.sh starts the server and stores the treatments behind
// PATIENT_LINK and ZONE_LINK, the latter (id ZONE_ID) in another zone than the server's;
// AFTERCARE_API_KEY, the clinic's key, edits and deletes it; PROTOCOL_LINK, a patient's page
// on a server with a clinic protocol). Each check prints "ok - NAME" or
// "not ok - NAME: why"; run.sh counts them. What the page shows is compared with what the
// API answers for the same treatment, so a page that drops, invents or garbles is caught.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { get as httpGet } from 'node:http';
import { gunzipSync } from 'node:zlib';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const [BASE, LINK, OUT, CLINIC, ZLINK, ZID, PROTOCOL_LINK] = process.argv.slice(2);
const KEY = process.env.AFTERCARE_API_KEY;
if (!BASE || !LINK || !OUT || !CLINIC || !ZLINK || !ZID || !KEY) {
	console.error('usage: AFTERCARE_API_KEY=KEY node page.test.mjs BASE_URL PATIENT_LINK OUTDIR CLINIC_YAML ZONE_LINK ZONE_ID [PROTOCOL_LINK]');
	process.exit(2);
}
mkdirSync(OUT, { recursive: true });

const SWIM_Q = 'can i swim 2 days after microneedling';

let failed = 0;
async function check(name, fn) {
	try {
		await fn();
		console.log(`ok - ${name}`);
	} catch (e) {
		failed++;
		console.log(`not ok - ${name}: ${String(e.message || e).split('\n').slice(0, 3).join(' ')}`);
	}
}

async function api(path, body) {
	const res = await fetch(BASE + path, body === undefined ? {} : {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	assert.ok(res.ok, `${path}: ${res.status}`);
	return res.json();
}

/* Console errors, uncaught exceptions, CSP violations and any request that leaves the
 * server: each is a failure, whichever page it came from. */
const problems = [];
let expectedError = null;	/* a console error a check causes on purpose */
function watch(page, label) {
	page.on('console', (m) => {
		if (m.type() === 'error' && !(expectedError && expectedError.test(m.text())))
			problems.push(`${label} console error: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
	page.on('request', (r) => {
		if (!r.url().startsWith(`${BASE}/`))
			problems.push(`${label} request outside the server: ${r.url()}`);
	});
	page.setDefaultTimeout(10000);
}
async function cspViolations(page) {
	return page.evaluate(() => window.__csp || []);
}
/* axe-core's WCAG 2.1 A and AA rules (labels, contrast, ARIA, landmarks) on what the page
 * shows now. Its script is not the page's own: it runs in a context that bypasses the CSP,
 * kept apart from the contexts whose CSP reports are checked. */
async function axeViolations(page) {
	await page.addScriptTag({ path: AXE });
	return page.evaluate(async () => {
		const r = await window.axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
		});
		return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
	});
}

function noneOf(list, what) {
	assert.equal(list.length, 0, `${what}: ${list.join('; ')}`);
}

function recordCsp() {
	window.__csp = [];
	document.addEventListener('securitypolicyviolation', (e) =>
		window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
}

/* Two days ago at 10:00, local: the "now" line then falls inside the chart. */
function twoDaysAgo() {
	const d = new Date(Date.now() - 2 * 86400e3);
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const contextOptions = { locale: 'en-GB', timezoneId: process.env.TZ || 'Europe/London' };

/* "2026-11-20T10:00" plus this zone's offset on that date, "+01:00". */
function localWithOffset(local) {
	const east = -new Date(local).getTimezoneOffset();
	const a = Math.abs(east);
	const two = (n) => String(n).padStart(2, '0');
	return `${local}${east < 0 ? '-' : '+'}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}

/* "Fri 4 Dec 12:33": the coming Friday (today, if it is one) at this minute on zone's clock,
 * as the answers say a moment (lib/ask_time.c: "on friday" keeps the time of asking). */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function fridayIn(zone) {
	const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
		timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short',
		hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
	}).formatToParts(new Date()).map((x) => [x.type, x.value]));
	const wday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday);
	const d = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1,
		Number(parts.day) + (5 - wday + 7) % 7));
	return `Fri ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${parts.hour}:${parts.minute}`;
}

/* The paths the service worker keeps (its cache), sorted, once the page at path is among
 * them (the worker keeps a first load when asked by app.js: a moment after the load). */
function kept(p) {
	return p.evaluate(async () => {
		const out = [];
		for (const name of await caches.keys())
			for (const r of await (await caches.open(name)).keys())
				out.push(new URL(r.url).pathname);
		return out.sort();
	});
}
async function untilKept(p, path) {
	for (let i = 0; i < 100; i++) {
		const now = await kept(p);
		if (now.includes(path))
			return now;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`the service worker did not keep ${path}`);
}

/* The patient's ten seconds: at 375x812, with nothing scrolled, the red flag, what is off
 * limits now and why, the next dates of what people ask most, and the "Can I…?" box are all
 * on the first screen (measured by their boxes), and everything else is below it. */
const ASKED = ['sweaty-exercise', 'swimming', 'sun-exposure', 'makeup', 'gentle-cleanser',
	'retinol', 'vitamin-c', 'sauna', 'wash-face'];
async function firstScreen(p, plan) {
	await p.evaluate(() => window.scrollTo(0, 0));
	const box = (sel) => p.locator(sel).first().evaluate((e) => {
		const r = e.getBoundingClientRect();
		return { top: r.top, bottom: r.bottom, h: r.height, w: r.width };
	});
	const height = await p.evaluate(() => window.innerHeight);
	assert.equal(height, 812);
	assert.equal(await p.evaluate(() => window.scrollY), 0);
	const within = async (sel, what) => {
		const b = await box(sel);
		assert.ok(b.h > 0 && b.top >= 0 && b.bottom <= height, `${what} (${sel}) is not on the first screen: ${JSON.stringify(b)}`);
	};
	await within('#red-flags .flag-text', 'the red flag');
	await redFlagLine(p, plan);
	/* off limits now: each asked-about activity avoided now, up to four, with its reason */
	const avoided = ASKED.map((id) => plan.activities.find((a) => a.activity === id))
		.filter((a) => a && a.verdict === 'avoid').slice(0, 4);
	const shown = await p.locator('#now-list li[data-activity]').evaluateAll((ls) => ls.map((l) => l.dataset.activity));
	assert.deepEqual(shown, avoided.map((a) => a.activity));
	for (const a of avoided) {
		const li = `#now-list li[data-activity="${a.activity}"]`;
		await within(li, `"${a.name}" in Right now`);
		assert.ok((await p.locator(li).textContent()).includes(a.reasons[0]), `${a.name}: no reason`);
	}
	/* coming up: the next dates of gym, swimming, makeup (each of them still to clear) */
	const elapsed = plan.activities[0].elapsed_hours;
	const later = ASKED.map((id) => plan.activities.find((a) => a.activity === id))
		.filter((a) => a && a.clear_after_hours !== null && a.clear_after_hours > elapsed);
	const moments = [...new Set(later.map((a) => a.clear_after_hours))].sort((x, y) => x - y).slice(0, 3);
	for (const a of later.filter((x) => moments.includes(x.clear_after_hours))) {
		const item = p.locator('#coming-list li').filter({ has: p.locator(`[data-activity="${a.activity}"]`) });
		assert.equal(await item.count(), 1, `${a.name} not in Coming up`);
		const day = String(Number(a.clear_at.slice(8, 10)));
		assert.match(await item.textContent(), new RegExp(`^From \\w{3} ${day} \\w{3} ${a.clear_at.slice(11, 16)}: `));
		await within(`#coming-list li:has([data-activity="${a.activity}"])`, `${a.name} in Coming up`);
	}
	assert.ok(later.some((a) => a.activity === 'swimming'), 'the test plan has no swimming to come');
	await within('#question', 'the "Can I…?" box');
	await within('#ask button[type="submit"]', 'the "Ask" button');
	/* and everything else is below, folded: one line a theme */
	const themes = await p.locator('#groups details.theme').evaluateAll((ds) => ds.map((d) => d.open));
	assert.equal(themes.length, 6);
	assert.ok(themes.every((o) => !o), 'a theme is open');
	for (const t of await p.locator('#groups details.theme > summary').all()) {
		const b = await t.evaluate((e) => e.getBoundingClientRect().height);
		assert.ok(b < 40, `a theme's line is ${b}px high, more than one line`);
	}
}

/* The red flag in one line on a 375px phone: the kb's line for it (its JSON "line"), the box
 * of its text no taller than one line of its own line height, nothing cut off; the library's
 * whole sentence one tap away, under it. */
async function redFlagLine(p, plan) {
	const flag = plan.red_flags[0];
	assert.ok(flag.line, 'the red flag has no "line" in the JSON');
	const text = p.locator('#red-flags .flag-text').first();
	assert.equal(await text.textContent(), flag.line);
	assert.equal(await p.evaluate(() => window.innerWidth), 375);
	const m = await text.evaluate((e) => {
		const cs = getComputedStyle(e);
		return { h: e.getBoundingClientRect().height, lh: parseFloat(cs.lineHeight),
			fs: parseFloat(cs.fontSize), sw: e.scrollWidth, cw: e.clientWidth, ws: cs.whiteSpace };
	});
	assert.ok(m.lh > 0 && m.h < 1.5 * m.lh, `the red flag is ${m.h}px high, line height ${m.lh}px: more than one line`);
	assert.ok(m.fs >= 13, `the red flag's type is ${m.fs}px: too small to read`);
	assert.ok(m.sw <= m.cw && m.ws !== 'nowrap', `the red flag is cut off or kept from wrapping: ${JSON.stringify(m)}`);
	const more = p.locator('#red-flags .flag-more').first();
	assert.equal(await more.locator('.flag-full').textContent(), flag.text);
	assert.ok(await more.locator('.flag-full').isHidden(), 'the whole sentence is not folded');
}

/* From a fresh load, the "Can I…?" box is at most 5 Tab presses away. */
async function tabsToAsk(p) {
	await p.evaluate(() => window.scrollTo(0, 0));
	for (let i = 1; i <= 5; i++) {
		await p.keyboard.press('Tab');
		if (await p.evaluate(() => document.activeElement.id === 'question'))
			return i;
	}
	throw new Error('the "Can I…?" box is more than 5 Tab presses away');
}

try {
	/* ---------------- "/" on a desktop ---------------- */
	const desktop = await browser.newContext({ ...contextOptions, viewport: { width: 1280, height: 900 } });
	await desktop.addInitScript(recordCsp);
	const page = await desktop.newPage();
	watch(page, '/');

	const treatedInput = twoDaysAgo();
	/* The page sends the browser's local time with its offset (the same zone as this
	 * process's): the server then reads the same instant whatever its own zone. */
	const params = { treated: localWithOffset(treatedInput), device: 'pen', depth: 'deep', skin: 'sensitive' };
	const plan = await api('/api/plan', params);
	const swimAnswer = await api('/api/ask', { question: SWIM_Q, ...params });
	const skyAnswer = await api('/api/ask', { question: 'can i go skydiving', ...params });
	const sources = await api('/api/sources');

	await check('/ loads with a labelled form', async () => {
		const res = await page.goto(`${BASE}/`);
		assert.equal(res.status(), 200);
		await page.getByLabel('Date and time of the treatment').waitFor();
		assert.equal(await page.getByLabel('Date and time of the treatment').getAttribute('type'), 'datetime-local');
		for (const label of ['Device', 'Needle depth', 'Skin type'])
			assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
		assert.ok(await page.locator('#plan').isHidden(), 'the plan shows before the form is sent');
	});

	await check('the form is filled and sent by keyboard; the timeline is drawn', async () => {
		await page.getByLabel('Date and time of the treatment').fill(treatedInput);
		await page.getByLabel('Needle depth').selectOption({ label: 'Deep' });
		await page.getByLabel('Skin type').selectOption({ label: 'Sensitive' });
		await page.getByLabel('Skin type').focus();
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Show my plan');
		await page.keyboard.press('Enter');
		await page.locator('#tl .tl-row').first().waitFor();
	});

	await check('one timeline row per activity of the plan, in its order', async () => {
		const ids = await page.locator('#tl .tl-row').evaluateAll((rows) => rows.map((r) => r.dataset.activity));
		assert.equal(ids.length, plan.activities.length);
		assert.deepEqual(ids, plan.activities.map((a) => a.activity));
	});

	await check('the Swimming row says it is avoided at first, then fine, and is red first', async () => {
		const row = page.locator('#tl .tl-row[data-activity="swimming"]');
		const text = await row.locator('.tl-text').textContent();
		assert.match(text, /^Swimming: avoid until .+, then fine\./);
		assert.match(text, /Sources disagree: 24 hours to a week/);
		assert.match(await row.locator('.seg').first().getAttribute('class'), /\bv-avoid\b/);
		assert.ok(await row.locator('.tl-label').isVisible());
	});

	await check('the red flag comes before the timeline, with its source', async () => {
		assert.ok(plan.red_flags.length > 0, 'the plan has no red flag to show');
		const flag = plan.red_flags[0];
		const before = await page.evaluate((text) => {
			const red = [...document.querySelectorAll('#red-flags *')].find((e) => e.textContent === text);
			const tl = document.getElementById('tl');
			return Boolean(red) && Boolean(red.compareDocumentPosition(tl) & Node.DOCUMENT_POSITION_FOLLOWING);
		}, flag.text);
		assert.ok(before, `"${flag.text}" is not shown before the timeline`);
		const name = sources.find((s) => s.id === flag.source).name;
		assert.match(await page.locator('#red-flags').innerText(), new RegExp(name));
	});

	await check('the disclaimer is shown once', async () => {
		const body = await page.locator('body').innerText();
		assert.equal(body.split('not medical advice').length - 1, 1);
		assert.ok(plan.disclaimer, 'the plan JSON carries the disclaimer');
		assert.ok(body.replace(/\s+/g, ' ').includes(plan.disclaimer));
	});

	await check('"Everything, by theme" lists every activity once, with its verdict now; Swimming is avoided, with when it clears', async () => {
		const items = page.locator('#groups li.act > details');
		assert.equal(await items.count(), plan.activities.length);
		const got = await page.locator('#groups li.act').evaluateAll((ls) =>
			ls.map((l) => `${l.dataset.activity}=${l.dataset.verdict}`).sort());
		assert.deepEqual(got, plan.activities.map((a) => `${a.activity}=${a.verdict}`).sort());
		const swim = page.locator('#groups li.act[data-activity="swimming"] summary');
		assert.equal(await swim.count(), 1);
		assert.match(await swim.textContent(), /^Swimming avoid fine from /);
		const okNow = plan.activities.filter((a) => a.verdict === 'ok' || a.verdict === 'recommend').length;
		assert.equal(await page.locator('#groups li.act[data-verdict="ok"], #groups li.act[data-verdict="recommend"]').count(), okNow);
	});

	await check('disagreement badges only where the sources\' waits are a day or more apart, with the spread in words', async () => {
		const tags = await page.locator('#groups li.act summary .tag').evaluateAll((ts) =>
			ts.map((t) => [t.closest('li.act').dataset.activity, t.textContent]));
		const disputed = plan.activities.filter((a) => a.disputed).length;
		assert.ok(tags.length > 0 && tags.length <= 15, `${tags.length} badges`);
		assert.ok(tags.length * 2 < disputed, `${tags.length} badges for ${disputed} disputed`);
		const by = new Map(tags);
		assert.equal(by.get('swimming'), 'sources say 24 hours to a week');
		assert.equal(by.get('retinol'), 'sources say 5 days to 3 weeks');
		/* disputed in the JSON, but 24 hours against 90 minutes: no badge */
		assert.ok(plan.activities.find((a) => a.activity === 'anything-on-skin').disputed);
		assert.ok(!by.has('anything-on-skin'), 'a badge on "anything on the skin"');
		/* the detail is one tap away: in the item, with the spread */
		assert.match(await page.locator('#act-swimming .disagree').textContent(),
			/^Sources disagree: 24 hours to a week\./);
		assert.match(await page.locator('#tl .tl-row[data-activity="swimming"] .tl-text').textContent(),
			/Sources disagree: 24 hours to a week\.$/);
	});

	await check('open statements: the guide\'s longest time, and only picking scabs-like ones stay open', async () => {
		/* Sun exposure: Procell's "limit your time in the sun" gives no end and is read as
		 * the guide's week (rule 2); picking scabs has no time anywhere in the guide. */
		const sun = plan.activities.find((a) => a.activity === 'sun-exposure');
		const scabs = plan.activities.find((a) => a.activity === 'pick-scabs');
		assert.equal(sun.clear_after_hours, 168);
		assert.ok(sun.positions.some((p) => p.open && p.until_hours === 168));
		assert.equal(scabs.clear_at, null);
		const item = (name) => page.locator('#groups li.act').filter({
			has: page.locator('.act-name').getByText(name, { exact: true }) });
		assert.equal(await item('Picking or peeling scabs').locator('.details-body p').first().textContent(),
			'The guide gives no end to this. Ask your practitioner.');
		assert.match(await item('Sun exposure').locator('.details-body').textContent(),
			/no end given \(read as the guide's longest time for it: the first 1 week\)/);
		assert.match(await item('Sun exposure').locator('.details-body').textContent(),
			/Its time, from the same paragraph: “Sun exposure should be avoided for the first week/);
	});

	await check('a "now" line is drawn two days in', async () => {
		assert.ok(await page.locator('#tl .tl-now').isVisible());
	});

	await check('"Add to calendar" on / is the plan.ics of the form\'s treatment', async () => {
		const href = await page.locator('#cal-download').getAttribute('href');
		assert.match(href, /^\/api\/plan\.ics\?/);
		const q = new URLSearchParams(href.split('?')[1]);
		assert.equal(q.get('treated'), params.treated);
		assert.equal(q.get('depth'), 'deep');
		assert.equal(q.get('skin'), 'sensitive');
		const res = await fetch(BASE + href);
		assert.equal(res.status, 200);
		assert.match(await res.text(), /^BEGIN:VCALENDAR/);
	});

	await check('"Can I…?" answers as the API does, with its sources and their disagreement', async () => {
		const q = page.getByLabel('Ask about an activity, in your own words');
		await q.fill(SWIM_Q);
		await q.press('Enter');
		await page.locator('#answer .answer-text').waitFor();
		const box = page.locator('#answer');
		assert.equal(await box.getAttribute('aria-live'), 'polite');
		assert.equal(await box.locator('.answer-text').textContent(), swimAnswer.answer);
		const text = await box.innerText();
		assert.match(text, /Dr Yalda Jamali/);
		assert.match(text, /disagree/i);
		assert.equal(await box.locator('blockquote').count(), swimAnswer.positions.length);
		assert.ok(text.includes(swimAnswer.positions[0].quote), 'the quote is not verbatim');
	});

	await check('"Can I…?" answers "can i swim on friday" for that Friday, and says so', async () => {
		const question = 'can i swim on friday';
		const want = await api('/api/ask', { question, ...params });
		assert.equal(want.anchor, 'now');
		/* the moment's own calendar date (its offset kept) is a Friday within the week */
		const [y, m, d] = want.moment.slice(0, 10).split('-').map(Number);
		assert.equal(new Date(Date.UTC(y, m - 1, d)).getUTCDay(), 5, want.moment);
		const ahead = (new Date(want.moment) - Date.now()) / 86400000;
		assert.ok(ahead > -1 && ahead < 7, `${want.moment} is not this coming Friday`);
		const q = page.getByLabel('Ask about an activity, in your own words');
		await q.fill(question);
		await q.press('Enter');
		await page.waitForFunction((text) =>
			document.querySelector('#answer .answer-text')?.textContent === text, want.answer);
		assert.match(want.answer, new RegExp(`^For Fri ${d} `));
	});

	await page.screenshot({ path: join(OUT, 'page.png'), fullPage: true });

	await check('a question the guide does not cover is answered honestly', async () => {
		const q = page.getByLabel('Ask about an activity, in your own words');
		await q.fill('can i go skydiving');
		await q.press('Enter');
		await page.waitForFunction((want) =>
			document.querySelector('#answer .answer-text')?.textContent === want, skyAnswer.answer);
		assert.match(skyAnswer.answer, /does not cover/);
		assert.equal(await page.locator('#answer blockquote').count(), 0);
	});

	await check('an error from /api/ask is shown in the page, in words', async () => {
		const msg = 'bad question: a test error';
		expectedError = /^Failed to load resource: .* 400 /;
		await page.route('**/api/ask', (r) => r.fulfill({
			status: 400, contentType: 'application/json', body: JSON.stringify({ error: msg }) }));
		try {
			const q = page.getByLabel('Ask about an activity, in your own words');
			await q.fill('can i swim');
			await q.press('Enter');
			await page.locator('#answer .error').waitFor();
			assert.equal(await page.locator('#answer .error').textContent(), msg);
			/* the server refused the question: asking it again would not help */
			assert.equal(await page.locator('#answer button').count(), 0, 'a retry for a 400');
		} finally {
			await page.unroute('**/api/ask');
			expectedError = null;
		}
	});

	await check('a failed request (503) offers "Try again", which asks the same question again', async () => {
		expectedError = /^Failed to load resource: .* 503 /;
		let calls = 0;
		const sent = [];
		await page.route('**/api/ask', (r) => {
			sent.push(r.request().postDataJSON().question);
			if (calls++ === 0)
				return r.fulfill({ status: 503, contentType: 'application/json',
					body: JSON.stringify({ error: 'the store is busy: try again in a moment' }) });
			return r.continue();
		});
		try {
			const q = page.getByLabel('Ask about an activity, in your own words');
			await q.fill(SWIM_Q);
			await q.press('Enter');
			await page.locator('#answer .error').waitFor();
			assert.equal(await page.locator('#answer .error').textContent(), 'the store is busy: try again in a moment');
			await q.fill('something else typed meanwhile');
			await page.getByRole('button', { name: 'Try again' }).click();
			await page.locator('#answer .answer-text').waitFor();
			assert.equal(await page.locator('#answer .answer-text').textContent(), swimAnswer.answer);
			assert.deepEqual(sent, [SWIM_Q, SWIM_Q]);
			assert.equal(await page.locator('#answer button').count(), 0);
		} finally {
			await page.unroute('**/api/ask');
			expectedError = null;
		}
	});

	await check('the "Can I" box is reachable by Tab, and focus is visible', async () => {
		await page.evaluate(() => document.activeElement && document.activeElement.blur());
		await page.locator('body').focus();
		let reached = false;
		for (let i = 0; i < 400 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await page.evaluate(() => document.activeElement.id === 'question');
		}
		assert.ok(reached, 'Tab never reaches the question');
		const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
		assert.notEqual(outline, 'none');
	});

	await check('print is the handout: the form, the ask box, "right now" and the chart are hidden; its QR link is this plan\'s', async () => {
		await page.emulateMedia({ media: 'print' });
		try {
			for (const sel of ['#ask', '#setup', '#cal-download', '#now', '#coming', '#all', '#timeline'])
				assert.ok(await page.locator(sel).isHidden(), `${sel} prints`);
			assert.ok(await page.locator('#handout').isVisible());
			assert.ok(await page.locator('#handout-flags li').first().isVisible());
			const link = new URL(await page.locator('#handout-link').textContent());
			const here = new URL(page.url());
			assert.equal(link.origin + link.pathname, here.origin + here.pathname);
			assert.deepEqual([...link.searchParams].sort(), [...here.searchParams].sort());
		} finally {
			await page.emulateMedia({ media: 'screen' });
		}
		assert.ok(await page.locator('#handout').isHidden(), 'the handout shows on screen');
	});

	await check('/ has no CSP violation', async () => {
		noneOf(await cspViolations(page), 'CSP violations');
	});
	await desktop.close();

	/* ---------------- a browser in another zone than the server's ---------------- */
	const kolkata = await browser.newContext({ ...contextOptions, timezoneId: 'Asia/Kolkata' });
	await check('a browser in Kolkata (+05:30) is read as its own 10:00, not the server\'s', async () => {
		const k = await kolkata.newPage();
		watch(k, 'Kolkata /');
		await k.goto(`${BASE}/`);
		await k.getByLabel('Date and time of the treatment').fill('2026-11-20T10:00');
		/* The form goes to "/" as GET /?treated=..., with the browser's offset. */
		const [req] = await Promise.all([
			k.waitForRequest((r) => r.url().startsWith(`${BASE}/?`) && r.isNavigationRequest()),
			k.getByRole('button', { name: 'Show my plan' }).click(),
		]);
		assert.equal(new URL(req.url()).searchParams.get('treated'), '2026-11-20T10:00+05:30');
		await k.locator('#plan').waitFor();
		const treated = await k.locator('#plan').getAttribute('data-treated');
		assert.equal(new Date(treated).getTime(), Date.UTC(2026, 10, 20, 4, 30));
	});
	await kolkata.close();

	/* ---------------- a link that is wrong, or was removed ---------------- */
	const lost = await browser.newContext(contextOptions);
	await check('a wrong patient link: a 404, and the page says so in words', async () => {
		const w = await lost.newPage();
		expectedError = /404/;	/* the browser logs the failed fetch of TOKEN.json */
		watch(w, 'wrong link');
		const res = await w.goto(`${BASE}/p/${'A'.repeat(32)}`);
		assert.equal(res.status(), 404);
		await w.getByText('the link is wrong, or the clinic removed it').waitFor();
		assert.ok(await w.locator('#plan').isHidden(), 'a plan is shown for a wrong link');
		expectedError = null;
	});
	await lost.close();

	/* ---------------- a phone ---------------- */
	const phone = await browser.newContext({
		...contextOptions, viewport: { width: 375, height: 812 }, deviceScaleFactor: 2,
		isMobile: true, hasTouch: true,
	});
	await phone.addInitScript(recordCsp);

	await check('/ at 375px: the plan fits the width (the chart scrolls in its box)', async () => {
		const p = await phone.newPage();
		watch(p, '/ (phone)');
		await p.goto(`${BASE}/`);
		await p.getByLabel('Date and time of the treatment').fill(treatedInput);
		await p.getByRole('button', { name: 'Show my plan' }).click();
		await p.locator('#tl .tl-row').first().waitFor();
		assert.ok(await p.evaluate(() => document.documentElement.scrollWidth) <= 376);
		noneOf(await cspViolations(p), 'CSP violations');
		await p.screenshot({ path: join(OUT, 'phone-first-screen.png') });
		await firstScreen(p, await api('/api/plan', { treated: localWithOffset(treatedInput) }));
		await p.close();
	});

	await check('depth left unstated: the typical answer, with how a deep treatment changes it', async () => {
		const p = await phone.newPage();
		watch(p, '/ (typical)');
		await p.goto(`${BASE}/`);
		await p.getByLabel('Date and time of the treatment').fill(treatedInput);
		await p.getByRole('button', { name: 'Show my plan' }).click();
		await p.locator('#tl .tl-row').first().waitFor();
		const q = p.getByLabel('Ask about an activity, in your own words');
		await q.fill('can i go to the gym');
		await q.press('Enter');
		await p.locator('#answer .answer-text').waitFor();
		assert.match(await p.locator('#answer .variant').first().textContent(),
			/^If your treatment was deep: fine from 7 days after treatment \(Dr Sophie Shotter\)\.$/);
		assert.doesNotMatch(await p.locator('#answer .answer-text').textContent(), /7 days/);
		/* and in the plan, where they apply: every activity's variants, in its item */
		const typical = await api('/api/plan', { treated: localWithOffset(treatedInput) });
		const withVariants = typical.activities.filter((a) => a.variants.length);
		assert.ok(withVariants.some((a) => a.activity === 'sweaty-exercise'));
		for (const a of typical.activities) {
			const got = await p.locator(`#act-${a.activity} .variant`).allTextContents();
			assert.deepEqual(got, a.variants.map((v) => v.text), a.activity);
		}
		await p.close();
	});

	const patient = await phone.newPage();
	watch(patient, LINK);
	const stored = await api(new URL(LINK).pathname + '.json');

	await check('the patient\'s link shows the stored treatment, read only', async () => {
		const res = await patient.goto(LINK);
		assert.equal(res.status(), 200);
		await patient.locator('#tl .tl-row').first().waitFor();
		assert.ok(await patient.locator('#setup').isHidden(), 'the form shows on the patient page');
		const details = await patient.locator('#treatment-details').innerText();
		assert.match(details, /Deep/);
		assert.match(details, /Microneedling pen/);
		const when = new Date(stored.treatment.treated_at);
		assert.ok(details.includes(String(when.getFullYear())), details);
		assert.ok(details.includes(new Intl.DateTimeFormat('en-GB', { month: 'long' }).format(when)), details);
		assert.ok(!(await patient.locator('body').innerText()).includes('Test Patient'), 'the name shows');
	});

	await check('the patient\'s page: one row per activity and a "now" line three days in', async () => {
		assert.equal(await patient.locator('#tl .tl-row').count(), stored.plan.activities.length);
		assert.ok(await patient.locator('#tl .tl-now').isVisible());
		assert.match(await patient.locator('#timeline-note').innerText(), /day 3\b/);
	});

	await check('the patient\'s calendar: a webcal:// link and a download, both the .ics', async () => {
		const sub = await patient.locator('#cal-subscribe').getAttribute('href');
		assert.ok(sub.startsWith('webcal:'), sub);
		assert.ok(sub.endsWith('.ics'), sub);
		assert.equal(sub, `webcal://${new URL(LINK).host}${stored.treatment.calendar}`);
		assert.ok(await patient.locator('#cal-subscribe').isVisible());
		const dl = await patient.locator('#cal-download').getAttribute('href');
		assert.equal(dl, stored.treatment.calendar);
		const res = await fetch(BASE + dl);
		assert.match(await res.text(), /^BEGIN:VCALENDAR/);
	});

	await check('the patient\'s "Can I" uses the stored treatment', async () => {
		const p = stored.treatment;
		const want = await api('/api/ask', {
			question: SWIM_Q, treated: p.treated_at,
			device: p.device, depth: p.depth,
		});
		const q = patient.getByLabel('Ask about an activity, in your own words');
		await q.fill(SWIM_Q);
		await q.press('Enter');
		await patient.locator('#answer .answer-text').waitFor();
		assert.equal(await patient.locator('#answer .answer-text').textContent(), want.answer);
		await patient.locator('#answer').evaluate((e) => e.replaceChildren());
	});

	await check('the patient\'s first screen at 375x812: the red flag, off limits now and why, coming up, "Can I…?"', async () => {
		await patient.reload();
		await patient.locator('#plan').waitFor();
		await firstScreen(patient, (await api(new URL(LINK).pathname + '.json')).plan);
	});

	await check('the patient\'s "Can I…?" box is within 5 Tab presses of a fresh load', async () => {
		await patient.reload();
		await patient.locator('#plan').waitFor();
		await tabsToAsk(patient);
	});

	await check('"Find an activity": typing "retinol" opens its theme and shows only it', async () => {
		await patient.getByLabel('Find an activity').fill('retinol');
		const open = await patient.locator('#groups details.theme[open]').evaluateAll((ds) => ds.map((d) => d.id));
		assert.deepEqual(open, ['theme-skin']);
		assert.ok(await patient.locator('#act-retinol').isVisible());
		assert.equal(await patient.locator('#groups li.act:visible').count(), 1);
		await patient.getByLabel('Find an activity').fill('');
		assert.equal(await patient.locator('#groups details.theme[open]').count(), 0);
	});

	await check('the patient\'s page at 375px has no sideways overflow', async () => {
		assert.ok(await patient.evaluate(() => document.documentElement.scrollWidth) <= 376);
	});

	await patient.screenshot({ path: join(OUT, 'patient-phone.png'), fullPage: true });

	await check('the patient\'s page has no CSP violation', async () => {
		noneOf(await cspViolations(patient), 'CSP violations');
	});
	await phone.close();

	/* ---------------- the network drops ---------------- */
	await check('offline: a loaded page keeps its plan; "Can I…?" says so and retries once back online', async () => {
		const ctx = await browser.newContext({ ...contextOptions, viewport: { width: 375, height: 812 } });
		await ctx.addInitScript(recordCsp);
		const p = await ctx.newPage();
		watch(p, `${LINK} (offline)`);
		try {
			await p.goto(LINK);
			await p.locator('#tl .tl-row').first().waitFor();
			const stored = await api(new URL(LINK).pathname + '.json');
			const plan = stored.plan;
			const before = await p.locator('#plan').innerText();
			await ctx.setOffline(true);
			await p.locator('#status', { hasText: 'You are offline' }).waitFor();
			/* the plan is all still there, as loaded */
			assert.equal(await p.locator('#red-flags .flag-text').first().textContent(), plan.red_flags[0].line);
			assert.ok(await p.locator('#red-flags .flag-text').first().isVisible());
			assert.equal(await p.locator('#groups li.act').count(), plan.activities.length);
			assert.equal(await p.locator('#tl .tl-row').count(), plan.activities.length);
			assert.equal(await p.locator('#plan').innerText(), before);
			/* and what needs no server still works: finding an activity */
			await p.getByLabel('Find an activity').fill('retinol');
			assert.ok(await p.locator('#act-retinol').isVisible());
			await p.getByLabel('Find an activity').fill('');
			/* a question cannot go: said so, with a retry */
			expectedError = /ERR_INTERNET_DISCONNECTED/;
			const q = p.getByLabel('Ask about an activity, in your own words');
			await q.fill(SWIM_Q);
			await q.press('Enter');
			await p.locator('#answer .error').waitFor();
			assert.match(await p.locator('#answer .error').textContent(), /^You are offline, so the question could not be sent\. The plan on this page still holds/);
			const retry = p.getByRole('button', { name: 'Try again' });
			await retry.click();	/* still offline: the same, still with a retry */
			await p.locator('#answer .error').waitFor();
			assert.ok(await retry.isVisible());
			expectedError = null;
			await ctx.setOffline(false);
			await p.waitForFunction(() => document.getElementById('status').textContent === '');
			await retry.click();
			await p.locator('#answer .answer-text').waitFor();
			const t = stored.treatment;
			const want = await api('/api/ask', { question: SWIM_Q, treated: t.treated_at, device: t.device, depth: t.depth });
			assert.equal(await p.locator('#answer .answer-text').textContent(), want.answer);
			noneOf(await cspViolations(p), 'CSP violations');
		} finally {
			expectedError = null;
			await ctx.close();
		}
	});

	/* ---------------- one clock: a treatment stored in another zone ---------------- */
	/* ZLINK was stored by a server in Kiritimati (+14:00); this one runs in TZ (London), the
	 * browser in Los Angeles: three zones, whose clocks never show the same time. */
	const ZONE = 'Pacific/Kiritimati';
	const BROWSER_ZONE = 'America/Los_Angeles';
	const zpath = new URL(ZLINK).pathname;
	await check('with the script, "Can I…?" on a treatment of another zone answers "on friday" for that zone\'s Friday, labelled', async () => {
		const stored = await api(`${zpath}.json`);
		assert.equal(stored.treatment.zone, ZONE);
		const ctx = await browser.newContext({ ...contextOptions, timezoneId: BROWSER_ZONE });
		await ctx.addInitScript(recordCsp);
		const p = await ctx.newPage();
		watch(p, `${ZLINK} (zone)`);
		try {
			await p.goto(ZLINK);
			await p.locator('#plan').waitFor();
			assert.equal(await p.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), BROWSER_ZONE);
			assert.equal(await p.locator('html.js').count(), 1, 'app.js did not run');
			const servers = new Set([process.env.TZ || 'Europe/London', BROWSER_ZONE]);
			assert.ok(!servers.has(ZONE));
			const q = p.getByLabel('Ask about an activity, in your own words');
			await q.fill('can i swim on friday');
			const before = fridayIn(ZONE);
			const [req] = await Promise.all([
				p.waitForRequest((r) => r.url() === `${BASE}/api/ask` && r.method() === 'POST'),
				q.press('Enter'),
			]);
			await p.locator('#answer .answer-text').waitFor();
			const after = fridayIn(ZONE);
			assert.deepEqual(Object.keys(req.postDataJSON()).sort(), ['question', 'token']);
			const text = await p.locator('#answer .answer-text').textContent();
			/* "For Fri 4 Dec 12:33, ...": that Friday, at this minute, on the clinic's clock */
			assert.ok([before, after].some((m) => text.startsWith(`For ${m}`)),
				`"${text}" is not for ${before} (${ZONE})`);
			for (const z of servers)
				assert.ok(!text.startsWith(`For ${fridayIn(z)}`), `"${text}" is ${z}'s Friday`);
			assert.equal(await p.locator('#answer .answer-zone').textContent(),
				`Times in this answer are ${ZONE} time.`);
			/* the same words as the page written by the server (the form without the script) */
			const html = await (await fetch(`${ZLINK}?question=${encodeURIComponent('can i swim on friday')}`)).text();
			assert.ok(html.includes(`<p class="answer-zone muted">Times in this answer are ${ZONE} time.</p>`));
			const served = html.match(/<p class="answer-text">For (\w{3} \d+ \w{3} \d\d:\d\d)/);
			assert.ok(served && [before, after].includes(served[1]), `the server's page: ${served && served[1]}`);
			noneOf(await cspViolations(p), 'CSP violations');
		} finally {
			await ctx.close();
		}
	});

	/* ---------------- offline, reloaded: the service worker's copy ---------------- */
	await check('offline and reloaded: the page as last loaded, said so; back online, the server\'s page as it is now', async () => {
		const ctx = await browser.newContext({ ...contextOptions, viewport: { width: 375, height: 812 } });
		await ctx.addInitScript(recordCsp);
		const p = await ctx.newPage();
		watch(p, `${ZLINK} (offline reload)`);
		const edit = async (body) => {
			const res = await fetch(`${BASE}/api/treatments/${ZID}`, {
				method: 'PATCH', body: JSON.stringify(body),
				headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' } });
			assert.equal(res.status, 200, await res.text());
		};
		try {
			await edit({ skin: 'normal' });
			await p.goto(ZLINK);
			await p.locator('#tl .tl-row').first().waitFor();
			/* the worker controls /p/ only, and keeps this page and its files */
			const scope = await p.evaluate(async () => (await navigator.serviceWorker.ready).scope);
			assert.equal(scope, `${BASE}/p/`);
			const files = await untilKept(p, zpath);
			assert.deepEqual(files, [zpath, '/api/sources', '/static/app.css', '/static/app.js', '/static/favicon.svg'].sort());
			const stored = await api(`${zpath}.json`);
			const plan = stored.plan;
			const loaded = await p.locator('#plan').getAttribute('data-loaded');
			assert.match(loaded, /^\w{3} \d+ \w{3} \d\d:\d\d$/);
			const before = await p.locator('#plan').innerText();
			const coming = await p.locator('#coming-list').innerText();
			assert.match(await p.locator('#treatment-details').innerText(), /Normal/);
			/* The browser goes offline; meanwhile the clinic changes the treatment. */
			await ctx.setOffline(true);
			await edit({ skin: 'oily' });
			const res = await p.reload();
			assert.ok(res && res.fromServiceWorker(), 'the reload did not come from the worker');
			await p.locator('#plan').waitFor();
			/* the copy: the plan as it was loaded, its red flag and next dates */
			assert.equal(await p.locator('#red-flags .flag-text').first().textContent(), plan.red_flags[0].line);
			assert.ok(await p.locator('#red-flags .flag-text').first().isVisible());
			assert.equal(await p.locator('#coming-list').innerText(), coming);
			assert.ok(await p.locator('#coming-list li').first().isVisible());
			assert.equal(await p.locator('#groups li.act').count(), plan.activities.length);
			assert.match(await p.locator('#treatment-details').innerText(), /Normal/);
			assert.equal(await p.locator('#plan').getAttribute('data-loaded'), loaded);
			/* its style and script came with it: the chart is drawn, the note says when */
			assert.ok(await p.locator('#tl .seg').first().isVisible());
			const note = p.locator('#status');
			await note.filter({ hasText: 'offline' }).waitFor();
			assert.equal(await note.textContent(), `You are offline — shown as last loaded at ${loaded} (${ZONE} time). “Can I…?” needs the connection.`);
			assert.ok(await note.isVisible());
			/* the note above, the red flag and the next dates still on the first screen */
			for (const sel of ['#status', '#red-flags .flag-text', '#coming-list li']) {
				const b = await p.locator(sel).first().boundingBox();
				assert.ok(b && b.y >= 0 && b.y + b.height <= 812, `${sel} is not on the first screen: ${JSON.stringify(b)}`);
			}
			await p.screenshot({ path: join(OUT, 'offline-phone.png') });
			assert.equal((await p.locator('#plan').innerText()).replace(/\s+/g, ' '), before.replace(/\s+/g, ' '));
			/* Back online: the page as the server writes it now (the change), the note gone. */
			const reloaded = p.waitForEvent('load');
			await ctx.setOffline(false);
			await reloaded;
			await p.locator('#plan').waitFor();
			assert.match(await p.locator('#treatment-details').innerText(), /Oily/);
			assert.equal(await note.textContent(), '');
			/* and a reload online is the server's too, never the copy */
			await edit({ skin: 'sensitive' });
			await p.reload();
			assert.match(await p.locator('#treatment-details').innerText(), /Sensitive/);
			assert.equal(await note.textContent(), '');
			/* Removed by the clinic: online, the 404 in words, and the copy is dropped; offline
			 * then, there is nothing to show. */
			const del = await fetch(`${BASE}/api/treatments/${ZID}`, {
				method: 'DELETE', headers: { Authorization: `Bearer ${KEY}` } });
			assert.equal(del.status, 200);
			expectedError = /404/;
			const gone = await p.reload();
			expectedError = null;
			assert.equal(gone.status(), 404);
			await p.getByText('the link is wrong, or the clinic removed it').waitFor();
			for (let i = 0; i < 100 && (await kept(p)).includes(zpath); i++)
				await p.waitForTimeout(100);
			assert.ok(!(await kept(p)).includes(zpath), 'the removed page is still kept');
			await ctx.setOffline(true);
			await assert.rejects(p.reload(), /ERR_/);
			await ctx.setOffline(false);
			/* Another patient's link, visited: its copy replaces this one; the desk and "/"
			 * are not the worker's. */
			await p.goto(LINK);
			await p.locator('#plan').waitFor();
			assert.deepEqual((await untilKept(p, new URL(LINK).pathname)).filter((k) => k.startsWith('/p/')),
				[new URL(LINK).pathname]);
			for (const other of ['/clinic', '/'])	{
				await p.goto(`${BASE}${other}`);
				assert.equal(await p.evaluate(() => Boolean(navigator.serviceWorker.controller)), false, other);
			}
			noneOf(await cspViolations(p), 'CSP violations');
		} finally {
			await ctx.close();
		}
	});

	/* ---------------- the printed handout ---------------- */
	await check('the patient\'s handout prints on 1-2 pages in A4 and Letter: clinic, red flags, key dates, a QR code of the link', async () => {
		const ctx = await browser.newContext(contextOptions);
		await ctx.addInitScript(recordCsp);
		const p = await ctx.newPage();
		watch(p, `${LINK} (print)`);
		try {
			await p.goto(LINK);
			await p.locator('#plan').waitFor();
			const plan = (await api(new URL(LINK).pathname + '.json')).plan;
			const yaml = readFileSync(CLINIC, 'utf8');
			const setting = (k) => yaml.match(new RegExp(`^\\s*${k}:\\s*"?([^"\\n]*)"?$`, 'm'))[1];
			/* the clinic's own details, labelled as the clinic's */
			const clinic = (await p.locator('#handout-clinic').textContent()).replace(/\s+/g, ' ');
			assert.ok(clinic.startsWith('From your clinic'), clinic);
			assert.ok(clinic.includes(setting('name')), clinic);
			assert.ok(clinic.includes(`Phone: ${setting('phone')}`), clinic);
			/* the red flags, every one, in the library's words */
			assert.deepEqual(await p.locator('#handout-flags li').evaluateAll((ls) =>
				ls.map((l) => l.firstChild.textContent.trim())), plan.red_flags.map((f) => f.text));
			/* key dates: the asked-about activities in the order they are fine, at the JSON's times */
			const rows = await p.locator('#handout-dates tbody tr').evaluateAll((rs) => rs.map((r) =>
				({ id: r.dataset.activity, cells: [...r.querySelectorAll('td')].map((c) => c.textContent) })));
			const want = ASKED.map((id) => plan.activities.find((a) => a.activity === id)).filter(Boolean)
				.sort((x, y) => (x.clear_after_hours ?? Infinity) - (y.clear_after_hours ?? Infinity));
			assert.deepEqual(rows.map((r) => r.id), want.map((a) => a.activity));
			for (const a of want.filter((x) => x.clear_after_hours > 0)) {
				const day = String(Number(a.clear_at.slice(8, 10)));
				const cell = rows.find((r) => r.id === a.activity).cells[0];
				assert.match(cell, new RegExp(`^\\w{3} ${day} \\w{3} ${a.clear_at.slice(11, 16)}$`), a.activity);
			}
			const swim = rows.find((r) => r.id === 'swimming');
			assert.equal(plan.activities.find((a) => a.activity === 'swimming').clear_after_hours, 168);
			assert.equal(swim.cells[1], '1 week');
			for (const format of ['A4', 'Letter']) {
				await p.emulateMedia({ media: 'print' });
				await p.screenshot({ path: join(OUT, `handout-${format}.png`), fullPage: true });
				const pdf = join(OUT, `handout-${format}.pdf`);
				await p.pdf({ path: pdf, format });
				await p.emulateMedia({ media: 'screen' });
				const info = execFileSync('pdfinfo', [pdf]).toString();
				const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
				assert.ok(pages >= 1 && pages <= 2, `${format}: ${pages} pages`);
				const size = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m).slice(1).map(Number);
				const paper = format === 'A4' ? [595.3, 841.9] : [612, 792];	/* ISO 216, ANSI */
				assert.ok(size.every((v, i) => Math.abs(v - paper[i]) < 3), `${format}: ${size.join(' x ')} pts`);
				const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString().replace(/\s+/g, ' ');
				for (const words of [setting('name'), setting('phone'), plan.red_flags[0].text, 'Key dates', plan.disclaimer])
					assert.ok(text.includes(words.replace(/\s+/g, ' ')), `${format}: "${words}" is not printed`);
				for (const stale of ['Right now', 'Off limits now', 'Can I'])
					assert.ok(!text.includes(stale), `${format}: "${stale}" is printed`);
				const png = join(OUT, `handout-${format}-qr`);
				execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
				const decoded = execFileSync('zbarimg', ['-q', '--raw', `${png}.png`],
					{ stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
				assert.equal(decoded, LINK);
			}
			noneOf(await cspViolations(p), 'CSP violations');
		} finally {
			await ctx.close();
		}
	});

	/* ---------------- without JavaScript ---------------- */
	const nojs = await browser.newContext({ ...contextOptions, viewport: { width: 375, height: 812 }, javaScriptEnabled: false });
	await check('without JavaScript: the patient\'s plan is on the page, the chart as sentences', async () => {
		const p = await nojs.newPage();
		watch(p, `${LINK} (no JS)`);
		const res = await p.goto(LINK);
		assert.equal(res.status(), 200);
		assert.equal(await p.locator('html.js').count(), 0, 'app.js ran');
		const json = (await api(new URL(LINK).pathname + '.json')).plan;
		await redFlagLine(p, json);
		assert.ok(await p.locator('#now-list li').first().isVisible());
		assert.equal(await p.locator('#groups li.act').count(), json.activities.length);
		assert.equal(await p.locator('#tl .tl-row').count(), json.activities.length);
		assert.ok(await p.locator('#tl .tl-row[data-activity="swimming"] .tl-text').isVisible());
		assert.ok(await p.locator('#tl .tl-track').first().isHidden(), 'bars that cannot be placed show');
		await p.locator('#theme-water > summary').click();
		await p.locator('#act-swimming > details > summary').click();
		assert.ok(await p.locator('#act-swimming blockquote').first().isVisible());
		await p.screenshot({ path: join(OUT, 'nojs-phone.png'), fullPage: false });
		await p.close();
	});
	await check('without JavaScript: the form on / is sent and the plan shown', async () => {
		const p = await nojs.newPage();
		watch(p, '/ (no JS)');
		await p.goto(`${BASE}/`);
		await p.getByLabel('Date and time of the treatment').fill('2026-11-20T10:00');
		await p.getByLabel('Needle depth').selectOption({ label: 'Deep' });
		await p.getByRole('button', { name: 'Show my plan' }).click();
		await p.locator('#plan').waitFor();
		assert.equal(new URL(p.url()).searchParams.get('treated'), '2026-11-20T10:00');
		assert.equal(new URL(p.url()).searchParams.get('depth'), 'deep');
		/* the server's zone reads it: the same as the JSON for that local time */
		const want = await api('/api/plan', { treated: '2026-11-20 10:00', depth: 'deep' });
		assert.equal(await p.locator('#plan').getAttribute('data-treated'), want.treated_at);
		assert.equal(await p.locator('#groups li.act').count(), want.activities.length);
		/* "Can I…?" is a plain GET form too: the treatment goes with the question */
		const question = 'can i go to the gym';
		await p.getByLabel('Ask about an activity, in your own words').fill(question);
		/* asked about now: the API's answer just before and just after, in case the minute
		 * turns between them */
		const ask = () => api('/api/ask', { question, treated: '2026-11-20 10:00', depth: 'deep' });
		const first = await ask();
		await p.getByRole('button', { name: 'Ask', exact: true }).click();
		await p.locator('#answer .answer-text').waitFor();
		const sent = new URL(p.url()).searchParams;
		assert.equal(sent.get('question'), question);
		assert.equal(sent.get('treated'), '2026-11-20T10:00');
		assert.equal(sent.get('depth'), 'deep');
		const answer = await ask();
		const shown = await p.locator('#answer .answer-text').textContent();
		assert.ok([first.answer, answer.answer].includes(shown), `"${shown}" is not "${answer.answer}"`);
		assert.equal(await p.locator('#answer blockquote').count(), answer.positions.length);
		await p.close();
	});
	await check('without JavaScript: the patient\'s "Can I…?" box is on the first screen and answered by the server', async () => {
		const p = await nojs.newPage();
		watch(p, `${LINK} (no JS, Can I)`);
		await p.goto(LINK);
		const stored = await api(new URL(LINK).pathname + '.json');
		await firstScreen(p, stored.plan);
		const box = p.getByLabel('Ask about an activity, in your own words');
		await box.fill(SWIM_Q);
		await box.press('Enter');
		await p.locator('#answer .answer-text').waitFor();
		assert.equal(await p.locator('html.js').count(), 0, 'app.js ran');
		const url = new URL(p.url());
		assert.equal(url.pathname, new URL(LINK).pathname);
		assert.equal(url.searchParams.get('question'), SWIM_Q);
		const t = stored.treatment;
		const want = await api('/api/ask', { question: SWIM_Q, treated: t.treated_at, device: t.device, depth: t.depth });
		assert.equal(await p.locator('#answer .answer-text').textContent(), want.answer);
		const words = await p.locator('#answer').innerText();
		assert.match(words, /Sources disagree/);
		assert.equal(await p.locator('#answer blockquote').count(), want.positions.length);
		for (const pos of want.positions)
			assert.ok(words.includes(pos.quote), `"${pos.quote}" is not in the answer`);
		assert.equal(await box.inputValue(), SWIM_Q);
		/* the plan is still the page's: the answer is added, nothing lost */
		assert.equal(await p.locator('#groups li.act').count(), stored.plan.activities.length);
		/* a question the guide does not cover: the honest answer, no quotes */
		await box.fill('can i go skydiving');
		await box.press('Enter');
		await p.waitForURL(/skydiving/);
		assert.match(await p.locator('#answer .answer-text').textContent(), /does not cover/);
		assert.equal(await p.locator('#answer blockquote').count(), 0);
		/* too long: a 400, said in words, the plan still there */
		expectedError = /400/;
		const res = await p.goto(`${LINK}?question=${'a'.repeat(4001)}`);
		expectedError = null;
		assert.equal(res.status(), 400);
		assert.equal(await p.locator('#answer .error').textContent(), 'The question is too long: at most 4000 characters.');
		assert.equal(await p.locator('#groups li.act').count(), stored.plan.activities.length);
		await p.close();
	});
	await nojs.close();

	await check('the page is gzip-compressed for a client that takes it, and only then', async () => {
		const path = new URL(LINK).pathname;
		const raw = (headers) => new Promise((resolve, reject) => {
			httpGet(`${BASE}${path}`, { headers }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
			}).on('error', reject);
		});
		const plain = await raw({ Accept: 'text/html' });
		assert.equal(plain.res.headers['content-encoding'], undefined);
		const gz = await raw({ Accept: 'text/html', 'Accept-Encoding': 'gzip, deflate, br' });
		assert.equal(gz.res.headers['content-encoding'], 'gzip');
		assert.match(gz.res.headers.vary, /Accept-Encoding/);
		const html = gunzipSync(gz.body).toString();
		assert.ok(html.startsWith('<!doctype html>'));
		assert.ok(gz.body.length * 4 < plain.body.length, `${gz.body.length} of ${plain.body.length} bytes`);
		const js = await raw({ 'Accept-Encoding': 'gzip' });
		assert.equal(js.res.headers['content-encoding'], 'gzip');
	});

	/* ---------------- accessibility, by axe-core ---------------- */
	for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 812 }]) {
		const ctx = await browser.newContext({ ...contextOptions, viewport, bypassCSP: true });
		const p = await ctx.newPage();
		await check(`axe at ${viewport.width}px: the form, the plan with an answer, the patient's page`, async () => {
			await p.goto(`${BASE}/`);
			noneOf(await axeViolations(p), 'the form');
			await p.getByLabel('Date and time of the treatment').fill(treatedInput);
			await p.getByRole('button', { name: 'Show my plan' }).click();
			await p.locator('#tl .tl-row').first().waitFor();
			const q = p.getByLabel('Ask about an activity, in your own words');
			await q.fill(SWIM_Q);
			await q.press('Enter');
			await p.locator('#answer .answer-text').waitFor();
			/* Opened, one of each list's items is checked too (contrast of its quotes). */
			await p.locator('#now details').evaluateAll((ds) => ds.slice(0, 3).forEach((d) => { d.open = true; }));
			noneOf(await axeViolations(p), 'the plan');
			await p.goto(LINK);
			await p.locator('#tl .tl-row').first().waitFor();
			noneOf(await axeViolations(p), 'the patient\'s page');
			/* the answer the server writes into the page (the form sent without the script) */
			await p.goto(`${LINK}?question=${encodeURIComponent(SWIM_Q)}`);
			await p.locator('#answer .answer-text').waitFor();
			noneOf(await axeViolations(p), 'the patient\'s page with the server\'s answer');
			/* the service worker's copy, reloaded offline, with its note */
			await p.goto(LINK);
			await untilKept(p, new URL(LINK).pathname);
			await ctx.setOffline(true);
			await p.reload();
			await p.locator('#status', { hasText: 'shown as last loaded at' }).waitFor();
			noneOf(await axeViolations(p), 'the patient\'s page offline');
			await ctx.setOffline(false);
			/* back online the page reloads itself once the server answers: wait for that,
			 * or it aborts the next check's navigation */
			await p.locator('#status', { hasText: 'shown as last loaded at' }).waitFor({ state: 'hidden' });
			await p.waitForLoadState('load');
		});
		/* A clinic protocol's page: the guide's voices beside the clinic's rule, opened, and
		 * the answers, the server's and the script's (docs/desk.md). */
		if (PROTOCOL_LINK)
			await check(`axe at ${viewport.width}px: a clinic protocol's page, the guide beside its rules`, async () => {
				await p.goto(`${PROTOCOL_LINK}?question=${encodeURIComponent(SWIM_Q)}`);
				await p.locator('#answer .clinic-vs-guide').waitFor();
				await p.locator('#all details').evaluateAll((ds) => ds.forEach((d) => { d.open = true; }));
				const said = await p.locator('#act-swimming .clinic-vs-guide').textContent();
				assert.match(said, /^Your clinic \(Riverside Test Clinic\) says to wait 2 weeks; the guide's .*Dr Yalda Jamali/);
				await p.locator('#act-sauna .clinic-vs-guide.clinic-lenient').waitFor();
				noneOf(await axeViolations(p), 'the protocol\'s page');
				await p.locator('#answer').evaluate((e) => { e.textContent = ''; });	/* the script's, below */
				const q = p.getByLabel('Ask about an activity, in your own words');
				await q.fill(SWIM_Q);
				await q.press('Enter');
				await p.locator('#answer .guide-side .clinic-vs-guide').waitFor();
				assert.ok(await p.locator('#answer .position-head .clinic-tag').count() >= 1);
				assert.equal(await p.locator('#answer .clinic-vs-guide').count(), 1);
				noneOf(await axeViolations(p), 'the protocol\'s page with the script\'s answer');
			});
		await ctx.close();
	}

	await check('no console error, page error or outside request on any page', async () => {
		noneOf(problems, 'problems');
	});
} finally {
	await browser.close();
}
process.exit(failed ? 1 : 0);
