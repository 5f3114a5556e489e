/*
 * Registers the offline service worker (sw.js, written next to this file by the build; see
 * src/selfhost/). Relative to this script's own URL, so it works under any base path.
 * Installing it precaches the whole site, the simulator's worker and xterm among it, so it waits
 * until the first lesson no longer needs the machine: after the page's load event and one idle
 * period (by then a terminal in view has started its cluster), and, while the lesson's cluster is
 * starting (`#pw-lesson[data-kernel="starting"]`), until it is ready or has failed, plus a few
 * seconds for the learner's first commands. Otherwise the precache competes with the boot the
 * learner is waiting for (a third of it, measured with bench/site.bench.ts) and then with the
 * first commands. Under `astro dev` there is no sw.js: registration fails and the site stays
 * online-only.
 */
(function () {
  if (!('serviceWorker' in navigator) || !document.currentScript) return;
  var here = new URL('.', document.currentScript.src);
  var register = function () {
    navigator.serviceWorker.register(new URL('sw.js', here).href, { scope: here.pathname }).catch(function (error) {
      console.info('packetwalk: offline support unavailable:', error && error.message);
    });
  };
  var whenLessonSettled = function () {
    var lesson = document.getElementById('pw-lesson');
    var starting = function () {
      return lesson !== null && lesson.getAttribute('data-kernel') === 'starting';
    };
    if (!starting()) return register();
    var observer = new MutationObserver(function () {
      if (starting()) return;
      observer.disconnect();
      setTimeout(register, 5000);
    });
    observer.observe(lesson, { attributes: true, attributeFilter: ['data-kernel'] });
  };
  var afterLoad = function () {
    if ('requestIdleCallback' in window) window.requestIdleCallback(whenLessonSettled, { timeout: 2000 });
    else setTimeout(whenLessonSettled, 200);
  };
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
})();
