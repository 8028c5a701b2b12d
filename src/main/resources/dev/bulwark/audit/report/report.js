(function () {
  "use strict";
  var severity = document.getElementById("severity-filter");
  var search = document.getElementById("text-filter");
  function apply() {
    var wanted = severity ? severity.value : "";
    var needle = search ? search.value.toLowerCase() : "";
    var items = document.querySelectorAll("details.finding");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var show = (!wanted || item.getAttribute("data-severity") === wanted)
        && (!needle || item.textContent.toLowerCase().indexOf(needle) >= 0);
      item.classList.toggle("hidden", !show);
    }
  }
  if (severity) { severity.addEventListener("change", apply); }
  if (search) { search.addEventListener("input", apply); }
  document.body.setAttribute("data-ready", "1");
})();
