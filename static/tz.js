// Tells the server the browser's time zone, so dates are shown in local time (UTC until then).
// Asking Intl for the zone's name is the costly part (the first call loads the time-zone data:
// tens of milliseconds on a phone, at page load), so it is asked only when the answer may have
// changed: no cookie yet, or the device's offsets from UTC in January and July are not the ones
// the zone was told with (the device travelled or was set to another zone). A device on UTC
// all year sets nothing: UTC is what the server shows without the cookie.
// Those offsets are kept in a second cookie (tzo, which the server ignores), not in Web
// Storage: the page reads its cookies anyway, while the first use of localStorage on a page
// waits for the browser to open the site's storage, a pause in the middle of the page's start.
(function () {
  try {
    var year = new Date().getFullYear();
    var offsets = new Date(year, 0, 1).getTimezoneOffset() + '/' + new Date(year, 6, 1).getTimezoneOffset();
    var cookies = '; ' + document.cookie + ';';
    var told = /; tzo=([^;]*);/.exec(cookies);
    if (cookies.indexOf('; tz=') >= 0 ? told !== null && told[1] === encodeURIComponent(offsets) : offsets === '0/0') return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    var attributes = '; path=/; max-age=31536000; samesite=lax' + (location.protocol === 'https:' ? '; secure' : '');
    var value = encodeURIComponent(zone);
    if (cookies.indexOf('; tz=' + value + ';') < 0) document.cookie = 'tz=' + value + attributes;
    document.cookie = 'tzo=' + encodeURIComponent(offsets) + attributes;
  } catch (e) {
    /* an old browser: dates stay in UTC */
  }
})();

// Dates in parts pushed alike to every viewer (a new bid, a moved end) are rendered in UTC and
// marked data-local: they are written again here in this device's zone and language, as the
// page around them was. Intl is asked only when such a part arrives.
(function () {
  var formats = {};
  var OPTIONS = {
    text: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
    date: { year: 'numeric', month: 'short', day: 'numeric' },
  };
  function format(kind, at) {
    var f = formats[kind] || (formats[kind] = new Intl.DateTimeFormat(undefined, OPTIONS[kind]));
    return f.format(at);
  }
  function localize(root) {
    if (!root || !root.querySelectorAll) return;
    var all = root.querySelectorAll('time[data-local]');
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      var at = new Date(el.getAttribute('datetime'));
      var kind = el.getAttribute('data-local');
      el.removeAttribute('data-local');
      if (isNaN(at.getTime())) continue;
      try {
        if (kind === 'title') el.setAttribute('title', format('text', at));
        else if (kind === 'text' || kind === 'date') el.textContent = format(kind, at);
      } catch (e) {
        /* an old browser: the UTC date stays */
      }
    }
  }
  document.addEventListener('htmx:load', function (e) {
    localize(e.target);
  });
})();
