// Tells the server the browser's time zone, so dates are shown in local time (UTC until then).
// Asking Intl for the zone's name is the costly part (the first call loads the time-zone data:
// tens of milliseconds on a phone, at page load), so it is asked only when the answer may have
// changed: no cookie yet, or the device's offsets from UTC in January and July are not the ones
// the cookie was set with (the device travelled or was set to another zone). A device on UTC
// all year sets nothing: UTC is what the server shows without the cookie.
(function () {
  try {
    var year = new Date().getFullYear();
    var offsets = new Date(year, 0, 1).getTimezoneOffset() + ',' + new Date(year, 6, 1).getTimezoneOffset();
    var cookies = '; ' + document.cookie + ';';
    var saved = null;
    try {
      saved = window.localStorage.getItem('tz-offsets');
    } catch (e) {
      /* storage off: ask Intl each time */
    }
    if (cookies.indexOf('; tz=') >= 0 ? saved === offsets : offsets === '0,0') return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    var value = encodeURIComponent(zone);
    if (cookies.indexOf('; tz=' + value + ';') < 0) {
      document.cookie = 'tz=' + value + '; path=/; max-age=31536000; samesite=lax' + (location.protocol === 'https:' ? '; secure' : '');
    }
    try {
      window.localStorage.setItem('tz-offsets', offsets);
    } catch (e) {
      /* storage off */
    }
  } catch (e) {
    /* an old browser: dates stay in UTC */
  }
})();
