// A live part re-fetches itself when its signal arrives (hx-trigger="sse:<event>"). htmx alone
// loses a signal in two moments: one that arrives while the part's refresh is on the way is
// queued on the element and dropped when that refresh swaps the element out (outerHTML), and
// one that arrives after the swap but before the new element is set up (htmx's settle delay)
// reaches no element at all. Either way the answer on the page was made before the change the
// signal announces. So the signals are counted here, off the stream itself; each request notes
// the counts when it leaves; and a part whose content was made before its latest signal is
// fetched again once it is set up and no refresh of it is on the way.
(function () {
  'use strict';
  var sent = {}; // event name -> messages received
  var shown = {}; // part id -> signals its content accounts for

  function names(elt) {
    var found = [];
    var trigger = (elt && elt.getAttribute && elt.getAttribute('hx-trigger')) || '';
    trigger.replace(/(?:^|[\s,])sse:([\w.-]+)/g, function (_, name) {
      found.push(name);
      return _;
    });
    return found;
  }
  function liveId(elt) {
    return elt && elt.id && names(elt).length ? elt.id : null;
  }
  function count(msg) {
    if (!msg || msg.liveCounted || typeof msg.type !== 'string') return;
    msg.liveCounted = true; // the same message reaches htmx's listeners too
    sent[msg.type] = (sent[msg.type] || 0) + 1;
  }
  function seenBy(elt, snapshot) {
    var total = 0;
    names(elt).forEach(function (name) {
      total += snapshot[name] || 0;
    });
    return total;
  }
  function internal(elt) {
    return elt['htmx-internal-data'] || {};
  }

  // listen to the stream for every signal a part on the page waits for
  function listen(source, root) {
    if (!source) return;
    var heard = source.liveHeard || (source.liveHeard = {});
    var parts = root.querySelectorAll ? root.querySelectorAll('[hx-trigger*="sse:"]') : [];
    var all = [root].concat(Array.prototype.slice.call(parts));
    all.forEach(function (elt) {
      names(elt).forEach(function (name) {
        if (heard[name]) return;
        heard[name] = true;
        source.addEventListener(name, function (msg) {
          count(msg);
          Array.prototype.forEach.call(document.querySelectorAll('[hx-trigger*="sse:"]'), function (part) {
            if (part.id && names(part).indexOf(name) >= 0) later(part.id);
          });
        });
      });
    });
  }
  function currentSource() {
    var host = document.querySelector('[sse-connect]');
    return host ? internal(host).sseEventSource : null;
  }
  document.addEventListener('htmx:sseOpen', function (e) {
    listen(e.detail && e.detail.source, document.body);
  });
  document.addEventListener('htmx:load', function (e) {
    listen(currentSource(), e.target);
  });

  // every request notes what had been signalled when it left, its own signal included
  document.addEventListener('htmx:beforeRequest', function (e) {
    var d = e.detail || {};
    if (!d.xhr) return;
    var ev = d.requestConfig && d.requestConfig.triggeringEvent;
    if (ev && typeof MessageEvent !== 'undefined' && ev.detail instanceof MessageEvent) count(ev.detail);
    var snapshot = {};
    for (var k in sent) snapshot[k] = sent[k];
    d.xhr.liveSent = snapshot;
  });
  function record(id, elt, xhr) {
    if (!xhr || !xhr.liveSent) return;
    shown[id] = Math.max(shown[id] || 0, seenBy(elt, xhr.liveSent));
    later(id);
  }
  // a part swapped in: its content is as of its request
  document.addEventListener('htmx:afterSettle', function (e) {
    var id = liveId(e.target);
    if (id) record(id, e.target, e.detail && e.detail.xhr);
  });
  // a refresh that is over (one that replaced its part is announced on the part's parent)
  document.addEventListener('htmx:afterRequest', function (e) {
    var d = e.detail || {};
    var elt = d.requestConfig && d.requestConfig.elt;
    var id = liveId(elt);
    // a failed refresh is not retried here: the stream's reconnect catches the part up
    if (id && d.successful) record(id, elt, d.xhr);
  });

  function later(id) {
    setTimeout(function () {
      catchUp(id);
    }, 0);
  }
  function catchUp(id) {
    var elt = document.getElementById(id);
    if (!elt || !window.htmx) return;
    var wanted = seenBy(elt, sent);
    var data = internal(elt);
    // not set up yet (its settle follows), or a refresh is on the way (its end follows)
    if (wanted <= (shown[id] || 0) || !data.initHash || data.xhr) return;
    window.htmx.trigger(elt, 'sse:' + names(elt)[0], { replay: true });
  }
})();
