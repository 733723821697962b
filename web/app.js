/* app.js: the patient's page. Plain JS, no build step, no libraries: the page must run under
 * the server's CSP (script-src 'self', no inline script or style), so every style is a class
 * or a CSSOM property, and every text from the server goes in through textContent.
 *
 *   /          a form (treatment time, device, depth, skin) -> POST /api/plan -> the plan
 *   /p/TOKEN   the clinic's stored treatment: GET /p/TOKEN.json -> the same plan, read only
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
const DEVICE_NAMES = { pen: 'Microneedling pen', dermaroller: 'Dermaroller', procell: 'Procell microchanneling' };
const DEPTH_NAMES = { superficial: 'Superficial', deep: 'Deep' };
const SKIN_NAMES = { sensitive: 'Sensitive', normal: 'Normal', oily: 'Oily', 'acne-prone': 'Acne-prone' };

/* The timeline covers at least a week and at most about a month: a longer one would make
 * each day too thin to read on a phone; what it cuts is still in each row's sentence. */
const MIN_DAYS = 7;
const MAX_DAYS = 30;

const HOUR_MS = 3600 * 1000;

/* ---- state ---- */

const state = {
	sources: new Map(),	/* source id -> name, from /api/sources */
	sourceList: [],		/* the same sources, in the guide's order, for "Sources" */
	names: new Map(),	/* activity id -> name, from the plan */
	params: null,		/* the treatment the plan shown was made for: what /api/ask is sent */
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

/* Times come as ISO 8601 with the server's offset; they are shown in the reader's own
 * locale and time zone. */
const timeFormat = new Intl.DateTimeFormat(undefined, {
	weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
});
const longTimeFormat = new Intl.DateTimeFormat(undefined, {
	weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

function fmtTime(iso) {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? String(iso) : timeFormat.format(d);
}

function fmtLongTime(iso) {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? String(iso) : longTimeFormat.format(d);
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

/* fetch, answering the parsed JSON; a non-2xx throws an Error with the server's own
 * {"error": ...} message, so that the page shows what is wrong rather than a status code. */
async function fetchJSON(url, options) {
	let res;
	try {
		res = await fetch(url, options);
	} catch (e) {
		throw new Error('The server could not be reached. Check your connection and try again.');
	}
	let body = null;
	try {
		body = await res.json();
	} catch (e) {
		/* not JSON: said below */
	}
	if (!res.ok)
		throw new Error(body && body.error ? body.error : `The server answered ${res.status}.`);
	if (body === null)
		throw new Error('The server answered something that is not JSON.');
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

/* A stored treatment's parameters for /api/ask: its treated_at goes back as the server
 * wrote it, offset and all. "unspecified" is no field. */
function treatmentParams(t) {
	const p = { treated: String(t.treated_at) };
	if (t.device)
		p.device = t.device;
	if (t.depth && t.depth !== 'unspecified')
		p.depth = t.depth;
	if (t.skin && t.skin !== 'unspecified')
		p.skin = t.skin;
	return p;
}

/* The current local time as a datetime-local value (to the minute). */
function localNowValue() {
	const d = new Date();
	d.setSeconds(0, 0);
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/* ---- red flags, details, sources ---- */

function renderRedFlags(flags) {
	const list = $('red-flag-list');
	clear(list);
	$('red-flags').hidden = flags.length === 0;
	for (const f of flags) {
		const li = el('li');
		li.append(el('p', 'flag-text', f.text));
		const q = el('blockquote', 'quote');
		q.append(el('p', null, `“${f.quote}”`));
		li.append(q);
		li.append(el('p', 'cite', `— ${sourceName(f.source)}${f.section ? `, “${f.section}”` : ''}`));
		list.append(li);
	}
}

function renderDetails(profile) {
	const dl = $('treatment-details');
	clear(dl);
	const rows = [
		['Treated', fmtLongTime(profile.treated_at)],
		['Device', DEVICE_NAMES[profile.device] || profile.device],
		['Needle depth', DEPTH_NAMES[profile.depth] || 'Not known'],
		['Skin type', SKIN_NAMES[profile.skin] || 'Not known'],
	];
	for (const [k, v] of rows) {
		const div = el('div');
		div.append(el('dt', null, k), el('dd', null, v));
		dl.append(div);
	}
}

function renderSources() {
	const list = $('source-list');
	clear(list);
	for (const s of state.sourceList) {
		const li = el('li');
		li.append(el('strong', null, s.name));
		if (s.section)
			li.append(document.createTextNode(` — in the guide's section “${s.section}”`));
		list.append(li);
	}
}

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

function disagreeNote() {
	return el('p', 'disagree', 'Sources disagree: the answer follows the most careful of them. Each one’s words are below.');
}

/* ---- right now ---- */

function treatmentInFuture(plan) {
	return new Date(plan.treated_at).getTime() > Date.now();
}

/* One activity in a "Right now" list: its name, when it clears, and its sources folded
 * (a details element: opened by keyboard too, and closed it keeps the lists short). */
function nowItem(a, showClear) {
	const li = el('li');
	const det = el('details');
	const sum = el('summary');
	sum.append(el('span', 'act-name', a.name));
	if (showClear) {
		sum.append(document.createTextNode(' — '));
		sum.append(el('span', 'clear', a.clear_at ? `fine from ${fmtTime(a.clear_at)}` : 'no end given'));
	}
	det.append(sum);
	const body = el('div', 'details-body');
	if (showClear && !a.clear_at) {
		/* the engine's reading: a source that also restricts with no end gives no end */
		const other = a.timed_sources_clear_after_hours;
		body.append(el('p', null, other
			? `Not every source gives this an end; those that do allow it after ${fmtHours(other)}. Ask your practitioner.`
			: 'The guide gives no end to this. Ask your practitioner.'));
	}
	/* How the answer changes for a depth or skin type the treatment leaves unstated. */
	for (const v of a.variants || [])
		body.append(el('p', 'variant', v.text));
	if (a.disputed)
		body.append(disagreeNote());
	for (const r of a.reasons || [])
		body.append(el('p', 'reason', r));
	renderPositions(a.positions || [], body);
	det.append(body);
	li.append(det);
	return li;
}

function renderNow(plan) {
	const lists = { avoid: $('avoid-list'), caution: $('caution-list'), ok: $('ok-list'), unknown: $('unknown-list') };
	for (const l of Object.values(lists))
		clear(l);
	const future = treatmentInFuture(plan);
	$('now-h').textContent = future ? 'Right after the treatment' : 'Right now';
	$('now-when').textContent = future
		? `The treatment is still to come (${fmtTime(plan.treated_at)}); this is how things stand just after it.`
		: `As of ${fmtTime(plan.activities.length ? plan.activities[0].at : new Date().toISOString())}.`;
	/* Soonest to clear first among those to avoid: that is what someone waits for. */
	const byClear = (a, b) => (a.clear_after_hours ?? Infinity) - (b.clear_after_hours ?? Infinity);
	const groups = { avoid: [], caution: [], ok: [], unknown: [] };
	for (const a of plan.activities) {
		const g = a.verdict === 'recommend' ? 'ok' : (groups[a.verdict] ? a.verdict : 'unknown');
		groups[g].push(a);
	}
	groups.avoid.sort(byClear);
	groups.caution.sort(byClear);
	for (const [g, acts] of Object.entries(groups)) {
		for (const a of acts)
			lists[g].append(nowItem(a, g === 'avoid' || (g === 'caution' && a.clear_at)));
		if (!acts.length)
			lists[g].append(el('li', 'muted', 'Nothing.'));
	}
	$('unknown-wrap').hidden = groups.unknown.length === 0;
}

/* ---- the timeline ---- */

/* An activity's states over time: [{from, to, verdict}] in hours. It starts as its first
 * milestone's `before` (or as its verdict now when nothing changes) and turns to each
 * milestone's `after` at that milestone. */
function activitySegments(a, milestones) {
	const ms = milestones.filter((m) => m.activity === a.activity)
		.sort((x, y) => x.elapsed_hours - y.elapsed_hours);
	const segs = [];
	let from = 0;
	let v = ms.length ? ms[0].before : a.verdict;
	for (const m of ms) {
		if (m.elapsed_hours > from)
			segs.push({ from, to: m.elapsed_hours, verdict: v, at: m.at });
		from = m.elapsed_hours;
		v = m.after;
	}
	segs.push({ from, to: Infinity, verdict: v });
	return segs;
}

/* "Swimming: avoid until Fri 27 Nov 10:00, then fine." */
function rowSentence(a, segs) {
	const parts = segs.map((s, i) => {
		const word = verdictOf(s.verdict).word;
		const tail = s.to === Infinity ? '' : ` until ${fmtTime(s.at)} (day ${Math.floor(s.to / 24)})`;
		return (i ? 'then ' : '') + word + tail;
	});
	let text = `${a.name}: ${parts.join(', ')}`;
	const last = segs[segs.length - 1];
	if (segs.length === 1 && last.verdict === 'avoid')
		text += ' (the guide gives no end)';
	text += '.';
	if (a.disputed)
		text += ' Sources disagree.';
	return text;
}

/* Days shown: past the last change by a day, at least a week, at most MAX_DAYS. */
function timelineDays(plan) {
	const last = plan.milestones.reduce((m, x) => Math.max(m, x.elapsed_hours), 0);
	const wanted = Math.ceil(last / 24) + 1;
	return { days: Math.min(Math.max(wanted, MIN_DAYS), MAX_DAYS), cut: wanted > MAX_DAYS };
}

function pct(x) {
	return `${(x * 100).toFixed(3)}%`;
}

function renderAxis(days, where) {
	const axis = el('div', `tl-axis tl-axis-${where}`);
	axis.setAttribute('aria-hidden', 'true');
	axis.append(el('div', 'tl-corner', 'Day'));
	const ticks = el('div', 'tl-ticks');
	for (let d = 0; d <= days; d++) {
		const t = el('span', 'tl-tick', d);
		t.style.left = pct(d / days);
		if (d === 0)
			t.classList.add('tl-tick-first');
		ticks.append(t);
	}
	axis.append(ticks);
	return axis;
}

function renderRow(a, milestones, days) {
	const segs = activitySegments(a, milestones);
	const li = el('li', 'tl-row');
	li.dataset.activity = a.activity;
	/* The visible label and bar are for the eye; the sentence says the same for a screen
	 * reader (and is what prints). */
	const label = el('div', 'tl-label');
	label.setAttribute('aria-hidden', 'true');
	label.append(el('span', 'tl-name', a.name));
	if (a.disputed)
		label.append(el('span', 'tag', 'sources disagree'));
	li.append(label);
	li.append(el('p', 'tl-text', rowSentence(a, segs)));
	const track = el('div', 'tl-track');
	track.setAttribute('aria-hidden', 'true');
	const span = days * 24;
	for (const s of segs) {
		if (s.from >= span)
			break;
		const seg = el('span', `seg ${verdictOf(s.verdict).cls}`);
		seg.style.left = pct(s.from / span);
		seg.style.width = pct((Math.min(s.to, span) - s.from) / span);
		seg.title = `${verdictOf(s.verdict).word}`;
		track.append(seg);
	}
	li.append(track);
	return li;
}

function renderTimeline(plan) {
	const tl = $('tl');
	clear(tl);
	const { days, cut } = timelineDays(plan);
	tl.style.setProperty('--days', String(days));
	tl.append(renderAxis(days, 'top'));
	const rows = el('ul', 'tl-rows');
	rows.setAttribute('aria-label', 'Each activity over the days after treatment');
	for (const a of plan.activities)
		rows.append(renderRow(a, plan.milestones, days));
	tl.append(rows);
	/* The chart is long: the days again at its foot. */
	tl.append(renderAxis(days, 'bottom'));

	const note = $('timeline-note');
	clear(note);
	if (cut)
		note.append(el('span', null, `The chart shows the first ${days} days; later changes are in each row's text and in "Right now". `));
	const elapsed = plan.activities.length ? plan.activities[0].elapsed_hours : null;
	if (elapsed !== null && !treatmentInFuture(plan)) {
		if (elapsed <= days * 24) {
			const now = el('div', 'tl-now');
			now.setAttribute('aria-hidden', 'true');
			now.append(el('span', 'tl-now-label', 'now'));
			/* Past the label column, then a fraction of the track (app.css: .tl-row). */
			now.style.left = `calc(var(--label-w) + (100% - var(--label-w) - var(--tail)) * ${(elapsed / (days * 24)).toFixed(5)})`;
			tl.append(now);
			/* Said on screen only: the printed handout has no line. */
			note.append(el('span', 'no-print', `The line marked “now” is day ${Math.floor(elapsed / 24)} after your treatment.`));
			scrollToNow(elapsed / (days * 24));
		} else {
			note.append(el('span', null, 'Your treatment is further back than the chart: everything is at its last state.'));
		}
	}
}

/* On a narrow screen the chart scrolls sideways: bring "now" into view, a little from the
 * left, so that what comes next is what shows. */
function scrollToNow(frac) {
	const box = $('tl-scroll');
	const tl = $('tl');
	const label = $('tl').querySelector('.tl-corner').offsetWidth;
	const x = label + (tl.offsetWidth - label) * frac;
	const visible = box.clientWidth - label;
	box.scrollLeft = x - label > visible * 0.8 ? x - label - visible * 0.25 : 0;
}

/* ---- add to calendar ---- */

function renderCalendar(treatment, params) {
	const sub = $('cal-subscribe');
	const dl = $('cal-download');
	if (treatment && treatment.calendar) {
		/* The stored treatment's feed: a webcal:// link opens the calendar app, which then
		 * keeps it up to date; the plain link downloads the file once. */
		sub.href = `webcal://${location.host}${treatment.calendar}`;
		sub.hidden = false;
		dl.href = treatment.calendar;
	} else {
		const q = new URLSearchParams(params);
		sub.hidden = true;
		sub.removeAttribute('href');
		dl.href = `/api/plan.ics?${q.toString()}`;
	}
}

/* ---- the whole plan ---- */

function renderPlan(plan, treatment) {
	state.names = new Map(plan.activities.map((a) => [a.activity, a.name]));
	/* Shown first: the timeline measures itself to scroll to "now". */
	$('plan').hidden = false;
	renderRedFlags(plan.red_flags || []);
	renderDetails(plan.profile || { treated_at: plan.treated_at });
	if (plan.disclaimer)	/* the library's own sentence, as the command prints it */
		$('disclaimer').textContent = plan.disclaimer;
	renderNow(plan);
	renderTimeline(plan);
	renderCalendar(treatment, state.params);
	renderSources();
	clear($('answer'));
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
	if (a.facts && a.facts.length) {
		box.append(el('h3', null, 'What the sources say'));
		renderFacts(a.facts, box);
	}
}

async function onAsk(ev) {
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
	const button = ev.target.querySelector('button');
	button.disabled = true;
	box.append(el('p', 'muted', 'Asking…'));
	try {
		const answer = await postJSON('/api/ask', { question, ...state.params });
		renderAnswer(answer);
	} catch (e) {
		clear(box);
		box.append(el('p', 'error', e.message));
	} finally {
		button.disabled = false;
	}
}

/* ---- the two pages ---- */

async function onPlanSubmit(ev) {
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
	const params = formParams();
	setStatus('Making your plan…');
	try {
		const plan = await postJSON('/api/plan', params);
		state.params = params;
		renderPlan(plan, null);
		setStatus('Your plan is below.');
		/* Keyboard and screen-reader users land on the result, red flags first. */
		$('red-flags-h').focus();
	} catch (e) {
		setStatus('', false);
		err.textContent = e.message;
		err.hidden = false;
		treated.setAttribute('aria-invalid', 'true');
		treated.focus();
	}
}

function startForm() {
	$('setup').hidden = false;
	$('treated').value = localNowValue();
	$('plan-form').addEventListener('submit', onPlanSubmit);
}

async function startPatient() {
	document.title = 'Your microneedling aftercare plan';
	setStatus('Loading your plan…');
	try {
		const data = await fetchJSON(`${location.pathname}.json`);
		state.params = treatmentParams(data.treatment);
		renderPlan(data.plan, data.treatment);
		$('treatment-h').textContent = 'Your treatment, as your clinic entered it';
		setStatus('');
	} catch (e) {
		setStatus(e.message, true);
	}
}

async function main() {
	/* Focus is moved there when a plan is shown: it must take focus without being a Tab stop. */
	$('red-flags-h').tabIndex = -1;
	$('ask-form').addEventListener('submit', onAsk);
	$('print').addEventListener('click', () => window.print());
	await loadSources();
	/* /p/TOKEN is the patient's page; anything else served this file is the form. */
	if (/^\/p\/[^/.]+$/.test(location.pathname))
		await startPatient();
	else
		startForm();
}

main();
