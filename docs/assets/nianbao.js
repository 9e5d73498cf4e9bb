// Material wraps wide Markdown tables in a box that scrolls sideways (on a
// phone, at 200 % zoom). A box that scrolls must be reachable from the keyboard
// and named for screen readers (WCAG 2.1.1, GB/T 37668), as our report tables'
// boxes are. Runs after Material has mounted the page (document$).
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    var caption = box.querySelector("caption");
    var heading = box.previousElementSibling;
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute(
      "aria-label",
      caption ? caption.textContent.trim()
        : heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent.replace("¶", "").trim()
        : "表格"
    );
  });
});
