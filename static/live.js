// A live part re-fetches itself when its signal arrives (hx-trigger="sse:<event>"). A signal
// that arrives while its refresh is still on the way is queued by htmx on the element, and
// dropped when that refresh swaps the element out (outerHTML): the answer, made before the
// change the signal announces, would then stay on the page. Such a signal is kept here by the
// part's id and fired again on the part that took its place.
(function () {
  'use strict';
  var inFlight = {};
  var missed = {};

  function liveId(elt) {
    return elt && elt.id && elt.getAttribute && /(^|[\s,])sse:/.test(elt.getAttribute('hx-trigger') || '') ? elt.id : null;
  }

  document.addEventListener('htmx:beforeRequest', function (e) {
    var id = liveId(e.detail && e.detail.elt);
    if (id) inFlight[id] = true;
  });
  document.addEventListener('htmx:sseMessage', function (e) {
    var id = liveId(e.target);
    if (id && inFlight[id] && e.detail && e.detail.type) missed[id] = 'sse:' + e.detail.type;
  });
  // the refresh is over: its part settled in place (a replaced part's own events do not reach the
  // document), or, when nothing was swapped, its request ended; a signal kept meanwhile fires on the
  // part now under that id
  function done(id) {
    delete inFlight[id];
    var signal = missed[id];
    if (!signal) return;
    delete missed[id];
    setTimeout(function () {
      var elt = document.getElementById(id);
      if (elt && window.htmx) window.htmx.trigger(elt, signal);
    }, 0);
  }
  document.addEventListener('htmx:afterSettle', function (e) {
    var id = liveId(e.target);
    if (id) done(id);
  });
  document.addEventListener('htmx:afterRequest', function (e) {
    var id = liveId(e.detail && e.detail.elt);
    if (id) done(id);
  });
})();
