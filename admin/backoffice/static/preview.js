// Markdown preview without leaving the page. Without JavaScript the 预览正文 button
// submits the form and the server re-renders it with the same previews.
(function () {
  "use strict";
  var button = document.querySelector("form.record-form button[name=preview]");
  if (!button || !window.fetch || !window.DOMParser) return;
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var form = button.form;
    var data = new FormData(form);
    data.append("preview", "1");
    button.disabled = true;
    fetch(form.action || window.location.href, {
      method: "POST", body: data, credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      // The server rendered the previews with the one sanitising renderer; move its
      // sections in place rather than building any HTML here.
      var page = new DOMParser().parseFromString(html, "text/html");
      form.querySelectorAll("section.preview").forEach(function (old) { old.remove(); });
      page.querySelectorAll("section.preview").forEach(function (section) {
        var field = section.parentElement && section.parentElement.querySelector("textarea");
        var target = field && document.getElementById(field.id);
        if (target) target.parentElement.appendChild(document.importNode(section, true));
      });
      var first = form.querySelector("section.preview");
      if (first) first.scrollIntoView({ block: "nearest" });
    }).catch(function () {
      form.requestSubmit(button);  // fall back to the plain form submission
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
