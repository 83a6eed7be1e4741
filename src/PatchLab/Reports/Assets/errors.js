// Records script errors and console errors on the page itself, so a headless browser's DOM dump shows them.
(function () {
  function record(text) {
    var root = document.documentElement;
    root.dataset.errors = (root.dataset.errors ? root.dataset.errors + "\n" : "") + text;
  }
  window.addEventListener("error", function (e) { record(String(e.message)); });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, " "));
    consoleError.apply(console, arguments);
  };
})();
