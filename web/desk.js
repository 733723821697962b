// desk.js: the clinic desk (docs/desk.md). Talks to this server only: /clinic/session for who
// is signed in and the CSRF token every change carries, /api/treatments for the list and the
// changes, /api/audit for the owner. Times are the clinic's (its zone from clinic.yaml).
'use strict';
(function () {
	const $ = (id) => document.getElementById(id);
	let session = null;
	let zone;		/* the clinic's time zone; undefined: this browser's */
	let cursor = null;	/* the list's next page */
	let pending = null;	/* a change waiting for "keep it anyway" */

	const DEVICES = [['pen', 'Microneedling pen'], ['dermaroller', 'Dermaroller'], ['procell', 'Procell microchanneling']];
	const SKINS = [['unspecified', 'Not given'], ['sensitive', 'Sensitive'], ['normal', 'Normal'], ['oily', 'Oily'], ['acne-prone', 'Acne-prone']];

	function say(text) {
		$('status').textContent = text;
	}

	function fill(select, options) {
		for (const [value, label] of options) {
			const o = document.createElement('option');
			o.value = value;
			o.textContent = label;
			select.append(o);
		}
	}

	/* The treatment's five fields (desk.html's one template) into a form, before the node
	 * given (null: at its end), their ids and labels' targets prefixed "add-" or "edit-". */
	function treatmentFields(prefix, into, before) {
		const part = $('treatment-fields').content.cloneNode(true);
		const named = (v) => v.replace(/^field-/, `${prefix}-`);
		for (const e of part.querySelectorAll('[id]')) e.id = named(e.id);
		for (const l of part.querySelectorAll('label[for]')) l.htmlFor = named(l.htmlFor);
		into.insertBefore(part, before);
		fill($(`${prefix}-device`), DEVICES);
		fill($(`${prefix}-skin`), SKINS);
	}

	/* "YYYY-MM-DDTHH:MM" of an instant in the clinic's zone. */
	function localInput(date) {
		const parts = {};
		for (const p of new Intl.DateTimeFormat('en-GB', {
			timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
			hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
		}).formatToParts(date))
			parts[p.type] = p.value;
		return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
	}

	function shown(iso) {
		return new Intl.DateTimeFormat('en-GB', {
			timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
		}).format(new Date(iso));
	}

	async function api(method, path, body) {
		const opts = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
		if (method !== 'GET') {
			opts.headers['X-CSRF-Token'] = session.csrf;
			opts.headers['Content-Type'] = 'application/json';
			opts.body = JSON.stringify(body || {});
		}
		const res = await fetch(path, opts);
		if (res.status === 401) {
			location.assign('/clinic');
			throw new Error('signed out');
		}
		const json = await res.json().catch(() => ({}));
		return { status: res.status, json };
	}

	function fullLink(t) {
		return t.url || new URL(t.link, location.origin).href;
	}

	function row(t) {
		const tr = document.createElement('tr');
		tr.dataset.id = t.id;
		const time = document.createElement('td');
		time.textContent = shown(t.treated_at);
		const who = document.createElement('td');
		who.textContent = t.patient;
		const what = document.createElement('td');
		what.textContent = `${t.device}, ${t.depth === 'unspecified' ? 'depth not given' : t.depth}, ` +
			`${t.skin === 'unspecified' ? 'skin not given' : t.skin + ' skin'}` +
			(t.protocol_current === false ? ' (issued under an earlier protocol)' : '');
		const actions = document.createElement('td');
		actions.className = 'actions';
		const button = (label, cls, fn) => {
			const b = document.createElement('button');
			b.type = 'button';
			b.textContent = label;
			b.className = cls;
			b.setAttribute('aria-label', `${label}: ${t.patient}, ${shown(t.treated_at)}`);
			b.addEventListener('click', () => fn(t, b));
			actions.append(b);
		};
		button('Copy link', 'plain', copyLink);
		button('Edit', 'plain', openEdit);
		button('Print handout', 'plain', printHandout);
		button('Delete', 'danger', openDelete);
		tr.append(time, who, what, actions);
		return tr;
	}

	async function load(more) {
		const q = $('list-q').value.trim();
		const params = new URLSearchParams();
		if (q) params.set('q', q);
		if ($('list-date').value && !q) params.set('date', $('list-date').value);
		if (more && cursor) params.set('cursor', cursor);
		const { status, json } = await api('GET', `/api/treatments?${params}`);
		if (status !== 200) {
			say(json.error || `The list failed (${status}).`);
			return;
		}
		if (!more) $('list-body').replaceChildren();
		for (const t of json.treatments) $('list-body').append(row(t));
		cursor = json.next;
		$('list-more').hidden = !cursor;
		const n = $('list-body').children.length;
		$('list-empty').hidden = n > 0;
		$('list-caption').textContent = q ? `Treatments of patients named like "${q}"` : `Treatments on ${$('list-date').value}`;
		if (!more) loadAudit();
		if (!more) say(`${n} treatment${n === 1 ? '' : 's'}${q ? ` found for "${q}"` : ` on ${$('list-date').value}`}.`);
	}

	function today() {
		return localInput(new Date()).slice(0, 10);
	}

	async function copyLink(t) {
		const link = fullLink(t);
		try {
			await navigator.clipboard.writeText(link);
			say(`Link copied for ${t.patient}: ${link}`);
		} catch {
			say(`Copy this link for ${t.patient}: ${link}`);
		}
	}

	/* Send a change; a 409 shows its warnings and waits for "keep it anyway". */
	async function send(method, path, body, warnBox, warnText, done) {
		const { status, json } = await api(method, path, body);
		if (status === 409) {
			warnText.textContent = `${(json.warnings || []).map((w) => w.message).join('; ')}. Keep it anyway?`;
			warnBox.hidden = false;
			pending = () => send(method, path, { ...body, confirm: true }, warnBox, warnText, done);
			return;
		}
		warnBox.hidden = true;
		pending = null;
		if (status >= 400) {
			say(json.error || `That failed (${status}).`);
			return;
		}
		await done(json);
	}

	function formBody(prefix) {
		return {
			patient: $(`${prefix}-patient`).value.trim(),
			treated_at: $(`${prefix}-time`).value.replace('T', ' '),
			device: $(`${prefix}-device`).value,
			depth: $(`${prefix}-depth`).value,
			skin: $(`${prefix}-skin`).value,
		};
	}

	async function add(ev) {
		ev.preventDefault();
		const body = formBody('add');
		if (!body.patient || !body.treated_at) {
			say('Give the patient and the time.');
			(body.patient ? $('add-time') : $('add-patient')).focus();
			return;
		}
		await send('POST', '/api/treatments', body, $('add-warn'), $('add-warn-text'), async (t) => {
			say(`Added ${t.patient}, ${shown(t.treated_at)}. Their link: ${fullLink(t)}`);
			$('add-patient').value = '';
			$('add-time').value = localInput(new Date());
			$('list-q').value = '';
			$('list-date').value = t.treated_at.slice(0, 10);
			await load(false);
			$('add-patient').focus();
		});
	}

	let editing = null;
	function openEdit(t, opener) {
		editing = { t, opener };
		$('edit-patient').value = t.patient;
		$('edit-time').value = localInput(new Date(t.treated_at));
		$('edit-device').value = t.device;
		$('edit-depth').value = t.depth;
		$('edit-skin').value = t.skin;
		$('edit-warn').hidden = true;
		$('edit-dialog').showModal();
		$('edit-patient').focus();
	}

	async function saveEdit(ev) {
		ev.preventDefault();
		if (pending && !$('edit-warn').hidden) {
			await pending();
			return;
		}
		const body = formBody('edit');
		await send('PATCH', `/api/treatments/${editing.t.id}`, body, $('edit-warn'), $('edit-warn-text'), async (t) => {
			$('edit-dialog').close();
			say(`Saved ${t.patient}, ${shown(t.treated_at)}. The link is the same.`);
			await load(false);
		});
		if (!$('edit-warn').hidden) $('edit-save').textContent = 'Keep it anyway';
	}

	let deleting = null;
	function openDelete(t, opener) {
		deleting = { t, opener };
		$('delete-text').textContent = `${t.patient}, ${shown(t.treated_at)}. Their link will stop working.`;
		$('delete-dialog').showModal();
		$('delete-no').focus();
	}

	async function confirmDelete(ev) {
		ev.preventDefault();
		const { t } = deleting;
		const { status, json } = await api('DELETE', `/api/treatments/${t.id}`);
		$('delete-dialog').close();
		if (status !== 200) {
			say(json.error || `The delete failed (${status}).`);
			return;
		}
		say(`Deleted ${t.patient}, ${shown(t.treated_at)}.`);
		await load(false);
		$('list-q').focus();
	}

	function printHandout(t) {
		const c = (session && session.clinic) || {};
		$('handout-clinic').textContent = c.name || 'Your aftercare plan';
		$('handout-contact').textContent = c.phone ? `Phone: ${c.phone}` : '';
		$('handout-emergency').textContent = c.emergency ? ` (${c.phone || ''}); in an emergency: ${c.emergency}` : (c.phone ? ` (${c.phone})` : '');
		$('handout-protocol').textContent = t.protocol ? `, with ${c.name || 'the clinic'}'s own instructions labelled as the clinic's` : '';
		$('handout-link').textContent = fullLink(t);
		$('handout-when').textContent = `Treatment: ${shown(t.treated_at)}.`;
		const img = $('handout-qr');
		const go = () => {
			document.body.classList.add('printing');
			window.print();
			document.body.classList.remove('printing');
		};
		img.onload = go;
		const src = `/api/treatments/${t.id}/qr.svg`;
		if (img.getAttribute('src') === src && img.complete) { go(); return; }
		img.src = src;
	}

	async function loadAudit() {
		if (!session.owner) return;
		const { status, json } = await api('GET', '/api/audit?limit=50');
		if (status !== 200) return;
		$('audit').hidden = false;
		const body = $('audit-body');
		body.replaceChildren();
		for (const a of json.audit) {
			const tr = document.createElement('tr');
			for (const v of [shown(a.at), a.who, a.action, String(a.treatment), a.detail]) {
				const td = document.createElement('td');
				td.textContent = v;
				tr.append(td);
			}
			body.append(tr);
		}
	}

	async function start() {
		const res = await fetch('/clinic/session', { credentials: 'same-origin' });
		if (res.status !== 200) {
			location.assign('/clinic');
			return;
		}
		session = await res.json();
		zone = (session.clinic && session.clinic.time_zone) || undefined;
		$('csrf').value = session.csrf;
		$('who').textContent = `Signed in as ${session.name}`;
		if (session.clinic && session.clinic.name) $('clinic-name').textContent = `: ${session.clinic.name}`;
		treatmentFields('add', $('add-fields'), $('add-fields').firstElementChild);
		treatmentFields('edit', $('edit-fields'), null);
		$('add-time').value = localInput(new Date());
		$('list-date').value = today();
		$('add-form').addEventListener('submit', add);
		$('add-keep').addEventListener('click', () => pending && pending());
		$('add-cancel').addEventListener('click', () => { $('add-warn').hidden = true; pending = null; $('add-time').focus(); });
		$('list-form').addEventListener('submit', (ev) => { ev.preventDefault(); load(false); });
		$('list-today').addEventListener('click', () => { $('list-q').value = ''; $('list-date').value = today(); load(false); });
		$('list-more').addEventListener('click', () => load(true));
		$('edit-form').addEventListener('submit', saveEdit);
		$('edit-close').addEventListener('click', () => $('edit-dialog').close());
		$('edit-dialog').addEventListener('close', () => {
			pending = null;
			$('edit-save').textContent = 'Save';
			if (editing) editing.opener.focus();
		});
		$('delete-form').addEventListener('submit', confirmDelete);
		$('delete-no').addEventListener('click', () => $('delete-dialog').close());
		await load(false);
		await loadAudit();
	}

	start();
})();
