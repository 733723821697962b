/* app.js: enhances the patient's page. The server writes the whole plan as HTML
 * (server/page.c), so the page works without this script; with it: the "Can I…?" box
 * (POST /api/ask), the chart's bars and "now" line, the search of the activities, the print
 * button, the form's time sent with the browser's offset, and on a patient's page the service
 * worker (web/sw.js) that keeps it readable offline. Plain JS, no build step, no
 * libraries: the page runs under the server's CSP (script-src 'self', no inline script or
 * style), so every style is a class or a CSSOM property, and every text from the server's
 * JSON goes in through textContent.
 *
 *   /                 a form (treatment time, device, depth, skin) -> GET /?treated=... -> the plan
 *   /p/TOKEN          the clinic's stored treatment, read only; a copy kept offline
 *
 * Nothing is kept, in the page or on the server, about what was typed on "/". */
'use strict';

/* ---- words ---- */

/* How a verdict reads in a sentence, and the class that colours it (app.css). Each has its
 * own pattern too: colour is never the only cue. */
const VERDICTS = {
	avoid: { word: 'avoid', cls: 'v-avoid' },
	caution: { word: 'with care', cls: 'v-caution' },
	ok: { word: 'fine', cls: 'v-ok' },
	recommend: { word: 'recommended', cls: 'v-ok' },
	unknown: { word: 'no rule in the guide', cls: 'v-none' },
};
const STANCES = {
	avoid: 'avoid',
	caution: 'with care',
	ok: 'fine',
	recommend: 'recommended',
};


/* ---- state ---- */

const state = {
	sources: new Map(),	/* source id -> name, from /api/sources */
	sourceList: [],		/* the same sources, in the guide's order, for "Sources" */
	names: new Map(),	/* activity id -> name, from the plan */
	params: null,		/* the treatment the plan shown was made for: what /api/ask is sent */
	zone: '',		/* the clinic's zone: every time on the page is in it */
	copy: false,		/* the page is the service worker's copy (the server was not reached) */
};

/* ---- small helpers ---- */

const $ = (id) => document.getElementById(id);

/* An element with a class and text; text always through textContent. */
function el(tag, cls, text) {
	const e = document.createElement(tag);
	if (cls)
		e.className = cls;
	if (text !== undefined && text !== null)
		e.textContent = String(text);
	return e;
}

function clear(node) {
	while (node.firstChild)
		node.removeChild(node.firstChild);
}

/* "36 hours", "3 days", "1 week": the rule's own span in words. */
function fmtHours(h) {
	if (h % 168 === 0 && h >= 168)
		return h === 168 ? '1 week' : `${h / 168} weeks`;
	if (h % 24 === 0 && h >= 24)
		return h === 24 ? '1 day' : `${h / 24} days`;
	return h === 1 ? '1 hour' : `${h} hours`;
}

function sourceName(id) {
	return state.sources.get(id) || id;
}

function verdictOf(v) {
	return VERDICTS[v] || VERDICTS.unknown;
}

/* An Error the page shows in words; retry: whether asking again may work (no connection, a
 * server busy or failing: 5xx, 429), unlike a question the server refuses (4xx). */
function failure(message, retry) {
	const e = new Error(message);
	e.retry = retry;
	return e;
}

/* fetch, answering the parsed JSON; a non-2xx throws an Error with the server's own
 * {"error": ...} message, so that the page shows what is wrong rather than a status code. */
async function fetchJSON(url, options) {
	let res;
	try {
		res = await fetch(url, options);
	} catch (e) {
		throw failure(navigator.onLine
			? 'The server could not be reached. Check your connection and try again.'
			: 'You are offline, so the question could not be sent. The plan on this page still holds; try again when you are back online.', true);
	}
	let body = null;
	try {
		body = await res.json();
	} catch (e) {
		/* not JSON: said below */
	}
	const again = res.status >= 500 || res.status === 429;
	if (!res.ok)
		throw failure(body && body.error ? body.error : `The server answered ${res.status}.`, again);
	if (body === null)
		throw failure('The server answered something that is not JSON.', true);
	return body;
}

function postJSON(url, obj) {
	return fetchJSON(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(obj),
	});
}

function setStatus(text, isError) {
	const s = $('status');
	s.textContent = text;
	s.classList.toggle('error', Boolean(isError));
}

/* ---- treatment parameters ---- */

/* "2026-11-20T10:00" (the browser's local time) with the browser's offset on that date,
 * "+01:00": the server reads it as that instant, whatever its own zone. */
function withOffset(local) {
	const minutesEast = -new Date(local).getTimezoneOffset();
	if (Number.isNaN(minutesEast))
		return local;
	const a = Math.abs(minutesEast);
	const two = (n) => String(n).padStart(2, '0');
	return `${local}${minutesEast < 0 ? '-' : '+'}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}

/* The form's values as the API takes them: "not known" is no field at all (the server
 * refuses an empty depth). */
function formParams() {
	const p = { treated: withOffset($('treated').value) };
	for (const name of ['device', 'depth', 'skin']) {
		const v = $(name).value;
		if (v)
			p[name] = v;
	}
	return p;
}

/* The current local time as a datetime-local value (to the minute). */
function localNowValue() {
	const d = new Date();
	d.setSeconds(0, 0);
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/* ---- the guide's voices (for the answers' names) ---- */

async function loadSources() {
	try {
		const list = await fetchJSON('/api/sources');
		state.sourceList = list;
		for (const s of list)
			state.sources.set(s.id, s.name);
	} catch (e) {
		/* Names fall back to ids; the plan is still worth showing. */
	}
}

/* ---- one activity's sources (used by "Right now" and by the answers) ---- */

/* When a position applies, in words: "for the first 7 days", "from 3 days on". */
function positionSpan(p) {
	const from = p.from_hours || 0;
	const until = p.until_hours;
	/* An open restriction with the guide's longest time for it (docs/semantics.md, rule 2). */
	if (p.open && until !== null && until !== undefined)
		return `no end given (read as the guide's longest time for it: ${from ? 'to' : 'the first'} ${fmtHours(until)})`;
	if (until === null || until === undefined)
		return from ? `from ${fmtHours(from)} after treatment, no end given` : 'no end given';
	if (!from)
		return `for the first ${fmtHours(until)}`;
	return `from ${fmtHours(from)} to ${fmtHours(until)} after treatment`;
}

function conditionText(c) {
	const parts = [];
	for (const [k, vs] of Object.entries(c || {}))
		parts.push(`${k} ${[].concat(vs).join(' or ')}`);
	return parts.length ? `only for ${parts.join(', ')}` : '';
}

/* Every source's words on an activity: name, stance, span, whether in force at the moment
 * asked about, and the verbatim quote. */
function renderPositions(positions, container) {
	const list = el('ul', 'positions');
	for (const p of positions) {
		const li = el('li', 'position');
		const head = el('p', 'position-head');
		head.append(el('strong', null, sourceName(p.source)));
		if (p.clinic) {	/* read from the clinic's protocol: its words, not the guide's */
			head.append(document.createTextNode(' '));
			head.append(el('span', 'clinic-tag', '(your clinic\'s protocol, not the guide)'));
		}
		head.append(document.createTextNode(': '));
		head.append(el('span', `stance ${verdictOf(p.stance).cls}`, STANCES[p.stance] || p.stance));
		const extra = [positionSpan(p)];
		const cond = conditionText(p.conditions);
		if (cond)
			extra.push(cond);
		if (p.inherited_from)
			extra.push(`the rule for ${state.names.get(p.inherited_from) || p.inherited_from}`);
		if (p.implied)
			extra.push('implied: fine only later');
		head.append(document.createTextNode(`, ${extra.join('; ')}`));
		head.append(el('span', p.in_force ? 'badge in-force' : 'badge not-in-force',
			p.in_force ? 'in force then' : 'not in force then'));
		li.append(head);
		const q = el('blockquote', 'quote');
		q.append(el('p', null, `“${p.quote}”`));
		if (p.context)	/* the sentence that gives the quote its time (rule 1) */
			q.append(el('p', 'context', `Its time, from the same paragraph: “${p.context}”`));
		if (p.section)
			q.append(el('footer', 'cite', `Section “${p.section}”`));
		li.append(q);
		list.append(li);
	}
	container.append(list);
}

/* The guide's words a clinic protocol replaced, beside the clinic's, as page.c writes them
 * (docs/desk.md, "The guide beside the clinic"). */
function renderGuide(g, container) {
	const side = el('div', 'guide-side');
	side.append(el('p', `clinic-vs-guide${g.clinic_more_lenient ? ' clinic-lenient' : ''}`, g.text));
	const head = el('p', 'guide-side-head');
	head.append(el('strong', null, 'What the guide says'));
	head.append(document.createTextNode(' (your clinic\'s protocol replaces it in this plan):'));
	side.append(head);
	renderPositions(g.positions, side);
	container.append(side);
}

function disagreeNote() {
	return el('p', 'disagree', 'Sources disagree: the answer follows the most careful of them. Each one’s words are below.');
}

/* ---- "Can I…?" ---- */

function renderFacts(facts, container) {
	const list = el('ul', 'positions');
	for (const f of facts) {
		const li = el('li', 'position');
		const head = el('p', 'position-head');
		head.append(el('strong', null, sourceName(f.source)));
		li.append(head);
		const q = el('blockquote', 'quote');
		q.append(el('p', null, `“${f.quote}”`));
		if (f.section)
			q.append(el('footer', 'cite', `Section “${f.section}”`));
		li.append(q);
		list.append(li);
	}
	container.append(list);
}

function renderAnswer(a) {
	const box = $('answer');
	clear(box);
	box.append(el('p', `answer-text${a.kind === 'unknown' ? ' unknown' : ''}`, a.answer));
	if (a.moment && state.zone)	/* the zone its times are in, as the server says it */
		box.append(el('p', 'answer-zone muted', `Times in this answer are ${state.zone} time.`));
	if (a.kind === 'unknown') {
		box.append(el('p', 'muted', 'The guide this page quotes says nothing about that: ask your practitioner.'));
		return;
	}
	for (const v of a.variants || [])
		box.append(el('p', 'variant', v.text));
	if (a.disputed)
		box.append(disagreeNote());
	if (a.positions && a.positions.length) {
		box.append(el('h3', null, `What the sources say${a.name ? ` about ${a.name.toLowerCase()}` : ''}`));
		renderPositions(a.positions, box);
	}
	if (a.guide)
		renderGuide(a.guide, box);
	if (a.facts && a.facts.length) {
		box.append(el('h3', null, 'What the sources say'));
		renderFacts(a.facts, box);
	}
}

/* Ask and show the answer; a failure that may pass is shown with "Try again", which asks the
 * same question again. */
async function ask(question) {
	const box = $('answer');
	const button = $('ask-form').querySelector('button[type="submit"]');
	clear(box);
	button.disabled = true;
	box.append(el('p', 'muted', 'Asking…'));
	try {
		if (!state.sources.size)	/* the names of the voices, if the first try failed */
			await loadSources();
		const answer = await postJSON('/api/ask', { question, ...state.params });
		renderAnswer(answer);
	} catch (e) {
		clear(box);
		box.append(el('p', 'error', e.message));
		if (e.retry) {
			const again = el('button', 'secondary retry', 'Try again');
			again.type = 'button';
			again.addEventListener('click', () => ask(question).then(() => $('question').focus()));
			box.append(again);
		}
	} finally {
		button.disabled = false;
	}
}

function onAsk(ev) {
	ev.preventDefault();
	const input = $('question');
	const question = input.value.trim();
	const box = $('answer');
	clear(box);
	if (!question) {
		box.append(el('p', 'error', 'Type a question first, for example “can I swim tomorrow?”.'));
		input.focus();
		return;
	}
	ask(question);
}

/* ---- offline (web/sw.js, docs/web.md "Offline") ---- */

/* "Mon 30 Nov 10:33 (Europe/London time)": when the server wrote the page shown. */
function loadedAt() {
	const plan = $('plan');
	const zone = state.zone ? ` (${state.zone} time)` : '';
	return `${plan.dataset.loaded || 'an earlier time'}${zone}`;
}

/* The network drops: the plan on the page was written whole by the server and stays as it
 * is; only the "Can I…?" box needs the connection. Said while it lasts, with when the page
 * was written; so too for the copy the service worker showed when the server could not be
 * reached. */
function onOffline() {
	setStatus(`You are offline — shown as last loaded at ${loadedAt()}. “Can I…?” needs the connection.`);
}

/* Back online: a page loaded live stays, the note goes; the copy shown is replaced by the
 * server's page as it is now once the server answers (serverAnswers). */
function onOnline() {
	if (state.copy) {
		setStatus(`The server cannot be reached yet — shown as last loaded at ${loadedAt()}. The page updates itself when it can.`);
		whenServerAnswers(0);
	} else {
		setStatus('');
	}
}

/* The worker asks the server for this page (and keeps it): whether the server answered. Its
 * fetch is the one that counts, as the reload goes through it. */
function serverAnswers() {
	return new Promise((resolve) => {
		const sw = navigator.serviceWorker && navigator.serviceWorker.controller;
		if (!sw) {
			resolve(false);
			return;
		}
		const channel = new MessageChannel();
		channel.port1.onmessage = (ev) => resolve(Boolean(ev.data && ev.data.answered));
		sw.postMessage({ type: 'keep', path: location.pathname }, [channel.port2]);
	});
}

/* While the copy is shown and the browser is online: reload once the server answers, asking
 * after delay ms, then twice as long each time, up to a minute. Offline, it stops ('online'
 * starts it again). */
let retryTimer = null;
function whenServerAnswers(delay) {
	clearTimeout(retryTimer);
	retryTimer = setTimeout(async () => {
		if (!navigator.onLine)
			return;
		if (await serverAnswers())
			location.reload();
		else
			whenServerAnswers(Math.min(Math.max(delay * 2, 1000), 60000));
	}, delay);
}

/* A patient's page is kept for reading offline by the service worker, registered here with
 * the scope /p/ only (never "/", nor the desk). Its first load is not the worker's to see:
 * the worker is asked to keep it. A page the worker answered with its copy says so. A
 * browser without service workers, or one that refuses it, loses only the offline copy. */
async function keepOffline() {
	const sw = navigator.serviceWorker;
	if (!sw || !/^\/p\/[A-Za-z0-9_-]{32}$/.test(location.pathname))
		return;
	if (sw.controller) {
		const channel = new MessageChannel();
		channel.port1.onmessage = (ev) => {
			state.copy = Boolean(ev.data && ev.data.copy);
			if (state.copy && navigator.onLine)
				onOnline();	/* the network is up, the server is not */
		};
		sw.controller.postMessage({ type: 'copy?' }, [channel.port2]);
		return;	/* the browser checks the worker for updates itself */
	}
	if (!navigator.onLine)
		return;
	try {
		await sw.register('/sw.js', { scope: '/p/' });
		const reg = await sw.ready;
		reg.active.postMessage({ type: 'keep', path: location.pathname });	/* this first load */
	} catch (e) {
		/* no copy kept: the page works the same online */
	}
}

/* ---- the form on "/" ---- */

/* Sent as GET /?treated=...: the same as the form does without this script, but with the
 * browser's offset, so that the server reads the instant the person meant. */
function onPlanSubmit(ev) {
	ev.preventDefault();
	const err = $('form-error');
	const treated = $('treated');
	err.hidden = true;
	treated.removeAttribute('aria-invalid');
	if (!treated.value) {
		err.textContent = 'Enter the date and time of the treatment.';
		err.hidden = false;
		treated.setAttribute('aria-invalid', 'true');
		treated.focus();
		return;
	}
	setStatus('Making your plan…');
	location.assign(`/?${new URLSearchParams(formParams()).toString()}`);
}

function startForm() {
	$('treated').value = localNowValue();
	$('plan-form').addEventListener('submit', onPlanSubmit);
}

/* ---- the plan the server wrote ---- */

function pct(x) {
	return `${(Number(x) * 100).toFixed(3)}%`;
}

/* The chart's bars, ticks and "now" line: the server gives each its place (fractions of the
 * chart) in data-*; a style attribute would break the CSP. */
function drawChart() {
	const tl = $('tl');
	if (!tl)
		return;
	tl.style.setProperty('--days', tl.dataset.days);
	for (const s of tl.querySelectorAll('.seg')) {
		s.style.left = pct(s.dataset.from);
		s.style.width = pct(s.dataset.to - s.dataset.from);
	}
	for (const t of tl.querySelectorAll('.tl-tick'))
		t.style.left = pct(t.dataset.at);
	const now = tl.querySelector('.tl-now');
	if (now) {
		/* Past the label column, then a fraction of the track (app.css: .tl-row). */
		now.style.left = `calc(var(--label-w) + (100% - var(--label-w) - var(--tail)) * ${Number(now.dataset.at).toFixed(5)})`;
		scrollToNow(Number(now.dataset.at));
	}
}

/* On a narrow screen the chart scrolls sideways: bring "now" into view, a little from the
 * left, so that what comes next is what shows. */
function scrollToNow(frac) {
	const box = $('tl-scroll');
	const tl = $('tl');
	const label = tl.querySelector('.tl-corner').offsetWidth;
	const x = label + (tl.offsetWidth - label) * frac;
	const visible = box.clientWidth - label;
	box.scrollLeft = x - label > visible * 0.8 ? x - label - visible * 0.25 : 0;
}

/* "Find an activity": the themes open on what matches, and only that shows. */
function onFind() {
	const q = $('find').value.trim().toLowerCase();
	let any = false;
	for (const theme of document.querySelectorAll('#groups details.theme')) {
		let hits = 0;
		for (const li of theme.querySelectorAll('li.act')) {
			const name = li.querySelector('.act-name').textContent.toLowerCase();
			const hit = !q || name.includes(q) || li.dataset.activity.includes(q);
			li.hidden = !hit;
			hits += hit;
		}
		theme.hidden = hits === 0;
		theme.open = Boolean(q) && hits > 0;
		any = any || hits > 0;
	}
	$('find-none').hidden = any;
}

function startPlan(plan) {
	const d = plan.dataset;
	state.params = { treated: d.treated, device: d.device };
	if (d.depth)
		state.params.depth = d.depth;
	if (d.skin)
		state.params.skin = d.skin;
	/* A clinic's stored treatment: asked by its token, so that the answer is the protocol's
	 * it was issued under, as the plan on the page is (docs/desk.md, "Protocol versions"). */
	const token = /^\/p\/([A-Za-z0-9_-]{32})$/.exec(location.pathname);
	if (token)
		state.params = { token: token[1] };
	state.zone = d.zone || '';
	for (const n of document.querySelectorAll('#groups li.act'))
		state.names.set(n.dataset.activity, n.querySelector('.act-name').textContent);
	$('ask-form').addEventListener('submit', onAsk);
	window.addEventListener('offline', onOffline);
	window.addEventListener('online', onOnline);
	if (!navigator.onLine)
		onOffline();
	keepOffline();
	const find = document.querySelector('#all .find');
	find.hidden = false;
	$('find').addEventListener('input', onFind);
	const print = $('print');
	print.hidden = false;
	print.addEventListener('click', () => window.print());
	drawChart();
}

async function main() {
	document.documentElement.classList.add('js');
	const plan = $('plan');
	if (plan)
		startPlan(plan);
	else if ($('plan-form'))
		startForm();
	await loadSources();
}

main();
