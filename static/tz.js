// Tells the server the browser's time zone, so dates are shown in local time (UTC until then).
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    var value = encodeURIComponent(zone);
    if (document.cookie.split('; ').indexOf('tz=' + value) >= 0) return;
    document.cookie = 'tz=' + value + '; path=/; max-age=31536000; samesite=lax' + (location.protocol === 'https:' ? '; secure' : '');
  } catch (e) {
    /* an old browser: dates stay in UTC */
  }
})();
