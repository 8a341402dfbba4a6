// Small improvements on top of pages that work without JavaScript.

// Copy buttons for citations. Without JavaScript the buttons stay hidden and the text is selectable.
document.querySelectorAll("button[data-kopieer]").forEach(function (knop) {
  if (!navigator.clipboard) return;
  knop.hidden = false;
  knop.addEventListener("click", function () {
    var bron = document.getElementById(knop.getAttribute("data-kopieer"));
    var tekst = bron.textContent.trim();
    navigator.clipboard.writeText(tekst).then(function () {
      var oud = knop.textContent;
      knop.textContent = "Gekopieerd";
      knop.setAttribute("aria-live", "polite");
      setTimeout(function () { knop.textContent = oud; }, 2000);
    });
  });
});

// The citation bundle lives in a cookie of lesson numbers: the header shows how many, and a lesson's
// button says whether it is in the bundle and offers to take it out. The pages themselves are the
// same for every visitor, so this is the only place that knows the visitor's bundle.
(function () {
  var cookie = document.cookie.split("; ").find(function (c) { return c.indexOf("citatiebundel=") === 0; });
  // The server quotes a value with commas and writes each comma as \054.
  var waarde = cookie ? cookie.split("=")[1].replace(/"/g, "").replace(/\\054/g, ",") : "";
  var bundel = waarde.split(",").filter(function (pk) { return /^[0-9]+$/.test(pk); });
  document.querySelectorAll("[data-bundel-aantal]").forEach(function (teller) {
    teller.textContent = bundel.length ? " (" + bundel.length + ")" : "";
  });
  document.querySelectorAll("form.bundelknop[data-les]").forEach(function (form) {
    if (bundel.indexOf(form.getAttribute("data-les")) === -1) return;
    var actie = document.createElement("input");
    actie.type = "hidden";
    actie.name = "actie";
    actie.value = "verwijderen";
    form.appendChild(actie);
    form.querySelector("button").textContent = "Haal uit mijn citatiebundel";
    var staat = document.createElement("p");
    staat.className = "bundelknop__staat";
    staat.textContent = "Deze les staat in uw citatiebundel.";
    form.insertBefore(staat, form.firstChild);
  });
})();
