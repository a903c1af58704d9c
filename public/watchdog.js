// Watchdog: a wasm panic or an app that never mounts must not leave a dead
// wallboard. Show why, then reload with a growing delay (2 s … 60 s); the count
// resets once the app has run for a minute. A file rather than an inline script, so
// the page runs under a Content-Security-Policy without 'unsafe-inline'.
(function () {
  var KEY = "floorview.reloads";
  var dead = false;
  function attempts() {
    try { return Number(sessionStorage.getItem(KEY)) || 0; } catch (e) { return 0; }
  }
  function die(reason) {
    if (dead) return;
    dead = true;
    var n = attempts();
    var seconds = Math.min(60, Math.pow(2, n + 1));
    try { sessionStorage.setItem(KEY, String(n + 1)); } catch (e) {}
    var box = document.createElement("div");
    box.className = "watchdog";
    box.setAttribute("role", "alert");
    box.setAttribute("data-testid", "watchdog");
    box.textContent = "Floorview stopped: " + reason + ". Reloading in " + seconds + " s…";
    if (/[?&]kiosk(=|&|$)/.test(location.search)) box.className += " watchdog--kiosk"; // kiosk: readable across the room
    (document.body || document.documentElement).appendChild(box);
    setTimeout(reload, seconds * 1000);
  }
  // A reload keeps the URL, so kiosk parameters survive. Offline without the kiosk's
  // offline shell, a reload would only show the browser's error page: wait for the
  // network instead.
  function reload() {
    var shell = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (navigator.onLine === false && !shell) window.addEventListener("online", function () { location.reload(); });
    else location.reload();
  }
  function isPanic(text) {
    return /panicked at|RuntimeError|unreachable/.test(String(text));
  }
  window.addEventListener("error", function (e) {
    if (isPanic(e.message) || isPanic(e.error)) die("the app crashed");
  });
  window.addEventListener("unhandledrejection", function (e) {
    if (isPanic(e.reason)) die("the app crashed");
  });
  var consoleError = console.error;
  console.error = function () {
    var text = Array.prototype.join.call(arguments, " ");
    if (text.indexOf("panicked at") >= 0) die("the app crashed");
    return consoleError.apply(console, arguments);
  };
  function ready() { return document.documentElement.getAttribute("data-app") === "ready"; }
  setTimeout(function () { if (!ready()) die("the app did not start"); }, 20000);
  setTimeout(function () { if (ready() && !dead) { try { sessionStorage.removeItem(KEY); } catch (e) {} } }, 60000);
})();
