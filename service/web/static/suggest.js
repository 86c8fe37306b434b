// Live ESCO occupation suggestions while an employer types a job title.
// Progressive enhancement: without JavaScript the form works and the server normalises the title.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var target = document.getElementById(input.getAttribute("data-suggest-target"));
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var last = null;

  function chosen() {
    var picked = target.querySelector("input[name=occupation_uri]:checked");
    return picked ? picked.value : "";
  }

  function refresh() {
    var text = input.value.trim();
    if (text === last) { return; }
    last = text;
    var query = "?title=" + encodeURIComponent(text) + "&chosen=" + encodeURIComponent(chosen());
    fetch(url + query, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (text === last) { target.innerHTML = html; } })
      .catch(function () { /* suggestions are optional */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  });
  if (input.value.trim()) { refresh(); }
})();
