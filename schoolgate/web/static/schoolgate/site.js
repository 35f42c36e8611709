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

// A long list of tick boxes (the pupils a post or a record is about) gets a box
// to filter it by name or class. Ticked ones stay in sight; without JavaScript
// the whole list shows. Its own input events stop here, so typing in it does
// not set off the form's live check (htmx listens on the form).
const TICK_FILTER_FROM = 8;
const addTickFilter = (fieldset) => {
  const list = fieldset.querySelector(":scope > div[id]");
  const rows = list ? [...list.querySelectorAll(":scope > div")] : [];
  if (rows.length < TICK_FILTER_FROM || fieldset.querySelector(".tick-filter")) return;
  const legend = fieldset.querySelector("legend");
  const id = `${list.id}_filter`;
  const wrap = document.createElement("div");
  wrap.className = "tick-filter";
  wrap.innerHTML = `<label for="${id}"></label><input type="search" id="${id}" autocomplete="off"><p class="hint" role="status" aria-live="polite"></p>`;
  wrap.querySelector("label").textContent = `Find in “${legend ? legend.textContent.trim() : "the list"}”`;
  const input = wrap.querySelector("input");
  const status = wrap.querySelector("p");
  input.addEventListener("input", (event) => {
    event.stopPropagation();
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach((row) => {
      const text = row.textContent.toLowerCase();
      const match = row.querySelector("input:checked") || words.every((w) => text.includes(w));
      row.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = words.length ? `${shown} of ${rows.length} shown` : "";
  });
  input.addEventListener("change", (event) => event.stopPropagation());
  // Enter filters; it does not send the form the list belongs to.
  input.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
  list.classList.add("tick-list");
  list.before(wrap);
};
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("fieldset.field").forEach(addTickFilter);
});
