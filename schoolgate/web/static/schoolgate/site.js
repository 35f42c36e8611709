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
