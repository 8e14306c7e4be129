// Keyboard shortcuts for the moderation queue and review pages. Every action is
// also a plain button or link; these keys only save the trips with Tab.
(function () {
  'use strict';

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll('#moderation-queue .queue-item'));
  }

  function current(list) {
    var active = document.activeElement;
    for (var i = 0; i < list.length; i++) if (list[i].contains(active)) return i;
    return -1;
  }

  function move(step) {
    var list = items();
    if (!list.length) return;
    var i = current(list);
    var next = i === -1 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, i + step));
    var target = list[next].querySelector('button.open');
    if (target) {
      target.focus();
      list[next].scrollIntoView({ block: 'nearest' });
    }
  }

  function submit(form) {
    if (!form) return;
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  }

  function toggleHelp() {
    var help = document.getElementById('shortcut-help');
    if (!help) return;
    help.open = !help.open;
    var summary = help.querySelector('summary');
    if (summary) summary.focus();
  }

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e.target)) return;
    var page = document.querySelector('[data-page^="moderation-"]');
    if (!page) return;
    var kind = page.getAttribute('data-page');
    var key = e.key;

    if (key === '?') {
      e.preventDefault();
      toggleHelp();
      return;
    }
    if (kind === 'moderation-queue') {
      if (key === 'j') {
        e.preventDefault();
        move(1);
      } else if (key === 'k') {
        e.preventDefault();
        move(-1);
      } else if (key === 'x') {
        var list = items();
        var i = current(list);
        if (i === -1) return;
        var box = list[i].querySelector('input[type=checkbox]');
        if (box && !box.disabled) {
          e.preventDefault();
          box.checked = !box.checked;
        }
      }
      // Enter on a focused "Open" button opens it natively
      return;
    }
    if (kind === 'moderation-review') {
      if (key === 'a') {
        var approve = document.getElementById('approve-form');
        if (approve) {
          e.preventDefault();
          submit(approve);
        }
      } else if (key === 'r') {
        var reason = document.getElementById('review-reason');
        if (reason) {
          e.preventDefault();
          reason.focus();
        }
      } else if (key === 'u') {
        var release = document.getElementById('release-form');
        if (release) {
          e.preventDefault();
          submit(release);
        }
      } else if (key === 'b') {
        var back = document.getElementById('back-to-queue');
        if (back) {
          e.preventDefault();
          back.click();
        }
      }
    }
  });
})();
