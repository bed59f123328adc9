/* 长者模式 across pages. The mode works without this file (CSS :target on #elder);
   this only remembers the choice in localStorage and re-applies it on the next page. */
(function () {
  "use strict";
  var KEY = "gongshi-elder";
  var root = document.documentElement;
  function remember(on) {
    try {
      if (on) { localStorage.setItem(KEY, "1"); } else { localStorage.removeItem(KEY); }
    } catch (e) { /* storage disabled: the mode still works on this page */ }
  }
  try {
    if (localStorage.getItem(KEY) === "1" || location.hash === "#elder") {
      root.classList.add("elder");
      remember(true);
    }
  } catch (e) { /* ignore */ }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (!link) { return; }
    if (link.classList.contains("elder-on")) {
      root.classList.add("elder");
      remember(true);
    } else if (link.classList.contains("elder-off")) {
      root.classList.remove("elder");
      remember(false);
    }
  });
}());
