// The time left of the auctions on a page, ticking on the server's clock. Each
// `.bid-ends[data-ends-at]` carries the end and the server's time when the page was
// rendered; the difference between the server's clock and this device's is taken
// once, so a phone whose clock is wrong still counts down to the real end. A pushed
// end (a soft-close extension) replaces the element and is picked up on the next tick.
// The price part pushed with each bid carries the next minimum bid: a bid field the
// buyer has not touched follows it, and buy it now goes once it is no longer offered.
(function () {
  'use strict';

  var offset = null; // server time minus device time, in ms

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  function left(ms) {
    if (ms <= 0) return 'ending now';
    var s = Math.floor(ms / 1000);
    var d = Math.floor(s / 86400);
    var h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = s % 60;
    if (d > 0) return d + 'd ' + h + 'h left';
    if (h > 0) return h + 'h ' + m + 'm left';
    if (m > 0) return m + 'm ' + pad(sec) + 's left';
    return sec + 's left';
  }

  function tick() {
    var all = document.querySelectorAll('.bid-ends[data-ends-at]');
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (offset === null) {
        var server = Date.parse(el.getAttribute('data-server-now'));
        if (!isNaN(server)) offset = server - Date.now();
      }
      if (el.getAttribute('data-status') !== 'open') continue;
      var end = Date.parse(el.getAttribute('data-ends-at'));
      var out = el.querySelector('.countdown');
      if (isNaN(end) || !out) continue;
      var text = left(end - (Date.now() + (offset || 0)));
      if (out.textContent !== text) out.textContent = text;
    }
  }

  function followPrice(part) {
    var box = part.closest('.bid-box');
    if (!box) return;
    var asking = part.getAttribute('data-asking');
    var input = box.querySelector('input[data-asking-input]');
    if (input && asking) {
      // only a field still holding the minimum it was given follows the new one
      if (input.value === input.getAttribute('data-asking-input') && document.activeElement !== input) input.value = asking;
      input.setAttribute('data-asking-input', asking);
    }
    if (!part.hasAttribute('data-buy-now')) {
      var buy = box.querySelector('.buy-now-form');
      if (buy) buy.remove();
    }
  }

  function settled(e) {
    var el = (e.detail && e.detail.elt) || e.target;
    if (el && el.classList && el.classList.contains('auction-price')) followPrice(el);
    var parts = el && el.querySelectorAll ? el.querySelectorAll('.auction-price') : [];
    for (var i = 0; i < parts.length; i++) followPrice(parts[i]);
    tick();
  }
  document.addEventListener('htmx:afterSettle', settled);
  document.addEventListener('htmx:load', settled);

  tick();
  setInterval(tick, 1000);
})();
