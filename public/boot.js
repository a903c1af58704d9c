// Starts the wasm app. Trunk's own loader is an inline <script type="module">, which
// a Content-Security-Policy without 'unsafe-inline' refuses; Trunk.toml's
// `pattern_script` puts this file in its place, with the hashed names of the bindings
// and the wasm in data attributes.
(function () {
  var me = document.currentScript;
  var js = me && me.getAttribute("data-js");
  var wasm = me && me.getAttribute("data-wasm");
  if (!js || !wasm) return;
  import(js)
    .then(function (bindings) {
      return bindings.default({ module_or_path: wasm });
    })
    .catch(function (e) {
      console.error("Floorview could not start: " + e);
    });
})();
