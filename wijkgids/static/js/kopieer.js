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
