/* sw.js: keeps a patient's page readable when the network drops, reload included
 * (docs/web.md, "Offline"). Served by the server as /sw.js and registered by app.js on a
 * patient's page only, with the scope /p/: it never sees "/", the desk (/clinic) or anything
 * outside /p/ pages.
 *
 * Network first, always: online, every page and file comes from the server as it is now (a
 * changed plan is never shown stale), and a copy is kept in this browser's own cache for
 * this origin; only when the server cannot be reached (no network, or a 5xx) is the copy
 * shown. Kept: the patient's page last loaded (one; a removed link's copy is dropped when the
 * server says 404) and the page's own files. Never: a question sent (POST /api/ask), any
 * other request, or a page not visited. Plain JS, no libraries, nothing from elsewhere. */
'use strict';

const CACHE = 'aftercare-offline-1';
/* The page's own files, the same for everyone: kept when the worker is installed. */
const FILES = ['/static/app.css', '/static/app.js', '/static/favicon.svg', '/api/sources'];
const PAGE = /^\/p\/[A-Za-z0-9_-]{32}$/;

/* The pages (client ids) this worker answered with its copy, until each asks (app.js). */
const copies = new Set();

self.addEventListener('install', (ev) => {
	ev.waitUntil(caches.open(CACHE)
		.then((cache) => cache.addAll(FILES))
		.then(() => self.skipWaiting()));
});

/* An older worker's cache is dropped; the pages open now are this worker's from now on. */
self.addEventListener('activate', (ev) => {
	ev.waitUntil(caches.keys()
		.then((keys) => Promise.all(keys.filter((k) => k.startsWith('aftercare-') && k !== CACHE)
			.map((k) => caches.delete(k))))
		.then(() => self.clients.claim()));
});

/* Keep res (a 200) as the copy of the page at url, the only patient's page kept: the one
 * before it, if another, is dropped. */
async function keepPage(url, res) {
	const cache = await caches.open(CACHE);
	for (const req of await cache.keys())
		if (PAGE.test(new URL(req.url).pathname) && req.url !== url)
			await cache.delete(req);
	await cache.put(url, res);
}

async function dropPage(url) {
	const cache = await caches.open(CACHE);
	await cache.delete(url);
}

/* A patient's page: the server's, kept; else the copy, if any. A page with a query (the
 * "Can I…?" form sent without the script) is not kept, and falls back on the plain page's
 * copy. */
async function page(ev, url) {
	const key = url.origin + url.pathname;
	let res;
	try {
		res = await fetch(ev.request);
	} catch (e) {
		res = null;	/* no network */
	}
	if (res && res.status < 500) {
		if (res.status === 200 && !url.search)
			ev.waitUntil(keepPage(key, res.clone()));
		else if (res.status === 404)	/* the clinic removed it: no copy either */
			ev.waitUntil(dropPage(key));
		return res;
	}
	const copy = await caches.match(key, { cacheName: CACHE });
	if (!copy)
		return res || Response.error();
	copies.add(ev.resultingClientId);
	return copy;
}

/* One of FILES: the server's, kept; else the copy. */
async function file(ev, url) {
	try {
		const res = await fetch(ev.request);
		if (res.ok)
			ev.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.href, res.clone())));
		return res;
	} catch (e) {
		const copy = await caches.match(url.href, { cacheName: CACHE });
		if (copy)
			return copy;
		throw e;
	}
}

self.addEventListener('fetch', (ev) => {
	const url = new URL(ev.request.url);
	if (ev.request.method !== 'GET' || url.origin !== self.location.origin)
		return;	/* not ours to keep: the browser's own way */
	if (ev.request.mode === 'navigate' && PAGE.test(url.pathname))
		ev.respondWith(page(ev, url));
	else if (FILES.includes(url.pathname) && !url.search)
		ev.respondWith(file(ev, url));
});

/* The page at url fetched from the server and kept (a 404: its copy dropped): whether the
 * server answered (no network, or a 5xx: not). */
async function keepFromServer(url) {
	try {
		const res = await fetch(url, { cache: 'no-store' });
		if (res.status === 200)
			await keepPage(url, res);
		else if (res.status === 404)
			await dropPage(url);
		return res.status < 500;
	} catch (e) {
		return false;
	}
}

/* From app.js: "keep" the page it is on (its first load, before this worker was there to
 * see it; or the copy shown, to learn whether the server answers now), answering on the port
 * given, if one, {answered}; and "copy?": whether this worker answered that page with its
 * copy. */
self.addEventListener('message', (ev) => {
	const m = ev.data || {};
	const port = ev.ports[0];
	if (m.type === 'keep' && typeof m.path === 'string' && PAGE.test(m.path)) {
		const url = new URL(m.path, self.location.origin).href;
		ev.waitUntil(keepFromServer(url).then((answered) => {
			if (port)
				port.postMessage({ answered });
		}));
	} else if (m.type === 'copy?' && port) {
		const id = ev.source && ev.source.id;
		port.postMessage({ copy: copies.has(id) });
		copies.delete(id);
	}
});
