// signin.js: the sign-in page says why it came back (the server's 303 names it).
'use strict';
(function () {
	const why = new URLSearchParams(location.search).get('signin');
	const box = document.getElementById('signin-error');
	const words = {
		failed: 'Wrong name or password.',
		locked: 'Too many wrong passwords: wait a little, then try again.',
	};
	if (why && words[why]) {
		box.textContent = words[why];
		box.hidden = false;
		document.getElementById('password').focus();
	}
})();
