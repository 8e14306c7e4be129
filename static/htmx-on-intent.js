// Loads htmx only once a visitor reaches for something it enhances, not while the page starts.
// A visitor's page whose htmx use waits for the visitor anyway (the search inside a shop, its
// pager) marks those elements with data-hx-* attributes (htmx reads them like hx-*) and includes
// this script, with htmx's address in data-src. Until htmx is there, the form and the links work
// as they are: a plain GET and plain links. A page that already has htmx (a signed-in one) is
// left alone. See usesHtmx in views/layouts/page.tsx.
(function () {
  var script = document.currentScript;
  var src = script && script.getAttribute('data-src');
  if (!src) return;
  var ENHANCED = '[data-hx-get],[data-hx-post]';
  var KINDS = ['pointerdown', 'touchstart', 'focusin', 'keydown'];
  var asked = false;

  function load() {
    var s = document.createElement('script');
    s.src = src;
    s.onload = function () {
      // an edit made while htmx was on its way (typing in a search box) is sent now
      var field = document.activeElement;
      var form = field && field.form;
      if (window.htmx && form && form.matches(ENHANCED) && 'defaultValue' in field && field.value !== field.defaultValue) window.htmx.trigger(form, 'submit');
    };
    document.head.appendChild(s);
  }

  function reach(e) {
    if (asked || window.htmx) return;
    if (!(e.target instanceof Element) || !e.target.closest(ENHANCED)) return;
    asked = true;
    for (var i = 0; i < KINDS.length; i++) document.removeEventListener(KINDS[i], reach, true);
    // htmx starts itself at DOMContentLoaded, or at once when the page has finished loading:
    // in between (pictures still coming) it would wait for an event that has passed
    if (document.readyState === 'complete') load();
    else window.addEventListener('load', load, { once: true });
  }

  for (var i = 0; i < KINDS.length; i++) document.addEventListener(KINDS[i], reach, { capture: true, passive: true });
})();
