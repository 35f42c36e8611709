// Menus in the header: one open at a time; Escape or a click elsewhere closes them.
document.addEventListener("DOMContentLoaded", () => {
  const menus = [...document.querySelectorAll(".nav-group details")];
  const closeAll = (except) => menus.forEach((m) => { if (m !== except) m.open = false; });
  menus.forEach((menu) => menu.addEventListener("toggle", () => { if (menu.open) closeAll(menu); }));
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".nav-group")) closeAll(null);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = menus.find((m) => m.open);
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
});

// A PDF takes a few seconds to draw: say so beside the link that asked for it.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link || !/\bPDF\b/.test(link.textContent)) return;
  let note = link.nextElementSibling;
  if (!note || !note.classList.contains("preparing")) {
    note = document.createElement("span");
    note.className = "preparing";
    note.setAttribute("role", "status");
    link.after(note);
  }
  // Set after the live region exists, so screen readers announce it.
  setTimeout(() => { note.textContent = "Preparing the PDF: it can take a few seconds."; }, 50);
  setTimeout(() => { note.textContent = ""; }, 20000);
});

// On a phone the header's menu folds behind a "Menu" button. The button is
// hidden in the HTML, so without JavaScript the whole menu simply shows.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".menu-button");
  const header = document.querySelector(".site-header");
  if (!button || !header) return;
  header.classList.add("foldable");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("menu-open", open);
  });
});

// A table stacks into one block per row on a phone; each cell is headed by its
// column's name (data-label). Templates give it; this fills any cell left
// without one, including rows htmx brings in later.
const labelCells = (root) => {
  root.querySelectorAll("table").forEach((table) => {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach((row) => {
      let column = 0;
      [...row.children].forEach((cell) => {
        if (!cell.hasAttribute("data-label") && heads[column]) cell.dataset.label = heads[column];
        column += cell.colSpan || 1;
      });
    });
  });
};
document.addEventListener("DOMContentLoaded", () => labelCells(document));
document.addEventListener("htmx:afterSettle", () => labelCells(document));
