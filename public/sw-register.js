/*
 * Registers the offline service worker (sw.js, written next to this file by the build; see
 * src/selfhost/). Relative to this script's own URL, so it works under any base path. Waits for
 * the page's load event so precaching the site never competes with the first lesson's loading.
 * Under `astro dev` there is no sw.js: registration fails and the site stays online-only.
 */
(function () {
  if (!('serviceWorker' in navigator) || !document.currentScript) return;
  var here = new URL('.', document.currentScript.src);
  var register = function () {
    navigator.serviceWorker.register(new URL('sw.js', here).href, { scope: here.pathname }).catch(function (error) {
      console.info('packetwalk: offline support unavailable:', error && error.message);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
})();
