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
